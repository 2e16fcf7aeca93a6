// The TypeScript types the package generates from its bundle (`@scalingo-db-api/openapi/types`,
// scripts/types.mjs): the one generation the client copies and the mock imports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEnumValues } from '../lib/standard-forms.js';
import { getByPointer, HTTP_METHODS } from '../model/document.js';
import { generateTypes, HEADER } from '../scripts/types.mjs';
import { readBundle, specDir } from './support/spec.js';

type Json = Record<string, unknown>;
const spec = readBundle() as Json;
const generated = generateTypes(spec);

describe('the generated types', () => {
  it('are a types-only entry of the package, shipped with it', () => {
    const manifest = JSON.parse(readFileSync(join(specDir, 'package.json'), 'utf8'));
    expect(manifest.exports['./types']).toEqual({ types: './dist/types.d.ts' });
    expect(manifest.files).toContain('dist/types.d.ts');
    expect(manifest.scripts.build).toContain('node scripts/types.mjs');
  });

  it('start with the header that says where they come from, then the types', async () => {
    const text = await generated;
    expect(text.startsWith(`${HEADER}\nexport interface paths {`)).toBe(true);
    expect(text).toContain('export interface components {');
    expect(text).toContain('export interface operations {');
  });

  it('makes response enumerations open and keeps the known values', async () => {
    const schema = await generated;
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
    const reached: string[] = [];
    const visit = (node: unknown, trail: string, seen: Set<string>) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Json;
      if (typeof n.$ref === 'string') {
        if (seen.has(n.$ref)) return;
        const target = getByPointer(spec, n.$ref) as Json;
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
      for (const method of HTTP_METHODS) {
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
});
