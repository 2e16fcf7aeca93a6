import { describe, expect, it } from 'vitest';
import { createMockApi, type SeedFile } from '../src/index.js';
import { defaultSeed } from '../src/seed.js';
import { PG } from './helpers.js';

const NOW = Date.parse('2026-11-27T10:00:00.000Z');
const model = createMockApi().model;

describe('an operation the seed gives in progress', () => {
  it('finishes on the mock’s clock; the current upgrade moves the database to its next version', () => {
    let now = NOW;
    const seed: SeedFile = structuredClone(defaultSeed(model));
    const entry = seed.databases.find((d) => d.addon_id === PG);
    if (!entry) throw new Error('the default seed has no PostgreSQL database');
    const next = entry.database.next_version_id;
    Object.assign(entry.database, { status: 'upgrading', current_operation_id: 'op-seeded-upgrade' });
    entry.operations = [
      ...(entry.operations ?? []),
      {
        id: 'op-seeded-upgrade',
        type: 'upgrade',
        status: 'running',
        created_at: '2026-11-27T09:59:00.000Z',
        finished_at: null,
        error: null,
      },
      {
        id: 'op-seeded-restore',
        type: 'pitr_restore',
        status: 'pending',
        created_at: '2026-11-27T09:59:30.000Z',
        finished_at: null,
        error: null,
      },
    ];
    const api = createMockApi({
      seed,
      now: () => now,
      timings: { operationPendingMs: 1000, operationRunningMs: 4000 },
    });
    const state = api.store.databases.get(PG);
    const op = (id: string) => state?.operations.find((o) => o.id === id);
    now += 1000;
    api.advanceTime(0);
    expect(op('op-seeded-restore')?.status).toBe('running');
    expect(op('op-seeded-upgrade')?.status).toBe('running');
    now += 3000;
    api.advanceTime(0);
    expect(op('op-seeded-upgrade')).toMatchObject({
      status: 'finished',
      finished_at: '2026-11-27T10:00:04.000Z',
    });
    expect(state?.database).toMatchObject({
      status: 'running',
      version_id: next,
      current_operation_id: null,
    });
    now += 1000;
    api.advanceTime(0);
    expect(op('op-seeded-restore')?.status).toBe('finished');
    // Nothing blocks the database any more (the seed's running backup is done by now too).
    const backup = api.handle({
      method: 'POST',
      url: `/api/databases/${PG}/backups`,
      headers: { authorization: `Bearer ${api.tokenFor(PG)}` },
      origin: 'http://127.0.0.1',
    });
    expect(backup.status).toBe(201);
    expect(api.violations).toEqual([]);
  });
});
