import { describe, expect, it } from 'vitest';
import { INFLUX, PG, useMock } from './helpers.js';

const { client } = useMock();

describe('maintenance', () => {
  it('lists everything on one page by default, with meta.pagination', async () => {
    const res = await client().call('GET', `/databases/${PG}/maintenance`);
    expect(res.body.maintenance).toHaveLength(2);
    expect(res.body.meta.pagination).toEqual({
      current_page: 1,
      prev_page: null,
      next_page: null,
      total_pages: 1,
      total_count: 2,
    });
  });

  it('pages with page and per_page', async () => {
    const first = await client().call('GET', `/databases/${PG}/maintenance?per_page=1`);
    expect(first.body.maintenance).toHaveLength(1);
    expect(first.body.meta.pagination).toMatchObject({
      current_page: 1,
      prev_page: null,
      next_page: 2,
      total_pages: 2,
    });
    const second = await client().call('GET', `/databases/${PG}/maintenance?per_page=1&page=2`);
    expect(second.body.maintenance[0].id).not.toBe(first.body.maintenance[0].id);
    expect(second.body.meta.pagination).toMatchObject({ current_page: 2, prev_page: 1, next_page: null });
  });

  it('answers an empty page past the end', async () => {
    const res = await client().call('GET', `/databases/${PG}/maintenance?per_page=1&page=5`);
    expect(res.body.maintenance).toEqual([]);
    expect(res.body.meta.pagination).toMatchObject({ current_page: 5, next_page: null, total_count: 2 });
  });

  it('answers zero pages for a database without maintenance', async () => {
    const res = await client().as(INFLUX).call('GET', `/databases/${INFLUX}/maintenance`);
    expect(res.body).toEqual({
      maintenance: [],
      meta: {
        pagination: { current_page: 1, prev_page: null, next_page: null, total_pages: 0, total_count: 0 },
      },
    });
  });

  it('shows one maintenance unrooted, as the clients read it', async () => {
    const res = await client().call('GET', `/databases/${PG}/maintenance/65e0a9b8c7d6e5f4a3b2c1d0`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: '65e0a9b8c7d6e5f4a3b2c1d0', status: 'done' });
    expect((await client().call('GET', `/databases/${PG}/maintenance/nope`)).body.resource).toBe(
      'maintenance',
    );
  });

  it('changes the maintenance window through the database, keeping its duration', async () => {
    const res = await client().call('PATCH', `/databases/${PG}`, {
      body: { database: { maintenance_window: { weekday_utc: 5, starting_hour_utc: 4 } } },
    });
    expect(res.body.database.maintenance_window).toEqual({
      weekday_utc: 5,
      starting_hour_utc: 4,
      duration_in_hour: 8,
    });
  });
});
