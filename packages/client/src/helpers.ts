import type { Caller, InvokeOptions } from './call.js';
import { DatabaseClientError, errorFromResponse, NetworkError, WaitFailedError } from './errors.js';
import { type OperationId, operations } from './generated/operations.js';
import { sleep, type Transport } from './transport.js';
import type { RequestOptions, Schemas } from './types.js';

// ---------------------------------------------------------------------------------------------
// Pagination

/** Reads every page of a paginated operation and yields its items one by one. */
export async function* paginate(caller: Caller, operationId: OperationId, args: readonly unknown[]) {
  const op = operations[operationId];
  const style = op.pagination;
  if (!style) throw new TypeError(`paginate: ${operationId} is not a paginated operation`);
  const pathValues = args.slice(0, op.pathParams.length);
  const options = (args[op.pathParams.length] ?? {}) as InvokeOptions & { maxPages?: number };
  const { maxPages = Number.POSITIVE_INFINITY, query = {}, ...rest } = options;
  const summary = { method: op.method, path: op.path };
  const fail = (why: string) => new DatabaseClientError(`paginate ${operationId}: ${why}`, summary);

  let page: unknown = style.style === 'page' ? (query.page ?? 1) : undefined;
  let cursor: unknown = style.style === 'cursor' ? query.cursor : undefined;
  for (let pages = 1; ; pages++) {
    const pageQuery = style.style === 'page' ? { ...query, page } : { ...query, cursor };
    const body = (await caller.invoke(
      operationId,
      pathValues,
      undefined,
      { ...rest, query: pageQuery },
      false,
    )) as Record<string, unknown> | undefined;
    const items = body?.[style.items];
    if (!Array.isArray(items)) throw fail(`the answer has no "${style.items}" list`);
    yield* items;
    if (pages >= maxPages) return;
    if (style.style === 'page') {
      const meta = body?.meta as { pagination?: { next_page?: unknown } } | undefined;
      const next = meta?.pagination?.next_page;
      if (next === null || next === undefined) return;
      if (typeof next !== 'number' || typeof page !== 'number' || next <= page) {
        throw fail(`next_page ${String(next)} does not come after page ${String(page)}`);
      }
      page = next;
    } else {
      const next = body?.next_cursor;
      if (body?.has_more !== true || next === null || next === undefined || next === '') return;
      if (next === cursor) throw fail(`the server gave the same cursor twice (${String(next)})`);
      cursor = next;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Waiting

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

const BACKUP_SUCCESS: readonly Known<Schemas['BackupStatus']>[] = ['done'];
const BACKUP_FAILURE: readonly Known<Schemas['BackupStatus']>[] = ['error', 'cancelled'];
const OPERATION_SUCCESS: readonly Known<Schemas['OperationStatus']>[] = ['finished'];
const OPERATION_FAILURE: readonly Known<Schemas['OperationStatus']>[] = ['error', 'user-error', 'cancelled'];

async function poll<T extends { status?: unknown }>(
  read: (options: RequestOptions) => Promise<T>,
  outcome: { success: readonly string[]; failure: readonly string[] },
  what: { resource: 'backup' | 'operation'; id: string; method: string; path: string },
  options: WaitOptions<T> = {},
): Promise<T> {
  const { signal, onUpdate, intervalMs = 2000, maxIntervalMs = 30_000, request } = options;
  let delay = intervalMs;
  for (;;) {
    const state = await read({ ...request, ...(signal ? { signal } : {}) });
    onUpdate?.(state);
    const status = String(state?.status);
    if (outcome.success.includes(status)) return state;
    if (outcome.failure.includes(status)) {
      const error = (state as { error?: unknown }).error;
      throw new WaitFailedError(
        { ...what, status, last: state },
        typeof error === 'string' ? error : undefined,
      );
    }
    // Any other status, known or not, is a step on the way.
    await sleep(delay, signal);
    delay = Math.min(maxIntervalMs, Math.round(delay * 1.5));
  }
}

/** Reads the backup until it is `done` (resolves) or `error` / `cancelled` (rejects). */
export function waitForBackup(
  caller: Caller,
  databaseId: string,
  backupId: string,
  options?: WaitOptions<Backup>,
): Promise<Backup> {
  const op = operations.getBackup;
  return poll(
    (o) => caller.invoke('getBackup', [databaseId, backupId], undefined, o, true) as Promise<Backup>,
    { success: BACKUP_SUCCESS, failure: BACKUP_FAILURE },
    { resource: 'backup', id: backupId, method: op.method, path: op.path },
    options,
  );
}

export interface WaitForOperationOptions extends WaitOptions<Operation> {
  /** Read the operation under this database (`getDatabaseOperation`) instead of `getOperation`. */
  databaseId?: string;
}

/** Reads the operation until it is `finished` (resolves) or `error`, `user-error`, `cancelled` (rejects). */
export function waitForOperation(
  caller: Caller,
  operationId: string,
  options: WaitForOperationOptions = {},
): Promise<Operation> {
  const { databaseId, ...rest } = options;
  const id: OperationId = databaseId === undefined ? 'getOperation' : 'getDatabaseOperation';
  const args = databaseId === undefined ? [operationId] : [databaseId, operationId];
  const op = operations[id];
  return poll(
    (o) => caller.invoke(id, args, undefined, o, true) as Promise<Operation>,
    { success: OPERATION_SUCCESS, failure: OPERATION_FAILURE },
    { resource: 'operation', id: operationId, method: op.method, path: op.path },
    rest,
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
}

export interface DownloadResult {
  /** The pre-signed URL the archive was read from, without its query string. */
  url: string;
  bytes: number;
  totalBytes: number | undefined;
}

/**
 * Asks for the backup's pre-signed URL, then streams the archive into `destination`. The
 * pre-signed host gets no token and none of the client's headers.
 */
export async function downloadBackup(
  caller: Caller,
  transport: Transport,
  databaseId: string,
  backupId: string,
  destination: WritableStream<Uint8Array>,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { signal, onProgress, timeoutMs } = options;
  const request = { ...(signal ? { signal } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  const archive = (await caller.invoke(
    'getBackupArchiveUrl',
    [databaseId, backupId],
    undefined,
    request,
    true,
  )) as {
    download_url?: unknown;
  };
  const href = archive?.download_url;
  let url: URL;
  try {
    url = new URL(String(href));
  } catch {
    url = new URL('invalid:');
  }
  const summary = { method: 'GET', path: `${url.origin}${url.pathname}` };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DatabaseClientError('downloadBackup: the archive answer has no usable download_url', {
      method: 'GET',
      path: operations.getBackupArchiveUrl.path,
    });
  }
  return transport.send(
    { ...summary, url: url.href, auth: false, bare: true, timeoutCovers: 'headers', ...request },
    async (response) => {
      if (!response.ok) throw await errorFromResponse(response, summary, transport.redactor.text);
      const length = response.headers.get('content-length');
      const encoded = response.headers.get('content-encoding');
      const totalBytes = length !== null && !encoded && /^\d+$/.test(length) ? Number(length) : undefined;
      const writer = destination.getWriter();
      let bytes = 0;
      try {
        if (response.body) {
          const reader = response.body.getReader();
          try {
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              await writer.write(value);
              bytes += value.byteLength;
              onProgress?.({
                bytes,
                totalBytes,
                percent: totalBytes ? Math.min(100, (bytes / totalBytes) * 100) : undefined,
              });
            }
          } finally {
            reader.releaseLock();
          }
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
