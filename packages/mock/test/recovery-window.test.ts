import { describe, expect, it } from 'vitest';
import { createMockApi, type MockApi, type SeedDatabase, type SeedFile } from '../src/index.js';
import { pitrEngines } from '../src/pitr.js';
import { defaultSeed } from '../src/seed.js';
import { MYSQL, PG } from './helpers.js';

const NOW = Date.parse('2026-11-27T10:00:00.000Z');
const DAY = 86_400_000;
const model = createMockApi().model;

function mockWith(change: (byId: (addonId: string) => SeedDatabase) => void = () => {}): MockApi {
  const seed: SeedFile = structuredClone(defaultSeed(model));
  change((addonId) => {
    const entry = seed.databases.find((d) => d.addon_id === addonId);
    if (!entry) throw new Error(`the default seed has no ${addonId}`);
    return entry;
  });
  return createMockApi({ seed, now: () => NOW, timings: 'manual' });
}

function windowOf(api: MockApi, addonId: string): unknown {
  const res = api.handle({
    method: 'GET',
    url: `/api/databases/${addonId}/pitr/recovery_window`,
    headers: { authorization: `Bearer ${api.tokenFor(addonId)}` },
    origin: 'http://127.0.0.1',
  });
  expect(res.status).toBe(200);
  return (res.json as { recovery_window: unknown }).recovery_window;
}

const NONE = { earliest_recoverable_at: null, latest_recoverable_at: null };

describe('the recovery window of a database the seed gives none', () => {
  it('is given to the engines whose plans offer it in the spec’s examples: PostgreSQL', () => {
    expect([...pitrEngines(model)]).toEqual(['postgresql']);
  });

  it('covers the plan’s pitr_backup_days up to now', () => {
    expect(windowOf(mockWith(), PG)).toEqual({
      earliest_recoverable_at: new Date(NOW - 7 * DAY).toISOString(),
      latest_recoverable_at: new Date(NOW).toISOString(),
    });
  });

  it('starts no earlier than the database’s first point-in-time backup', () => {
    const first = new Date(NOW - 2 * DAY).toISOString();
    const api = mockWith((db) => (db(PG).database.first_pitr_backup = first));
    expect(windowOf(api, PG)).toEqual({
      earliest_recoverable_at: first,
      latest_recoverable_at: new Date(NOW).toISOString(),
    });
  });

  it('has null bounds while the first point-in-time backup is not there, and a restore is 422', () => {
    const api = mockWith((db) => (db(PG).database.first_pitr_backup = null));
    expect(windowOf(api, PG)).toEqual(NONE);
    const restore = api.handle({
      method: 'POST',
      url: `/api/databases/${PG}/pitr/restore`,
      headers: { authorization: `Bearer ${api.tokenFor(PG)}` },
      body: JSON.stringify({ restore_time: new Date(NOW - DAY).toISOString() }),
      origin: 'http://127.0.0.1',
    });
    expect(restore.status).toBe(422);
  });

  it('has null bounds on a plan without point-in-time recovery', () => {
    const api = mockWith((db) => {
      const plan = db(PG).plan;
      if (plan) plan.pitr_backup_days = 0;
    });
    expect(windowOf(api, PG)).toEqual(NONE);
  });

  it('has null bounds on an engine without point-in-time recovery, whatever its plan says', () => {
    const api = mockWith((db) => {
      const plan = db(MYSQL).plan;
      if (plan) plan.pitr_backup_days = 7;
    });
    expect(windowOf(api, MYSQL)).toEqual(NONE);
  });

  it('is the seed’s own window when it gives one', () => {
    const window = {
      earliest_recoverable_at: '2026-11-20T00:00:00.000Z',
      latest_recoverable_at: '2026-11-26T00:00:00.000Z',
    };
    expect(
      windowOf(
        mockWith((db) => (db(PG).recovery_window = window)),
        PG,
      ),
    ).toEqual(window);
  });
});
