import { describe, expect, it } from 'vitest';
import { INFLUX, MONGO, MYSQL, PG, REDIS, useMock } from './helpers.js';

const { client } = useMock();
const act = (id: string, body: unknown) => client().as(id).call('POST', `/databases/${id}/action`, { body });

describe('database actions', () => {
  it('creates, lists and deletes logical databases on MySQL', async () => {
    expect((await act(MYSQL, { action_name: 'list-databases' })).body).toEqual({
      ok: 1,
      result: [{ name: 'blog_stag_1717', protected: true }],
    });
    const created = await act(MYSQL, {
      action_name: 'create-database',
      params: { database_name: 'archive' },
    });
    expect(created.body).toEqual({ ok: 1, result: { name: 'archive', protected: false } });
    expect(
      (await act(MYSQL, { action_name: 'create-database', params: { database_name: 'archive' } })).body.ok,
    ).toBe(0);
    expect(
      (await act(MYSQL, { action_name: 'delete-database', params: { database_name: 'archive' } })).body,
    ).toEqual({
      ok: 1,
      result: null,
    });
  });

  it('answers ok: 0 when deleting the protected logical database', async () => {
    const res = await act(MONGO, {
      action_name: 'delete-database',
      params: { database_name: 'analytics_2323' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: 0, error: expect.stringContaining('protected') });
  });

  it('reads and changes the MySQL SQL mode', async () => {
    await act(MYSQL, { action_name: 'set-sqlmode', params: 'STRICT_TRANS_TABLES' });
    expect((await act(MYSQL, { action_name: 'get-sqlmode' })).body.result).toBe('STRICT_TRANS_TABLES');
  });

  it('lists and terminates PostgreSQL queries', async () => {
    const queries = (await act(PG, { action_name: 'pg-list-queries' })).body.result;
    expect(queries.length).toBeGreaterThan(0);
    const pid = queries[0].pid;
    expect((await act(PG, { action_name: 'pg-terminate-query', params: { pid } })).body.ok).toBe(1);
    const after = (await act(PG, { action_name: 'pg-list-queries' })).body.result;
    expect(after.map((q: { pid: number }) => q.pid)).not.toContain(pid);
    expect((await act(PG, { action_name: 'pg-cancel-query', params: { pid } })).body.ok).toBe(0);
  });

  it('manages InfluxDB retention policies, keeping one default', async () => {
    await act(INFLUX, {
      action_name: 'add-retention-policy',
      params: { name: 'month', duration: '720h', default: true },
    });
    const policies = (await act(INFLUX, { action_name: 'list-retention-policies' })).body.result;
    expect(
      policies.filter((p: { default: boolean }) => p.default).map((p: { name: string }) => p.name),
    ).toEqual(['month']);
    expect(
      (await act(INFLUX, { action_name: 'del-retention-policy', params: { name: 'month' } })).body.ok,
    ).toBe(1);
  });

  it('refuses an action of another engine with 422 naming action_name', async () => {
    const res = await act(REDIS, { action_name: 'list-databases' });
    expect(res.status).toBe(422);
    expect(res.body.errors.action_name[0]).toContain('redis');
  });

  it('refuses an unknown action naming action_name', async () => {
    const res = await act(PG, { action_name: 'drop-everything' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveProperty('action_name');
  });
});
