import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseApiClient, TimeoutError } from '../src/index.js';
import { DB, database, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

const never = () => startServer(() => new Promise(() => {}));

describe('timeouts', () => {
  it('fails with TimeoutError when no answer arrives within timeoutMs', async () => {
    server = await never();
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', timeoutMs: 100 });
    const started = performance.now();
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, method: 'GET', path: '/databases/{database_id}' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('takes a per-request timeoutMs over the client one', async () => {
    server = await never();
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: 'tok-123456',
      timeoutMs: 60_000,
    });
    await expect(client.databases.get(DB, { timeoutMs: 50 })).rejects.toMatchObject({ timeoutMs: 50 });
  });

  it('covers a body that stops half-way', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"database":');
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', timeoutMs: 100 });
    await expect(client.databases.get(DB)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('applies to the typed client too', async () => {
    server = await never();
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', timeoutMs: 50 });
    await expect(
      client.GET('/databases/{database_id}', { params: { path: { database_id: DB } } }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('abort', () => {
  it('rejects with the signal reason when aborted in flight', async () => {
    server = await never();
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const controller = new AbortController();
    const pending = client.databases.get(DB, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('sends nothing when the signal is already aborted', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const reason = new Error('stop');
    await expect(client.databases.get(DB, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it('stops the backoff wait between retries', async () => {
    server = await startServer((_req, res) => json(res, 503, { error: 'later' }, { 'retry-after': '30' }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const controller = new AbortController();
    const started = performance.now();
    const pending = client.databases.get(DB, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });
});
