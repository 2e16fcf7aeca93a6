// The life of backups and restorations on the mock's clock: a manual backup or a restoration is
// refused while another one (or an operation) is in progress on the database, a backup's name is
// unique, and every backup or restoration still in progress moves to its end, whether a request
// started it or the seed did (a seeded `running` backup is taken to be running when the mock
// starts, and is `done` `backupRunningMs` later).
import { HttpError } from './engine.js';
import {
  type Backup,
  type BackupRestoration,
  type DatabaseState,
  fnv1a,
  isoDate,
  type Store,
} from './state.js';

/** Backup statuses (spec: BackupStatus) that have not started yet; `pending` reads like `scheduled`. */
const WAITING = new Set<string>(['scheduled', 'pending']);
/** Backup statuses of a backup still in progress. */
const IN_PROGRESS = new Set<string>([...WAITING, 'running', 'cancelling']);
const RESTORATION_IN_PROGRESS = new Set<string>(['scheduled', 'running']);

export function backupInProgress(state: DatabaseState): Backup | undefined {
  return state.backups.find((b) => IN_PROGRESS.has(b.status));
}

export function restorationInProgress(state: DatabaseState): BackupRestoration | undefined {
  return state.restorations.find((r) => RESTORATION_IN_PROGRESS.has(r.status));
}

/** `YYYYMMDDhhmmss` of a UTC time. */
function stamp(ms: number): string {
  return isoDate(ms).replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The name of a backup created at `at`: its UTC second and the database's resource id. When a
 * backup of the database already has that name (two backups in one second, which only the test
 * hooks allow), the next free second is used: names are archive file names and stay unique.
 */
export function backupName(state: DatabaseState, at: number): string {
  const taken = new Set(state.backups.map((b) => b.name));
  for (let second = Math.floor(at / 1000) * 1000; ; second += 1000) {
    const name = `${stamp(second)}_${state.database.resource_id}`;
    if (!taken.has(name)) return name;
  }
}

/** Moves a backup from its current status to `done` (or `cancelled`) on the store's clock. */
export function scheduleBackup(store: Store, backup: Backup): void {
  const t = store.timings;
  if (WAITING.has(backup.status)) {
    store.schedule('backup', t.backupScheduledMs, () => {
      backup.status = 'running';
      backup.started_at = isoDate(store.now());
      scheduleBackup(store, backup);
    });
  } else if (backup.status === 'running') {
    store.schedule('backup', t.backupRunningMs, () => {
      backup.status = 'done';
      if (!backup.size) backup.size = 1_048_576 * (1 + (fnv1a(backup.id) % 512));
    });
  } else if (backup.status === 'cancelling') {
    store.schedule('backup', t.backupScheduledMs, () => {
      backup.status = 'cancelled';
    });
  }
}

/** Moves a restoration `scheduled → running → done` on the store's clock. */
export function scheduleRestoration(store: Store, restoration: BackupRestoration): void {
  const step = store.timings.restorationStepMs;
  if (restoration.status === 'scheduled') {
    store.schedule('restoration', step, () => {
      restoration.status = 'running';
      restoration.started_at = isoDate(store.now());
      scheduleRestoration(store, restoration);
    });
  } else if (restoration.status === 'running') {
    store.schedule('restoration', step, () => {
      restoration.status = 'done';
      restoration.ended_at = isoDate(store.now());
    });
  }
}

/** Sets the seeded backups and restorations still in progress on their way (after each load). */
export function resumeSeededWork(store: Store): void {
  for (const state of store.databases.values()) {
    for (const backup of state.backups) scheduleBackup(store, backup);
    for (const restoration of state.restorations) scheduleRestoration(store, restoration);
  }
}

/**
 * Why a restoration cannot start now (the spec's 409 of restoreBackup: a restoration, a backup or
 * an operation is in progress on the database), or undefined when it can.
 */
export function restorationConflict(state: DatabaseState, operationRunning: boolean): string | undefined {
  const restoration = restorationInProgress(state);
  if (restoration) return `a restoration is already running for this database (${restoration.id})`;
  const backup = backupInProgress(state);
  if (backup) return `a backup is running on this database (${backup.id}, ${backup.status})`;
  return operationRunning ? 'an operation is already running on this database' : undefined;
}

/**
 * Creates a manual backup, or refuses: `402` when the database is `stopped` (go-scalingo
 * v11.3.0, databases.go, `DatabaseStatusStopped`: suspended after the free trial or with its
 * account), `409` while it is in another transitional status, or while a backup, a restoration or
 * an operation is in progress on it.
 */
export function createManualBackup(store: Store, state: DatabaseState, operationRunning: boolean): Backup {
  const database = state.database;
  if (database.status === 'stopped') {
    throw new HttpError(402, {
      error:
        'the database is stopped (free trial ended or account suspended): add a payment method to back it up',
      name: 'free-trial',
    });
  }
  if (database.status !== 'running')
    throw new HttpError(409, { error: `the database is ${database.status}: retry when it is running` });
  const running = backupInProgress(state);
  if (running)
    throw new HttpError(409, {
      error: `a backup is already running for this database (${running.id}, ${running.status})`,
    });
  if (restorationInProgress(state))
    throw new HttpError(409, { error: 'a restoration is running on this database' });
  if (operationRunning)
    throw new HttpError(409, { error: 'an operation is already running on this database' });
  const now = store.now();
  const backup: Backup = {
    id: store.newId(),
    database_id: database.id,
    name: backupName(state, now),
    size: 0,
    status: 'scheduled',
    method: 'manual',
    created_at: isoDate(now),
    started_at: null,
    type: database.type_name,
  };
  state.backups.unshift(backup);
  scheduleBackup(store, backup);
  return backup;
}
