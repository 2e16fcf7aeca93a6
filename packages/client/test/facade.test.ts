import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error the generator is plain JavaScript
import { HTTP_METHODS, loadBundle, regionTable, serverTable } from '../scripts/generate.mjs';
import { createDatabaseApiClient, defaultHostKind, hosts, regions } from '../src/index.js';
import { facadeMethods, operations } from '../src/meta.js';
import { DB, database, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

const spec = loadBundle() as { paths: Record<string, Record<string, { operationId?: string }>> };
const specOperationIds = Object.values(spec.paths).flatMap((item) =>
  (HTTP_METHODS as string[]).flatMap((m) => (item[m]?.operationId ? [item[m].operationId] : [])),
);

describe('facade', () => {
  it('has a method for every operationId of the spec, and for nothing else', () => {
    const client = createDatabaseApiClient({ region: 'osc-fr1', token: 'tok-123456' }) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    const missing = specOperationIds.filter((id) => {
      const name = (facadeMethods as Record<string, string>)[id];
      if (!name) return true;
      const [group, method] = name.split('.') as [string, string];
      return typeof client[group]?.[method] !== 'function';
    });
    expect(missing).toEqual([]);
    expect(Object.keys(facadeMethods).sort()).toEqual([...specOperationIds].sort());
    expect(Object.keys(operations).sort()).toEqual([...specOperationIds].sort());
    expect(new Set(Object.values(facadeMethods)).size).toBe(specOperationIds.length);
  });

  it('unwraps the root key of a rooted answer', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await expect(client.databases.get(DB)).resolves.toEqual(database());
  });

  it('wraps the payload in the root key of the request body', async () => {
    server = await startServer((_req, res) =>
      json(res, 201, { database_user: { name: 'reporting-ro', read_only: true, protected: false } }),
    );
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const user = await client.users.create(DB, { name: 'reporting-ro', read_only: true });
    expect(user.name).toBe('reporting-ro');
    const sent = server.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      database_user: { name: 'reporting-ro', read_only: true },
    });
  });

  it('sends an unrooted body as it is, and returns an unrooted answer as it is', async () => {
    const answer = { ok: 1, result: [{ name: 'blog', protected: false }] };
    server = await startServer((_req, res) => json(res, 200, answer));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await expect(client.actions.run(DB, { action_name: 'list-databases' })).resolves.toEqual(answer);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ action_name: 'list-databases' });
  });

  it('sends {} for operations whose body is always empty', async () => {
    server = await startServer((_req, res) =>
      json(res, 201, { database_backup: { id: 'b1', status: 'scheduled' } }),
    );
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await client.backups.create(DB);
    expect(server.requests[0]?.body).toBe('{}');
  });

  it('resolves to undefined on 204', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await expect(client.users.delete(DB, 'reporting-ro')).resolves.toBeUndefined();
    expect(server.requests[0]?.method).toBe('DELETE');
  });

  it('returns an array answer (instances status) as it is', async () => {
    const instances = [{ id: 'i1', type: 'db-node', status: 'running', role: 'leader' }];
    server = await startServer((_req, res) => json(res, 200, instances));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await expect(client.databases.listInstancesStatus(DB)).resolves.toEqual(instances);
  });

  it('adds per-call headers and sends the user agent', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: 'tok-123456',
      userAgent: 'my-app/1.0',
    });
    await client.databases.get(DB, { headers: { 'x-correlation-id': 'abc' } });
    expect(server.requests[0]?.headers['x-correlation-id']).toBe('abc');
    expect(server.requests[0]?.headers['user-agent']).toBe('my-app/1.0');
    expect(server.requests[0]?.headers.accept).toBe('application/json');
  });
});

describe('createDatabaseApiClient options', () => {
  it('uses the base URL of the region, from the spec servers', () => {
    for (const [region, url] of Object.entries(regions)) {
      const client = createDatabaseApiClient({ region: region as keyof typeof regions, token: 'tok-123456' });
      expect(client.baseUrl).toBe(url);
    }
    expect(regions).toEqual(regionTable(spec));
    expect(Object.keys(regions).length).toBeGreaterThan(0);
  });

  it('reaches either host of a region, the db-api host by default, both from the spec servers', () => {
    const table = serverTable(spec);
    expect(hosts).toEqual(table.hosts);
    expect(defaultHostKind).toBe('db-api');
    expect(defaultHostKind).toBe(table.defaultHostKind);
    for (const [region, byKind] of Object.entries(hosts)) {
      const name = region as keyof typeof hosts;
      expect(Object.keys(byKind).sort()).toEqual(['api', 'db-api']);
      expect(createDatabaseApiClient({ region: name, token: 'tok-123456' }).baseUrl).toBe(byKind['db-api']);
      for (const [kind, url] of Object.entries(byKind)) {
        const host = kind as keyof typeof byKind;
        expect(createDatabaseApiClient({ region: name, host, token: 'tok-123456' }).baseUrl).toBe(url);
      }
    }
    expect(hosts['osc-fr1'].api).toBe('https://api.osc-fr1.scalingo.com/api');
  });

  it('refuses a host kind the spec does not list, or a host beside a baseUrl', () => {
    const make = (o: object) => () =>
      createDatabaseApiClient(o as Parameters<typeof createDatabaseApiClient>[0]);
    expect(make({ region: 'osc-fr1', host: 'dbapi', token: 't' })).toThrow(
      /unknown host "dbapi" \(known: db-api,api\)/,
    );
    expect(make({ region: 'osc-fr1', host: 'toString', token: 't' })).toThrow(/unknown host "toString"/);
    expect(make({ baseUrl: 'http://x/api', host: 'api', token: 't' })).toThrow(/`host` goes with `region`/);
  });

  it('refuses servers the generator cannot turn into a host table, naming the server', () => {
    const server = (over: object) => ({
      url: 'https://db-api.r1.example.test/api',
      'x-scalingo-region': 'r1',
      'x-scalingo-host-kind': 'db-api',
      'x-scalingo-regions-field': 'database_api',
      ...over,
    });
    const table =
      (...servers: object[]) =>
      () =>
        serverTable({ servers });
    expect(table(server({ 'x-scalingo-host-kind': undefined }))).toThrow(
      /servers\[0\].*no x-scalingo-host-kind/,
    );
    expect(table(server({}), server({}))).toThrow(/r1 lists a db-api host twice/);
    expect(
      table(
        server({}),
        server({
          url: 'https://api.r1.example.test/api',
          'x-scalingo-host-kind': 'api',
          'x-scalingo-regions-field': 'api',
        }),
        server({ url: 'https://db-api.r2.example.test/api', 'x-scalingo-region': 'r2' }),
      ),
    ).toThrow(/region r2 has no api server/);
    expect(
      table(server({ url: 'https://db-api.r1.example.test/v2' }), server({ 'x-scalingo-region': 'r2' })),
    ).toThrow(/paths differ/);
    expect(table()).toThrow(/lists no server/);
  });

  it('refuses bad options with a message naming the problem', () => {
    const make = (o: object) => () =>
      createDatabaseApiClient(o as Parameters<typeof createDatabaseApiClient>[0]);
    expect(make({ token: 't' })).toThrow(
      /neither `region` nor `baseUrl` given: pass `region` \(osc-fr1, osc-secnum-fr1\) or `baseUrl`/,
    );
    expect(make({ baseUrl: undefined, token: 't' })).toThrow(
      /`baseUrl` undefined \(an unset environment variable\?\)/,
    );
    expect(make({ region: 'mars-1', token: 't' })).toThrow(/unknown region "mars-1"/);
    expect(make({ region: 'osc-fr1', baseUrl: 'http://x/api', token: 't' })).toThrow(/not both/);
    expect(make({ baseUrl: 'not a url', token: 't' })).toThrow(/`baseUrl` must be an http\(s\) URL/);
    expect(make({ baseUrl: 'ftp://x/api', token: 't' })).toThrow(/`baseUrl` must be an http\(s\) URL/);
    expect(make({ baseUrl: 'http://x/api?a=1', token: 't' })).toThrow(/without query or fragment/);
    expect(make({ region: 'osc-fr1' })).toThrow(/neither `token` nor `getToken` given: pass `token`/);
    // What `token: process.env.DB_API_TOKEN` gives when the variable is not set.
    expect(make({ region: 'osc-fr1', token: undefined })).toThrow(
      /^createDatabaseApiClient: `token` undefined \(an unset environment variable\?\): pass `token` \(a database token\) or `getToken`$/,
    );
    expect(make({ region: 'osc-fr1', token: '' })).toThrow(
      /`token` must be a non-empty string, got an empty string/,
    );
    expect(make({ region: 'osc-fr1', token: 42 })).toThrow(/`token` must be a non-empty string, got number/);
    expect(make({ region: 'osc-fr1', getToken: 'tok' })).toThrow(/`getToken` must be a function, got string/);
    expect(make({ region: 'osc-fr1', token: 't', getToken: () => 't' })).toThrow(/not both/);
    expect(make({ region: 'osc-fr1', token: 't', timeoutMs: 0 })).toThrow(
      /`timeoutMs` must be from 1 to 2147483647 ms, got 0/,
    );
    expect(make({ region: 'osc-fr1', token: 't', retry: { maxRetries: -1 } })).toThrow(/`retry.maxRetries`/);
  });

  it('keeps the default of a retry setting passed as undefined', async () => {
    server = await startServer((_req, res, n) =>
      n < 3 ? json(res, 503, { error: 'later' }) : json(res, 200, { database: database() }),
    );
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: 'tok-123456',
      retry: { maxRetries: undefined, initialDelayMs: 1, maxDelayMs: 5 },
    });
    await expect(client.databases.get(DB, { retry: { maxRetries: undefined } })).resolves.toMatchObject({
      id: DB,
    });
    expect(server.requests).toHaveLength(3);
  });

  it('refuses bad per-call timeout and retry settings before sending, naming the setting', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    // Above 2³¹ − 1 ms, setTimeout would fire at once.
    for (const timeoutMs of [0, 0.5, -1, Number.NaN, 2 ** 31, Number.POSITIVE_INFINITY]) {
      await expect(client.databases.get(DB, { timeoutMs })).rejects.toThrow(
        new RegExp(
          `^GET /databases/\\{database_id\\}: \`timeoutMs\` must be from 1 to 2147483647 ms, got ${timeoutMs}$`,
        ),
      );
    }
    await expect(client.databases.get(DB, { retry: { maxRetries: -2 } })).rejects.toThrow(
      /GET \/databases\/\{database_id\}: `retry.maxRetries` must be a number >= 0/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('drops a trailing slash of baseUrl', () => {
    const client = createDatabaseApiClient({ baseUrl: 'http://127.0.0.1:1234/api/', token: 'tok-123456' });
    expect(client.baseUrl).toBe('http://127.0.0.1:1234/api');
  });
});
