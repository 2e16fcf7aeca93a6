// Metric synthesis: figures and series that look alive yet are the same for the same database,
// drawn from a hash of its id and the mock's clock, sized by its plan's memory.
import { type DatabaseState, fnv1a as hashNumber, isoDate, type Plan } from '../state.js';

/** A series of `metric` points every 20 minutes over the last `since` hours (or the last one). */
export function metricSeries(
  state: DatabaseState,
  plan: Plan,
  now: number,
  seedKey: string,
  query: { metric: string; since: unknown; last: unknown },
) {
  const metric = query.metric;
  const since = Number(query.since ?? 3);
  const step = 20 * 60_000;
  const end = Math.floor(now / step) * step;
  const count = query.last === true ? 1 : Math.max(1, Math.floor((since * 3_600_000) / step));
  const base = hashNumber(`${state.addonId}:${seedKey}:${metric}`);
  const memory = (plan.memory || 512) * 1024 * 1024;
  const points = [];
  for (let i = count - 1; i >= 0; i--) {
    const time = end - i * step;
    const wave = (Math.sin(time / 3_600_000 + (base % 100)) + 1) / 2;
    const value =
      metric === 'cpu'
        ? Math.round((5 + wave * 30) * 10) / 10
        : metric === 'memory'
          ? Math.round(memory * (0.3 + wave * 0.4))
          : metric === 'swap'
            ? Math.round(wave * 1_048_576)
            : metric === 'disk'
              ? Math.round(memory * 3 + (base % 1000) * 1_048_576)
              : Math.round(wave * 2_000);
    points.push({ time: isoDate(time), value });
  }
  return points;
}

/** The current metrics of a database and of each of its nodes. */
export function databaseMetrics(state: DatabaseState, plan: Plan) {
  const database = state.database;
  const memoryLimit = (plan.memory || 512) * 1024 * 1024;
  const base = hashNumber(state.addonId);
  const nodes = database.instances.filter((i) => i.type === 'db-node');
  const instancesMetrics: Record<string, unknown> = {};
  nodes.forEach((node, index) => {
    const used = Math.round(memoryLimit * (0.35 + ((base >>> index) % 30) / 100));
    instancesMetrics[node.id] = {
      instance_id: node.id,
      instance_address: `${node.hostname}:${node.port}`, // host:port, as in the reference
      real_disk_size: memoryLimit * 3,
      cpu: { usage_in_percents: 5 + ((base >>> (index + 3)) % 400) / 10 },
      memory: {
        memory_usage: used,
        swap_usage: 0,
        memory_limit: memoryLimit,
        swap_limit: memoryLimit / 2,
        max_memory_usage: Math.min(memoryLimit, Math.round(used * 1.4)),
        max_swap_usage: 0,
      },
    };
  });
  const dataSize = memoryLimit * 2;
  const stats =
    database.type_name === 'postgresql' || database.type_name === 'mysql'
      ? { data_size: dataSize, current_connections: 3 + (base % 20), max_connections: 100 }
      : database.type_name === 'mongodb'
        ? {
            collections: 12,
            objects: 480_000,
            avg_obj_size: 512,
            data_size: dataSize,
            storage_size: dataSize,
            num_extents: 0,
            indexes: 24,
            index_size: Math.round(dataSize / 10),
            file_size: 0,
          }
        : { data_size: dataSize };
  const memoryUsed = Math.round(memoryLimit * 0.5);
  return {
    cpu_usage: 5 + (base % 300) / 10,
    memory: {
      memory: memoryUsed,
      memory_max: Math.round(memoryUsed * 1.4),
      memory_limit: memoryLimit,
      swap: 0,
      swap_max: 0,
      swap_limit: memoryLimit / 2,
    },
    real_disk_size: memoryLimit * 3 * Math.max(1, nodes.length),
    database_size: dataSize,
    database_stats: stats,
    instances_metrics: instancesMetrics,
  };
}
