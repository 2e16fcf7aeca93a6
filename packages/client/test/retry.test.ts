import { retryPolicies } from '@scalingo-db-api/openapi/model';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error the generator is plain JavaScript
import { loadBundle } from '../scripts/generate.mjs';
import { retryStatuses } from '../src/generated/operations.js';
import { createDatabaseApiClient, NetworkError, RateLimitError, ServerError } from '../src/index.js';
import { DB, database, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

const fast = { initialDelayMs: 1, maxDelayMs: 5 };
const backup = { id: 'b1', database_id: DB, status: 'scheduled' };

/** Answers `failures` times with `status`, then succeeds. */
function flaky(status: number, failures: number, ok: (res: Parameters<typeof json>[0]) => void) {
  return startServer((_req, res, n) => (n <= failures ? json(res, status, { error: 'try later' }) : ok(res)));
}

describe('retries', () => {
  it("retries exactly the statuses the spec's x-scalingo-retry allows, 500 not among them", () => {
    const policies = retryPolicies(loadBundle());
    expect(retryStatuses).toEqual(policies.filter((p) => p.policy.retry).map((p) => p.status));
    expect(retryStatuses).toEqual([429, 502, 503, 504]);
    expect(policies.find((p) => p.status === 500)?.policy.retry).toBe(false);
  });

  for (const status of [429, 502, 503, 504]) {
    it(`retries a GET after ${status} and returns the later success`, async () => {
      server = await flaky(status, 2, (res) => json(res, 200, { database: database() }));
      const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
      await expect(client.databases.get(DB)).resolves.toMatchObject({ id: DB });
      expect(server.requests).toHaveLength(3);
    });
  }

  it('gives up after 2 retries by default and throws the last error', async () => {
    server = await startServer((_req, res) => json(res, 503, { error: 'provider down' }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await expect(client.databases.get(DB)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 500', async () => {
    server = await startServer((_req, res) => json(res, 500, { error: 'boom' }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await expect(client.databases.get(DB)).rejects.toMatchObject({ status: 500 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries PUT and DELETE', async () => {
    server = await flaky(503, 1, (res) => json(res, 200, { database: database() }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await client.databases.replace(DB, { periodic_backups_enabled: true });
    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
    await server.close();
    server = await startServer((_req, res, n) => {
      if (n === 1) return json(res, 503, { error: 'later' });
      res.writeHead(204);
      res.end();
    });
    const other = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await expect(other.firewall.delete(DB, 'rule-1')).resolves.toBeUndefined();
    expect(server.requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('never retries POST or PATCH on its own', async () => {
    server = await startServer((_req, res) => json(res, 503, { error: 'later' }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await expect(client.backups.create(DB)).rejects.toBeInstanceOf(ServerError);
    await expect(client.databases.update(DB, { periodic_backups_enabled: false })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('retries a POST when the caller says it is idempotent', async () => {
    server = await flaky(503, 1, (res) => json(res, 201, { database_backup: backup }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await expect(client.backups.create(DB, { retry: { idempotent: true } })).resolves.toMatchObject({
      id: 'b1',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a GET after a network error', async () => {
    server = await startServer((_req, res, n) => {
      if (n === 1) {
        res.socket?.destroy();
        return;
      }
      json(res, 200, { database: database() });
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await expect(client.databases.get(DB)).resolves.toMatchObject({ id: DB });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a POST after a network error', async () => {
    server = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await expect(client.backups.create(DB)).rejects.toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it('makes no retry with retry: false, for the client or for one call', async () => {
    server = await startServer((_req, res) => json(res, 503, { error: 'later' }));
    const off = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: false });
    await expect(off.databases.get(DB)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
    const on = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    await expect(on.databases.get(DB, { retry: false })).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(2);
  });

  it('honours maxRetries', async () => {
    server = await startServer((_req, res) => json(res, 502, { error: 'bad gateway' }));
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: 'tok-123456',
      retry: { ...fast, maxRetries: 4 },
    });
    await expect(client.databases.get(DB)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(5);
  });

  it('backs off exponentially between attempts', async () => {
    const times: number[] = [];
    server = await startServer((_req, res) => {
      times.push(performance.now());
      json(res, 503, { error: 'later' });
    });
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: 'tok-123456',
      retry: { maxRetries: 3, initialDelayMs: 40, maxDelayMs: 1000 },
    });
    await expect(client.databases.get(DB)).rejects.toBeInstanceOf(ServerError);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    // Delays lie between half and all of 40, 80, 160 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
    expect(gaps[2]).toBeLessThan(400);
  });
});

describe('Retry-After', () => {
  it('waits the number of seconds the server asks for', async () => {
    server = await startServer((_req, res, n) =>
      n === 1
        ? json(res, 429, { error: 'rate limit exceeded' }, { 'retry-after': '1' })
        : json(res, 200, { database: database() }),
    );
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    const started = performance.now();
    await client.databases.get(DB);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(server.requests).toHaveLength(2);
  });

  it('waits until the HTTP date the server gives', async () => {
    server = await startServer((_req, res, n) => {
      if (n > 1) return json(res, 200, { database: database() });
      // HTTP dates have a resolution of one second: the next full second plus one is >= 1 s ahead.
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString();
      json(res, 503, { error: 'later' }, { 'retry-after': at });
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    const started = performance.now();
    await client.databases.get(DB);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('fails at once with RateLimitError.retryAfter when the wait is longer than allowed', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '120' });
      res.end('Retry later');
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: fast });
    const started = performance.now();
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfter: 120, body: 'Retry later' });
    expect(server.requests).toHaveLength(1);
  });
});
