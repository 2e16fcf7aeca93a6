import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirForTest } from '../../../scripts/temp-dir.js';
import {
  createDatabaseApiClient,
  type DownloadProgress,
  downloadBackup,
  NetworkError,
  NotFoundError,
  TimeoutError,
} from '../src/index.js';
import { downloadBackup as downloadBackupToFile } from '../src/node.js';
import { DB, json, startServer, type TestServer } from './helpers/server.js';
import { withTimerSpies } from './helpers/timers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const ARCHIVE = Buffer.alloc(300_000, 0).map((_, i) => (i * 7) % 251);
const SIGNED_QUERY = 'X-Amz-Signature=abc123&X-Amz-Expires=600';

/** The API on one server, the pre-signed archive host on another. */
async function setup(storage?: (res: import('node:http').ServerResponse) => void) {
  const store = await startServer((_req, res) => {
    if (storage) return storage(res);
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': ARCHIVE.length });
    // Several chunks, so that progress is reported more than once.
    for (let i = 0; i < ARCHIVE.length; i += 64_000) res.write(ARCHIVE.subarray(i, i + 64_000));
    res.end();
  });
  const api = await startServer((_req, res) =>
    json(res, 200, { download_url: `${store.origin}/backups/b1.tar.gz?${SIGNED_QUERY}` }),
  );
  servers.push(store, api);
  const client = createDatabaseApiClient({
    baseUrl: api.baseUrl,
    token: 'tok-download-123',
    headers: { 'x-team-secret': 'do-not-forward' },
  });
  return { store, api, client };
}

function collector() {
  const chunks: Uint8Array[] = [];
  const stream = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

describe('downloadBackup', () => {
  it('streams the archive into a WritableStream and reports progress in bytes and percent', async () => {
    const { store, api, client } = await setup();
    const sink = collector();
    const progress: DownloadProgress[] = [];
    const result = await downloadBackup(client, DB, 'b1', sink.stream, {
      onProgress: (p) => progress.push(p),
    });
    expect(sink.bytes().equals(ARCHIVE)).toBe(true);
    expect(result).toMatchObject({ bytes: ARCHIVE.length, totalBytes: ARCHIVE.length });
    expect(result.url).toBe(`${store.origin}/backups/b1.tar.gz`);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ bytes: ARCHIVE.length, totalBytes: ARCHIVE.length, percent: 100 });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]?.bytes).toBeGreaterThan(progress[i - 1]?.bytes as number);
    }
    expect(api.requests[0]?.url).toBe(`/api/databases/${DB}/backups/b1/archive`);
    expect(api.requests[0]?.headers.authorization).toBe('Bearer tok-download-123');
  });

  it('sends no Authorization header and none of the client headers to the pre-signed host', async () => {
    const { store, client } = await setup();
    await downloadBackup(client, DB, 'b1', collector().stream);
    expect(store.requests).toHaveLength(1);
    const sent = store.requests[0];
    expect(sent?.url).toBe(`/backups/b1.tar.gz?${SIGNED_QUERY}`);
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.headers['x-team-secret']).toBeUndefined();
    expect(JSON.stringify(sent?.headers)).not.toContain('tok-download-123');
  });

  it('reports bytes without percent when the size is unknown', async () => {
    const { client } = await setup((res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(ARCHIVE);
    });
    const progress: DownloadProgress[] = [];
    const result = await downloadBackup(client, DB, 'b1', collector().stream, {
      onProgress: (p) => progress.push(p),
    });
    expect(result.totalBytes).toBeUndefined();
    expect(progress.at(-1)).toEqual({ bytes: ARCHIVE.length, totalBytes: undefined, percent: undefined });
  });

  it('fails with a typed error when the pre-signed host refuses', async () => {
    const { client } = await setup((res) => {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchKey</Code></Error>');
    });
    const error = await downloadBackup(client, DB, 'b1', collector().stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(String((error as Error).message)).not.toContain('X-Amz-Signature');
  });

  it('fails when the archive stops short of its announced size', async () => {
    const { client } = await setup((res) => {
      res.writeHead(200, { 'content-length': ARCHIVE.length });
      res.write(ARCHIVE.subarray(0, 1000));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(downloadBackup(client, DB, 'b1', collector().stream)).rejects.toBeInstanceOf(NetworkError);
  });

  it('writes to a file path with the Node helper', async () => {
    const { client } = await setup();
    const dir = tempDirForTest('db-api-client-');
    const path = join(dir, 'backup.tar.gz');
    const result = await downloadBackupToFile(client, DB, 'b1', path);
    expect(result.path).toBe(path);
    expect(readFileSync(path).equals(ARCHIVE)).toBe(true);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('fails with a TimeoutError when the archive sends no byte for idleTimeoutMs, and removes the partial file', async () => {
    // Headers and a first chunk, then nothing: the start timeout has long stopped counting.
    const { client } = await setup((res) => {
      res.writeHead(200, { 'content-length': ARCHIVE.length });
      res.write(ARCHIVE.subarray(0, 1000));
    });
    const dir = tempDirForTest('db-api-client-');
    const path = join(dir, 'backup.tar.gz');
    const started = Date.now();
    const error = await downloadBackupToFile(client, DB, 'b1', path, { idleTimeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 300 });
    expect((error as Error).message).toMatch(/no byte of the archive for 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('watches every chunk of the archive with one idle timer, which no longer holds the process after', async () => {
    // The timer is armed again for each chunk (`watch` in internal/attempt.ts).
    const { client } = await setup();
    const { timers } = await withTimerSpies(async () => {
      await downloadBackup(client, DB, 'b1', collector().stream, { idleTimeoutMs: 23_456 });
    });
    expect(timers(23_456).map((timer) => timer.hasRef())).toEqual([false]);
  });

  it('refuses an idleTimeoutMs that a timer cannot wait, naming it, before any request', async () => {
    const { api, client } = await setup();
    for (const idleTimeoutMs of [0, 2 ** 31]) {
      await expect(downloadBackup(client, DB, 'b1', collector().stream, { idleTimeoutMs })).rejects.toThrow(
        `downloadBackup: \`idleTimeoutMs\` must be from 1 to 2147483647 ms, got ${idleTimeoutMs}`,
      );
    }
    expect(api.requests).toHaveLength(0);
  });

  it('leaves no file behind when the download to a path fails', async () => {
    const { client } = await setup((res) => {
      res.writeHead(200, { 'content-length': ARCHIVE.length });
      res.write(ARCHIVE.subarray(0, 1000));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const dir = tempDirForTest('db-api-client-');
    const path = join(dir, 'backup.tar.gz');
    await expect(downloadBackupToFile(client, DB, 'b1', path)).rejects.toBeInstanceOf(NetworkError);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });
});
