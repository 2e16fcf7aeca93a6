// The database itself: read, settings, upgrade, plan, ping, instances, health, replication.
import { type Handler, HttpError, WithHeaders } from '../engine.js';
import type { JsonObject } from '../openapi.js';
import { readableVersion, upgradeHooks } from '../operations.js';
import { examplesOf } from '../seed.js';
import { conflict, type Handlers, type ScalingoContext } from './context.js';

export function databaseHandlers(c: ScalingoContext) {
  const { store, model, db, planOf, runningOperation, startOperation } = c;
  const updateDatabase: Handler = (ctx) => {
    const state = db(ctx);
    const update = ctx.body as JsonObject;
    const database = state.database;
    if (update.periodic_backups_enabled !== undefined) {
      database.periodic_backups_enabled = update.periodic_backups_enabled as boolean;
    }
    if (update.periodic_backups_scheduled_at !== undefined) {
      const hours = update.periodic_backups_scheduled_at;
      database.periodic_backups_scheduled_at = [...new Set(Array.isArray(hours) ? hours : [hours])]
        .map(Number)
        .sort((a, b) => a - b);
    }
    if (update.maintenance_window !== undefined) {
      // The Go client may send only the field it changes; the other keeps its value.
      const window = update.maintenance_window as { weekday_utc?: number; starting_hour_utc?: number };
      database.maintenance_window = {
        ...database.maintenance_window,
        ...(window.weekday_utc !== undefined && { weekday_utc: window.weekday_utc }),
        ...(window.starting_hour_utc !== undefined && { starting_hour_utc: window.starting_hour_utc }),
      };
    }
    return database;
  };

  return {
    getDatabase: (ctx) => db(ctx).database,
    updateDatabase,
    replaceDatabase: updateDatabase,
    upgradeDatabase: (ctx) => {
      const state = db(ctx);
      const database = state.database;
      if (runningOperation(state)) throw conflict('an operation is already running on this database');
      if (!database.next_version_id)
        throw conflict(`the database already runs the latest version (${database.readable_version})`);
      const target = store.catalogue.versions.find((v) => v.id === database.next_version_id);
      if (!target) throw conflict(`version ${database.next_version_id} is not in the catalogue`);
      const readable = readableVersion(target);
      const operation = startOperation(state, 'upgrade', upgradeHooks(state, target));
      return new WithHeaders(
        {
          ...target,
          message: `Database upgrade to ${readable} is pending`,
          operation_id: operation.id,
          warning_message: '',
          deleted_at: null,
          maintenance_window: database.maintenance_window,
        },
        { location: `${ctx.baseUrl}/operations/${operation.id}` },
      );
    },
    getDatabasePlan: (ctx) => planOf(db(ctx)),
    pingDatabase: (ctx) => {
      db(ctx);
      return {};
    },
    listInstancesStatus: (ctx) => {
      const database = db(ctx).database;
      let leaderGiven = false;
      return database.instances.map((instance) => {
        const isNode = instance.type === 'db-node';
        const role = isNode ? (leaderGiven ? 'follower' : 'leader') : '';
        if (isNode) leaderGiven = true;
        return {
          id: instance.id,
          type: instance.type,
          status: instance.status,
          role,
          ...(isNode ? { dbms_status: instance.status === 'running' ? 'running' : 'stopped' } : {}),
        };
      });
    },
    getDatabaseHealth: (ctx) => {
      const database = db(ctx).database;
      if (database.type_name !== 'opensearch' && database.type_name !== 'elasticsearch') {
        throw new HttpError(400, {
          error: `health is only available for OpenSearch and Elasticsearch databases, not ${database.type_name}`,
          code: 'unsupported_database_type',
        });
      }
      const example = Object.values(examplesOf(model, 'getDatabaseHealth'))[0] as JsonObject | undefined;
      return {
        shards: '0',
        pending_tasks: '0',
        ...example,
        epoch: String(Math.floor(store.now() / 1000)),
        status: database.status === 'running' ? 'green' : 'yellow',
        cluster: database.resource_id,
      };
    },
    getReplicationLag: (ctx) => {
      db(ctx);
      return {};
    },
  } satisfies Handlers;
}
