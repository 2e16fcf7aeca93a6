import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  addonTokenProvider,
  createDatabaseApiClient,
  TimeoutError,
} from '../src/index.js';
import { DB, database, json, startServer, type TestServer } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const API_TOKEN = 'tk-us-apitoken-0123456789';

/** The auth API and the main API on one local server; every exchange issues new tokens. */
async function scalingo() {
  let issued = 0;
  const server = await startServer((req, res) => {
    if (req.method === 'POST' && req.url === '/auth/v1/tokens/exchange') {
      const expected = `Basic ${Buffer.from(`:${API_TOKEN}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return json(res, 401, { error: 'invalid credentials' });
      issued++;
      return json(res, 200, { token: `bearer-${issued}-xyz` });
    }
    const m = /^\/api\/v1\/apps\/([^/]+)\/addons\/([^/]+)\/token$/.exec(req.url);
    if (req.method === 'POST' && m) {
      if (req.headers.authorization !== `Bearer bearer-${issued}-xyz`)
        return json(res, 401, { error: 'bad bearer' });
      return json(res, 200, {
        addon: { id: decodeURIComponent(m[2] ?? ''), token: `dbtoken-${issued}-abc` },
      });
    }
    json(res, 404, { error: 'not found' });
  });
  servers.push(server);
  return server;
}

function provider(server: TestServer, extra: Partial<Parameters<typeof addonTokenProvider>[0]> = {}) {
  return addonTokenProvider({
    apiToken: API_TOKEN,
    app: 'shop production',
    addonId: DB,
    authUrl: `${server.origin}/auth/v1`,
    apiUrl: `${server.origin}/api/v1`,
    ...extra,
  });
}

describe('addonTokenProvider', () => {
  it('exchanges the API token, then asks the main API for the add-on token', async () => {
    const server = await scalingo();
    const result = await provider(server)({ forceRefresh: false });
    expect(result).toMatchObject({ token: 'dbtoken-1-abc' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /auth/v1/tokens/exchange',
      `POST /api/v1/apps/shop%20production/addons/${DB}/token`,
    ]);
    expect(server.requests[1]?.headers.authorization).toBe('Bearer bearer-1-xyz');
  });

  it('keeps the token for an hour minus the margin, then renews it', async () => {
    const server = await scalingo();
    const getToken = provider(server);
    const start = Date.now();
    const now = vi.spyOn(Date, 'now').mockReturnValue(start);
    const first = (await getToken({ forceRefresh: false })) as { token: string; expiresAt: number };
    expect(first.expiresAt).toBe(start + 3_600_000);
    now.mockReturnValue(start + 54 * 60_000);
    expect(await getToken({ forceRefresh: false })).toMatchObject({ token: 'dbtoken-1-abc' });
    now.mockReturnValue(start + 56 * 60_000);
    expect(await getToken({ forceRefresh: false })).toMatchObject({ token: 'dbtoken-2-abc' });
    expect(server.requests).toHaveLength(4);
  });

  it('shares one exchange between concurrent callers and renews at once when forced', async () => {
    const server = await scalingo();
    const getToken = provider(server);
    const [a, b] = await Promise.all([getToken({ forceRefresh: false }), getToken({ forceRefresh: false })]);
    expect(a).toEqual(b);
    expect(await getToken({ forceRefresh: true })).toMatchObject({ token: 'dbtoken-2-abc' });
    expect(server.requests).toHaveLength(4);
  });

  it('drives the client: the token is used, and renewed after a 401', async () => {
    const server = await scalingo();
    const api = await startServer((req, res) =>
      req.headers.authorization === 'Bearer dbtoken-2-abc'
        ? json(res, 200, { database: database() })
        : json(res, 401, { error: 'token has expired' }),
    );
    servers.push(api);
    const client = createDatabaseApiClient({ baseUrl: api.baseUrl, getToken: provider(server) });
    await expect(client.databases.get(DB)).resolves.toMatchObject({ id: DB });
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer dbtoken-1-abc',
      'Bearer dbtoken-2-abc',
    ]);
  });

  it('fails with a typed error that does not quote the API token', async () => {
    const server = await startServer((req, res) =>
      json(res, 401, { error: `bad ${req.headers.authorization}` }),
    );
    servers.push(server);
    const getToken = provider(server);
    const error = await Promise.resolve(getToken({ forceRefresh: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const basic = Buffer.from(`:${API_TOKEN}`).toString('base64');
    const text = `${String(error)} ${inspect(error, { depth: 5 })}`;
    expect(text).not.toContain(API_TOKEN);
    expect(text).not.toContain(basic);
  });

  it('refuses incomplete options with a message naming the option', () => {
    expect(() => addonTokenProvider({ apiToken: '', app: 'a', addonId: 'b', region: 'osc-fr1' })).toThrow(
      /`apiToken`/,
    );
    expect(() => addonTokenProvider({ apiToken: 'x', app: 'a', addonId: 'b' })).toThrow(/pass `region`/);
    // @ts-expect-error not a region of the spec
    expect(() => addonTokenProvider({ apiToken: 'x', app: 'a', addonId: 'b', region: 'mars-1' })).toThrow(
      /unknown region "mars-1" \(known: osc-fr1, osc-secnum-fr1\)/,
    );
  });

  it('gives up on an authentication API that does not answer, with a TimeoutError', async () => {
    const server = await startServer(() => new Promise(() => {}));
    servers.push(server);
    const started = performance.now();
    const error = await Promise.resolve(provider(server, { timeoutMs: 100 })({ forceRefresh: false })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, method: 'POST' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a bad refreshMarginMs or timeoutMs, naming it', () => {
    const base = { apiToken: 'x', app: 'a', addonId: 'b', region: 'osc-fr1' } as const;
    expect(() => addonTokenProvider({ ...base, refreshMarginMs: -1 })).toThrow(/`refreshMarginMs`/);
    expect(() => addonTokenProvider({ ...base, refreshMarginMs: 3_600_000 })).toThrow(/`refreshMarginMs`/);
    expect(() => addonTokenProvider({ ...base, timeoutMs: 0 })).toThrow(
      /`timeoutMs` must be from 1 to 2147483647 ms, got 0/,
    );
    expect(() => addonTokenProvider({ ...base, timeoutMs: Number.NaN })).toThrow(/`timeoutMs`/);
  });
});
