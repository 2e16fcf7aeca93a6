import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Change, diffSpecs } from '../src/diff.js';
import { loadSpec } from '../src/load.js';
import { type ReadFile, SourceMap, schemaSteps } from '../src/source-map.js';
import { FIXTURES, WORKSPACE_ROOT } from './helpers.js';

const SPLIT = join(FIXTURES, 'split');
const readIn =
  (dir: string): ReadFile =>
  (file) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch {
      return null;
    }
  };

/** The 1-based line of the first line of `file` (in the split fixture) that contains `text`. */
function lineOf(file: string, text: string, dir = SPLIT): number {
  const index = readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${file} has no line with ${text}`);
  return index + 1;
}

function change(operation: string | null, where: string, extra: Partial<Change> = {}): Change {
  return {
    rule: 'unclassified-change',
    severity: 'breaking',
    operation,
    operationId: null,
    where,
    message: 'x changed',
    ...extra,
  };
}

const map = new SourceMap({ read: readIn(SPLIT), root: 'openapi.yaml' });
const locate = (c: Change) => map.locate(c);

describe('the source line of a change', () => {
  it('at the root of the document: the key in the root file', () => {
    expect(locate(change(null, 'info'))).toEqual({
      file: 'openapi.yaml',
      line: lineOf('openapi.yaml', 'info:'),
    });
    expect(locate(change(null, 'security scheme bearer'))).toEqual({
      file: 'openapi.yaml',
      line: lineOf('openapi.yaml', '    bearer:'),
    });
    expect(locate(change(null, 'servers https://two.example.test/api'))).toEqual({
      file: 'openapi.yaml',
      line: lineOf('openapi.yaml', 'two.example.test'),
    });
  });

  it('inside a path file: the keyword of the operation', () => {
    const get = 'GET /things/{thing_id}';
    expect(locate(change(get, 'operationId'))).toEqual({
      file: 'paths/getThing.yaml',
      line: lineOf('paths/getThing.yaml', 'operationId:'),
    });
    expect(locate(change(get, 'query parameter verbose'))).toEqual({
      file: 'paths/getThing.yaml',
      line: lineOf('paths/getThing.yaml', '- name: verbose'),
    });
    expect(locate(change(get, 'response 200 header X-Request-Id'))).toEqual({
      file: 'paths/getThing.yaml',
      line: lineOf('paths/getThing.yaml', 'X-Request-Id:'),
    });
  });

  it('inside a component: through the $refs and allOf members to the property', () => {
    const get = 'GET /things/{thing_id}';
    expect(locate(change(get, 'response 200 › thing.color'))).toEqual({
      file: 'components/schemas/Named.yaml',
      line: lineOf('components/schemas/Named.yaml', 'color:'),
    });
    expect(locate(change(get, 'response 200 › thing.tags[]'))).toEqual({
      file: 'components/schemas/Thing.yaml',
      line: lineOf('components/schemas/Thing.yaml', 'items:'),
    });
    expect(locate(change(get, 'path parameter thing_id'))).toEqual({
      file: 'paths/getThing.yaml',
      line: lineOf('paths/getThing.yaml', 'ThingId.yaml'),
    });
    expect(locate(change(get, 'response 200 › thing.name'))).toEqual({
      file: 'components/schemas/Named.yaml',
      line: lineOf('components/schemas/Named.yaml', 'name:'),
    });
  });

  it('at the keyword a change names first, unless the change adds or removes a whole thing', () => {
    const get = 'GET /things/{thing_id}';
    expect(locate(change(get, 'path parameter thing_id', { message: 'maxLength 64 → 32' }))).toEqual({
      file: 'components/parameters/ThingId.yaml',
      line: lineOf('components/parameters/ThingId.yaml', 'maxLength'),
    });
    const added = { rule: 'required-parameter-added', message: 'required parameter query x added' } as const;
    expect(locate(change(get, 'path parameter thing_id', added))).toEqual({
      file: 'paths/getThing.yaml',
      line: lineOf('paths/getThing.yaml', 'ThingId.yaml'),
    });
  });

  it('of what the head removed, without a base: its nearest surviving parent in the head', () => {
    const get = 'GET /things/{thing_id}';
    expect(locate(change(get, 'response 200 › thing.weight'))).toEqual({
      file: 'paths/getThing.yaml',
      line: lineOf('paths/getThing.yaml', 'thing:'),
    });
    expect(locate(change(get, 'response 500'))).toEqual({
      file: 'paths/getThing.yaml',
      line: lineOf('paths/getThing.yaml', 'responses:'),
    });
    expect(locate(change('POST /things/{thing_id}', 'operation'))).toEqual({
      file: 'openapi.yaml',
      line: lineOf('openapi.yaml', '/things/{thing_id}:'),
    });
    expect(locate(change('GET /gone', 'operation'))).toEqual({
      file: 'openapi.yaml',
      line: lineOf('openapi.yaml', 'paths:'),
    });
  });

  it('stops at the key whose $ref does not resolve, loops or leaves the tree', () => {
    const files: Record<string, string> = {
      'openapi.yaml':
        'openapi: 3.1.0\npaths:\n  /a:\n    get:\n      $ref: a.yaml\n  /b:\n    get:\n      $ref: ../b.yaml\n',
      'a.yaml': '$ref: ./c.yaml\n',
      'c.yaml': '$ref: ./a.yaml\n',
    };
    const looped = new SourceMap({ read: (file) => files[file] ?? null, root: 'openapi.yaml' });
    expect(looped.locate(change('GET /a', 'operationId'))).toEqual({ file: 'openapi.yaml', line: 4 });
    expect(looped.locate(change('GET /b', 'operationId'))).toEqual({ file: 'openapi.yaml', line: 7 });
    const missing = new SourceMap({ read: () => null, root: 'spec/openapi.yaml' });
    expect(missing.locate(change(null, 'info'))).toEqual({ file: 'spec/openapi.yaml', line: 1 });
  });
});

describe('the steps of a schema path', () => {
  it('splits names, items, additional properties and branches', () => {
    expect(schemaSteps('database.instances[].hostname')).toEqual(['database', 'instances', '[]', 'hostname']);
    expect(schemaSteps('meta.*.count')).toEqual(['meta', '*', 'count']);
    expect(schemaSteps('body <Postgres>.port')).toEqual(['body', '<Postgres>', 'port']);
    expect(schemaSteps('[]')).toEqual(['[]']);
  });
});

describe('changes found by the diff', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('point at the edited line of the head, and what it removed at the same file of the head', async () => {
    const head = mkdtempSync(join(tmpdir(), 'source-map-'));
    dirs.push(head);
    cpSync(SPLIT, head, { recursive: true });
    const named = join(head, 'components/schemas/Named.yaml');
    writeFileSync(named, readFileSync(named, 'utf8').replace('  color:\n    type: string\n', ''));
    const param = join(head, 'components/parameters/ThingId.yaml');
    writeFileSync(param, readFileSync(param, 'utf8').replace('maxLength: 64', 'maxLength: 32'));
    const op = join(head, 'paths/getThing.yaml');
    writeFileSync(op, readFileSync(op, 'utf8').replace('summary: Get a thing', 'summary: Read a thing'));
    const result = diffSpecs(
      await loadSpec(join(SPLIT, 'openapi.yaml')),
      await loadSpec(join(head, 'openapi.yaml')),
    );
    const where = new SourceMap(
      { read: readIn(head), root: 'openapi.yaml' },
      { read: readIn(SPLIT), root: 'openapi.yaml' },
    );
    const found = result.changes.map((c) => `${c.rule} ${JSON.stringify(where.locate(c))}`);
    expect(found).toContain(
      `response-property-removed ${JSON.stringify({ file: 'components/schemas/Named.yaml', line: lineOf('components/schemas/Named.yaml', 'properties:', head) })}`,
    );
    expect(found).toContain(
      `request-constraint-tightened ${JSON.stringify({ file: 'components/parameters/ThingId.yaml', line: lineOf('components/parameters/ThingId.yaml', 'maxLength', head) })}`,
    );
    expect(found).toContain(
      `documentation-changed ${JSON.stringify({ file: 'paths/getThing.yaml', line: lineOf('paths/getThing.yaml', 'summary:', head) })}`,
    );
  });

  it("find every operation of the project's own spec in its own path file", async () => {
    const spec = join(WORKSPACE_ROOT, 'spec');
    const own = new SourceMap({ read: readIn(WORKSPACE_ROOT), root: 'spec/openapi.yaml' });
    const doc = await loadSpec(join(spec, 'openapi.yaml'));
    const paths = doc.paths as Record<string, Record<string, { operationId: string }>>;
    const misplaced: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        const at = own.locate(change(`${method.toUpperCase()} ${path}`, 'operationId'));
        if (!at.file.endsWith(`/${op.operationId}.yaml`) || at.line < 1) misplaced.push(`${path} ${method}`);
      }
    }
    expect(misplaced).toEqual([]);
  });
});
