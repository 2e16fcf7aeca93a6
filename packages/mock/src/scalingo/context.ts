// What every resource module of the Scalingo behaviour shares: the store, the spec's model, the
// pre-signed objects, and the lookups and rules more than one resource needs.
import { finalStatuses } from '@scalingo-db-api/openapi/model';
import type { operations } from '@scalingo-db-api/openapi/types';
import type { Handler, HandlerContext } from '../engine.js';
import { HttpError } from '../engine.js';
import type { ApiModel } from '../openapi.js';
import { type OperationHooks, scheduleOperation } from '../operations.js';
import { derivedRecoveryWindow, pitrEngines } from '../pitr.js';
import type { PresignedObjects } from '../presigned.js';
import { derivedPlan } from '../seed.js';
import {
  type DatabaseState,
  isoDate,
  type Operation,
  type Plan,
  type RecoveryWindow,
  type Store,
} from '../state.js';
import { opens } from './auth.js';

/** Every operationId of the spec, as the types generated from the bundle name them. */
export type OperationId = keyof operations;

/** The handlers one resource module gives, each under its operationId. */
export type Handlers = Partial<Record<OperationId, Handler>>;

export const notFound = (resource: string) => new HttpError(404, { resource, error: 'not found' });
export const conflict = (error: string) => new HttpError(409, { error });

/** The first item of `list` that `match` accepts, or a 404 naming `resource` when there is none. */
export function pick<T>(list: readonly T[], match: (item: T) => boolean, resource: string): T {
  const item = list.find(match);
  if (item === undefined) throw notFound(resource);
  return item;
}

export interface ScalingoContext {
  store: Store;
  model: ApiModel;
  presigned: PresignedObjects;
  /** The database of the path, if the principal opens it (else a 404 that tells nothing). */
  db(ctx: HandlerContext): DatabaseState;
  planOf(state: DatabaseState): Plan;
  recoveryWindow(state: DatabaseState): RecoveryWindow;
  /** The database's current operation unless it has reached a final status. */
  runningOperation(state: DatabaseState): Operation | undefined;
  /** Starts an operation that goes pending → running → finished, running `finish` at the end. */
  startOperation(state: DatabaseState, type: Operation['type'], hooks: OperationHooks): Operation;
}

export function createContext(store: Store, model: ApiModel, presigned: PresignedObjects): ScalingoContext {
  const withPitr = pitrEngines(model);
  const final = finalStatuses(model.document, 'OperationStatus');
  const FINAL_OPERATION_STATUSES = new Set([...final.success, ...final.failure]);
  const planOf = (state: DatabaseState): Plan =>
    state.plan ??
    (store.catalogue.plans.find((p) => p.name === state.database.plan) as Plan | undefined) ??
    (derivedPlan(state.database.plan) as unknown as Plan);
  return {
    store,
    model,
    presigned,
    db: (ctx) => {
      const id = String(ctx.params.database_id);
      const state = store.databases.get(id);
      // A token that opens another database learns nothing about this one.
      if (!state || !opens(ctx.principal, id)) throw notFound('database');
      return state;
    },
    planOf,
    recoveryWindow: (state) =>
      state.recoveryWindow ?? derivedRecoveryWindow(state.database, planOf(state), withPitr, store.now()),
    runningOperation: (state) => {
      const id = state.database.current_operation_id;
      const operation = id ? state.operations.find((o) => o.id === id) : undefined;
      return operation && !FINAL_OPERATION_STATUSES.has(operation.status) ? operation : undefined;
    },
    startOperation: (state, type, hooks) => {
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
    },
  };
}
