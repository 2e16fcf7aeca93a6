import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evidenceSources } from '../model/extensions.js';
import { bundle } from './support/redocly.js';
import { bundlePath, expectedOperations, operationsOf, readBundle, specDir } from './support/spec.js';

describe('the bundle', () => {
  const doc = readBundle();

  // The oracle lists what the sources show; an operation none shows (`x-scalingo-evidence:
  // inferred` only) is not in it, as it is not in the corpus of traffic.
  it('holds exactly the operations of fixtures/operations.tsv (method, path, operationId) among those a source shows', () => {
    const shown = operationsOf(doc).filter(({ operation }) => evidenceSources(operation).length > 0);
    const actual = shown.map(({ method, path, operation }) => `${method} ${path} ${operation.operationId}`);
    const expected = expectedOperations().map(
      ({ method, path, operationId }) => `${method} ${path} ${operationId}`,
    );
    expect(expected).toHaveLength(45);
    expect([...actual].sort()).toEqual([...expected].sort());
  });

  it('answers each operation with the success statuses of the API reference', () => {
    const byKey = new Map(
      operationsOf(doc).map((found) => [`${found.method} ${found.path}`, found.operation]),
    );
    const wrong: string[] = [];
    for (const { method, path, operationId, success } of expectedOperations()) {
      const statuses = Object.keys(byKey.get(`${method} ${path}`)?.responses ?? {}).filter((status) =>
        status.startsWith('2'),
      );
      if (statuses.sort().join('/') !== [...success].sort().join('/')) {
        wrong.push(`${operationId}: ${statuses.join('/') || 'none'} instead of ${success.join('/')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names the sources of the API reference in x-scalingo-evidence, client-only when the docs lack it', () => {
    const byKey = new Map(
      operationsOf(doc).map((found) => [`${found.method} ${found.path}`, found.operation]),
    );
    const sources: Record<string, string> = { D: 'docs', G: 'go-client', J: 'js-client' };
    const wrong: string[] = [];
    for (const { method, path, operationId, evidence } of expectedOperations()) {
      const expected = [...evidence].map((letter) => sources[letter]);
      if (!evidence.includes('D')) expected.unshift('client-only');
      const raw = byKey.get(`${method} ${path}`)?.['x-scalingo-evidence'];
      const actual: string[] = Array.isArray(raw) ? raw : [raw];
      // `inferred` may follow the sources, where a shape is guessed (the reference says which).
      const named = actual.filter((source) => source !== 'inferred');
      if (named.join(',') !== expected.join(',')) {
        wrong.push(`${operationId}: [${actual.join(', ')}] instead of [${expected.join(', ')}]`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives every operation a distinct operationId', () => {
    const ids = operationsOf(doc).map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares two servers per region: the db-api host first, then the main API host', () => {
    const servers = doc.servers as {
      url: string;
      'x-scalingo-region'?: string;
      'x-scalingo-host-kind'?: string;
    }[];
    const rows = servers.map(
      (server) => `${server['x-scalingo-host-kind']} ${server['x-scalingo-region']} ${server.url}`,
    );
    expect(rows).toEqual([
      'db-api osc-fr1 https://db-api.osc-fr1.scalingo.com/api',
      'db-api osc-secnum-fr1 https://db-api.osc-secnum-fr1.scalingo.com/api',
      'api osc-fr1 https://api.osc-fr1.scalingo.com/api',
      'api osc-secnum-fr1 https://api.osc-secnum-fr1.scalingo.com/api',
    ]);
    // Each server's description names the scheme of the token its host takes.
    for (const server of servers) {
      const scheme = server['x-scalingo-host-kind'] === 'db-api' ? 'databaseToken' : 'userToken';
      expect((server as { description?: string }).description, server.url).toContain(`(${scheme})`);
    }
  });

  it('accepts either HTTP bearer scheme on every operation, and only public operations opt out', () => {
    const schemes = doc.components.securitySchemes as Record<string, { type: string; scheme: string }>;
    expect(Object.keys(schemes).sort()).toEqual(['databaseToken', 'userToken']);
    for (const scheme of Object.values(schemes))
      expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ databaseToken: [] }, { userToken: [] }]);
    const overrides = operationsOf(doc).filter(({ operation }) => operation.security !== undefined);
    for (const { operation } of overrides) {
      // An override can only make an operation public (`security: []`), never change the scheme.
      expect(operation.security, operation.operationId).toEqual([]);
    }
    expect(overrides.map(({ operation }) => operation.operationId)).toEqual(['getCaCertificate']);
  });

  it('is the same YAML and JSON document', () => {
    const yaml = parse(readFileSync(join(specDir, 'dist', 'openapi.yaml'), 'utf8'));
    expect(yaml).toEqual(doc);
  });

  it('is byte-identical when bundled again from the same sources', async () => {
    const out = mkdtempSync(join(tmpdir(), 'spec-bundle-'));
    try {
      const run = await bundle(specDir, out);
      expect(run.status, run.output).toBe(0);
      for (const name of ['openapi.json', 'openapi.yaml']) {
        const again = readFileSync(join(out, name), 'utf8');
        const before = readFileSync(
          name === 'openapi.json' ? bundlePath : join(specDir, 'dist', name),
          'utf8',
        );
        expect(again === before, `${name} differs between two bundles of the same sources`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
