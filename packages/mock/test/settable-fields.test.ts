// The settings `updateDatabase` changes are the fields of the spec's update body (read through
// the shared model): a field the spec adds is stored and answered, never dropped in silence.
import { describe, expect, it } from 'vitest';
import { createMockApi } from '../src/api.js';
import { bundledSpec } from '../src/bundled.js';
import type { JsonObject } from '../src/openapi.js';
import { PG, useMock } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the test edits the bundle in place
type Schemas = Record<string, any>;

function specWith(edit: (schemas: Schemas) => void): JsonObject {
  const spec = structuredClone(bundledSpec) as { components: { schemas: Schemas } };
  edit(spec.components.schemas);
  return spec as unknown as JsonObject;
}

describe('the settable fields of a database', () => {
  describe('on a spec whose update body gains a field', () => {
    const { client } = useMock({
      spec: specWith((schemas) => {
        const field = { type: 'integer', minimum: 1, description: 'Days a backup is kept.' };
        schemas.DatabaseUpdate.properties.backup_retention_days = field;
        schemas.Database.properties.backup_retention_days = field;
      }),
    });

    it('stores the new field as sent and answers it, with PATCH and PUT', async () => {
      const path = `/databases/${PG}`;
      const patched = await client().call('PATCH', path, {
        body: { database: { backup_retention_days: 7 } },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.database.backup_retention_days).toBe(7);
      const put = await client().call('PUT', path, { body: { database: { backup_retention_days: 9 } } });
      expect(put.body.database.backup_retention_days).toBe(9);
      expect((await client().call('GET', path)).body.database.backup_retention_days).toBe(9);
    });
  });

  it('refuses to start when the update body loses a field the mock normalises, naming it', () => {
    const spec = specWith((schemas) => {
      delete schemas.DatabaseUpdate.properties.maintenance_window;
    });
    expect(() => createMockApi({ spec })).toThrow(/no field maintenance_window/);
  });
});
