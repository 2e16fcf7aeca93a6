import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirForTest } from '../../../scripts/temp-dir.js';
import {
  createMockApi,
  readSeedFile,
  type SeedDatabase,
  SeedError,
  type SeedFile,
  startMockServer,
} from '../src/index.js';

const api = createMockApi({ timings: 'manual' });
const pg = api.store.databases.get('ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71');

/** A seed with one database copied from the default data set, changed by `edit`. */
function seedWith(edit: (seed: SeedFile) => void): SeedFile {
  const seed: SeedFile = {
    databases: [
      { addon_id: 'ad-custom', token: 'custom-token', database: structuredClone(pg?.database) as never },
    ],
  };
  edit(seed);
  return seed;
}

function first(seed: SeedFile): SeedDatabase {
  const entry = seed.databases[0];
  if (!entry) throw new Error('the seed has no database');
  return entry;
}

function problemsOf(seed: unknown): { path: string; message: string }[] {
  try {
    createMockApi({ seed: seed as SeedFile });
  } catch (error) {
    if (error instanceof SeedError) return error.problems;
    throw error;
  }
  throw new Error('the seed was accepted');
}

describe('the default seed, built from the spec examples', () => {
  it('holds a PostgreSQL, a MySQL, a Redis, a MongoDB and an OpenSearch database', () => {
    expect(api.databases().map((d) => d.typeName)).toEqual(
      expect.arrayContaining(['postgresql', 'mysql', 'redis', 'mongodb', 'opensearch']),
    );
  });

  it('has users, backups, maintenance and firewall rules', () => {
    const all = [...api.store.databases.values()];
    expect(all.every((d) => d.users.length > 0)).toBe(true);
    expect(all.filter((d) => d.backups.length > 0).length).toBeGreaterThanOrEqual(4);
    expect(all.filter((d) => d.maintenance.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((d) => d.firewallRules.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('takes the PostgreSQL lists from the list examples of the spec', () => {
    const example = api.model.byId.get('listBackups')?.responses[0]?.content[0]?.examples.postgresql as {
      database_backups: unknown[];
    };
    expect(pg?.backups).toEqual(example.database_backups);
  });
});

describe('seed files', () => {
  it('loads a seed file and uses its tokens', async () => {
    const dir = tempDirForTest('mock-seed-');
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify(seedWith(() => {})));
    const server = await startMockServer({ seed: file });
    try {
      expect(server.databases()).toEqual([
        { addonId: 'ad-custom', typeName: 'postgresql', token: 'custom-token' },
      ]);
      const res = await fetch(`${server.url}/databases/ad-custom`, {
        headers: { authorization: 'Bearer custom-token' },
      });
      expect(res.status).toBe(200);
      const users = await fetch(`${server.url}/databases/ad-custom/users`, {
        headers: { authorization: 'Bearer custom-token' },
      });
      expect((await users.json())['database-users']).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses a file that is not JSON', () => {
    const dir = tempDirForTest('mock-seed-');
    const file = join(dir, 'seed.json');
    writeFileSync(file, '{"databases": [');
    expect(() => readSeedFile(file)).toThrow(/not valid JSON/);
  });

  it('refuses a missing file, naming it', () => {
    expect(() => readSeedFile('/nonexistent/seed.json')).toThrow(/\/nonexistent\/seed\.json/);
  });

  it('names the JSON path of a value that breaks the spec schema', () => {
    const problems = problemsOf(
      seedWith((s) => {
        // An unknown status is fine (the enumeration is open); a number is not a status.
        first(s).database.status = 42 as never;
      }),
    );
    expect(problems).toEqual([
      { path: '$.databases[0].database.status', message: expect.stringContaining('string') },
    ]);
  });

  it('lists the first 20 problems in its message and says how many more there are', () => {
    const seed = seedWith((s) => {
      first(s).users = Array.from({ length: 25 }, () => ({ name: 5 }) as never);
    });
    let error: unknown;
    try {
      createMockApi({ seed });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SeedError);
    const { problems, message } = error as SeedError;
    expect(problems.length).toBeGreaterThan(20);
    expect(message.split('\n').filter((line) => line.startsWith('  $.'))).toHaveLength(20);
    expect(message).toContain(`… and ${problems.length - 20} more problem(s)`);
  });

  it('names the JSON path of a missing required field deep in a list', () => {
    const problems = problemsOf(
      seedWith((s) => {
        first(s).backups = [{ id: 'b1', name: 'x' }];
      }),
    );
    expect(problems.map((p) => p.path)).toContain('$.databases[0].backups[0].database_id');
  });

  it('names an unknown key of a database entry', () => {
    const problems = problemsOf(
      seedWith((s) => {
        (s.databases[0] as unknown as Record<string, unknown>).userz = [];
      }),
    );
    expect(problems).toEqual([{ path: '$.databases[0].userz', message: 'is not an accepted field' }]);
  });

  it('refuses duplicate addon ids and tokens', () => {
    const problems = problemsOf(
      seedWith((s) => {
        s.databases.push(structuredClone(s.databases[0]) as never);
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['$.databases[1].addon_id', '$.databases[1].token']);
  });

  it('refuses a backup of another database', () => {
    const backup = structuredClone(pg?.backups[0]);
    const problems = problemsOf(
      seedWith((s) => {
        first(s).database.id = 'ad-custom';
        first(s).backups = [backup as never];
      }),
    );
    expect(problems).toEqual([
      { path: '$.databases[0].backups[0].database_id', message: expect.stringContaining('ad-custom') },
    ]);
  });

  it('refuses a seed without databases', () => {
    expect(problemsOf({})).toEqual([{ path: '$.databases', message: 'is required' }]);
  });
});
