import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, createDatabaseApiClient, type GetToken } from '../src/index.js';
import { DB, database, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

describe('authentication', () => {
  it('sends the bearer token on every call, facade and typed client alike', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-static-1234' });
    await client.databases.get(DB);
    await client.databases.get(DB);
    const { data } = await client.GET('/databases/{database_id}', { params: { path: { database_id: DB } } });
    expect(data?.database.id).toBe(DB);
    expect(server.requests).toHaveLength(3);
    for (const r of server.requests) expect(r.headers.authorization).toBe('Bearer tok-static-1234');
  });

  it('sends no token to the public CA certificate endpoint', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      res.end('-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-static-1234' });
    const pem = await client.catalogue.getCaCertificate();
    expect(pem).toContain('BEGIN CERTIFICATE');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('asks getToken once and keeps the token for later calls', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    let calls = 0;
    const getToken: GetToken = async () => `tok-${++calls}-abcdef`;
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, getToken });
    await Promise.all([client.databases.get(DB), client.databases.get(DB), client.databases.get(DB)]);
    await client.databases.get(DB);
    expect(calls).toBe(1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(Array(4).fill('Bearer tok-1-abcdef'));
  });

  it('after a 401 asks for a new token and sends the request once more', async () => {
    server = await startServer((req, res) =>
      req.headers.authorization === 'Bearer tok-2-abcdef'
        ? json(res, 200, { database: database() })
        : json(res, 401, { error: 'token has expired' }),
    );
    const contexts: boolean[] = [];
    let calls = 0;
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      getToken: ({ forceRefresh }) => {
        contexts.push(forceRefresh);
        return `tok-${++calls}-abcdef`;
      },
    });
    const db = await client.databases.get(DB);
    expect(db.id).toBe(DB);
    expect(contexts).toEqual([false, true]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1-abcdef',
      'Bearer tok-2-abcdef',
    ]);
  });

  it('refreshes once for concurrent calls refused together', async () => {
    server = await startServer((req, res) =>
      req.headers.authorization === 'Bearer tok-2-abcdef'
        ? json(res, 200, { database: database() })
        : json(res, 401, { error: 'token has expired' }),
    );
    let calls = 0;
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      getToken: () => `tok-${++calls}-abcdef`,
    });
    await Promise.all([client.databases.get(DB), client.databases.get(DB), client.databases.get(DB)]);
    expect(calls).toBe(2);
  });

  it('fails with AuthenticationError when the new token is refused too (no loop)', async () => {
    server = await startServer((_req, res) => json(res, 401, { error: 'token has expired' }));
    let calls = 0;
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      getToken: () => `tok-${++calls}-abcdef`,
    });
    await expect(client.databases.get(DB)).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(2);
    expect(calls).toBe(2);
  });

  it('with a fixed token, a 401 fails at once', async () => {
    server = await startServer((_req, res) => json(res, 401, { error: 'token has expired' }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-static-1234' });
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect(server.requests).toHaveLength(1);
  });

  it('asks again for a token that is about to expire', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    let calls = 0;
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      // The first token expires in one minute, within the client's renewal margin.
      getToken: () => ({
        token: `tok-${++calls}-abcdef`,
        expiresAt: Date.now() + (calls === 1 ? 60_000 : 3_600_000),
      }),
    });
    await client.databases.get(DB);
    await client.databases.get(DB);
    await client.databases.get(DB);
    expect(calls).toBe(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1-abcdef',
      'Bearer tok-2-abcdef',
      'Bearer tok-2-abcdef',
    ]);
  });

  it('rejects a getToken that returns no token, with a clear message', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, getToken: () => '' });
    await expect(client.databases.get(DB)).rejects.toThrow(/getToken must return a non-empty string/);
    expect(server.requests).toHaveLength(0);
  });

  it('an abort while the token is being fetched stops that call at once and sends nothing', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    // Like most getToken functions, this one knows nothing of signals.
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      getToken: () => new Promise<string>((resolve) => setTimeout(() => resolve('tok-slow-abcdef'), 300)),
    });
    const controller = new AbortController();
    const started = performance.now();
    const pending = client.databases.get(DB, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(250);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(server.requests).toHaveLength(0);
  });

  it("one call's abort does not fail the other calls waiting for the same token", async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    let calls = 0;
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      getToken: () => {
        calls++;
        return new Promise<string>((resolve) => setTimeout(() => resolve('tok-shared-abcdef'), 100));
      },
    });
    const controller = new AbortController();
    const aborted = client.databases.get(DB, { signal: controller.signal });
    const other = client.databases.get(DB);
    setTimeout(() => controller.abort(), 20);
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other).resolves.toMatchObject({ id: DB });
    expect(calls).toBe(1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-shared-abcdef']);
  });
});
