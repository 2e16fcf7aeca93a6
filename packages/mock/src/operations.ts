// Long-running operations (upgrades, point-in-time restores) on the mock's clock: each goes
// `pending → running → finished`, whether a request started it or the seed did; an upgrade moves
// the database to the version it targets when it finishes.
import type { JsonObject } from './openapi.js';
import { type DatabaseState, isoDate, type Operation, type Store } from './state.js';

export interface OperationHooks {
  running?: () => void;
  finish?: () => void;
}

/** Moves an operation from its current status to its end, running the hooks on the way. */
export function scheduleOperation(
  store: Store,
  state: DatabaseState,
  operation: Operation,
  hooks: OperationHooks,
): void {
  const t = store.timings;
  const end = (status: 'finished' | 'cancelled') => {
    operation.status = status;
    operation.finished_at = isoDate(store.now());
    if (status === 'finished') hooks.finish?.();
    if (state.database.current_operation_id === operation.id) state.database.current_operation_id = null;
  };
  if (operation.status === 'pending') {
    store.schedule('operation', t.operationPendingMs, () => {
      operation.status = 'running';
      hooks.running?.();
      scheduleOperation(store, state, operation, hooks);
    });
  } else if (operation.status === 'running') {
    store.schedule('operation', t.operationRunningMs, () => end('finished'));
  } else if (operation.status === 'cancelling') {
    store.schedule('operation', t.operationPendingMs, () => end('cancelled'));
  }
}

function setInstances(state: DatabaseState, status: 'running' | 'upgrading'): void {
  for (const instance of state.database.instances) if (instance.type === 'db-node') instance.status = status;
}

export function readableVersion(version: JsonObject): string {
  return `${String(version.major)}.${String(version.minor)}.${String(version.patch)}-${String(version.build)}`;
}

/** What an upgrade to `target` (a catalogue version) does to the database while it runs and at its end. */
export function upgradeHooks(state: DatabaseState, target: JsonObject): OperationHooks {
  const database = state.database;
  return {
    running: () => {
      database.status = 'upgrading';
      setInstances(state, 'upgrading');
    },
    finish: () => {
      database.status = 'running';
      setInstances(state, 'running');
      database.version_id = String(target.id);
      database.readable_version = readableVersion(target);
      const next = target.next_upgrade;
      database.next_version_id =
        typeof next === 'string'
          ? next
          : next && typeof next === 'object'
            ? String((next as JsonObject).id)
            : null;
    },
  };
}

/**
 * Sets the seeded operations still in progress on their way (after each load). The database's
 * current upgrade moves it to its `next_version_id` (the seed check makes sure the catalogue has
 * it); any other operation only reaches its end.
 */
export function resumeSeededOperations(store: Store): void {
  for (const state of store.databases.values()) {
    for (const operation of state.operations) {
      const target =
        operation.type === 'upgrade' && operation.id === state.database.current_operation_id
          ? store.catalogue.versions.find((v) => v.id === state.database.next_version_id)
          : undefined;
      scheduleOperation(store, state, operation, target ? upgradeHooks(state, target) : {});
    }
  }
}
