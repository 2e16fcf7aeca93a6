import { describe, expect, it } from 'vitest';
import { defaultApiToken } from '../src/accounts.js';
import { createMockApi, type MockServer, SeedError, startMockServer } from '../src/index.js';
import { defaultSeed } from '../src/seed.js';
import { MYSQL, PG, REDIS, useMock } from './helpers.js';

const { server } = useMock();

const basic = (apiToken: string, user = '') =>
  `Basic ${Buffer.from(`${user}:${apiToken}`).toString('base64')}`;

async function post(mock: MockServer, path: string, authorization?: string) {
  const res = await fetch(`${mock.origin}${path}`, {
    method: 'POST',
    headers: authorization ? { authorization } : {},
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: JSON.parse(text) };
}

async function getDatabase(mock: MockServer, addonId: string, token: string) {
  return (await fetch(`${mock.url}/databases/${addonId}`, { headers: { authorization: `Bearer ${token}` } }))
    .status;
}

function claims(jwt: string) {
  const [header, payload, signature] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
    signature,
  };
}

describe('POST /v1/tokens/exchange (the auth API)', () => {
  it('exchanges the API token of the default account for an unsigned JWT that expires in one hour', async () => {
    const [account] = server().accounts();
    expect(account?.apiToken).toBe(defaultApiToken());
    const before = Math.floor(Date.now() / 1000);
    const res = await post(server(), '/v1/tokens/exchange', basic(account?.apiToken ?? ''));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['token']);
    const { header, payload, signature } = claims(res.body.token);
    expect(header).toEqual({ alg: 'none', typ: 'JWT' });
    expect(signature).toBe('');
    expect(payload.exp - payload.iat).toBe(3600);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  it('takes any user name, as the real API does, and refuses bad credentials with 401 JSON', async () => {
    const apiToken = defaultApiToken();
    expect((await post(server(), '/v1/tokens/exchange', basic(apiToken, 'someone'))).status).toBe(200);
    for (const authorization of [
      undefined,
      basic('tk-us-wrong'),
      'Basic %%%',
      `Bearer ${apiToken}`,
      'Basic Og==',
    ]) {
      const res = await post(server(), '/v1/tokens/exchange', authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.type).toContain('application/json');
      expect(res.body.error).toEqual(expect.any(String));
    }
    const get = await fetch(`${server().origin}/v1/tokens/exchange`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('gives a user token that opens every database of the account on /api, and expires after an hour', async () => {
    const mock = await startMockServer({ timings: 'manual' });
    try {
      const { body } = await post(mock, '/v1/tokens/exchange', basic(defaultApiToken()));
      for (const { addonId } of mock.databases())
        expect(await getDatabase(mock, addonId, body.token)).toBe(200);
      // The mock clock is the wall clock plus what the test advanced: a minute short of the hour
      // leaves room for a slow machine between the exchange and this request.
      mock.advanceTime(3_600_000 - 60_000);
      expect(await getDatabase(mock, PG, body.token)).toBe(200);
      mock.advanceTime(60_000);
      expect(await getDatabase(mock, PG, body.token)).toBe(401);
    } finally {
      await mock.close();
    }
  });
});

describe('POST /v1/apps/{app}/addons/{addon_id}/token (the main API)', () => {
  async function userToken(mock = server(), apiToken = defaultApiToken()) {
    return (await post(mock, '/v1/tokens/exchange', basic(apiToken))).body.token as string;
  }

  it("gives the add-on's database token for the user bearer; it opens that database only", async () => {
    const bearer = await userToken();
    const res = await post(server(), `/v1/apps/shop-production/addons/${PG}/token`, `Bearer ${bearer}`);
    expect(res.status).toBe(200);
    expect(res.body.addon).toMatchObject({ id: PG, token: expect.any(String) });
    expect(await getDatabase(server(), PG, res.body.addon.token)).toBe(200);
    expect(await getDatabase(server(), REDIS, res.body.addon.token)).toBe(404);
  });

  it('answers 404 for an add-on of another app, and 401 JSON without a valid user bearer', async () => {
    const bearer = await userToken();
    const wrongApp = await post(server(), `/v1/apps/blog-staging/addons/${PG}/token`, `Bearer ${bearer}`);
    expect(wrongApp).toMatchObject({ status: 404, body: { resource: 'addon', error: 'not found' } });
    const unknown = await post(server(), '/v1/apps/shop-production/addons/ad-nope/token', `Bearer ${bearer}`);
    expect(unknown.status).toBe(404);
    for (const authorization of [
      undefined,
      'Bearer nope',
      `Bearer ${server().tokenFor(PG)}`,
      basic(defaultApiToken()),
    ]) {
      const res = await post(server(), `/v1/apps/shop-production/addons/${PG}/token`, authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.body.error).toEqual(expect.any(String));
    }
  });

  it('issues database tokens that expire after one hour of the mock clock', async () => {
    const mock = await startMockServer({ timings: 'manual' });
    try {
      const bearer = await userToken(mock);
      const { body } = await post(mock, `/v1/apps/blog-staging/addons/${MYSQL}/token`, `Bearer ${bearer}`);
      // A minute short of the hour: room for a slow machine (the mock clock runs with the wall's).
      mock.advanceTime(3_600_000 - 60_000);
      expect(await getDatabase(mock, MYSQL, body.addon.token)).toBe(200);
      mock.advanceTime(60_000);
      expect(await getDatabase(mock, MYSQL, body.addon.token)).toBe(401);
      // The user token expired at the same moment: the main API refuses it too.
      const again = await post(mock, `/v1/apps/blog-staging/addons/${MYSQL}/token`, `Bearer ${bearer}`);
      expect(again.status).toBe(401);
    } finally {
      await mock.close();
    }
  });

  it('forgets user tokens on reset', async () => {
    const bearer = await userToken();
    server().reset();
    expect(await getDatabase(server(), PG, bearer)).toBe(401);
  });
});

describe('seed accounts', () => {
  const api = createMockApi({ timings: 'manual' });
  const seed = defaultSeed(api.model);

  it('open exactly the databases each account lists', async () => {
    const mock = await startMockServer({
      timings: 'manual',
      seed: {
        ...seed,
        accounts: [
          { api_token: 'tk-us-alice-0001', databases: [PG, REDIS] },
          { api_token: 'tk-us-bob-0002', databases: [MYSQL] },
        ],
      },
    });
    try {
      expect(mock.accounts()).toEqual([
        { apiToken: 'tk-us-alice-0001', databases: [PG, REDIS] },
        { apiToken: 'tk-us-bob-0002', databases: [MYSQL] },
      ]);
      const alice = (await post(mock, '/v1/tokens/exchange', basic('tk-us-alice-0001'))).body.token;
      expect(await Promise.all([PG, REDIS, MYSQL].map((id) => getDatabase(mock, id, alice)))).toEqual([
        200, 200, 404,
      ]);
      const denied = await post(mock, `/v1/apps/blog-staging/addons/${MYSQL}/token`, `Bearer ${alice}`);
      expect(denied.status).toBe(404);
      expect((await post(mock, '/v1/tokens/exchange', basic(defaultApiToken()))).status).toBe(401);
    } finally {
      await mock.close();
    }
  });

  it('are refused with the JSON path of each problem', () => {
    const make = (accounts: unknown) => () =>
      createMockApi({ seed: { ...seed, accounts } as never, seedSource: 'seed.json' });
    expect(make([{ api_token: 'tk-us-a-0001', databases: ['ad-missing'] }])).toThrow(
      /\$\.accounts\[0\]\.databases\[0\]: no seeded database has the addon_id "ad-missing"/,
    );
    expect(
      make([
        { api_token: 'tk-us-a-0001', databases: [PG, PG] },
        { api_token: 'tk-us-a-0001', databases: [] },
      ]),
    ).toThrow(
      /\$\.accounts\[0\]\.databases\[1\]: lists .* twice[\s\S]*\$\.accounts\[1\]\.api_token: duplicates/,
    );
    expect(make([{ api_token: 'has space', databases: [] }])).toThrow(SeedError);
    expect(make([{ api_token: 'has space', databases: [] }])).toThrow(/\$\.accounts\[0\]\.api_token/);
    expect(make([{ databases: [] }])).toThrow(/\$\.accounts\[0\]/);
  });
});
