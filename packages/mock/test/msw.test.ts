import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMswHandlers } from '../src/msw.js';
import { PG } from './helpers.js';

const mock = createMswHandlers({ timings: 'manual' });
const override = mock.http.get('/databases/{database_id}/plan', ({ params, response }) =>
  response(404).json({ resource: 'plan', error: `no plan for ${params.database_id}` }),
);
const server = setupServer(...mock.handlers);
const base = mock.baseUrl;
const auth = { authorization: `Bearer ${mock.api.tokenFor(PG)}` };

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  mock.api.faults.clear();
  mock.api.reset();
});
afterAll(() => server.close());

describe('MSW handlers', () => {
  it('intercept requests to the spec server URL and answer from the mock state', async () => {
    expect(base).toBe('https://db-api.osc-fr1.scalingo.com/api');
    const res = await fetch(`${base}/databases/${PG}`, { headers: auth });
    expect(res.status).toBe(200);
    expect((await res.json()).database.id).toBe(PG);
  });

  it('share the state and the hooks of the mock', async () => {
    mock.api.advanceBackups(); // the seed's running backup would answer 409 to a new one
    const created = await fetch(`${base}/databases/${PG}/backups`, { method: 'POST', headers: auth });
    const { database_backup } = await created.json();
    mock.api.advanceBackups();
    const read = await fetch(`${base}/backups/${database_backup.id}`, { headers: auth });
    expect((await read.json()).database_backup.status).toBe('done');
  });

  it('validate requests like the server', async () => {
    const res = await fetch(`${base}/databases/${PG}/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ database_user: { name: 'x', read_only: true } }),
    });
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).errors)).toEqual(['name']);
    expect((await fetch(`${base}/databases/${PG}`)).status).toBe(401);
  });

  it('answer 404 and 405 for what the spec does not have', async () => {
    expect((await fetch(`${base}/nothing`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/databases/${PG}`, { method: 'DELETE', headers: auth })).status).toBe(405);
  });

  it('point the upgrade Location at the intercepted base URL', async () => {
    const res = await fetch(`${base}/databases/${PG}/upgrade`, { method: 'POST', headers: auth });
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`${base}/operations/`)).toBe(true);
    expect((await fetch(location, { headers: auth })).status).toBe(200);
  });

  it('inject faults: 429 with Retry-After, and a network error for a dropped connection', async () => {
    mock.api.faults.set([{ match: 'getDatabase', kind: 'rate-limit', retryAfter: 12, times: 1 }]);
    const limited = await fetch(`${base}/databases/${PG}`, { headers: auth });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('12');
    mock.api.faults.set([{ match: 'getDatabase', kind: 'drop', times: 1 }]);
    await expect(fetch(`${base}/databases/${PG}`, { headers: auth })).rejects.toThrow();
  });

  it('let a test override one operation with the typed http helper', async () => {
    server.use(override);
    const res = await fetch(`${base}/databases/${PG}/plan`, { headers: auth });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe(`no plan for ${PG}`);
  });

  it('serve the pre-signed backup archive and logs on the same host, refusing a bearer', async () => {
    mock.api.advanceBackups(); // the seed's running backup would answer 409 to a new one
    const created = await fetch(`${base}/databases/${PG}/backups`, { method: 'POST', headers: auth });
    const { database_backup } = await created.json();
    mock.api.advanceBackups();
    const archive = await fetch(`${base}/databases/${PG}/backups/${database_backup.id}/archive`, {
      headers: auth,
    });
    const { download_url } = await archive.json();
    expect(download_url.startsWith('https://db-api.osc-fr1.scalingo.com/_presigned/backups/')).toBe(true);
    const res = await fetch(download_url);
    expect(res.status).toBe(200);
    const length = Number(res.headers.get('content-length'));
    expect(length).toBeGreaterThan(0);
    expect((await res.arrayBuffer()).byteLength).toBe(length);
    expect((await fetch(download_url, { headers: auth })).status).toBe(400);
    const logs = await (await fetch(`${base}/databases/${PG}/logs`, { headers: auth })).json();
    expect(await (await fetch(logs.url)).text()).toMatch(/\n$/);
  });

  it('serve a relative base URL as a browser app would use it', async () => {
    const local = createMswHandlers({ baseUrl: 'http://localhost:5173/db', api: mock.api });
    server.use(...local.handlers);
    const res = await fetch(`http://localhost:5173/db/databases/${PG}/upgrade`, {
      method: 'POST',
      headers: auth,
    });
    expect(res.headers.get('location')).toMatch(/^http:\/\/localhost:5173\/db\/operations\//);
    expect(mock.api.violations).toEqual([]);
  });
});
