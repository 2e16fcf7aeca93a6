import { describe, expect, it } from 'vitest';
import { MYSQL, PG, useMock } from './helpers.js';

const { server, client } = useMock();

describe('upgrade', () => {
  it('answers 202 with a Location that the operations endpoints serve', async () => {
    const res = await client().call('POST', `/databases/${PG}/upgrade`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      message: 'Database upgrade to 16.6.0-1 is pending',
      major: 16,
      minor: 6,
    });
    const location = res.headers.get('location') ?? '';
    expect(location).toBe(`${server().url}/operations/${res.body.operation_id}`);
    const viaLocation = await fetch(location, {
      headers: { authorization: `Bearer ${server().tokenFor(PG)}` },
    });
    expect(viaLocation.status).toBe(200);
    expect((await viaLocation.json()).operation).toMatchObject({
      id: res.body.operation_id,
      type: 'upgrade',
      status: 'pending',
    });
    const scoped = await client().call('GET', `/databases/${PG}/operations/${res.body.operation_id}`);
    expect(scoped.body.operation.status).toBe('pending');
  });

  it('runs pending → running → finished and moves the database to the new version', async () => {
    const { operation_id: id } = (await client().call('POST', `/databases/${PG}/upgrade`)).body;
    expect((await client().call('GET', `/databases/${PG}`)).body.database.current_operation_id).toBe(id);
    server().store.step('operation');
    expect((await client().call('GET', `/operations/${id}`)).body.operation.status).toBe('running');
    const during = (await client().call('GET', `/databases/${PG}`)).body.database;
    expect(during.status).toBe('upgrading');
    expect((await client().call('POST', `/databases/${PG}/upgrade`)).status).toBe(409);
    server().settle();
    const op = (await client().call('GET', `/operations/${id}`)).body.operation;
    expect(op.status).toBe('finished');
    expect(op.finished_at).not.toBeNull();
    const after = (await client().call('GET', `/databases/${PG}`)).body.database;
    expect(after).toMatchObject({
      status: 'running',
      readable_version: '16.6.0-1',
      version_id: '66b0c8a2e4f1d3a5b7c9e2a4',
      next_version_id: null,
      current_operation_id: null,
    });
  });

  it('answers 409 when there is no newer version', async () => {
    const res = await client().as(MYSQL).call('POST', `/databases/${MYSQL}/upgrade`);
    expect(res.status).toBe(409);
    expect(res.body.error).toContain('latest version');
  });
});

describe('point-in-time recovery', () => {
  it('gives PostgreSQL a recovery window that ends now', async () => {
    const window = (await client().call('GET', `/databases/${PG}/pitr/recovery_window`)).body.recovery_window;
    const latest = Date.parse(window.latest_recoverable_at);
    expect(Math.abs(latest - Date.now())).toBeLessThan(60_000);
    expect(latest - Date.parse(window.earliest_recoverable_at)).toBe(7 * 86_400_000);
  });

  it('starts a restore inside the window with 201 and an operation', async () => {
    const restoreTime = new Date(Date.now() - 86_400_000).toISOString();
    const res = await client().call('POST', `/databases/${PG}/pitr/restore`, {
      body: { restore_time: restoreTime },
    });
    expect(res.status).toBe(201);
    expect(res.body.operation).toMatchObject({ type: 'pitr_restore', status: 'pending' });
    server().settle();
    expect((await client().call('GET', `/operations/${res.body.operation.id}`)).body.operation.status).toBe(
      'finished',
    );
  });

  it.each([
    ['before the window', -8 * 86_400_000],
    ['in the future', 3_600_000],
  ])('refuses a restore time %s with 422 naming restore_time', async (_, offset) => {
    const restoreTime = new Date(Date.now() + offset).toISOString();
    const res = await client().call('POST', `/databases/${PG}/pitr/restore`, {
      body: { restore_time: restoreTime },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.restore_time[0]).toMatch(/recovery window/);
  });

  it('refuses any restore on a database without a recovery window', async () => {
    const window = (await client().as(MYSQL).call('GET', `/databases/${MYSQL}/pitr/recovery_window`)).body;
    expect(window).toEqual({
      recovery_window: { earliest_recoverable_at: null, latest_recoverable_at: null },
    });
    const res = await client()
      .as(MYSQL)
      .call('POST', `/databases/${MYSQL}/pitr/restore`, { body: { restore_time: new Date().toISOString() } });
    expect(res.status).toBe(422);
  });

  it('refuses a restore while another operation runs', async () => {
    await client().call('POST', `/databases/${PG}/upgrade`);
    const res = await client().call('POST', `/databases/${PG}/pitr/restore`, {
      body: { restore_time: new Date(Date.now() - 3_600_000).toISOString() },
    });
    expect(res.status).toBe(409);
  });
});
