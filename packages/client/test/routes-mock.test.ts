// Both routes to the Database API — each kind of host of a region with each kind of token —
// through the client, against the mock, which serves /api and both token endpoints on one
// origin. The client resolves the real Scalingo URL of each host from the spec; a fetch that
// sends every request for a Scalingo host to the mock instead (and refuses any other host)
// stands in for the network, and records where the client meant to go.
import { startMockServer } from '@scalingo-db-api/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addonTokenProvider,
  createDatabaseApiClient,
  type GetToken,
  type HostKind,
  hosts,
  type Region,
  userTokenProvider,
} from '../src/index.js';

type Mock = Awaited<ReturnType<typeof startMockServer>>;
let mock: Mock;
let account: { apiToken: string; databases: string[] };
beforeAll(async () => {
  mock = await startMockServer({ timings: 'manual' });
  const [first] = mock.accounts();
  if (!first) throw new Error('the mock has no account');
  account = first;
});
afterAll(() => mock?.close());

/** Where the client meant to send each request, and the bearer it sent. */
interface Sent {
  url: string;
  authorization: string | null;
}

/** A fetch that sends requests for Scalingo's API hosts to the mock, and refuses any other. */
function toMock(sent: Sent[]): typeof fetch {
  const scalingo = new Set(
    Object.values(hosts).flatMap((byKind) => Object.values(byKind).map((u) => new URL(u).origin)),
  );
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!scalingo.has(url.origin)) throw new TypeError(`the test refuses to reach ${url.origin}`);
    sent.push({ url: request.url, authorization: request.headers.get('authorization') });
    return fetch(`${mock.origin}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.body ? await request.arrayBuffer() : undefined,
      signal: request.signal,
    });
  };
}

const isJwt = (token: string) => token.split('.').length === 3;

const tokenKinds: Record<'add-on token' | 'user token', (addonId: string, app: string) => GetToken> = {
  'add-on token': (addonId, app) =>
    addonTokenProvider({
      apiToken: account.apiToken,
      app,
      addonId,
      authUrl: `${mock.origin}/v1`,
      apiUrl: `${mock.origin}/v1`,
    }),
  'user token': () => userTokenProvider({ apiToken: account.apiToken, authUrl: `${mock.origin}/v1` }),
};

const cases = Object.keys(hosts).flatMap((region) =>
  (Object.keys(hosts[region as Region]) as HostKind[]).flatMap((host) =>
    (Object.keys(tokenKinds) as (keyof typeof tokenKinds)[]).map(
      (kind) => [region as Region, host, kind] as const,
    ),
  ),
);

describe('each host kind with each kind of token, against the mock', () => {
  it('covers every region and host kind of the spec with both kinds of token', () => {
    expect(cases.length).toBe(Object.keys(hosts).length * 2 * 2);
    expect(new Set(cases.map(([, host]) => host))).toEqual(new Set(['db-api', 'api']));
  });

  it.each(cases)('%s, %s host, %s: reads a database and lists its backups', async (region, host, kind) => {
    const pg = mock.databases().find((d) => d.typeName === 'postgresql');
    if (!pg) throw new Error('the mock has no PostgreSQL database');
    const sent: Sent[] = [];
    const client = createDatabaseApiClient({
      region,
      host,
      getToken: tokenKinds[kind](pg.addonId, 'shop-production'),
      fetch: toMock(sent),
    });
    expect(client.baseUrl).toBe(hosts[region][host]);
    const database = await client.databases.get(pg.addonId);
    expect(database.type_name).toBe('postgresql');
    expect(Array.isArray(await client.backups.list(pg.addonId))).toBe(true);
    expect(sent.map((s) => s.url)).toEqual([
      `${hosts[region][host]}/databases/${pg.addonId}`,
      `${hosts[region][host]}/databases/${pg.addonId}/backups`,
    ]);
    const bearer = sent[0]?.authorization?.replace(/^Bearer /, '') ?? '';
    expect(isJwt(bearer), 'a user token is a JWT, a database token of the mock is not').toBe(
      kind === 'user token',
    );
    expect(mock.violations).toEqual([]);
  });

  it('with a user token, opens every database of the account; with an add-on token, only its own', async () => {
    const [first, second] = account.databases;
    if (!first || !second) throw new Error('the default account has fewer than two databases');
    const user = createDatabaseApiClient({
      region: 'osc-fr1',
      host: 'api',
      getToken: tokenKinds['user token'](first, ''),
      fetch: toMock([]),
    });
    expect((await user.databases.get(first)).id).toBe(first);
    expect((await user.databases.get(second)).id).toBe(second);
    const app = mock.store.databases.get(first)?.database.app_name as string;
    const addon = createDatabaseApiClient({
      region: 'osc-fr1',
      getToken: tokenKinds['add-on token'](first, app),
      fetch: toMock([]),
    });
    expect((await addon.databases.get(first)).id).toBe(first);
    await expect(addon.databases.get(second)).rejects.toMatchObject({ status: 404 });
  });
});
