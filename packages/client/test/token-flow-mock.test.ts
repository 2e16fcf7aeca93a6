// addonTokenProvider and userTokenProvider end to end against the mock's token endpoints (the
// auth API's exchange and the main API's add-on token, served by the mock beside /api): the
// tokens they get, when they renew them, what a refused token does, and bad credentials.
import { startMockServer } from '@scalingo-db-api/mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  addonTokenProvider,
  createDatabaseApiClient,
  NotFoundError,
  userTokenProvider,
} from '../src/index.js';

type Mock = Awaited<ReturnType<typeof startMockServer>>;
let mock: Mock;
let apiToken: string;
let pg: { addonId: string; app: string };
beforeAll(async () => {
  mock = await startMockServer({ timings: 'manual' });
  apiToken = mock.accounts()[0]?.apiToken ?? '';
  const found = mock.databases().find((d) => d.typeName === 'postgresql');
  if (!found) throw new Error('the mock has no PostgreSQL database');
  pg = { addonId: found.addonId, app: String(mock.store.databases.get(found.addonId)?.database.app_name) };
});
afterAll(() => mock?.close());
beforeEach(() => mock.reset());
afterEach(() => {
  vi.useRealTimers();
  expect(mock.violations).toEqual([]);
});

/** A fetch that counts the requests to each mock path (ids left in). */
function counting() {
  const calls: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    return fetch(input, init);
  };
  return { calls, fetch: fetchImpl };
}

const EXCHANGE = 'POST /v1/tokens/exchange';

describe('userTokenProvider against the mock', () => {
  it("takes the JWT's exp as the expiry and renews five minutes before it, one exchange at a time", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const { calls, fetch } = counting();
    const getToken = userTokenProvider({ apiToken, authUrl: `${mock.origin}/v1`, fetch });
    const [a, b] = (await Promise.all([
      getToken({ forceRefresh: false }),
      getToken({ forceRefresh: false }),
    ])) as {
      token: string;
      expiresAt: number;
    }[];
    expect(a).toBe(b);
    const exp = JSON.parse(Buffer.from(a?.token.split('.')[1] ?? '', 'base64url').toString()).exp;
    expect(a?.expiresAt).toBe(exp * 1000);
    expect(calls).toEqual([EXCHANGE]);
    vi.setSystemTime(Date.now() + 54 * 60_000);
    expect(await getToken({ forceRefresh: false })).toBe(a);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    const renewed = (await getToken({ forceRefresh: false })) as { token: string };
    expect(renewed.token).not.toBe(a?.token);
    expect(calls).toEqual([EXCHANGE, EXCHANGE]);
  });

  it('gets a new user token when the API refuses the expired one, and the call goes through', async () => {
    const { calls, fetch } = counting();
    const client = createDatabaseApiClient({
      baseUrl: mock.url,
      getToken: userTokenProvider({ apiToken, authUrl: `${mock.origin}/v1`, fetch }),
      fetch,
    });
    expect((await client.databases.get(pg.addonId)).id).toBe(pg.addonId);
    // An hour passes on the mock's clock only: the client still holds the old token and sends it.
    mock.advanceTime(60 * 60_000);
    expect((await client.databases.get(pg.addonId)).id).toBe(pg.addonId);
    const read = `GET /api/databases/${pg.addonId}`;
    // The second read is refused (401), the token exchanged again, and the read sent once more.
    expect(calls).toEqual([EXCHANGE, read, read, EXCHANGE, read]);
  });

  it('fails with AuthenticationError (401) on a bad API token, which appears nowhere in the error', async () => {
    const bad = 'tk-us-not-an-account-of-the-mock';
    const error = await Promise.resolve(
      userTokenProvider({ apiToken: bad, authUrl: `${mock.origin}/v1` })({ forceRefresh: false }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, body: { error: expect.any(String) } });
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(bad);
  });

  it('refuses options it cannot use, naming them', () => {
    expect(() => userTokenProvider({ apiToken: '' })).toThrow(
      /userTokenProvider: `apiToken` must be a non-empty/,
    );
    expect(() => userTokenProvider({ apiToken, refreshMarginMs: 3_600_000 })).toThrow(/`refreshMarginMs`/);
    expect(() => userTokenProvider({ apiToken, timeoutMs: 0 })).toThrow(/`timeoutMs`/);
  });
});

describe('addonTokenProvider against the mock', () => {
  const provider = (fetch?: typeof globalThis.fetch, app = pg.app) =>
    addonTokenProvider({
      apiToken,
      app,
      addonId: pg.addonId,
      authUrl: `${mock.origin}/v1`,
      apiUrl: `${mock.origin}/v1`,
      ...(fetch ? { fetch } : {}),
    });

  it('exchanges, then asks for the add-on token, and renews it five minutes before its hour ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const { calls, fetch } = counting();
    const getToken = provider(fetch);
    const first = (await getToken({ forceRefresh: false })) as { token: string; expiresAt: number };
    const addonToken = `POST /v1/apps/${pg.app}/addons/${pg.addonId}/token`;
    expect(calls).toEqual([EXCHANGE, addonToken]);
    vi.setSystemTime(Date.now() + 54 * 60_000);
    expect(await getToken({ forceRefresh: false })).toBe(first);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect(((await getToken({ forceRefresh: false })) as { token: string }).token).not.toBe(first.token);
    expect(calls).toEqual([EXCHANGE, addonToken, EXCHANGE, addonToken]);
  });

  it('gets a new add-on token when the API refuses the expired one, and the call goes through', async () => {
    const { calls, fetch } = counting();
    const client = createDatabaseApiClient({ baseUrl: mock.url, getToken: provider(fetch), fetch });
    expect((await client.backups.list(pg.addonId)).length).toBeGreaterThan(0);
    mock.advanceTime(60 * 60_000);
    expect((await client.backups.list(pg.addonId)).length).toBeGreaterThan(0);
    const addonToken = `POST /v1/apps/${pg.app}/addons/${pg.addonId}/token`;
    const list = `GET /api/databases/${pg.addonId}/backups`;
    expect(calls).toEqual([EXCHANGE, addonToken, list, list, EXCHANGE, addonToken, list]);
  });

  it('fails with AuthenticationError on a bad API token and NotFoundError for an add-on of another app', async () => {
    const bad = addonTokenProvider({
      apiToken: 'tk-us-wrong-0000',
      app: pg.app,
      addonId: pg.addonId,
      authUrl: `${mock.origin}/v1`,
      apiUrl: `${mock.origin}/v1`,
    });
    await expect(Promise.resolve(bad({ forceRefresh: false }))).rejects.toBeInstanceOf(AuthenticationError);
    const error = await Promise.resolve(provider(undefined, 'not-its-app')({ forceRefresh: false })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, body: { resource: 'addon' } });
  });
});
