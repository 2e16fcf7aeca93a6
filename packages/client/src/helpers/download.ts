// The download helper of the browser entry (the Node entry adds a file destination): a plain
// function, not a client method, so that an app that does not use it does not ship it.
import type { DatabaseApiClient } from '../client.js';
import {
  DatabaseClientError,
  errorFromResponse,
  NetworkError,
  type RequestSummary,
  TimeoutError,
} from '../errors.js';
import { operations } from '../generated/operations.js';
import { watch } from '../internal/attempt.js';
import { internalsOf } from '../internal/registry.js';
import { requireMs } from '../options.js';

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
  return new Promise((resolve, reject) => {
    const unwatch = watch(ms, () => {
      reject(new TimeoutError(summary, ms, 'no byte of the archive for'));
      reader.cancel().catch(() => {});
    });
    reader.read().then(resolve, reject).finally(unwatch);
  });
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
  requireMs('downloadBackup', 'idleTimeoutMs', idleTimeoutMs);
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
