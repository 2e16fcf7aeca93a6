// Engine actions (`POST …/action`): the logical databases, queries, extensions, retention policies.
import { actionEngines } from '@scalingo-db-api/openapi/model';
import type { components } from '@scalingo-db-api/openapi/types';
import { FieldError } from '../engine.js';
import type { JsonObject } from '../openapi.js';
import type { Handlers, ScalingoContext } from './context.js';

/** The action names the spec defines, from the types generated from the bundle. */
type ActionName = components['schemas']['DatabaseAction']['action_name'];

export function actionHandlers(c: ScalingoContext) {
  const { model, db } = c;
  // The spec's `x-scalingo-engines` of each action (throws, naming it, on an unknown engine).
  const engines = actionEngines(model.document, 'DatabaseAction');
  return {
    runDatabaseAction: (ctx) => {
      const state = db(ctx);
      const type = state.database.type_name;
      const body = ctx.body as { action_name: ActionName; params?: unknown };
      const allowed = engines.get(body.action_name);
      if (allowed !== undefined && allowed !== 'all' && !allowed.includes(type)) {
        throw new FieldError({
          action_name: [`is not available for ${type} databases (only ${allowed.join(', ')})`],
        });
      }
      const a = state.actions;
      const ok = (result: unknown) => ({ ok: 1, result });
      const fail = (error: string) => ({ ok: 0, error });
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
        default: {
          // Every action of the spec has its case: a new one fails to compile here, naming it.
          const missing: never = body.action_name;
          throw new Error(`the mock does not implement the action ${String(missing)}`);
        }
      }
    },
  } satisfies Handlers;
}
