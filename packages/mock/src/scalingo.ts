// The behaviour of the Database API, one handler per operationId, over the in-memory Store.
// The engine has already routed and validated the request against the spec; handlers add the
// rules a schema cannot express (duplicates, protected users, recovery windows, state machines)
// and build answers that the engine validates again before they leave.
import { createManualBackup, restorationConflict, scheduleRestoration } from './backups.js';
import { FieldError, type Handler, type HandlerContext, HttpError } from './engine.js';
import type { ApiModel, JsonObject } from './openapi.js';
import { type OperationHooks, readableVersion, scheduleOperation, upgradeHooks } from './operations.js';
import { derivedRecoveryWindow, pitrEngines } from './pitr.js';
import type { PresignedObjects } from './presigned.js';
import { derivedPlan, examplesOf } from './seed.js';
import {
  type Backup,
  type DatabaseState,
  type DatabaseUser,
  type FirewallRule,
  fnv1a,
  isoDate,
  type Operation,
  type Plan,
  type RecoveryWindow,
  type Store,
  type TokenGrant,
} from './state.js';
import type { UserGrant } from './tokens.js';

/**
 * Who a request is: the grant of its database token, the grant of a user token (its account's
 * databases, tokens.ts), or `any` when the mock accepts every token.
 */
export type Principal = TokenGrant | UserGrant | 'any';

export interface AuthOptions {
  /** Accept any non-empty bearer for every database (handy for documentation samples). */
  acceptAnyToken: boolean;
}

export function authenticator(store: Store, options: AuthOptions) {
  return (token: string): Principal => {
    const grant = store.tokens.get(token);
    if (!grant) {
      if (options.acceptAnyToken) return 'any';
      throw new HttpError(401, { error: 'invalid token: it opens no database of this mock' });
    }
    if (grant.expiresAt !== undefined && grant.expiresAt <= store.now()) {
      throw new HttpError(401, { error: 'token has expired' });
    }
    return grant;
  };
}

const notFound = (resource: string) => new HttpError(404, { resource, error: 'not found' });
const conflict = (error: string) => new HttpError(409, { error });

function opens(principal: unknown, addonId: string): boolean {
  const grant = principal as Exclude<Principal, 'any'> | undefined;
  if (principal === 'any') return true;
  return grant !== undefined && ('kind' in grant ? grant.databases.has(addonId) : grant.addonId === addonId);
}

const FINAL_OPERATION_STATUSES = new Set(['finished', 'error', 'user-error', 'cancelled']);

/** The first action engines listed in a schema title such as `MySQL, MongoDB: list-databases`. */
function actionEngines(model: ApiModel): Map<string, string[] | undefined> {
  const names: Record<string, string> = {
    mysql: 'mysql',
    mongodb: 'mongodb',
    postgresql: 'postgresql',
    influxdb: 'influxdb',
    redis: 'redis',
    opensearch: 'opensearch',
    elasticsearch: 'elasticsearch',
  };
  const out = new Map<string, string[] | undefined>();
  const schemas = (model.document.components as JsonObject | undefined)?.schemas as JsonObject | undefined;
  const action = schemas?.DatabaseAction as JsonObject | undefined;
  for (const branch of (action?.oneOf as JsonObject[] | undefined) ?? []) {
    const ref = typeof branch.$ref === 'string' ? branch.$ref.split('/').pop() : undefined;
    const schema = (ref ? schemas?.[ref] : branch) as JsonObject | undefined;
    const name = ((schema?.properties as JsonObject | undefined)?.action_name as JsonObject | undefined)
      ?.const;
    if (typeof name !== 'string') continue;
    const label = String(schema?.title ?? schema?.description ?? '');
    const prefix = /^([^:]+):/.exec(label)?.[1];
    const engines = prefix
      ?.split(/,|\band\b/)
      .map((s) => names[s.trim().toLowerCase()])
      .filter((s): s is string => Boolean(s));
    out.set(name, engines && engines.length > 0 ? engines : undefined);
  }
  return out;
}

/** Features a database can have, by engine; `undefined` = every engine. */
const FEATURE_ENGINES: Record<string, string[] | undefined> = {
  'force-ssl': undefined,
  'publicly-available': undefined,
  'redis-rdb': ['redis'],
  'redis-aof': ['redis'],
  'redis-cache': ['redis'],
};

const hashNumber = fnv1a;

function decodeCursor(cursor: string): string {
  try {
    return atob(cursor);
  } catch {
    return '';
  }
}

/** The value of an IPv4 or IPv6 address, or undefined when it is not one. */
function parseAddress(address: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!/^[0-9a-fA-F:]+$/.test(address) || address.split('::').length > 2) return undefined;
  const [head = '', tail = ''] = address.split('::');
  const compressed = address.includes('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = compressed && tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  if ((compressed && missing < 1) || (!compressed && missing !== 0)) return undefined;
  const groups = [...headParts, ...Array<string>(compressed ? missing : 0).fill('0'), ...tailParts];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n) };
}

/** Checks a CIDR beyond its syntax: a real address, a prefix in range, no host bits set. */
export function cidrProblem(cidr: string): string | undefined {
  const [address = '', prefixText = '', ...rest] = cidr.split('/');
  const parsed = parseAddress(address);
  if (rest.length > 0 || !parsed || !/^\d+$/.test(prefixText)) return 'is not a valid CIDR block';
  const prefix = Number(prefixText);
  const bits = parsed.family === 4 ? 32 : 128;
  if (prefix > bits) return `has a prefix longer than ${bits}`;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((parsed.value & hostMask) !== 0n) return `has host bits set beyond the /${prefix} prefix`;
  return undefined;
}

export function createHandlers(
  store: Store,
  model: ApiModel,
  presigned: PresignedObjects,
): Record<string, Handler> {
  const t = store.timings;
  const engines = actionEngines(model);
  const withPitr = pitrEngines(model);

  const db = (ctx: HandlerContext): DatabaseState => {
    const id = String(ctx.params.database_id);
    const state = store.databases.get(id);
    // A token that opens another database learns nothing about this one.
    if (!state || !opens(ctx.principal, id)) throw notFound('database');
    return state;
  };

  const planOf = (state: DatabaseState): Plan =>
    state.plan ??
    (store.catalogue.plans.find((p) => p.name === state.database.plan) as Plan | undefined) ??
    (derivedPlan(state.database.plan) as unknown as Plan);

  const recoveryWindow = (state: DatabaseState): RecoveryWindow =>
    state.recoveryWindow ?? derivedRecoveryWindow(state.database, planOf(state), withPitr, store.now());

  const runningOperation = (state: DatabaseState): Operation | undefined => {
    const id = state.database.current_operation_id;
    const operation = id ? state.operations.find((o) => o.id === id) : undefined;
    return operation && !FINAL_OPERATION_STATUSES.has(operation.status) ? operation : undefined;
  };

  /** Starts an operation that goes pending → running → finished, running `finish` at the end. */
  const startOperation = (
    state: DatabaseState,
    type: Operation['type'],
    hooks: OperationHooks,
  ): Operation => {
    const operation: Operation = {
      id: store.newId(),
      type,
      status: 'pending',
      created_at: isoDate(store.now()),
      finished_at: null,
      error: null,
    };
    state.operations.push(operation);
    state.database.current_operation_id = operation.id;
    scheduleOperation(store, state, operation, hooks);
    return operation;
  };

  const publicUser = (state: DatabaseState, user: DatabaseUser): DatabaseUser => {
    const { password: _password, ...rest } = user;
    void state;
    return rest;
  };

  const findUser = (state: DatabaseState, ctx: HandlerContext): DatabaseUser => {
    const user = state.users.find((u) => u.name === ctx.params.username);
    if (!user) throw notFound('user');
    return user;
  };

  const checkPasswords = (body: { password?: string | null; password_confirmation?: string | null }) => {
    if (body.password != null && body.password !== body.password_confirmation) {
      throw new FieldError({ password_confirmation: ['does not match password'] });
    }
  };

  const checkDatabaseIdField = (state: DatabaseState, value: unknown) => {
    if (value !== undefined && value !== state.addonId && value !== state.database.id) {
      throw new FieldError({ database_id: ['does not match the database of the path'] });
    }
  };

  const findBackup = (state: DatabaseState, ctx: HandlerContext): Backup => {
    const backup = state.backups.find((b) => b.id === ctx.params.backup_id);
    if (!backup) throw notFound('backup');
    return backup;
  };

  const findRule = (state: DatabaseState, ctx: HandlerContext): FirewallRule => {
    const rule = state.firewallRules.find((r) => r.id === ctx.params.rule_id);
    if (!rule) throw notFound('firewall_rule');
    return rule;
  };

  const updateDatabase: Handler = (ctx) => {
    const state = db(ctx);
    const update = (ctx.body as { database: JsonObject }).database;
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
    return { status: 200, json: { database } };
  };

  const series = (state: DatabaseState, seedKey: string, ctx: HandlerContext) => {
    const metric = String(ctx.params.metric);
    const since = Number(ctx.query.since ?? 3);
    const step = 20 * 60_000;
    const end = Math.floor(store.now() / step) * step;
    const count = ctx.query.last === true ? 1 : Math.max(1, Math.floor((since * 3_600_000) / step));
    const base = hashNumber(`${state.addonId}:${seedKey}:${metric}`);
    const memory = (planOf(state).memory || 512) * 1024 * 1024;
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
  };

  const handlers: Record<string, Handler> = {
    // ---- Databases -----------------------------------------------------------------------
    getDatabase: (ctx) => ({ status: 200, json: { database: db(ctx).database } }),
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
      return {
        status: 202,
        headers: { location: `${ctx.baseUrl}/operations/${operation.id}` },
        json: {
          ...target,
          message: `Database upgrade to ${readable} is pending`,
          operation_id: operation.id,
          warning_message: '',
          deleted_at: null,
          maintenance_window: database.maintenance_window,
        },
      };
    },
    getDatabasePlan: (ctx) => ({ status: 200, json: { plan: planOf(db(ctx)) } }),
    pingDatabase: (ctx) => {
      db(ctx);
      return { status: 200, json: {} };
    },
    listInstancesStatus: (ctx) => {
      const database = db(ctx).database;
      let leaderGiven = false;
      return {
        status: 200,
        json: database.instances.map((instance) => {
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
        }),
      };
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
        status: 200,
        json: {
          shards: '0',
          pending_tasks: '0',
          ...example,
          epoch: String(Math.floor(store.now() / 1000)),
          status: database.status === 'running' ? 'green' : 'yellow',
          cluster: database.resource_id,
        },
      };
    },
    getReplicationLag: (ctx) => {
      db(ctx);
      return { status: 200, json: {} };
    },
    enableDatabaseFeature: (ctx) => {
      const state = db(ctx);
      const database = state.database;
      const name = (ctx.body as { feature: { name: string } }).feature.name;
      if (!Object.hasOwn(FEATURE_ENGINES, name))
        throw new FieldError({
          name: [`is not a known feature (${Object.keys(FEATURE_ENGINES).join(', ')})`],
        });
      const allowed = FEATURE_ENGINES[name];
      if (allowed && !allowed.includes(database.type_name)) {
        throw new FieldError({ name: [`is not available for ${database.type_name} databases`] });
      }
      if (name === 'publicly-available') {
        const ssl = database.features.find((f) => f.name === 'force-ssl');
        if (ssl?.status !== 'ACTIVATED')
          throw new FieldError({ name: ['needs the force-ssl feature activated first'] });
      }
      const existing = database.features.find((f) => f.name === name);
      if (existing?.status === 'ACTIVATED') {
        return {
          status: 200,
          json: { name, status: 'ACTIVATED', message: `feature ${name} is already activated` },
        };
      }
      if (existing?.status === 'PENDING_TO_REMOVE') throw conflict(`feature ${name} is being disabled`);
      if (existing?.status === 'PENDING_TO_ACTIVATE' || existing?.status === 'PENDING') {
        return {
          status: 200,
          json: { name, status: existing.status, message: `feature ${name} is being activated` },
        };
      }
      const feature = existing ?? { name, status: 'PENDING_TO_ACTIVATE' as const };
      feature.status = 'PENDING_TO_ACTIVATE';
      if (!existing) database.features.push(feature);
      store.schedule('feature', t.featurePendingMs, () => {
        if (feature.status === 'PENDING_TO_ACTIVATE') feature.status = 'ACTIVATED';
      });
      return {
        status: 200,
        json: { name, status: feature.status, message: `feature ${name} is being activated` },
      };
    },
    disableDatabaseFeature: (ctx) => {
      const database = db(ctx).database;
      const name = String(ctx.query.feature);
      const feature = database.features.find((f) => f.name === name);
      // The spec's 422: the feature is not enabled, or cannot be removed (its example: force-ssl
      // under publicly-available); a feature still being activated is a state conflict (409).
      if (!feature) throw new FieldError({ feature: [`${name} is not enabled on this database`] });
      if (feature.status === 'PENDING_TO_REMOVE') {
        return { status: 200, json: { message: `feature ${name} is being disabled` } };
      }
      if (feature.status !== 'ACTIVATED' && feature.status !== 'FAILED')
        throw conflict(`feature ${name} is being activated`);
      if (name === 'force-ssl' && database.features.some((f) => f.name === 'publicly-available')) {
        throw new FieldError({
          feature: ['force-ssl cannot be disabled while publicly-available is activated'],
        });
      }
      feature.status = 'PENDING_TO_REMOVE';
      store.schedule('feature', t.featurePendingMs, () => {
        const index = database.features.indexOf(feature);
        if (index >= 0 && feature.status === 'PENDING_TO_REMOVE') database.features.splice(index, 1);
      });
      return { status: 200, json: { message: `feature ${name} is being disabled` } };
    },
    runDatabaseAction: (ctx) => {
      const state = db(ctx);
      const type = state.database.type_name;
      const body = ctx.body as { action_name: string; params?: unknown };
      const allowed = engines.get(body.action_name);
      if (allowed && !allowed.includes(type)) {
        throw new FieldError({
          action_name: [`is not available for ${type} databases (only ${allowed.join(', ')})`],
        });
      }
      const a = state.actions;
      const ok = (result: unknown) => ({ status: 200, json: { ok: 1, result } });
      const fail = (error: string) => ({ status: 200, json: { ok: 0, error } });
      const params = (body.params ?? {}) as JsonObject;
      const logical = (name: unknown) => a.logicalDatabases.find((d) => d.name === name);
      switch (body.action_name) {
        case 'list-databases':
          return ok(a.logicalDatabases);
        case 'create-database': {
          if (logical(params.database_name))
            return fail(`database ${String(params.database_name)} already exists`);
          const created = { name: String(params.database_name), protected: false };
          a.logicalDatabases.push(created);
          return ok(created);
        }
        case 'delete-database':
        case 'reset-database': {
          const target = logical(params.database_name);
          if (!target) return fail(`database ${String(params.database_name)} does not exist`);
          if (body.action_name === 'delete-database') {
            if (target.protected) return fail(`database ${target.name} is protected and cannot be deleted`);
            a.logicalDatabases.splice(a.logicalDatabases.indexOf(target), 1);
          }
          return ok(null);
        }
        case 'get-sqlmode':
          return ok(a.sqlMode);
        case 'set-sqlmode':
          a.sqlMode = String(body.params);
          return ok(null);
        case 'list-extensions':
          return ok(a.extensions);
        case 'pg-list-queries':
          return ok(a.queries);
        case 'pg-cancel-query':
        case 'pg-terminate-query': {
          const index = a.queries.findIndex((q) => q.pid === params.pid);
          if (index < 0) return fail(`no backend process has the pid ${String(params.pid)}`);
          if (body.action_name === 'pg-terminate-query') a.queries.splice(index, 1);
          else a.queries[index] = { ...a.queries[index], state: 'idle' };
          return ok(null);
        }
        case 'pg-stat-statements-enable':
          a.statStatementsEnabled = true;
          if (!a.extensions.some((e) => e.name === 'pg_stat_statements')) {
            a.extensions.push({ name: 'pg_stat_statements', version: '1.10' });
          }
          return ok(null);
        case 'pg-stat-statements-reset':
          if (!a.statStatementsEnabled) return fail('pg_stat_statements is not enabled');
          a.statStatements = [];
          return ok(null);
        case 'pg-stat-statements-list':
          if (!a.statStatementsEnabled) return fail('pg_stat_statements is not enabled');
          return ok(a.statStatements);
        case 'list-retention-policies':
          return ok(a.retentionPolicies);
        case 'add-retention-policy': {
          const policy = params as { name: string; duration: string; default: boolean };
          if (a.retentionPolicies.some((p) => p.name === policy.name)) {
            return fail(`retention policy ${policy.name} already exists`);
          }
          if (policy.default) for (const p of a.retentionPolicies) p.default = false;
          a.retentionPolicies.push({ name: policy.name, duration: policy.duration, default: policy.default });
          return ok(null);
        }
        case 'del-retention-policy': {
          const index = a.retentionPolicies.findIndex((p) => p.name === params.name);
          if (index < 0) return fail(`retention policy ${String(params.name)} does not exist`);
          a.retentionPolicies.splice(index, 1);
          return ok(null);
        }
        default:
          return fail(`the mock does not implement the action ${body.action_name}`);
      }
    },
    restoreToPointInTime: (ctx) => {
      const state = db(ctx);
      const restoreTime = (ctx.body as { restore_time: string }).restore_time;
      const window = recoveryWindow(state);
      if (window.earliest_recoverable_at == null || window.latest_recoverable_at == null) {
        throw new FieldError({ restore_time: ['cannot be used: this database has no recovery window'] });
      }
      const at = Date.parse(restoreTime);
      if (at < Date.parse(window.earliest_recoverable_at) || at > Date.parse(window.latest_recoverable_at)) {
        throw new FieldError({
          restore_time: [
            `must be inside the recovery window (${window.earliest_recoverable_at} to ${window.latest_recoverable_at})`,
          ],
        });
      }
      if (runningOperation(state)) throw conflict('an operation is already running on this database');
      const operation = startOperation(state, 'pitr_restore', {});
      return { status: 201, json: { operation } };
    },
    getRecoveryWindow: (ctx) => ({ status: 200, json: { recovery_window: recoveryWindow(db(ctx)) } }),
    getDatabaseOperation: (ctx) => {
      const operation = db(ctx).operations.find((o) => o.id === ctx.params.operation_id);
      if (!operation) throw notFound('operation');
      return { status: 200, json: { operation } };
    },
    getOperation: (ctx) => {
      const found = store.findOperation(String(ctx.params.operation_id));
      if (!found || !opens(ctx.principal, found.db.addonId)) throw notFound('operation');
      return { status: 200, json: { operation: found.operation } };
    },

    // ---- Backups -------------------------------------------------------------------------
    listBackups: (ctx) => ({ status: 200, json: { database_backups: db(ctx).backups } }),
    createBackup: (ctx) => {
      const state = db(ctx);
      const backup = createManualBackup(store, state, runningOperation(state) !== undefined);
      return { status: 201, json: { database_backup: backup } };
    },
    getBackup: (ctx) => ({ status: 200, json: { database_backup: findBackup(db(ctx), ctx) } }),
    getBackupById: (ctx) => {
      const found = store.findBackup(String(ctx.params.backup_id));
      if (!found || !opens(ctx.principal, found.db.addonId)) throw notFound('backup');
      return { status: 200, json: { database_backup: found.backup } };
    },
    getBackupArchiveUrl: (ctx) => {
      const state = db(ctx);
      const backup = findBackup(state, ctx);
      if (backup.status !== 'done')
        throw conflict(`backup ${backup.id} is ${backup.status}: only done backups can be downloaded`);
      return { status: 200, json: { download_url: presigned.backupUrl(ctx.baseUrl, state.addonId, backup) } };
    },
    restoreBackup: (ctx) => {
      const state = db(ctx);
      const backup = findBackup(state, ctx);
      if (backup.status !== 'done')
        throw conflict(`backup ${backup.id} is ${backup.status}: only done backups can be restored`);
      const busy = restorationConflict(state, runningOperation(state) !== undefined);
      if (busy) throw conflict(busy);
      const restoration = {
        id: store.newId(),
        database_id: state.database.id,
        source_backup_id: backup.id,
        method: 'backup' as const,
        status: 'scheduled' as 'scheduled' | 'running' | 'done' | 'error',
        created_at: isoDate(store.now()),
        started_at: null as string | null,
        ended_at: null as string | null,
      };
      state.restorations.push(restoration);
      scheduleRestoration(store, restoration);
      return { status: 201, json: restoration };
    },
    getBackupRestoration: (ctx) => {
      const restoration = db(ctx).restorations.find((r) => r.id === ctx.params.restoration_id);
      if (!restoration) throw notFound('backup_restoration');
      return { status: 200, json: { backup_restoration: restoration } };
    },

    // ---- Users ---------------------------------------------------------------------------
    listDatabaseUsers: (ctx) => {
      const state = db(ctx);
      return { status: 200, json: { 'database-users': state.users.map((u) => publicUser(state, u)) } };
    },
    createDatabaseUser: (ctx) => {
      const state = db(ctx);
      const body = (ctx.body as { database_user: JsonObject }).database_user as {
        database_id?: string;
        name: string;
        read_only?: boolean;
        password?: string | null;
        password_confirmation?: string | null;
      };
      checkDatabaseIdField(state, body.database_id);
      checkPasswords(body);
      if (state.users.some((u) => u.name === body.name)) throw conflict(`user ${body.name} already exists`);
      // `read_only` may be left out (JS client): the mock then creates a read-write user.
      const user: DatabaseUser = { name: body.name, read_only: body.read_only ?? false, protected: false };
      if (state.database.type_name === 'postgresql') {
        user.dbms_attributes = { password_encryption: 'SCRAM-SHA-256', anonymizer_enabled: false };
      }
      state.users.push(user);
      return {
        status: 201,
        json: { database_user: { ...user, password: body.password ?? store.newPassword() } },
      };
    },
    updateDatabaseUser: (ctx) => {
      const state = db(ctx);
      const user = findUser(state, ctx);
      const body = (ctx.body as { database_user: JsonObject }).database_user;
      checkDatabaseIdField(state, body.database_id);
      if (user.protected) {
        throw new HttpError(403, {
          error: `user ${user.name} is protected: its password cannot be changed`,
          code: 'protected_user',
        });
      }
      checkPasswords(body as { password?: string; password_confirmation?: string });
      return { status: 200, json: { database_user: publicUser(state, user) } };
    },
    deleteDatabaseUser: (ctx) => {
      const state = db(ctx);
      const user = findUser(state, ctx);
      if (user.protected) {
        throw new HttpError(403, {
          error: `user ${user.name} is protected and cannot be deleted`,
          code: 'protected_user',
        });
      }
      state.users.splice(state.users.indexOf(user), 1);
      return { status: 204 };
    },
    resetDatabaseUserPassword: (ctx) => {
      const state = db(ctx);
      const user = findUser(state, ctx);
      if (user.protected) {
        throw new HttpError(403, {
          error: `user ${user.name} is protected: its password cannot be reset`,
          code: 'protected_user',
        });
      }
      return {
        status: 200,
        json: { database_user: { ...publicUser(state, user), password: store.newPassword() } },
      };
    },

    // ---- Maintenance ---------------------------------------------------------------------
    listMaintenance: (ctx) => {
      const items = db(ctx).maintenance;
      const page = Number(ctx.query.page ?? 1);
      const perPage = Number(ctx.query.per_page ?? 20);
      const totalPages = Math.ceil(items.length / perPage);
      return {
        status: 200,
        json: {
          maintenance: items.slice((page - 1) * perPage, page * perPage),
          meta: {
            pagination: {
              current_page: page,
              prev_page: page > 1 ? Math.min(page - 1, Math.max(totalPages, 1)) : null,
              next_page: page < totalPages ? page + 1 : null,
              total_pages: totalPages,
              total_count: items.length,
            },
          },
        },
      };
    },
    getMaintenance: (ctx) => {
      const item = db(ctx).maintenance.find((m) => m.id === ctx.params.maintenance_id);
      if (!item) throw notFound('maintenance');
      return { status: 200, json: item };
    },

    // ---- Firewall ------------------------------------------------------------------------
    listFirewallRules: (ctx) => ({ status: 200, json: { rules: db(ctx).firewallRules } }),
    createFirewallRule: (ctx) => {
      const state = db(ctx);
      // Rooted (preferred) or, as the Go client sends it, unrooted.
      const sent = ctx.body as JsonObject;
      const body = (sent.firewall_rule ?? sent) as JsonObject;
      const now = isoDate(store.now());
      const rule: FirewallRule = {
        id: store.newId(),
        database_id: state.database.id,
        type: body.type as FirewallRule['type'],
      };
      if (body.type === 'custom_range') {
        const cidr = String(body.cidr);
        const problem = cidrProblem(cidr);
        if (problem) throw new FieldError({ cidr: [problem] });
        if (state.firewallRules.some((r) => r.cidr === cidr))
          throw new FieldError({ cidr: ['is already allowed by another rule'] });
        rule.cidr = cidr;
      } else {
        const rangeId = String(body.range_id);
        if (!store.catalogue.managedRanges.some((r) => r.id === rangeId)) {
          throw new FieldError({ range_id: ['is not a managed range (see listManagedRanges)'] });
        }
        if (state.firewallRules.some((r) => r.range_id === rangeId)) {
          throw new FieldError({ range_id: ['is already allowed by another rule'] });
        }
        rule.range_id = rangeId;
      }
      if (typeof body.label === 'string') rule.label = body.label;
      rule.created_at = now;
      rule.updated_at = now;
      state.firewallRules.push(rule);
      return { status: 201, json: { rule } };
    },
    updateFirewallRule: (ctx) => {
      const rule = findRule(db(ctx), ctx);
      const { label } = (ctx.body as { firewall_rule: { label?: string } }).firewall_rule;
      if (label !== undefined) rule.label = label;
      rule.updated_at = isoDate(store.now());
      return { status: 200, json: { rule } };
    },
    deleteFirewallRule: (ctx) => {
      const state = db(ctx);
      const rule = findRule(state, ctx);
      state.firewallRules.splice(state.firewallRules.indexOf(rule), 1);
      return { status: 204 };
    },
    listManagedRanges: () => ({ status: 200, json: { ranges: store.catalogue.managedRanges } }),

    // ---- Metrics -------------------------------------------------------------------------
    getDatabaseMetrics: (ctx) => {
      const state = db(ctx);
      const database = state.database;
      const memoryLimit = (planOf(state).memory || 512) * 1024 * 1024;
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
        status: 200,
        json: {
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
        },
      };
    },
    getDatabaseMetricSeries: (ctx) => ({ status: 200, json: series(db(ctx), 'database', ctx) }),
    getInstanceMetricSeries: (ctx) => {
      const state = db(ctx);
      const instance = state.database.instances.find((i) => i.id === ctx.params.instance_id);
      if (!instance) throw notFound('instance');
      return { status: 200, json: series(state, instance.id, ctx) };
    },

    // ---- Logs ----------------------------------------------------------------------------
    getLogsUrl: (ctx) => {
      const state = db(ctx);
      return { status: 200, json: { url: presigned.logsUrl(ctx.baseUrl, state.addonId) } };
    },
    listLogsArchives: (ctx) => {
      const state = db(ctx);
      const pageSize = 2;
      const days = 5;
      let offset = 0;
      if (typeof ctx.query.cursor === 'string') {
        const decoded = /^o(\d+)$/.exec(decodeCursor(ctx.query.cursor));
        if (!decoded)
          throw new HttpError(400, {
            error: 'invalid query parameter cursor: not a cursor this API gave',
            code: 'invalid_parameter',
          });
        offset = Number(decoded[1]);
      } else if (ctx.query.page !== undefined) {
        offset = (Number(ctx.query.page) - 1) * pageSize;
      }
      const today = Math.floor(store.now() / 86_400_000) * 86_400_000;
      const archives = [];
      for (let i = offset; i < Math.min(days, offset + pageSize); i++) {
        const from = today - (i + 1) * 86_400_000;
        archives.push({
          ...presigned.logsArchive(ctx.baseUrl, state, from),
          from: isoDate(from),
          to: isoDate(from + 86_399_999),
        });
      }
      const hasMore = offset + pageSize < days;
      return {
        status: 200,
        json: {
          archives,
          next_cursor: hasMore ? btoa(`o${offset + pageSize}`).replace(/=+$/, '') : '',
          has_more: hasMore,
        },
      };
    },

    // ---- Catalogue -----------------------------------------------------------------------
    listDatabaseTypes: () => ({ status: 200, json: { database_types: store.catalogue.databaseTypes } }),
    getDatabaseType: (ctx) => {
      const id = ctx.params.type_id;
      const type = store.catalogue.databaseTypes.find((x) => x.id === id || x.name === id);
      if (!type) throw notFound('database_type');
      return { status: 200, json: { database_type: type } };
    },
    getDatabaseTypeVersion: (ctx) => {
      const version = store.catalogue.versions.find((v) => v.id === ctx.params.version_id);
      if (!version) throw notFound('database_type_version');
      return { status: 200, json: { database_type_version: version } };
    },
    getPlan: (ctx) => {
      // `type` names the database type the plan belongs to: one the catalogue does not know is 422.
      if (!store.catalogue.databaseTypes.some((type) => type.name === ctx.query.type))
        throw new FieldError({ type: ['is not the name of a database type (see listDatabaseTypes)'] });
      // By name (as the JS client passes it) or by id.
      const plan = store.catalogue.plans.find(
        (p) => p.name === ctx.params.plan_id || p.id === ctx.params.plan_id,
      );
      if (!plan) throw notFound('plan');
      return { status: 200, json: { plan } };
    },
    getCaCertificate: () => ({
      status: 200,
      text: store.catalogue.caCertificate,
      contentType: 'application/x-pem-file',
    }),
  };
  return handlers;
}
