// The waiting helpers: plain functions, not client methods, so that an app that does not use
// them does not ship them.
import type { DatabaseApiClient } from '../client.js';
import { DatabaseClientError, named, type RequestSummary } from '../errors.js';
import { finalStatuses, operations } from '../generated/operations.js';
import { internalsOf } from '../internal/registry.js';
import { sleep } from '../internal/transport.js';
import { requireMs } from '../options.js';
import type { RequestOptions, Schemas } from '../types.js';

/** A backup or an operation the client was waiting for ended in failure. */
export class WaitFailedError extends DatabaseClientError {
  /** What was awaited: `backup` or `operation`. */
  declare readonly resource: 'backup' | 'operation';
  /** The id of the backup or operation. */
  declare readonly id: string;
  /** Its final status, e.g. `error`, `user-error` or `cancelled`. */
  declare readonly status: string;
  /** Its last state, as the server sent it. */
  declare readonly last: unknown;
  constructor(
    init: RequestSummary & { resource: 'backup' | 'operation'; id: string; status: string; last: unknown },
    detail?: string,
  ) {
    const tail = detail ? `: ${detail}` : '';
    super(`${init.resource} ${init.id} ended with status "${init.status}"${tail}`, init);
    this.resource = init.resource;
    this.id = init.id;
    this.status = init.status;
    this.last = init.last;
  }
}

named(WaitFailedError, 'WaitFailedError');

/** Known values of an open enumeration (its `string & {}` member removed). */
type Known<T> = T extends string ? (string extends T ? never : T) : never;

export interface WaitOptions<T> {
  /** Stop waiting: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called with every state read, the last one included. */
  onUpdate?: (state: T) => void;
  /** The first delay between two reads, in ms (default 2000); it grows by half at each read. */
  intervalMs?: number;
  /** The longest delay between two reads, in ms (default 30000). */
  maxIntervalMs?: number;
  /** Options of each read. */
  request?: Omit<RequestOptions, 'signal'>;
}

export type Backup = Schemas['Backup'];
export type Operation = Schemas['Operation'];

// The final statuses come from the spec (`x-scalingo-final`); the types check they are known values.
const BACKUP_DONE: readonly Known<Schemas['BackupStatus']>[] = finalStatuses.BackupStatus.success;
const BACKUP_FAILED: readonly Known<Schemas['BackupStatus']>[] = finalStatuses.BackupStatus.failure;
const OPERATION_DONE: readonly Known<Schemas['OperationStatus']>[] = finalStatuses.OperationStatus.success;
const OPERATION_FAILED: readonly Known<Schemas['OperationStatus']>[] = finalStatuses.OperationStatus.failure;

async function poll<T extends { status?: unknown; error?: unknown }>(
  client: DatabaseApiClient,
  helper: string,
  read: readonly [id: 'getBackup' | 'getOperation' | 'getDatabaseOperation', args: string[]],
  resource: 'backup' | 'operation',
  [success, failure]: readonly [readonly string[], readonly string[]],
  options: WaitOptions<T> = {},
): Promise<T> {
  const { caller } = internalsOf(client, helper);
  const { signal, onUpdate, intervalMs = 2000, maxIntervalMs = 30_000, request } = options;
  requireMs(helper, 'intervalMs', intervalMs);
  requireMs(helper, 'maxIntervalMs', maxIntervalMs);
  const [operationId, args] = read;
  for (let delay = intervalMs; ; delay = Math.min(maxIntervalMs, delay * 1.5)) {
    const state = (await caller.invoke(operationId, args, undefined, { ...request, signal }, true)) as T;
    onUpdate?.(state);
    const status = String(state?.status);
    if (success.includes(status)) return state;
    if (failure.includes(status)) {
      const { method, path } = operations[operationId];
      const id = args[args.length - 1] as string;
      const detail = typeof state.error === 'string' ? state.error : undefined;
      throw new WaitFailedError({ method, path, resource, id, status, last: state }, detail);
    }
    // Any other status, known or not, is a step on the way.
    await sleep(delay, signal);
  }
}

/** Reads the backup until it is `done` (resolves) or `error` / `cancelled` (rejects with `WaitFailedError`). */
export function waitForBackup(
  client: DatabaseApiClient,
  databaseId: string,
  backupId: string,
  options?: WaitOptions<Backup>,
): Promise<Backup> {
  return poll(
    client,
    'waitForBackup',
    ['getBackup', [databaseId, backupId]],
    'backup',
    [BACKUP_DONE, BACKUP_FAILED],
    options,
  );
}

export interface WaitForOperationOptions extends WaitOptions<Operation> {
  /** Read the operation under this database (`getDatabaseOperation`) instead of `getOperation`. */
  databaseId?: string;
}

/**
 * Reads the operation until it is `finished` (resolves) or `error`, `user-error`, `cancelled`
 * (rejects with `WaitFailedError`).
 */
export function waitForOperation(
  client: DatabaseApiClient,
  operationId: string,
  options: WaitForOperationOptions = {},
): Promise<Operation> {
  const { databaseId } = options;
  return poll(
    client,
    'waitForOperation',
    databaseId === undefined
      ? ['getOperation', [operationId]]
      : ['getDatabaseOperation', [databaseId, operationId]],
    'operation',
    [OPERATION_DONE, OPERATION_FAILED],
    options,
  );
}
