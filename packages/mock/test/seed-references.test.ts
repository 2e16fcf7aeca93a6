import { describe, expect, it } from 'vitest';
import { createMockApi, type SeedDatabase, SeedError, type SeedFile } from '../src/index.js';
import { pitrEngines } from '../src/pitr.js';
import { buildCatalogue, defaultSeed, validateSeed } from '../src/seed.js';
import { referenceProblems } from '../src/seed-references.js';
import { MYSQL, PG } from './helpers.js';

const api = createMockApi();
const model = api.model;

/** The default seed, with changes. */
function seedWith(change: (byId: (addonId: string) => SeedDatabase) => void): SeedFile {
  const seed = structuredClone(defaultSeed(model));
  change((addonId) => {
    const entry = seed.databases.find((d) => d.addon_id === addonId);
    if (!entry) throw new Error(`the default seed has no ${addonId}`);
    return entry;
  });
  return seed;
}

/** The problems `createMockApi` finds in a seed: its schemas first, then its references. */
function problemsOf(seed: SeedFile): { path: string; message: string }[] {
  try {
    validateSeed(api.engine.validator, seed);
  } catch (error) {
    if (error instanceof SeedError) return error.problems;
    throw error;
  }
  return referenceProblems(seed, buildCatalogue(model, seed), pitrEngines(model));
}

const pgIndex = () => defaultSeed(model).databases.findIndex((d) => d.addon_id === PG);
const mysqlIndex = () => defaultSeed(model).databases.findIndex((d) => d.addon_id === MYSQL);

describe('the references of a seed, checked at load', () => {
  it('accept the default seed', () => {
    expect(problemsOf(defaultSeed(model))).toEqual([]);
  });

  it('refuse a next_version_id that names no version, which upgrade could never reach', () => {
    const problems = problemsOf(seedWith((db) => (db(PG).database.next_version_id = '0'.repeat(24))));
    expect(problems).toEqual([
      {
        path: `$.databases[${pgIndex()}].database.next_version_id`,
        message: expect.stringMatching(/names no version of the catalogue \(known: 66b0/),
      },
    ]);
  });

  it('refuse a type_id, version_id or next_version_id of another engine, and a readable_version off its version', () => {
    const versionOfMysql = defaultSeed(model).databases[mysqlIndex()]?.database.version_id as string;
    const typeOfMysql = defaultSeed(model).databases[mysqlIndex()]?.database.type_id as string;
    const at = `$.databases[${pgIndex()}].database`;
    expect(problemsOf(seedWith((db) => (db(PG).database.type_id = typeOfMysql))).map((p) => p.path)).toEqual(
      expect.arrayContaining([`${at}.type_id`]),
    );
    // The spec's own version of PostgreSQL, named by the MySQL database.
    const pgVersion = defaultSeed(model).databases[pgIndex()]?.database.version_id as string;
    const atMysql = `$.databases[${mysqlIndex()}].database`;
    expect(
      problemsOf(seedWith((db) => (db(MYSQL).database.version_id = pgVersion))).map((p) => p.path),
    ).toEqual([`${atMysql}.version_id`, `${atMysql}.readable_version`]);
    expect(
      problemsOf(seedWith((db) => (db(PG).database.next_version_id = versionOfMysql)))[0]?.message,
    ).toMatch(/is a version of the type/);
    expect(problemsOf(seedWith((db) => (db(PG).database.readable_version = '16.4.0-2')))).toEqual([
      { path: `${at}.readable_version`, message: expect.stringContaining('"16.4.0-1"') },
    ]);
  });

  it('complete the catalogue with a type, a version and a plan nobody describes, which the API then serves', () => {
    const seed = seedWith((db) => {
      delete db(PG).plan;
      Object.assign(db(PG).database, {
        type_id: '7'.repeat(24),
        type_name: 'cockroachdb',
        version_id: '8'.repeat(24),
        readable_version: '24.1.0-3',
        next_version_id: null,
        plan: 'cockroachdb-starter-4096',
      });
    });
    const api = createMockApi({ seed });
    const get = (path: string) =>
      api.handle({
        method: 'GET',
        url: `/api${path}`,
        headers: { authorization: `Bearer ${api.tokenFor(PG)}` },
        origin: 'http://127.0.0.1',
      });
    expect(get(`/database_types/${'7'.repeat(24)}`).status).toBe(200);
    expect(get(`/database_type_versions/${'8'.repeat(24)}`).json).toMatchObject({
      database_type_version: { major: 24, minor: 1, patch: 0, build: 3, database_type_id: '7'.repeat(24) },
    });
    expect(get(`/databases/${PG}/plan`).json).toMatchObject({
      plan: { name: 'cockroachdb-starter-4096', memory: 4096 },
    });
    expect(api.violations).toEqual([]);
  });

  it('refuse a readable_version that cannot complete the catalogue', () => {
    const problems = problemsOf(
      seedWith((db) =>
        Object.assign(db(PG).database, {
          version_id: '8'.repeat(24),
          readable_version: 'latest',
          next_version_id: null,
        }),
      ),
    );
    expect(problems.map((p) => p.path)).toEqual([`$.databases[${pgIndex()}].database.readable_version`]);
  });

  it('refuse a plan object named otherwise than the database’s plan', () => {
    const problems = problemsOf(
      seedWith((db) => (db(PG).plan = { id: 'p1', name: 'other-plan', backup: true, disk: 1, memory: 1 })),
    );
    expect(problems).toEqual([
      {
        path: `$.databases[${pgIndex()}].plan.name`,
        message: expect.stringContaining('postgresql-business-1024'),
      },
    ]);
  });

  it('refuse a current_operation_id that names no operation of the database', () => {
    const problems = problemsOf(seedWith((db) => (db(MYSQL).database.current_operation_id = 'op-unknown')));
    expect(problems.map((p) => p.path)).toEqual([
      `$.databases[${mysqlIndex()}].database.current_operation_id`,
    ]);
  });

  it('refuse two backups of one name, a backup id two databases share, and a restoration of no backup', () => {
    const shared = seedWith((db) => {
      const [backup] = db(PG).backups ?? [];
      db(MYSQL).backups = [{ ...structuredClone(backup), database_id: db(MYSQL).database.id } as never];
    });
    expect(problemsOf(shared).map((p) => p.path)).toEqual([`$.databases[${mysqlIndex()}].backups[0].id`]);
    const sameName = seedWith((db) => {
      const backups = db(PG).backups ?? [];
      (backups[1] as { name: unknown }).name = (backups[0] as { name: unknown }).name;
    });
    expect(problemsOf(sameName)[0]).toMatchObject({ path: `$.databases[${pgIndex()}].backups[1].name` });
    const orphan = seedWith((db) => {
      const [restoration] = db(PG).backup_restorations ?? [];
      if (restoration) restoration.source_backup_id = 'no-such-backup';
    });
    expect(problemsOf(orphan).map((p) => p.path)).toEqual([
      `$.databases[${pgIndex()}].backup_restorations[0].source_backup_id`,
    ]);
    const twice = seedWith((db) => {
      const list = db(PG).backup_restorations ?? [];
      list.push(structuredClone(list[0]) as never);
    });
    expect(problemsOf(twice).map((p) => p.path)).toEqual([
      `$.databases[${pgIndex()}].backup_restorations[1].id`,
    ]);
  });

  it('refuse a managed_range rule whose range the catalogue lacks', () => {
    const problems = problemsOf(
      seedWith((db) => {
        db(MYSQL).firewall_rules = [
          { id: 'r1', database_id: db(MYSQL).database.id, type: 'managed_range', range_id: 'nowhere' },
        ];
      }),
    );
    expect(problems).toEqual([
      {
        path: `$.databases[${mysqlIndex()}].firewall_rules[0].range_id`,
        message: expect.stringContaining('65c4e3d2b1a0f9e8d7c6b5a4'),
      },
    ]);
  });

  it('refuse a recovery window on a database without point-in-time recovery, and one that ends before it starts', () => {
    const window = {
      earliest_recoverable_at: '2026-11-20T00:00:00Z',
      latest_recoverable_at: '2026-11-27T00:00:00Z',
    };
    expect(problemsOf(seedWith((db) => (db(MYSQL).recovery_window = window)))).toEqual([
      {
        path: `$.databases[${mysqlIndex()}].recovery_window`,
        message: expect.stringMatching(/^must have null bounds: mysql databases/),
      },
    ]);
    const reversed = {
      earliest_recoverable_at: window.latest_recoverable_at,
      latest_recoverable_at: window.earliest_recoverable_at,
    };
    expect(problemsOf(seedWith((db) => (db(PG).recovery_window = reversed))).map((p) => p.path)).toEqual([
      `$.databases[${pgIndex()}].recovery_window.earliest_recoverable_at`,
    ]);
  });

  it('say each problem with its JSON path in the error message', () => {
    expect(() =>
      createMockApi({
        seed: seedWith((db) => (db(MYSQL).database.current_operation_id = 'x')),
        seedSource: 'seed.json',
      }),
    ).toThrow(
      `seed.json is not a valid seed:\n  $.databases[${mysqlIndex()}].database.current_operation_id: names no operation`,
    );
  });
});
