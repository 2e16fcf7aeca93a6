// A server can answer any call with a redirect. The client follows one only for GET (and HEAD)
// within the API's origin; any other is a RedirectError naming the status and the target host,
// and nothing, custom headers included, reaches the target.
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseApiClient, RedirectError } from '../src/index.js';
import { DB, database, json, startServer, type TestServer } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const TOKEN = 'tok-redirect-0123456789';

/** `elsewhere` answers like the API would; `api` redirects every call there (or as `redirect` says). */
async function setup(status: number, redirect?: (url: string, origin: string) => string) {
  const elsewhere = await startServer((_req, res) =>
    json(res, 200, { database: database(), database_backup: {} }),
  );
  const api = await startServer((req, res) => {
    const location = redirect ? redirect(req.url, api.origin) : `${elsewhere.origin}${req.url}`;
    if (req.url.startsWith('/api/moved/'))
      return json(res, 200, { database: database({ app_name: 'moved' }) });
    res.writeHead(status, { location });
    res.end();
  });
  servers.push(elsewhere, api);
  const client = createDatabaseApiClient({
    baseUrl: api.baseUrl,
    token: TOKEN,
    headers: { 'x-team-secret': 'stays-with-the-api' },
    retry: false,
  });
  return { api, elsewhere, client };
}

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'to another origin, %i: a RedirectError naming the status and host, for GET and POST, and no request there',
    async (status) => {
      const { elsewhere, client } = await setup(status);
      const host = new URL(elsewhere.origin).host;
      for (const call of [() => client.databases.get(DB), () => client.backups.create(DB)]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RedirectError);
        expect(error).toMatchObject({ status, targetHost: host });
        expect((error as Error).message).toMatch(
          new RegExp(`answered ${status}: redirect to ${host} not followed`),
        );
      }
      expect(elsewhere.requests).toEqual([]);
    },
  );

  it('follows a GET redirected within the API origin, headers and token kept', async () => {
    const { api, client } = await setup(
      302,
      (url, origin) => `${origin}${url.replace('/api/', '/api/moved/')}`,
    );
    const db = await client.databases.get(DB);
    expect(db.app_name).toBe('moved');
    const [first, second] = api.requests;
    expect(second?.url).toBe(`/api/moved/databases/${DB}`);
    expect(second?.headers['x-team-secret']).toBe(first?.headers['x-team-secret']);
    expect(second?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('does not follow a POST redirected within the API origin (it would become a GET or be sent again)', async () => {
    const { api, client } = await setup(
      307,
      (url, origin) => `${origin}${url.replace('/api/', '/api/moved/')}`,
    );
    const error = await client.backups.create(DB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(api.requests).toHaveLength(1);
  });

  it('stops after a few same-origin hops', async () => {
    const { api, client } = await setup(302, (_url, origin) => `${origin}/api/loop/${Math.random()}`);
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(api.requests.length).toBeLessThanOrEqual(6);
  });

  it('hands the raw client the redirect answer, not the other origin’s', async () => {
    const { elsewhere, client } = await setup(302);
    const { data, response } = await client.GET('/databases/{database_id}', {
      params: { path: { database_id: DB } },
    });
    expect(response.status).toBe(302);
    expect(data).toBeUndefined();
    expect(elsewhere.requests).toEqual([]);
  });
});
