// Helpers that work with a client. They are plain functions, not client methods, so that an
// app that does not use them does not ship them.

import type { DatabaseApiClient } from './client.js';
import {
  DatabaseClientError,
  errorFromResponse,
  NetworkError,
  named,
  type RequestSummary,
  TimeoutError,
} from './errors.js';
import { finalStatuses, operations } from './generated/operations.js';
import type { InvokeOptions } from './internal/call.js';
import { internalsOf } from './internal/registry.js';
import { sleep } from './internal/transport.js';
import type {
  PageItem,
  PaginatedOperationId,
  PaginateOptions,
  PathArgs,
  RequestOptions,
  Schemas,
} from './types.js';

// ---------------------------------------------------------------------------------------------
// Pagination

/**
 * Iterates over every item of a paginated list, page after page: the maintenance list (follows
 * `meta.pagination.next_page`) and the logs archives (follows `next_cursor` while `has_more`).
 *
 * `for await (const m of paginate(client, 'listMaintenance', databaseId)) …`
 */
export async function* paginate<K extends PaginatedOperationId>(
  client: DatabaseApiClient,
  operationId: K,
  ...args: [...PathArgs<K>, options?: PaginateOptions<K>]
): AsyncGenerator<PageItem<K>, void, undefined> {
  const { caller } = internalsOf(client, 'paginate');
  const op = operations[operationId];
  const paging = op?.pagination;
  if (!paging) throw new TypeError(`paginate: ${operationId} is not a paginated operation`);
  const n = op.pathParams.length;
  const {
    maxPages = Number.POSITIVE_INFINITY,
    query = {},
    ...rest
  } = (args[n] ?? {}) as InvokeOptions & {
    maxPages?: number;
  };
  const key = paging.style === 'page' ? 'page' : 'cursor';
  let position = query[key] ?? (key === 'page' ? 1 : undefined);
  for (let pages = 1; ; pages++) {
    const body = (await caller.invoke(
      operationId,
      args,
      undefined,
      { ...rest, query: { ...query, [key]: position } },
      false,
    )) as Record<string, unknown> | undefined;
    const items = body?.[paging.items];
    const fail = (why: string) =>
      new DatabaseClientError(`paginate ${operationId}: ${why}`, { method: op.method, path: op.path });
    if (!Array.isArray(items)) throw fail(`the answer has no "${paging.items}" list`);
    yield* items;
    const next =
      key === 'page'
        ? (body?.meta as { pagination?: { next_page?: unknown } } | undefined)?.pagination?.next_page
        : body?.has_more === true
          ? body.next_cursor
          : null;
    if (pages >= maxPages || next == null || next === '') return;
    // Guard against a server that would send us round in circles.
    if (key === 'page' ? !((next as number) > (position as number)) : next === position) {
      throw fail(`the next ${key} (${String(next)}) does not move past ${String(position)}`);
    }
    position = next;
  }
}

// ---------------------------------------------------------------------------------------------
// Waiting

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

// ---------------------------------------------------------------------------------------------
// Download

export interface DownloadProgress {
  /** Bytes received so far. */
  bytes: number;
  /** The size of the archive, when the server announced it. */
  totalBytes: number | undefined;
  /** `bytes` as a percentage of `totalBytes`, when known. */
  percent: number | undefined;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Called after each chunk written. */
  onProgress?: (progress: DownloadProgress) => void;
  /** How long to wait for each answer to start, in ms (the client's `timeoutMs` by default). */
  timeoutMs?: number;
  /**
   * How long the archive may go without sending a byte, in ms (default 30000). A stalled
   * download then fails with a `TimeoutError` (the Node helper removes the partial file).
   */
  idleTimeoutMs?: number;
}

/** Reads the next chunk, or fails with `TimeoutError` when none comes within `ms` (the read is cancelled). */
function readWithin<T>(
  reader: ReadableStreamDefaultReader<T>,
  ms: number,
  summary: RequestSummary,
): Promise<ReadableStreamReadResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TimeoutError(summary, ms, 'no byte of the archive for'));
      reader.cancel().catch(() => {});
    }, ms);
  });
  return Promise.race([reader.read(), stalled]).finally(() => clearTimeout(timer));
}

export interface DownloadResult {
  /** The pre-signed URL the archive was read from, without its query string. */
  url: string;
  bytes: number;
  totalBytes: number | undefined;
}

/**
 * Asks for the backup's pre-signed URL, then streams the archive into `destination`. The
 * pre-signed host gets no token and none of the client's headers. To write to a file, use
 * `downloadBackup` from `@scalingo-db-api/client/node`.
 */
export async function downloadBackup(
  client: DatabaseApiClient,
  databaseId: string,
  backupId: string,
  destination: WritableStream<Uint8Array>,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { caller, transport } = internalsOf(client, 'downloadBackup');
  const { signal, onProgress, timeoutMs, idleTimeoutMs = 30_000 } = options;
  if (!(idleTimeoutMs > 0 && idleTimeoutMs < Number.POSITIVE_INFINITY))
    throw new TypeError(
      `downloadBackup: \`idleTimeoutMs\` must be a positive number of ms, got ${idleTimeoutMs}`,
    );
  const archive = (await caller.invoke(
    'getBackupArchiveUrl',
    [databaseId, backupId],
    undefined,
    { signal, timeoutMs },
    true,
  )) as { download_url?: unknown };
  let url: URL | undefined;
  try {
    url = new URL(String(archive?.download_url));
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol)) {
    const { method, path } = operations.getBackupArchiveUrl;
    throw new DatabaseClientError('downloadBackup: the answer has no http(s) download_url', { method, path });
  }
  const summary = { method: 'GET', path: url.origin + url.pathname };
  return transport.send(
    { ...summary, url: url.href, auth: false, bare: true, timeoutCovers: 'headers', signal, timeoutMs },
    async (response) => {
      if (!response.ok) throw await errorFromResponse(response, summary, transport.redactor.text);
      const length = response.headers.get('content-length');
      // A compressed answer is decoded on the fly: its length says nothing of the bytes we get.
      const totalBytes =
        length && /^\d+$/.test(length) && !response.headers.has('content-encoding')
          ? Number(length)
          : undefined;
      const writer = destination.getWriter();
      let bytes = 0;
      try {
        // A reader loop rather than `for await`: not every browser iterates streams yet.
        const reader = response.body?.getReader();
        const next = () => reader && readWithin(reader, idleTimeoutMs, summary);
        for (let read = await next(); read && !read.done; read = await next()) {
          await writer.write(read.value);
          bytes += read.value.byteLength;
          onProgress?.({
            bytes,
            totalBytes,
            percent: totalBytes ? Math.min(100, (bytes / totalBytes) * 100) : undefined,
          });
        }
        if (totalBytes !== undefined && bytes !== totalBytes) {
          throw new NetworkError(
            `downloadBackup: the archive ended after ${bytes} of ${totalBytes} bytes`,
            summary,
          );
        }
        await writer.close();
      } catch (error) {
        await writer.abort(error).catch(() => {});
        throw error;
      }
      return { url: summary.path, bytes, totalBytes };
    },
  );
}
