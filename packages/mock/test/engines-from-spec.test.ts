// Which engines an action or a feature is for is read from the spec (`x-scalingo-engines`,
// `x-scalingo-feature-engines`): the mock follows a changed spec, and refuses to start on an
// engine the spec's `DatabaseEngine` does not list, naming it.
import { describe, expect, it } from 'vitest';
import { createMockApi } from '../src/api.js';
import { bundledSpec } from '../src/bundled.js';
import type { JsonObject } from '../src/openapi.js';
import { INFLUX, MYSQL, PG, useMock } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the test edits the bundle in place
type Schemas = Record<string, any>;

/** The bundle after `edit` changed its schemas. */
function specWith(edit: (schemas: Schemas) => void): JsonObject {
  const spec = structuredClone(bundledSpec) as { components: { schemas: Schemas } };
  edit(spec.components.schemas);
  return spec as unknown as JsonObject;
}

const featureNames = (schemas: Schemas) =>
  schemas.FeatureEnable.properties.name['x-scalingo-feature-engines'];

describe('the engines of actions and features', () => {
  it('refuses to start when an action names an engine the spec does not know, naming both', () => {
    const spec = specWith((schemas) => {
      schemas.ActionListDatabases['x-scalingo-engines'].engines = ['mysql', 'mariadb'];
    });
    expect(() => createMockApi({ spec })).toThrow(
      /the action list-databases: .*`mariadb`, which is not a known engine/,
    );
  });

  it('refuses to start when a feature names an engine the spec does not know, naming both', () => {
    const spec = specWith((schemas) => {
      featureNames(schemas)['redis-aof'].engines = ['valkey'];
    });
    expect(() => createMockApi({ spec })).toThrow(
      /the feature redis-aof: .*`valkey`, which is not a known engine/,
    );
  });

  it('refuses to start when an action of the spec says nothing of its engines, naming it', () => {
    const spec = specWith((schemas) => {
      delete schemas.ActionMysqlGetSqlMode['x-scalingo-engines'];
    });
    expect(() => createMockApi({ spec })).toThrow(/the action get-sqlmode has no `x-scalingo-engines`/);
  });

  describe('on a spec that moves list-databases to PostgreSQL and redis-aof to every engine', () => {
    const { client } = useMock({
      spec: specWith((schemas) => {
        schemas.ActionListDatabases['x-scalingo-engines'].engines = ['postgresql'];
        featureNames(schemas)['redis-aof'].engines = 'all';
      }),
    });
    const act = (id: string) =>
      client()
        .as(id)
        .call('POST', `/databases/${id}/action`, { body: { action_name: 'list-databases' } });

    it('runs the action on PostgreSQL and refuses it on MySQL', async () => {
      expect((await act(PG)).body.ok).toBe(1);
      const refused = await act(MYSQL);
      expect(refused.status).toBe(422);
      expect(refused.body.errors.action_name[0]).toMatch(/only postgresql/);
    });

    it('enables the feature on InfluxDB', async () => {
      const res = await client()
        .as(INFLUX)
        .call('POST', `/databases/${INFLUX}/features`, { body: { feature: { name: 'redis-aof' } } });
      expect(res.status).toBe(200);
    });
  });
});
