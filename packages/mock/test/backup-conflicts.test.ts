import { describe, expect, it } from 'vitest';
import { createMockApi, type MockApi, type SeedFile, startMockServer } from '../src/index.js';
import { defaultSeed } from '../src/seed.js';
import { MYSQL, PG, useMock } from './helpers.js';

const RUNNING_BACKUP = '65f3b9e0c1d2e3f4a5b6c7d8';
const { server, client } = useMock();
const model = createMockApi().model;

/** The default seed with changes to the entry of one database. */
function seedWith(addonId: string, change: (entry: SeedFile['databases'][number]) => void): SeedFile {
  const seed = structuredClone(defaultSeed(model));
  const entry = seed.databases.find((d) => d.addon_id === addonId);
  if (!entry) throw new Error(`the default seed has no ${addonId}`);
  change(entry);
  return seed;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field and assert on them
function post(api: MockApi, addonId: string, path: string): { status: number; json: any } {
  const res = api.handle({
    method: 'POST',
    url: `/api/databases/${addonId}${path}`,
    headers: { authorization: `Bearer ${api.tokenFor(addonId)}` },
    origin: 'http://127.0.0.1',
  });
  return { status: res.status, json: res.json };
}

describe('createBackup while something runs', () => {
  it('answers 409 while the seed’s running backup runs, and 201 once it is done', async () => {
    const refused = await client().call('POST', `/databases/${PG}/backups`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain(RUNNING_BACKUP);
    server().advanceBackups();
    expect((await client().call('POST', `/databases/${PG}/backups`)).status).toBe(201);
  });

  it('gives one 201 and 99 409s to 100 concurrent creations, and keeps one new backup', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => client().as(MYSQL).call('POST', `/databases/${MYSQL}/backups`)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    const list = (await client().as(MYSQL).call('GET', `/databases/${MYSQL}/backups`)).body.database_backups;
    expect(list.filter((b: { status: string }) => b.status === 'scheduled')).toHaveLength(1);
  });

  it('answers 409 while the previous manual backup is scheduled or running, not once it is done', async () => {
    const call = () => client().as(MYSQL).call('POST', `/databases/${MYSQL}/backups`);
    expect((await call()).status).toBe(201);
    expect((await call()).status).toBe(409);
    server().advanceBackups({ oneStep: true });
    expect((await call()).status).toBe(409);
    server().advanceBackups({ oneStep: true });
    expect((await call()).status).toBe(201);
  });

  it('answers 409 while a restoration or an operation runs on the database', async () => {
    server().advanceBackups();
    const restore = await client().call('POST', `/databases/${PG}/backups/65f1c0a2b3d4e5f6a7b8c9d0/restore`, {
      body: {},
    });
    expect(restore.status).toBe(201);
    const during = await client().call('POST', `/databases/${PG}/backups`);
    expect(during.status).toBe(409);
    expect(during.body.error).toMatch(/restoration/);
    server().settle();
    expect((await client().call('POST', `/databases/${PG}/upgrade`)).status).toBe(202);
    const upgrading = await client().call('POST', `/databases/${PG}/backups`);
    expect(upgrading.status).toBe(409);
    expect(upgrading.body.error).toMatch(/operation/);
  });

  it('answers 402 for a stopped (suspended) database', () => {
    const stopped = createMockApi({ seed: seedWith(MYSQL, (e) => (e.database.status = 'stopped')) });
    const refused = post(stopped, MYSQL, '/backups');
    expect(refused.status).toBe(402);
    expect(refused.json).toMatchObject({ name: 'free-trial' });
    expect(stopped.violations).toEqual([]);
  });

  it('answers 409 for a database in another transitional status', () => {
    const migrating = createMockApi({ seed: seedWith(MYSQL, (e) => (e.database.status = 'migrating')) });
    const refused = post(migrating, MYSQL, '/backups');
    expect(refused.status).toBe(409);
    expect(refused.json.error).toContain('migrating');
    expect(migrating.violations).toEqual([]);
  });
});

describe('restoreBackup while something runs', () => {
  const DONE_BACKUP = '65f1c0a2b3d4e5f6a7b8c9d0';
  const restore = () =>
    client().call('POST', `/databases/${PG}/backups/${DONE_BACKUP}/restore`, { body: {} });

  it('answers 409 while a backup runs, then one 201 of 50 concurrent restorations', async () => {
    const during = await restore();
    expect(during.status).toBe(409);
    expect(during.body.error).toContain(RUNNING_BACKUP);
    server().advanceBackups();
    const statuses = (await Promise.all(Array.from({ length: 50 }, restore))).map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    server().settle();
    expect((await restore()).status).toBe(201);
  });

  it('answers 409 while an operation runs', async () => {
    server().advanceBackups();
    expect((await client().call('POST', `/databases/${PG}/upgrade`)).status).toBe(202);
    const res = await restore();
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/operation/);
  });
});

describe('backup names', () => {
  it('are unique even for two backups asked for in the same second', () => {
    const now = Date.parse('2026-11-27T10:00:00.250Z');
    const api = createMockApi({ timings: 'manual', now: () => now });
    const first = post(api, MYSQL, '/backups');
    api.advanceBackups();
    const second = post(api, MYSQL, '/backups');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.json.database_backup.name).toBe('20261127100000_blog_stag_1717');
    expect(second.json.database_backup.name).toBe('20261127100001_blog_stag_1717');
  });
});

describe('backups the seed gives in progress', () => {
  it('finish on the mock’s clock: running is done backupRunningMs after start, then a new one is accepted', async () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const timed = await startMockServer({
      now: () => now,
      timings: { backupScheduledMs: 1000, backupRunningMs: 5000 },
    });
    try {
      const headers = { authorization: `Bearer ${timed.tokenFor(PG)}` };
      const status = async () =>
        (await (await fetch(`${timed.url}/backups/${RUNNING_BACKUP}`, { headers })).json()).database_backup;
      expect((await status()).status).toBe('running');
      now += 4999;
      expect((await status()).status).toBe('running');
      now += 1;
      const done = await status();
      expect(done.status).toBe('done');
      expect(done.size).toBeGreaterThan(0);
      const created = await fetch(`${timed.url}/databases/${PG}/backups`, { method: 'POST', headers });
      expect(created.status).toBe(201);
      expect(timed.violations).toEqual([]);
    } finally {
      await timed.close();
    }
  });

  it('start running when scheduled, and begin again after reset()', () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const seed = seedWith(PG, (entry) => {
      const backup = entry.backups?.find((b) => b.id === RUNNING_BACKUP);
      if (backup) Object.assign(backup, { status: 'scheduled', started_at: null });
    });
    const api = createMockApi({
      seed,
      now: () => now,
      timings: { backupScheduledMs: 1000, backupRunningMs: 2000 },
    });
    const read = () => api.store.findBackup(RUNNING_BACKUP)?.backup;
    now += 1000;
    api.advanceTime(0);
    expect(read()).toMatchObject({ status: 'running', started_at: '2026-11-27T10:00:01.000Z' });
    now += 2000;
    api.advanceTime(0);
    expect(read()?.status).toBe('done');
    api.reset();
    expect(read()?.status).toBe('scheduled');
    api.settle();
    expect(read()?.status).toBe('done');
  });
});
