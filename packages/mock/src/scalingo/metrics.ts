// Metrics: the current figures and the time series, synthesised in metric-synthesis.ts.
import type { HandlerContext } from '../engine.js';
import type { DatabaseState } from '../state.js';
import { type Handlers, pick, type ScalingoContext } from './context.js';
import { databaseMetrics, metricSeries } from './metric-synthesis.js';

export function metricHandlers(c: ScalingoContext) {
  const { store, db, planOf } = c;
  const series = (state: DatabaseState, seedKey: string, ctx: HandlerContext) =>
    metricSeries(state, planOf(state), store.now(), seedKey, {
      metric: String(ctx.params.metric),
      since: ctx.query.since,
      last: ctx.query.last,
    });
  return {
    getDatabaseMetrics: (ctx) => {
      const state = db(ctx);
      return databaseMetrics(state, planOf(state));
    },
    getDatabaseMetricSeries: (ctx) => series(db(ctx), 'database', ctx),
    getInstanceMetricSeries: (ctx) => {
      const state = db(ctx);
      const instance = pick(state.database.instances, (i) => i.id === ctx.params.instance_id, 'instance');
      return series(state, instance.id, ctx);
    },
  } satisfies Handlers;
}
