import { describe, expect, it } from 'vitest';
import { PG, useMock } from './helpers.js';

const { client } = useMock();

describe('requests are validated against the spec', () => {
  it('answers 404 to a path the spec does not have', async () => {
    const res = await client().call('GET', `/databases/${PG}/nothing`);
    expect(res.status).toBe(404);
  });

  it('answers 404 outside the /api base path', async () => {
    const res = await client().call('GET', `/../databases/${PG}`);
    expect(res.status).toBe(404);
  });

  it('answers 405 with Allow to a method the path does not have', async () => {
    const res = await client().call('DELETE', `/databases/${PG}`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, PATCH');
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await client().call('PATCH', `/databases/${PG}`, { raw: '{"database": {' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_json' });
  });

  it('answers 422 naming the field for a body that breaks the schema', async () => {
    const res = await client().call('PATCH', `/databases/${PG}`, {
      body: { database: { maintenance_window: { weekday_utc: 9, starting_hour_utc: 2 } } },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveProperty(['maintenance_window.weekday_utc']);
  });

  it('names a field the body must not carry', async () => {
    const res = await client().call('PATCH', `/databases/${PG}`, { body: { database: { plan: 'bigger' } } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ errors: { plan: ['is not an accepted field'] } });
  });

  it('explains a value that fits none of the accepted forms in one message', async () => {
    const res = await client().call('PATCH', `/databases/${PG}`, {
      body: { database: { periodic_backups_scheduled_at: 'three' } },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['periodic_backups_scheduled_at']);
  });

  it('answers 422 naming an integer query parameter out of range', async () => {
    const res = await client().call('GET', `/databases/${PG}/maintenance?per_page=0`);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ per_page: ['must be at least 1'] });
  });

  it('answers 400 naming a missing required query parameter', async () => {
    const res = await client().call('DELETE', `/databases/${PG}/features`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/feature is required/);
  });

  it('answers 400 naming a path value outside its enumeration', async () => {
    const res = await client().call('GET', `/databases/${PG}/metrics/temperature`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/metric must be one of: cpu, memory/);
  });

  it('answers 422 naming the action parameter that is missing', async () => {
    const res = await client().call('POST', `/databases/${PG}/action`, {
      body: { action_name: 'pg-cancel-query' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ errors: { params: ['is required'] } });
  });

  it('accepts the bodies of the spec request examples', async () => {
    for (const body of [
      { database: { periodic_backups_scheduled_at: 3 } },
      { database: { periodic_backups_scheduled_at: [3, 15] } },
    ]) {
      expect((await client().call('PATCH', `/databases/${PG}`, { body })).status).toBe(200);
    }
  });
});
