// The client against the mock server of @scalingo-db-api/mock, which validates every request and
// answer against the spec: what passes here is what the contract says.
import { startMockServer } from '@scalingo-db-api/mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createDatabaseApiClient,
  type DatabaseApiClient,
  downloadBackup,
  NotFoundError,
  paginate,
  ValidationError,
  waitForBackup,
  waitForOperation,
} from '../src/index.js';
import { json, startServer, type TestServer } from './helpers/server.js';

type Mock = Awaited<ReturnType<typeof startMockServer>>;
let mock: Mock;
let pg: { addonId: string; token: string };
let client: DatabaseApiClient;
const fastWait = { intervalMs: 10, maxIntervalMs: 50 };

beforeAll(async () => {
  mock = await startMockServer({
    port: 0,
    host: '127.0.0.1',
    timings: { backupScheduledMs: 20, backupRunningMs: 40, operationPendingMs: 20, operationRunningMs: 40 },
  });
  const found = mock.databases().find((d) => d.typeName === 'postgresql');
  if (!found) throw new Error('the mock has no PostgreSQL database');
  pg = found;
});
afterAll(() => mock?.close());
beforeEach(() => {
  mock.reset();
  mock.faults.clear();
  client = createDatabaseApiClient({ baseUrl: mock.url, token: pg.token, retry: { initialDelayMs: 5 } });
});

describe('against the mock server', () => {
  it('reads a database, unwrapped, with the fields the spec promises', async () => {
    const db = await client.databases.get(pg.addonId);
    expect(db.id).toBe(pg.addonId);
    expect(db.type_name).toBe('postgresql');
    expect(typeof db.status).toBe('string');
    expect(Array.isArray(db.instances)).toBe(true);
    expect(mock.violations).toEqual([]);
  });

  it('calls every read-only operation of the PostgreSQL database without a contract violation', async () => {
    const db = await client.databases.get(pg.addonId);
    const [backup] = await client.backups.list(pg.addonId);
    const [maintenance] = await client.maintenance.list(pg.addonId);
    const instance = db.instances[0];
    const results = await Promise.all([
      client.databases.getPlan(pg.addonId),
      client.databases.listInstancesStatus(pg.addonId),
      client.pitr.getRecoveryWindow(pg.addonId),
      client.users.list(pg.addonId),
      client.firewall.list(pg.addonId),
      client.firewall.listManagedRanges(),
      client.metrics.get(pg.addonId),
      client.metrics.getSeries(pg.addonId, 'cpu', { query: { since: 2 } }),
      instance ? client.metrics.getInstanceSeries(pg.addonId, instance.id, 'memory') : null,
      client.logs.getUrl(pg.addonId),
      client.logs.listArchives(pg.addonId),
      client.catalogue.listDatabaseTypes(),
      client.catalogue.getDatabaseType(db.type_id),
      client.catalogue.getDatabaseTypeVersion(db.version_id),
      backup ? client.backups.get(pg.addonId, backup.id) : null,
      backup ? client.backups.getById(backup.id) : null,
      maintenance ? client.maintenance.get(pg.addonId, maintenance.id) : null,
    ]);
    expect(results.every((r) => r !== undefined)).toBe(true);
    expect(mock.violations).toEqual([]);
  });

  it('serves the CA certificate without a token', async () => {
    const pem = await client.catalogue.getCaCertificate();
    expect(pem).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('manages users: rooted bodies in, unwrapped users out, 204 on delete', async () => {
    const created = await client.users.create(pg.addonId, { name: 'audit-reader', read_only: true });
    expect(created).toMatchObject({ name: 'audit-reader', read_only: true });
    expect(typeof created.password).toBe('string');
    const password = 'Vw3Kd8Rt6Np2Lx9Qz5Hb7Mf4Gc1Y';
    await client.users.update(pg.addonId, 'audit-reader', { password, password_confirmation: password });
    const reset = await client.users.resetPassword(pg.addonId, 'audit-reader');
    expect(reset.password).not.toBe(password);
    expect((await client.users.list(pg.addonId)).map((u) => u.name)).toContain('audit-reader');
    await expect(client.users.delete(pg.addonId, 'audit-reader')).resolves.toBeUndefined();
    expect((await client.users.list(pg.addonId)).map((u) => u.name)).not.toContain('audit-reader');
  });

  it('turns the mock refusals into typed errors', async () => {
    const invalid = await client.users
      .create(pg.addonId, { name: 'x', read_only: true })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(Object.keys((invalid as ValidationError).fieldErrors)).toContain('name');

    await client.users.create(pg.addonId, { name: 'twice-user', read_only: false });
    await expect(
      client.users.create(pg.addonId, { name: 'twice-user', read_only: false }),
    ).rejects.toBeInstanceOf(ConflictError);

    const missing = await client.databases
      .get('ad-00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).resource).toBe('database');
  });

  it('takes a backup, waits for it, and downloads it without the token', async () => {
    const store = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '5' });
      res.end('hello');
    });
    try {
      const c = createDatabaseApiClient({
        baseUrl: mock.url,
        token: pg.token,
        // The mock's pre-signed host does not exist: send it to a local server instead.
        fetch: (input, init) =>
          fetch(String(input).replace(/^https:\/\/backups\.scalingo-db-api\.invalid/, store.origin), init),
      });
      const backup = await c.backups.create(pg.addonId);
      expect(backup.status).toBe('scheduled');
      const seen: string[] = [];
      const done = await waitForBackup(c, pg.addonId, backup.id, {
        ...fastWait,
        onUpdate: (b) => seen.push(String(b.status)),
      });
      expect(done.status).toBe('done');
      expect(seen.at(-1)).toBe('done');
      const chunks: Uint8Array[] = [];
      const result = await downloadBackup(
        c,
        pg.addonId,
        done.id,
        new WritableStream({ write: (ch) => void chunks.push(ch) }),
      );
      expect(result.bytes).toBe(5);
      expect(store.requests[0]?.headers.authorization).toBeUndefined();
      expect(store.requests[0]?.url).toMatch(/signature=/);
    } finally {
      await store.close();
    }
  });

  it('upgrades the database and waits for the operation to finish', async () => {
    const started = await client.databases.upgrade(pg.addonId);
    const finished = await waitForOperation(client, started.operation_id, fastWait);
    expect(finished.status).toBe('finished');
    const scoped = await waitForOperation(client, started.operation_id, {
      ...fastWait,
      databaseId: pg.addonId,
    });
    expect(scoped.id).toBe(started.operation_id);
  });

  it('paginates the maintenance list and the logs archives', async () => {
    const all = await client.maintenance.list(pg.addonId, { query: { per_page: 100 } });
    const paged = [];
    for await (const m of paginate(client, 'listMaintenance', pg.addonId, { query: { per_page: 1 } }))
      paged.push(m);
    expect(paged.map((m) => m.id)).toEqual(all.map((m) => m.id));
    expect(all.length).toBeGreaterThan(1);

    const archives = [];
    for await (const a of paginate(client, 'listLogsArchives', pg.addonId, { maxPages: 3 })) archives.push(a);
    expect(archives.length).toBeGreaterThan(0);
    expect(new Set(archives.map((a) => a.url)).size).toBe(archives.length);
  });

  it('retries through injected 429 (Retry-After), 503 and dropped connections', async () => {
    mock.faults.set([
      { match: 'getDatabase', kind: 'rate-limit', retryAfter: 1, times: 1 },
      { match: 'listBackups', kind: 'unavailable', times: 2 },
      { match: 'getDatabasePlan', kind: 'drop', times: 1 },
    ]);
    const started = performance.now();
    await expect(client.databases.get(pg.addonId)).resolves.toMatchObject({ id: pg.addonId });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    await expect(client.backups.list(pg.addonId)).resolves.toBeInstanceOf(Array);
    await expect(client.databases.getPlan(pg.addonId)).resolves.toBeDefined();
  });

  it('renews an expired token through getToken and goes on', async () => {
    let calls = 0;
    const c = createDatabaseApiClient({
      baseUrl: mock.url,
      getToken: () => {
        calls++;
        return mock.issueToken(pg.addonId, 60_000);
      },
    });
    await c.databases.get(pg.addonId);
    mock.advanceTime(61_000);
    await expect(c.databases.get(pg.addonId)).resolves.toMatchObject({ id: pg.addonId });
    expect(calls).toBe(2);
  });

  it('talks to the mock through the typed client by path as well', async () => {
    const { data, error, response } = await client.GET('/databases/{database_id}/backups', {
      params: { path: { database_id: pg.addonId } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(Array.isArray(data?.database_backups)).toBe(true);
  });
});

describe('the test server helper', () => {
  let s: TestServer;
  afterAll(() => s?.close());
  it('answers JSON (sanity check of the helper used above)', async () => {
    s = await startServer((_req, res) => json(res, 200, { ok: true }));
    expect(await (await fetch(s.origin)).json()).toEqual({ ok: true });
  });
});
