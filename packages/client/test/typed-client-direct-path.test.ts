import type { Middleware } from 'openapi-fetch';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseApiClient } from '../src/index.js';
import { DB, database, json, type Recorded, startServer, type TestServer } from './helpers/server.js';

// Plain calls of the typed client skip openapi-fetch's request machinery; any middleware sends
// them through openapi-fetch itself. Both must put the same request on the wire and answer the
// same `{ data, error, response }`.

let server: TestServer;
afterEach(() => server?.close());

/** The answer for each request, chosen by a header the test sends. */
function answer(req: Recorded, res: Parameters<typeof json>[0]) {
  switch (req.headers['x-answer']) {
    case 'chunked':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"database":');
      res.end(`${JSON.stringify(database())}}`);
      return;
    case 'chunked-empty':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
      return;
    case 'no-content':
      res.writeHead(204).end();
      return;
    case 'zero':
      res.writeHead(200, { 'content-length': '0' }).end();
      return;
    case 'not-found':
      return json(res, 404, { error: 'not found' });
    case 'text-error':
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
      return;
    case 'empty-error':
      res.writeHead(403, { 'content-length': '0' }).end();
      return;
    default:
      return json(res, 200, { database: database(), echo: req.body || null });
  }
}

const noop: Middleware = { onRequest: () => undefined };

/** What the server saw, without what differs between any two connections. */
const wire = (r: Recorded) => {
  const { host, connection, 'user-agent': _ua, ...headers } = r.headers;
  return { method: r.method, url: r.url, headers, body: r.body };
};

const summary = async (pending: Promise<{ data?: unknown; error?: unknown; response: Response }>) => {
  const { response, ...rest } = await pending;
  return { ...rest, status: response.status, bodyUsed: response.bodyUsed };
};

describe('the typed client by path answers alike with and without middleware', () => {
  const calls = [
    'default',
    'chunked',
    'chunked-empty',
    'no-content',
    'zero',
    'not-found',
    'text-error',
    'empty-error',
  ];

  it.each(calls)('GET with path and query parameters, answer %s', async (kind) => {
    server = await startServer(answer);
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: 'tok-direct-1234',
      retry: false,
    });
    const call = () =>
      summary(
        client.GET('/databases/{database_id}/logs', {
          params: { path: { database_id: `${DB}/x y` }, query: { count: 10 } as never },
          headers: { 'X-Answer': kind },
        }),
      );
    const direct = await call();
    client.raw.use(noop);
    const viaOpenapiFetch = await call();

    expect(direct).toEqual(viaOpenapiFetch);
    const [a, b] = server.requests.map(wire);
    expect(a).toEqual(b);
    expect(a?.url).toBe(`/api/databases/${encodeURIComponent(`${DB}/x y`)}/logs?count=10`);
  });

  it('POST with a JSON body, PATCH with headers, and a public route without the token', async () => {
    server = await startServer(answer);
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-direct-1234' });
    const run = () =>
      Promise.all([
        summary(
          client.POST('/databases/{database_id}/users/{username}/reset_password', {
            params: { path: { database_id: DB, username: 'alice' } },
            body: {
              user: { password: 'p4ssw0rd-long-enough', password_confirmation: 'p4ssw0rd-long-enough' },
            },
          } as never),
        ),
        summary(
          client.PATCH('/databases/{database_id}', {
            params: { path: { database_id: DB } },
            body: { database: { maintenance_window: { weekday: 2, starting_hour_utc: 3 } } },
            headers: { 'X-Request-Id': 'req-1' },
          } as never),
        ),
        summary(client.raw.request('get', '/ca_certificate', { headers: { 'X-Answer': 'not-found' } })),
      ]);
    const direct = await run();
    client.raw.use(noop);
    const viaOpenapiFetch = await run();

    expect(direct).toEqual(viaOpenapiFetch);
    const seen = server.requests.map(wire);
    const byKey = (rs: ReturnType<typeof wire>[]) =>
      [...rs].sort((x, y) => (x.url + x.method).localeCompare(y.url + y.method));
    expect(byKey(seen.slice(0, 3))).toEqual(byKey(seen.slice(3)));
    const post = seen.find((r) => r.method === 'POST');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post?.body ?? '')).toMatchObject({ user: { password: 'p4ssw0rd-long-enough' } });
    const ca = seen.filter((r) => r.url === '/api/ca_certificate');
    expect(ca).toHaveLength(2);
    for (const r of ca) expect(r.headers.authorization).toBeUndefined();
    for (const r of seen.filter((x) => x.url !== '/api/ca_certificate'))
      expect(r.headers.authorization).toBe('Bearer tok-direct-1234');
  });

  it('refuses a bad path parameter the same way', async () => {
    server = await startServer(answer);
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-direct-1234' });
    const call = () =>
      client
        .GET('/databases/{database_id}', { params: { path: { database_id: '..' } } })
        .catch((e: Error) => e);
    const direct = await call();
    client.raw.use(noop);
    const viaOpenapiFetch = await call();
    expect(direct).toBeInstanceOf(TypeError);
    expect(String(direct)).toBe(String(viaOpenapiFetch));
    expect(server.requests).toHaveLength(0);
  });

  it('sends calls with other openapi-fetch options through openapi-fetch (parseAs)', async () => {
    server = await startServer(answer);
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-direct-1234' });
    const { data } = await client.GET('/databases/{database_id}', {
      params: { path: { database_id: DB } },
      parseAs: 'text',
    });
    expect(typeof data).toBe('string');
    expect(JSON.parse(data as unknown as string).database.id).toBe(DB);
  });

  it('builds the URL openapi-fetch builds for a path outside the spec and for a missing parameter', async () => {
    server = await startServer(answer);
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: 'tok-direct-1234',
      retry: false,
    });
    const get = client.raw.request as unknown as (m: string, p: string, i: object) => Promise<unknown>;
    const run = () =>
      Promise.all([
        get('get', '/elsewhere/{a}/x/{b}', {
          params: { path: { a: 'é/1', b: 2 }, query: { q: ['x', 'y'] } },
        }),
        get('get', '/databases/{database_id}/backups', { params: { path: {} } }),
        get('get', '/databases/{database_id}', {}),
      ]);
    await run();
    client.raw.use(noop);
    await run();
    const urls = server.requests.map((r) => r.url);
    expect(urls.slice(0, 3).sort()).toEqual(urls.slice(3).sort());
    expect(urls).toContain(`/api/elsewhere/${encodeURIComponent('é/1')}/x/2?q=x&q=y`);
    expect(urls).toContain('/api/databases/%7Bdatabase_id%7D/backups');
  });
});
