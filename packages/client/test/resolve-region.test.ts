import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseClientError, hosts, resolveRegion } from '../src/index.js';
import { json, startServer, type TestServer } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The auth API's regions list, as go-scalingo's `Region` and scalingo.js's `Region` read it. */
async function auth(regions: unknown, status = 200) {
  const server = await startServer((req, res) =>
    req.method === 'GET' && req.url === '/v1/regions' ? json(res, status, regions) : json(res, 404, {}),
  );
  servers.push(server);
  return server;
}

describe('resolveRegion', () => {
  it('answers the regions of the spec from the spec, without a request', async () => {
    const server = await auth({ regions: [] });
    for (const region of Object.keys(hosts)) {
      expect(await resolveRegion(region, { authUrl: `${server.origin}/v1` })).toEqual(
        hosts[region as keyof typeof hosts],
      );
    }
    expect(server.requests).toEqual([]);
  });

  it("finds a region the spec does not list in the auth API's regions list", async () => {
    const server = await auth({
      regions: [
        {
          name: 'osc-fr1',
          api: 'https://api.osc-fr1.scalingo.com',
          database_api: 'https://db-api.osc-fr1.scalingo.com',
        },
        {
          name: 'osc-de1',
          display_name: 'Somewhere new',
          api: 'https://api.osc-de1.scalingo.com',
          database_api: 'https://db-api.osc-de1.scalingo.com/',
          dashboard: 'https://dashboard.osc-de1.scalingo.com',
          default: false,
        },
      ],
    });
    expect(await resolveRegion('osc-de1', { authUrl: `${server.origin}/v1/` })).toEqual({
      'db-api': 'https://db-api.osc-de1.scalingo.com/api',
      api: 'https://api.osc-de1.scalingo.com/api',
    });
    expect(
      server.requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization ?? 'no auth'}`),
    ).toEqual(['GET /v1/regions no auth']);
  });

  it('refuses an unknown region, a list without it, and hosts that are not plain origins, naming the field', async () => {
    const listed = (entry: object) => auth({ regions: [{ name: 'osc-de1', ...entry }] });
    const fails = async (server: TestServer, pattern: RegExp) => {
      const error = await resolveRegion('osc-de1', { authUrl: `${server.origin}/v1` }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DatabaseClientError);
      expect((error as Error).message).toMatch(pattern);
    };
    await fails(
      await auth({ regions: [{ name: 'osc-fr1' }] }),
      /no region named "osc-de1" \(listed: osc-fr1\)/,
    );
    await fails(await auth({ nope: true }), /the answer has no regions list/);
    const good = { api: 'https://api.x.test', database_api: 'https://db-api.x.test' };
    await fails(
      await listed({ ...good, database_api: 'https://db-api.x.test/elsewhere' }),
      /`database_api` must be/,
    );
    await fails(await listed({ ...good, api: 'https://api.x.test/?next=evil' }), /`api` must be/);
    await fails(await listed({ ...good, api: 'javascript:alert(1)' }), /`api` must be/);
    await fails(await listed({ ...good, api: 'https://user:pw@api.x.test' }), /`api` must be/);
    await fails(await listed({ ...good, database_api: 42 }), /`database_api` must be .*got 42/);
    await expect(resolveRegion('')).rejects.toThrow(/`region` must be a non-empty string/);
  });

  it('accepts http hosts only from an auth API reached over http (a local mock)', async () => {
    const server = await auth({
      regions: [{ name: 'local', api: 'http://127.0.0.1:1', database_api: 'http://127.0.0.1:2' }],
    });
    expect(await resolveRegion('local', { authUrl: `${server.origin}/v1` })).toEqual({
      'db-api': 'http://127.0.0.1:2/api',
      api: 'http://127.0.0.1:1/api',
    });
  });

  it('turns an error status of the auth API into the typed error', async () => {
    const server = await auth({ error: 'down' }, 503);
    await expect(resolveRegion('osc-de1', { authUrl: `${server.origin}/v1` })).rejects.toMatchObject({
      status: 503,
    });
  });
});
