import { describe, expect, it } from 'vitest';
import { createMockApi, type MockApi, type SeedFile } from '../src/index.js';
import { derivedRecoveryWindow, pitrEngines } from '../src/pitr.js';
import { defaultSeed } from '../src/seed.js';
import type { Database, Plan } from '../src/state.js';
import { PG } from './helpers.js';

const NOW = Date.parse('2026-11-27T10:00:00.000Z');
const DAY = 86_400_000;
const api = createMockApi({ now: () => NOW, timings: 'manual' });
const engines = pitrEngines(api.model);
const pgState = api.store.databases.get(PG);
if (!pgState?.plan) throw new Error('the default seed has no PostgreSQL database with a plan');
const pg = pgState.database;
const plan = pgState.plan;
const NONE = { earliest_recoverable_at: null, latest_recoverable_at: null };
const iso = (ms: number) => new Date(ms).toISOString();

function request(mock: MockApi, method: string, path: string, body?: unknown) {
  return mock.handle({
    method,
    url: `/api/databases/${PG}${path}`,
    headers: {
      authorization: `Bearer ${mock.tokenFor(PG)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    origin: 'http://127.0.0.1',
  });
}

describe('the recovery window of a database the seed gives none', () => {
  it('is for the engines whose plans offer it in the spec’s examples: PostgreSQL', () => {
    expect([...engines]).toEqual(['postgresql']);
  });

  it('covers the plan’s pitr_backup_days up to now, as the API serves it', () => {
    expect(plan.pitr_backup_days).toBe(7);
    expect(request(api, 'GET', '/pitr/recovery_window').json).toEqual({
      recovery_window: { earliest_recoverable_at: iso(NOW - 7 * DAY), latest_recoverable_at: iso(NOW) },
    });
  });

  it('starts no earlier than the database’s first point-in-time backup', () => {
    const first = iso(NOW - 2 * DAY);
    expect(derivedRecoveryWindow({ ...pg, first_pitr_backup: first }, plan, engines, NOW)).toEqual({
      earliest_recoverable_at: first,
      latest_recoverable_at: iso(NOW),
    });
  });

  it('has null bounds while the first point-in-time backup is not there', () => {
    expect(derivedRecoveryWindow({ ...pg, first_pitr_backup: null }, plan, engines, NOW)).toEqual(NONE);
    expect(derivedRecoveryWindow({ ...pg, first_pitr_backup: iso(NOW + DAY) }, plan, engines, NOW)).toEqual(
      NONE,
    );
  });

  it('has null bounds on a plan without point-in-time recovery', () => {
    expect(derivedRecoveryWindow(pg, { ...plan, pitr_backup_days: 0 }, engines, NOW)).toEqual(NONE);
    const { pitr_backup_days: _, ...withoutField } = plan;
    expect(derivedRecoveryWindow(pg, withoutField as Plan, engines, NOW)).toEqual(NONE);
  });

  it('has null bounds on an engine without point-in-time recovery, whatever its plan says', () => {
    const mysql = { ...pg, type_name: 'mysql' } as Database;
    expect(derivedRecoveryWindow(mysql, plan, engines, NOW)).toEqual(NONE);
  });

  it('is the seed’s own window when it gives one, and a restore outside it is 422', () => {
    const window = {
      earliest_recoverable_at: '2026-11-20T00:00:00.000Z',
      latest_recoverable_at: '2026-11-26T00:00:00.000Z',
    };
    const seed: SeedFile = structuredClone(defaultSeed(api.model));
    for (const entry of seed.databases) if (entry.addon_id === PG) entry.recovery_window = window;
    const seeded = createMockApi({ seed, now: () => NOW, timings: 'manual' });
    expect(request(seeded, 'GET', '/pitr/recovery_window').json).toEqual({ recovery_window: window });
    expect(request(seeded, 'POST', '/pitr/restore', { restore_time: iso(NOW - DAY) }).status).toBe(422);
    expect(
      request(seeded, 'POST', '/pitr/restore', { restore_time: '2026-11-25T00:00:00.000Z' }).status,
    ).toBe(201);
  });
});
