import { describe, expect, it } from 'vitest';
import { INFLUX, PG, REDIS, useMock } from './helpers.js';

const { server, client } = useMock();

const features = async (id: string) =>
  (await client().as(id).call('GET', `/databases/${id}`)).body.database.features as {
    name: string;
    status: string;
  }[];
const enable = (id: string, name: string) =>
  client()
    .as(id)
    .call('POST', `/databases/${id}/features`, { body: { feature: { name } } });

describe('database features', () => {
  it('activates a feature through PENDING_TO_ACTIVATE', async () => {
    const res = await enable(INFLUX, 'force-ssl');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'force-ssl',
      status: 'PENDING_TO_ACTIVATE',
      message: expect.any(String),
    });
    expect(await features(INFLUX)).toEqual([{ name: 'force-ssl', status: 'PENDING_TO_ACTIVATE' }]);
    server().settle();
    expect(await features(INFLUX)).toEqual([{ name: 'force-ssl', status: 'ACTIVATED' }]);
  });

  it('says so when the feature is already active', async () => {
    const res = await enable(PG, 'force-ssl');
    expect(res.body).toMatchObject({
      status: 'ACTIVATED',
      message: 'feature force-ssl is already activated',
    });
  });

  it('disables a feature through PENDING_TO_REMOVE, then drops it', async () => {
    const res = await client().call('DELETE', `/databases/${PG}/features?feature=publicly-available`);
    expect(res.status).toBe(200);
    expect(res.body.message).toContain('publicly-available');
    expect((await features(PG)).find((f) => f.name === 'publicly-available')?.status).toBe(
      'PENDING_TO_REMOVE',
    );
    server().settle();
    expect((await features(PG)).map((f) => f.name)).toEqual(['force-ssl']);
  });

  it('refuses publicly-available until force-ssl is active', async () => {
    const res = await enable(INFLUX, 'publicly-available');
    expect(res.status).toBe(422);
    expect(res.body.errors.name[0]).toContain('force-ssl');
  });

  it('refuses to drop force-ssl while the database is publicly available, with the 422 the spec shows', async () => {
    const res = await client().call('DELETE', `/databases/${PG}/features?feature=force-ssl`);
    expect(res.status).toBe(422);
    expect(res.body.errors.feature[0]).toContain('publicly-available');
  });

  it('answers 409 when disabling a feature that is still being activated', async () => {
    expect((await enable(INFLUX, 'force-ssl')).body.status).toBe('PENDING_TO_ACTIVATE');
    const res = await client().as(INFLUX).call('DELETE', `/databases/${INFLUX}/features?feature=force-ssl`);
    expect(res.status).toBe(409);
    expect(res.body.error).toContain('being activated');
  });

  it('keeps Redis features for Redis databases', async () => {
    expect((await enable(PG, 'redis-aof')).status).toBe(422);
    const redis = await enable(REDIS, 'redis-aof');
    expect(redis.body.status).toBe('PENDING_TO_ACTIVATE');
  });

  it('refuses a feature name it does not know, and a malformed one', async () => {
    expect((await enable(PG, 'time-travel')).body.errors).toHaveProperty('name');
    expect((await enable(PG, 'Force SSL')).status).toBe(422);
  });

  it('answers 422 naming the feature when disabling one the database does not have', async () => {
    const res = await client().as(INFLUX).call('DELETE', `/databases/${INFLUX}/features?feature=force-ssl`);
    expect(res.status).toBe(422);
    expect(res.body.errors.feature[0]).toContain('not enabled');
  });
});
