// The client against the mock server of @scalingo-db-api/mock, which validates every request and
// answer against the spec: what passes here is what the contract says.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer } from '@scalingo-db-api/mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createDatabaseApiClient,
  type DatabaseApiClient,
  type DownloadProgress,
  downloadBackup,
  NotFoundError,
  paginate,
  ValidationError,
  waitForBackup,
  waitForOperation,
} from '../src/index.js';
// The `@scalingo-db-api/client/node` entry, from the sources like the rest of this file: the
// client it is given must come from the same module instance.
import { downloadBackup as downloadBackupToFile } from '../src/node.js';
import { json, startServer, type TestServer } from './helpers/server.js';

type Mock = Awaited<ReturnType<typeof startMockServer>>;
let mock: Mock;
let pg: { addonId: string; token: string };
let client: DatabaseApiClient;
const fastWait = { intervalMs: 10, maxIntervalMs: 50 };
/** The mock serves backup archives cut to this size, to keep the downloads short. */
const ARCHIVE_MAX_BYTES = 3 * 1024 * 1024;

beforeAll(async () => {
  mock = await startMockServer({
    port: 0,
    host: '127.0.0.1',
    archiveMaxBytes: ARCHIVE_MAX_BYTES,
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
    // The README's Errors section shows this very answer.
    const [problem] = (invalid as ValidationError).fieldErrors.name ?? [];
    expect(readFileSync(join(import.meta.dirname, '../README.md'), 'utf8')).toContain(
      `console.log(error.fieldErrors); // { name: ['${problem}'] } from the mock`,
    );

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

  it('takes a backup, waits for it, and streams it from the mock pre-signed URL without the token', async () => {
    mock.advanceBackups(); // the seed's running backup would answer 409 to a new one
    const backup = await client.backups.create(pg.addonId);
    expect(backup.status).toBe('scheduled');
    const seen: string[] = [];
    const done = await waitForBackup(client, pg.addonId, backup.id, {
      ...fastWait,
      onUpdate: (b) => seen.push(String(b.status)),
    });
    expect(done.status).toBe('done');
    expect(seen.at(-1)).toBe('done');
    let received = 0;
    const result = await downloadBackup(
      client,
      pg.addonId,
      done.id,
      new WritableStream({
        write: (chunk) => {
          received += chunk.byteLength;
        },
      }),
    );
    expect(result.url).toMatch(/\/_presigned\/backups\//);
    expect(result.totalBytes).toBe(Math.min(done.size ?? 0, ARCHIVE_MAX_BYTES));
    expect(result.bytes).toBe(result.totalBytes);
    expect(received).toBe(result.bytes);
  });

  it('downloads a backup to a file with the Node helper, with progress, and never sends the bearer to the pre-signed host', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'client-download-'));
    try {
      mock.advanceBackups(); // the seed's running backup would answer 409 to a new one
      const backup = await client.backups.create(pg.addonId);
      await waitForBackup(client, pg.addonId, backup.id, fastWait);
      const target = join(dir, 'backup.tar.gz');
      const progress: DownloadProgress[] = [];
      const result = await downloadBackupToFile(client, pg.addonId, backup.id, target, {
        onProgress: (p) => progress.push({ ...p }),
      });

      // What the pre-signed host announces for this archive, asked without a bearer.
      const { download_url } = await client.backups.getArchiveUrl(pg.addonId, backup.id);
      const head = await fetch(download_url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      const contentLength = Number(head.headers.get('content-length'));
      expect(contentLength).toBeGreaterThan(0);

      expect(result.path).toBe(target);
      expect((await stat(target)).size).toBe(contentLength);
      expect(result.bytes).toBe(contentLength);
      expect(result.totalBytes).toBe(contentLength);
      await expect(stat(`${target}.partial`)).rejects.toMatchObject({ code: 'ENOENT' });

      expect(progress.length).toBeGreaterThan(1);
      expect(progress.map((p) => p.bytes)).toEqual([...progress.map((p) => p.bytes)].sort((a, b) => a - b));
      expect(progress.at(-1)).toEqual({ bytes: contentLength, totalBytes: contentLength, percent: 100 });

      // The mock refuses any request to a pre-signed URL that carries an Authorization header
      // (400), so the successful download above proves the client sent none.
      const withBearer = await fetch(download_url, { headers: { authorization: `Bearer ${pg.token}` } });
      expect(withBearer.status).toBe(400);
      expect((await withBearer.json()).code).toBe('authorization_not_allowed');
      expect(mock.violations).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
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
