import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSpecs } from '../src/diff.js';
import { loadSpec, SpecLoadError } from '../src/load.js';
import { toJson, toMarkdown } from '../src/report.js';
import { applyPatch, bundlePair, FIXTURES, readYaml } from './helpers.js';

interface FixtureDoc {
  components: { schemas: Record<string, Record<string, unknown>> };
}
const base = readYaml(join(FIXTURES, 'base.yaml')) as FixtureDoc;
const schemas = base.components.schemas;

describe('what is not a change', () => {
  it('finds nothing between a spec and itself', async () => {
    const pair = await bundlePair(base, base);
    const result = diffSpecs(pair.base, pair.head);
    expect(result.changes).toEqual([]);
    expect(result.bump).toBe('none');
  });

  it('ignores info.version, which changesets rewrite at every release', async () => {
    const pair = await bundlePair(
      base,
      applyPatch(base, [{ op: 'replace', path: '/info/version', value: '9.9.9' }]),
    );
    expect(diffSpecs(pair.base, pair.head).changes).toEqual([]);
  });

  it('ignores the name of a component: only the shapes it describes count', async () => {
    const renamed = JSON.parse(
      JSON.stringify(base).replaceAll('#/components/schemas/ThingCreate"', '#/components/schemas/NewThing"'),
    ) as FixtureDoc;
    renamed.components.schemas.NewThing = schemas.ThingCreate ?? {};
    delete renamed.components.schemas.ThingCreate;
    const pair = await bundlePair(base, renamed);
    expect(diffSpecs(pair.base, pair.head).changes).toEqual([]);
  });

  it('treats an inlined schema like the $ref it replaces', async () => {
    const inlined = applyPatch(base, [
      {
        op: 'replace',
        path: '/paths/~1things/post/requestBody/content/application~1json/schema',
        value: { ...schemas.ThingCreateRequest, properties: { thing: schemas.ThingCreate } },
      },
    ]);
    const pair = await bundlePair(base, inlined);
    expect(diffSpecs(pair.base, pair.head).changes).toEqual([]);
  });

  it('reads allOf members as one object', async () => {
    const split = applyPatch(base, [
      {
        op: 'replace',
        path: '/components/schemas/ThingEnvelope',
        value: {
          allOf: [
            { type: 'object', required: ['thing'] },
            { properties: { thing: { $ref: '#/components/schemas/Thing' } } },
          ],
        },
      },
    ]);
    const pair = await bundlePair(base, split);
    expect(diffSpecs(pair.base, pair.head).changes).toEqual([]);
  });
});

describe('recursive schemas', () => {
  it('terminates on a schema that contains itself and still sees changes below the recursion', async () => {
    // Thing.parent is a Thing or null: a change to Thing shows at thing.size, once per place.
    const head = applyPatch(base, [
      { op: 'replace', path: '/components/schemas/Thing/properties/size/type', value: 'string' },
    ]);
    const pair = await bundlePair(base, head);
    const result = diffSpecs(pair.base, pair.head);
    const wheres = result.changes.filter((c) => c.operationId === 'getThing').map((c) => c.where);
    expect(wheres).toEqual(['response 200 › thing.size']);
  });
});

describe('direction', () => {
  it('classifies one edit of a schema used both ways once per direction', async () => {
    // The same free-text schema in a request body and in a response: adding null.
    const shared = { type: 'string' };
    const doc = applyPatch(base, [
      { op: 'add', path: '/components/schemas/Note', value: shared },
      {
        op: 'add',
        path: '/components/schemas/ThingCreate/properties/memo',
        value: { $ref: '#/components/schemas/Note' },
      },
      {
        op: 'add',
        path: '/components/schemas/Thing/properties/memo',
        value: { $ref: '#/components/schemas/Note' },
      },
    ]);
    const head = applyPatch(doc, [
      { op: 'replace', path: '/components/schemas/Note/type', value: ['string', 'null'] },
    ]);
    const pair = await bundlePair(doc, head);
    const rules = diffSpecs(pair.base, pair.head).changes.filter((c) => c.operationId === 'createThing');
    expect(rules.map((c) => [c.rule, c.where])).toEqual([
      ['request-type-widened', 'request body › thing.memo'],
      ['response-type-widened', 'response 201 › thing.memo'],
    ]);
  });

  it('leaves read-only properties out of requests and write-only ones out of responses', async () => {
    const head = applyPatch(base, [
      { op: 'remove', path: '/components/schemas/Thing/properties/secret' },
      {
        op: 'add',
        path: '/components/schemas/ThingCreate/properties/id',
        value: { type: 'string', readOnly: true },
      },
    ]);
    const pair = await bundlePair(base, head);
    expect(diffSpecs(pair.base, pair.head).changes).toEqual([]);
  });
});

describe('loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contract-review-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles a spec split over several files', async () => {
    writeFileSync(
      join(dir, 'root.yaml'),
      'openapi: 3.1.0\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    $ref: ./a.yaml\n',
    );
    writeFileSync(
      join(dir, 'a.yaml'),
      "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: ./A.yaml}\n",
    );
    writeFileSync(join(dir, 'A.yaml'), 'type: object\nproperties:\n  id: {type: string}\n');
    const doc = await loadSpec(join(dir, 'root.yaml'));
    expect(JSON.stringify(doc)).toContain('#/components/schemas/A');
  });

  it('names the file and the reference that does not resolve', async () => {
    writeFileSync(
      join(dir, 'broken.yaml'),
      'openapi: 3.1.0\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    $ref: ./gone.yaml\n',
    );
    await expect(loadSpec(join(dir, 'broken.yaml'), 'head')).rejects.toThrow(
      /head: the spec does not bundle:[\s\S]*gone\.yaml/,
    );
  });

  it('refuses YAML that does not parse, naming the file', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'openapi: 3.1.0\ninfo: [unclosed\n');
    await expect(loadSpec(join(dir, 'bad.yaml'), 'base')).rejects.toThrow(SpecLoadError);
  });

  it('refuses a document that is not OpenAPI 3', async () => {
    writeFileSync(join(dir, 'swagger.yaml'), "swagger: '2.0'\ninfo: {title: t, version: 1.0.0}\npaths: {}\n");
    await expect(loadSpec(join(dir, 'swagger.yaml'))).rejects.toThrow(/not an OpenAPI 3 document/);
  });

  it('says when the root file is missing', async () => {
    await expect(loadSpec(join(dir, 'nowhere.yaml'), 'base')).rejects.toThrow(
      /base: .*nowhere\.yaml does not exist/,
    );
  });
});

describe('reports', () => {
  it('groups the Markdown report by operation, worst first, and states the bump', async () => {
    const head = applyPatch(base, [
      { op: 'add', path: '/components/schemas/Thing/properties/weight', value: { type: 'integer' } },
      { op: 'remove', path: '/components/schemas/Thing/properties/color' },
    ]);
    const pair = await bundlePair(base, head);
    const markdown = toMarkdown(diffSpecs(pair.base, pair.head), { base: 'a', head: 'b' });
    expect(markdown).toContain('**Verdict: breaking: 4 breaking, 4 additive, 0 cosmetic.**');
    expect(markdown).toContain('**major**');
    const section = markdown.slice(markdown.indexOf('## GET /things/{thing_id} (`getThing`)'));
    const rows = section.split('\n').filter((line) => line.startsWith('| 🔴') || line.startsWith('| 🟢'));
    expect(rows.slice(0, 2)).toEqual([
      '| 🔴 breaking | `response-property-removed` | response 200 › thing.color | property color removed |',
      '| 🟢 additive | `response-property-added` | response 200 › thing.weight | optional property weight added |',
    ]);
  });

  it('writes JSON with the counts, the bump and every change', async () => {
    const head = applyPatch(base, [{ op: 'replace', path: '/info/description', value: 'Reworded.' }]);
    const pair = await bundlePair(base, head);
    const json = JSON.parse(toJson(diffSpecs(pair.base, pair.head), { base: 'a', head: 'b' }));
    expect(json).toMatchObject({
      bump: 'patch',
      counts: { breaking: 0, additive: 0, cosmetic: 1 },
      changes: [{ rule: 'documentation-changed', severity: 'cosmetic', operation: null, where: 'info' }],
    });
  });
});

describe("the project's own spec", () => {
  it('bundles and compares with itself without a single change', async () => {
    const file = join(import.meta.dirname, '..', '..', '..', 'spec', 'openapi.yaml');
    const [a, b] = await Promise.all([loadSpec(file), loadSpec(file)]);
    const result = diffSpecs(a, b);
    expect(result.changes).toEqual([]);
  });
});
