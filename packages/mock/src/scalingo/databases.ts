// The database itself: read, settings, upgrade, plan, ping, instances, health, replication.
import { requestFields, resolver } from '@scalingo-db-api/openapi/model';
import { type Handler, HttpError, WithHeaders } from '../engine.js';
import { type ApiModel, getByPointer, type JsonObject } from '../openapi.js';
import { readableVersion, upgradeHooks } from '../operations.js';
import { examplesOf } from '../seed.js';
import type { DatabaseState } from '../state.js';
import { conflict, type Handlers, type ScalingoContext } from './context.js';

/** The fields of `updateDatabase`'s JSON body under its root key; throws when it has none. */
function settableFields(model: ApiModel): string[] {
  const media = model.byId
    .get('updateDatabase')
    ?.requestBody?.content.find((m) => m.mediaType === 'application/json');
  const schema = media?.schemaPointer ? getByPointer(model.document, media.schemaPointer) : undefined;
  const fields = requestFields(schema, resolver(model.document));
  if (fields.length === 0) throw new Error('the spec gives updateDatabase no JSON body with fields to set');
  return fields;
}

export function databaseHandlers(c: ScalingoContext) {
  const { store, model, db, planOf, runningOperation, startOperation } = c;
  // The settings a request may change are the fields of the spec's update body: each is stored
  // as sent, but for the two the mock normalises (a new field of the spec is never dropped).
  const settable = settableFields(model);
  const shaped: Record<string, (database: DatabaseState['database'], value: unknown) => void> = {
    periodic_backups_scheduled_at: (database, hours) => {
      database.periodic_backups_scheduled_at = [...new Set(Array.isArray(hours) ? hours : [hours])]
        .map(Number)
        .sort((a, b) => a - b);
    },
    maintenance_window: (database, value) => {
      // The Go client may send only the field it changes; the other keeps its value.
      const window = value as { weekday_utc?: number; starting_hour_utc?: number };
      database.maintenance_window = {
        ...database.maintenance_window,
        ...(window.weekday_utc !== undefined && { weekday_utc: window.weekday_utc }),
        ...(window.starting_hour_utc !== undefined && { starting_hour_utc: window.starting_hour_utc }),
      };
    },
  };
  for (const field of Object.keys(shaped)) {
    if (!settable.includes(field))
      throw new Error(`the spec's update body has no field ${field} the mock shapes`);
  }
  const updateDatabase: Handler = (ctx) => {
    const state = db(ctx);
    const update = ctx.body as JsonObject;
    const database = state.database;
    for (const field of settable) {
      if (update[field] === undefined) continue;
      const set = shaped[field];
      if (set) set(database, update[field]);
      else (database as unknown as JsonObject)[field] = update[field];
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
