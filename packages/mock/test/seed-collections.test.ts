// One table (seed-collections.ts) describes the collections of a seeded database: the seed
// schema, the uniqueness and ownership checks and the loaded state all follow it.
import { describe, expect, it } from 'vitest';
import { createMockApi, SeedError, type SeedFile } from '../src/index.js';
import { defaultSeed, validateSeed } from '../src/seed.js';
import { seedCollections } from '../src/seed-collections.js';

const api = createMockApi();

/** Every database of the default seed, with its collections filled where the seed has items. */
function seedWithItems(): SeedFile {
  return structuredClone(defaultSeed(api.model));
}

function problemsOf(seed: SeedFile) {
  try {
    validateSeed(api.engine.validator, seed);
  } catch (error) {
    if (error instanceof SeedError) return error.problems;
    throw error;
  }
  return [];
}

describe('the collections of a seeded database', () => {
  it.each(seedCollections)('%s: a repeated unique field is refused, naming its path', (key, { unique }) => {
    const seed = seedWithItems();
    const index = seed.databases.findIndex((d) => (d[key]?.length ?? 0) > 0);
    expect(index, `the default seed has some ${key}`).toBeGreaterThanOrEqual(0);
    const list = seed.databases[index]?.[key] ?? [];
    list.push(structuredClone(list[0] ?? {}));
    expect(problemsOf(seed)).toContainEqual({
      path: `$.databases[${index}].${key}[${list.length - 1}].${unique}`,
      message: `duplicates another ${unique}`,
    });
  });

  it.each(seedCollections.filter(([, c]) => c.ownedByDatabase))(
    "%s: an item of another database's id is refused",
    (key) => {
      const seed = seedWithItems();
      const index = seed.databases.findIndex((d) => (d[key]?.length ?? 0) > 0);
      const item = seed.databases[index]?.[key]?.[0] ?? {};
      item.database_id = 'another-database';
      expect(problemsOf(seed)).toContainEqual(
        expect.objectContaining({ path: `$.databases[${index}].${key}[0].database_id` }),
      );
    },
  );

  it('loads each collection into the state key the table names', () => {
    const seed = seedWithItems();
    for (const entry of seed.databases) {
      const state = api.store.databases.get(entry.addon_id);
      for (const [key, { state: field }] of seedCollections) {
        expect(state?.[field], `${entry.addon_id} ${key}`).toEqual(entry[key] ?? []);
      }
    }
  });
});
