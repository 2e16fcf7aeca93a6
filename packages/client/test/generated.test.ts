import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEnumValues } from '@scalingo-db-api/openapi/standard-forms';
import { describe, expect, it } from 'vitest';
// @ts-expect-error the generator is plain JavaScript
import { generate, HTTP_METHODS, loadBundle, operationTable } from '../scripts/generate.mjs';

const root = join(import.meta.dirname, '..');
type Json = Record<string, unknown>;
const spec = loadBundle() as Json;

describe('generated code', () => {
  it('is up to date with the bundle (run `pnpm --filter @scalingo-db-api/client generate`)', async () => {
    const files = (await generate(spec)) as Record<string, string>;
    for (const [file, text] of Object.entries(files)) {
      expect(readFileSync(join(root, file), 'utf8'), `${file} is stale`).toBe(text);
    }
  });

  it('makes response enumerations open and keeps the known values', () => {
    const schema = readFileSync(join(root, 'src/generated/schema.d.ts'), 'utf8');
    const components = (spec.components as Json).schemas as Record<string, Json>;
    const open = Object.entries(components).flatMap(([name, s]) => {
      const values = openEnumValues(s);
      return values ? [{ name, values }] : [];
    });
    expect(open.length).toBeGreaterThan(5);
    for (const { name, values } of open) {
      const line = schema.split('\n').find((l) => l.trimStart().startsWith(`${name}:`));
      expect(line, name).toBeDefined();
      expect(line, name).toBe(
        `        ${name}: ${[...values.map((v) => `"${v}"`), '(string & {})'].join(' | ')};`,
      );
    }
  });

  it('keeps request enumerations closed: no request reaches an open enumeration', () => {
    const components = spec.components as Record<string, Record<string, Json>>;
    const resolve = (ref: string): Json =>
      ref
        .slice(2)
        .split('/')
        .reduce<Json>((o, k) => o[k] as Json, spec);
    const reached: string[] = [];
    const visit = (node: unknown, trail: string, seen: Set<string>) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Json;
      if (typeof n.$ref === 'string') {
        if (seen.has(n.$ref)) return;
        const target = resolve(n.$ref);
        // readOnly properties are never sent, whatever their schema.
        if (openEnumValues(target)) reached.push(`${trail} -> ${n.$ref}`);
        visit(target, `${trail} -> ${n.$ref}`, new Set([...seen, n.$ref]));
        return;
      }
      if (openEnumValues(n)) reached.push(trail);
      for (const [key, value] of Object.entries(n)) {
        if (key === 'examples' || key === 'example') continue;
        if (key === 'properties') {
          for (const [prop, s] of Object.entries(value as Json)) {
            if ((s as Json)?.readOnly === true) continue;
            visit(s, `${trail}.${prop}`, seen);
          }
        } else visit(value, trail, seen);
      }
    };
    for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
      for (const method of HTTP_METHODS as string[]) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        visit(op.requestBody, `${op.operationId} body`, new Set());
        visit(op.parameters, `${op.operationId} parameters`, new Set());
        visit(item.parameters, `${path} parameters`, new Set());
      }
    }
    expect(reached).toEqual([]);
    // The same walk does find the open enumerations of an answer (so the check above can fail).
    const getDatabase = (spec.paths as Record<string, Record<string, Json>>)['/databases/{database_id}']?.get;
    visit(getDatabase?.responses, 'getDatabase responses', new Set());
    expect(reached.some((r) => r.endsWith('#/components/schemas/DatabaseStatus'))).toBe(true);
    expect(components.schemas).toBeDefined();
  });

  it('decodes at run time to exactly the table derived from the spec', async () => {
    const { operations } = await import('../src/generated/operations.js');
    expect(operations).toEqual(operationTable(spec));
  });

  it('derives the operation table from the spec (a few checks by hand)', async () => {
    const { operations } = await import('../src/generated/operations.js');
    expect(operations.createDatabaseUser).toMatchObject({
      method: 'POST',
      path: '/databases/{database_id}/users',
      bodyRoot: 'database_user',
      responseRoot: 'database_user',
      responseBare: true, // the reference's bare user is accepted too
    });
    expect(operations.getDatabase.responseBare).toBe(false);
    expect(operations.createFirewallRule).toMatchObject({ bodyRoot: 'firewall_rule', responseBare: false });
    expect(operations.listDatabaseUsers.responseRoot).toBe('database-users');
    expect(operations.runDatabaseAction).toMatchObject({ body: 'json', bodyRoot: null, responseRoot: null });
    expect(operations.getInstanceMetricSeries.pathParams).toEqual(['database_id', 'instance_id', 'metric']);
    expect(operations.getCaCertificate).toMatchObject({ auth: false, response: 'text' });
    expect(operations.deleteDatabaseUser).toMatchObject({ response: 'none' });
    // Only what the runtime reads is carried in every bundle; statuses and queries are in `paths`.
    expect(Object.keys(operations.getPlan).sort()).toEqual(
      [
        'auth',
        'body',
        'bodyRequired',
        'bodyRoot',
        'method',
        'path',
        'pathParams',
        'pagination',
        'response',
        'responseBare',
        'responseRoot',
      ].sort(),
    );
    expect(operations.listMaintenance.pagination).toEqual({ style: 'page', items: 'maintenance' });
    expect(operations.listLogsArchives.pagination).toEqual({ style: 'cursor', items: 'archives' });
  });
});
