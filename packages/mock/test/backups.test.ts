import { beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { MYSQL, PG, useMock } from './helpers.js';

const { server, client } = useMock();

describe('backups', () => {
  // The seed's PostgreSQL database has a backup running, which would answer 409 to a new one
  // (backup-conflicts.test.ts): these tests start once it is done.
  beforeEach(() => server().advanceBackups());

  it('answers 201 with a scheduled manual backup that shows first in the list', async () => {
    const created = await client().call('POST', `/databases/${PG}/backups`);
    expect(created.status).toBe(201);
    const backup = created.body.database_backup;
    expect(backup).toMatchObject({
      status: 'scheduled',
      method: 'manual',
      database_id: PG,
      started_at: null,
      size: 0,
    });
    // As in the reference's examples: the UTC second of its creation, then the resource id.
    const createdUtc = new Date(backup.created_at).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    expect(backup.name).toBe(`${createdUtc}_shop_prod_4242`);
    const list = await client().call('GET', `/databases/${PG}/backups`);
    expect(list.body.database_backups[0]).toEqual(backup);
  });

  it('accepts the empty object the JS client sends, and refuses any field', async () => {
    expect((await client().call('POST', `/databases/${PG}/backups`, { body: {} })).status).toBe(201);
    const refused = await client().call('POST', `/databases/${PG}/backups`, { body: { name: 'mine' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('name');
  });

  it('moves scheduled → running → done one step at a time with the test hook', async () => {
    const id = (await client().call('POST', `/databases/${PG}/backups`)).body.database_backup.id;
    const status = async () =>
      (await client().call('GET', `/databases/${PG}/backups/${id}`)).body.database_backup;
    server().advanceBackups({ oneStep: true });
    const running = await status();
    expect(running.status).toBe('running');
    expect(running.started_at).not.toBeNull();
    server().advanceBackups({ oneStep: true });
    const done = await status();
    expect(done.status).toBe('done');
    expect(done.size).toBeGreaterThan(0);
  });

  it('finishes every backup in progress with advanceBackups()', async () => {
    const a = (await client().call('POST', `/databases/${PG}/backups`)).body.database_backup.id;
    const b = (await client().as(MYSQL).call('POST', `/databases/${MYSQL}/backups`)).body.database_backup.id;
    server().advanceBackups();
    expect((await client().call('GET', `/backups/${a}`)).body.database_backup.status).toBe('done');
    expect((await client().as(MYSQL).call('GET', `/backups/${b}`)).body.database_backup.status).toBe('done');
  });

  it('moves over time when the clock runs', async () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const timed = await startMockServer({
      now: () => now,
      timings: { backupScheduledMs: 1000, backupRunningMs: 5000 },
    });
    try {
      const headers = { authorization: `Bearer ${timed.tokenFor(MYSQL)}` };
      const created = await (
        await fetch(`${timed.url}/databases/${MYSQL}/backups`, { method: 'POST', headers })
      ).json();
      const read = async () =>
        (
          await (
            await fetch(`${timed.url}/databases/${MYSQL}/backups/${created.database_backup.id}`, { headers })
          ).json()
        ).database_backup.status;
      expect(await read()).toBe('scheduled');
      now += 1000;
      expect(await read()).toBe('running');
      now += 4999;
      expect(await read()).toBe('running');
      now += 1;
      expect(await read()).toBe('done');
      expect(timed.violations).toEqual([]);
    } finally {
      await timed.close();
    }
  });

  it('is done when first read after its whole duration, with started_at when it really started', async () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const timed = await startMockServer({
      now: () => now,
      timings: { backupScheduledMs: 1000, backupRunningMs: 3000 },
    });
    try {
      const headers = { authorization: `Bearer ${timed.tokenFor(MYSQL)}` };
      const created = await (
        await fetch(`${timed.url}/databases/${MYSQL}/backups`, { method: 'POST', headers })
      ).json();
      // No request in between: the steps must not wait for one to start counting.
      now += 4000;
      const read = await (
        await fetch(`${timed.url}/databases/${MYSQL}/backups/${created.database_backup.id}`, { headers })
      ).json();
      expect(read.database_backup.status).toBe('done');
      expect(read.database_backup.started_at).toBe('2026-11-27T10:00:01.000Z');
      expect(timed.violations).toEqual([]);
    } finally {
      await timed.close();
    }
  });

  it('gives a download URL for a done backup only (409 before)', async () => {
    const id = (await client().call('POST', `/databases/${PG}/backups`)).body.database_backup.id;
    const early = await client().call('GET', `/databases/${PG}/backups/${id}/archive`);
    expect(early.status).toBe(409);
    server().advanceBackups();
    const archive = await client().call('GET', `/databases/${PG}/backups/${id}/archive`);
    expect(archive.status).toBe(200);
    expect(new URL(archive.body.download_url).pathname).toContain(PG);
  });

  it('restores a done backup through scheduled → running → done', async () => {
    const backup = '65f1c0a2b3d4e5f6a7b8c9d0';
    const started = await client().call('POST', `/databases/${PG}/backups/${backup}/restore`, { body: {} });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ source_backup_id: backup, status: 'scheduled', method: 'backup' });
    server().settle();
    const read = await client().call('GET', `/databases/${PG}/backup_restorations/${started.body.id}`);
    expect(read.body.backup_restoration).toMatchObject({ status: 'done' });
    expect(read.body.backup_restoration.ended_at).not.toBeNull();
  });

  it('answers 404 naming the backup for an unknown id', async () => {
    const res = await client().call('GET', `/databases/${PG}/backups/000000000000000000000000`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ resource: 'backup', error: 'not found' });
  });

  it('forgets created backups on reset()', async () => {
    const before = (await client().call('GET', `/databases/${PG}/backups`)).body.database_backups.length;
    await client().call('POST', `/databases/${PG}/backups`);
    server().reset();
    expect((await client().call('GET', `/databases/${PG}/backups`)).body.database_backups).toHaveLength(
      before,
    );
  });
});

describe('a backup the seed gives in progress', () => {
  it('cannot be restored before it is done', async () => {
    const running = '65f3b9e0c1d2e3f4a5b6c7d8';
    expect(
      (await client().call('GET', `/databases/${PG}/backups/${running}`)).body.database_backup.status,
    ).toBe('running');
    expect((await client().call('POST', `/databases/${PG}/backups/${running}/restore`)).status).toBe(409);
  });
});
