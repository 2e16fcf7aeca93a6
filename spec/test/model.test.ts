// The shared model of the document (spec/model): what every package reads the spec through.
import { describe, expect, it } from 'vitest';
import {
  derefMerged,
  evidenceSources,
  finalStatuses,
  listOperations,
  refsOf,
  requestFields,
  requestRootKey,
  resolver,
  rootedOrBareKey,
} from '../model/index.js';
import { expectedOperations, readBundle } from './support/spec.js';

describe('the operation list of the bundle', () => {
  const doc = readBundle();
  const operations = listOperations(doc, { strict: true });

  it('holds every operation of the API reference, in its method and path', () => {
    // The reference's list is of what the sources show (none shows an operation only inferred).
    const listed = operations
      .filter((op) => evidenceSources(op.raw).length > 0)
      .map((op) => `${op.method} ${op.path} ${op.operationId}`)
      .sort();
    const expected = expectedOperations()
      .map((op) => `${op.method.toLowerCase()} ${op.path} ${op.operationId}`)
      .sort();
    expect(listed).toEqual(expected);
  });

  it('reads the final statuses of the polled resources from x-scalingo-final', () => {
    expect(finalStatuses(doc, 'OperationStatus')).toEqual({
      success: ['finished'],
      failure: ['error', 'user-error', 'cancelled'],
    });
    expect(finalStatuses(doc, 'BackupStatus')).toEqual({
      success: ['done'],
      failure: ['error', 'cancelled'],
    });
  });

  it('fails naming the schema when a status enumeration has no x-scalingo-final', () => {
    expect(() => finalStatuses(doc, 'MaintenanceStatus')).toThrow(
      /schema MaintenanceStatus: `x-scalingo-final`/,
    );
  });
});

describe('listOperations', () => {
  const doc = {
    openapi: '3.1.0',
    components: { parameters: { Id: { name: 'id', in: 'path', schema: { type: 'string' } } } },
    paths: {
      '/things/{id}': {
        parameters: [{ $ref: '#/components/parameters/Id' }, { name: 'q', in: 'query', required: false }],
        get: {
          operationId: 'getThing',
          parameters: [{ name: 'q', in: 'query', required: true }],
          responses: {},
        },
      },
    },
  };

  it('merges path item and operation parameters, the operation winning', () => {
    const [op] = listOperations(doc);
    expect(op?.parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ['path', 'id', true],
      ['query', 'q', true],
    ]);
  });

  it('names an undeclared path parameter, a repeated id and an unresolved $ref', () => {
    const undeclared = { ...doc, paths: { '/x/{y}': { get: { operationId: 'getX', responses: {} } } } };
    expect(() => listOperations(undeclared, { strict: true })).toThrow(
      /GET \/x\/\{y\} \(getX\): path parameter \{y\}/,
    );
    const twice = {
      ...doc,
      paths: { '/a': { get: { operationId: 'a' } }, '/b': { get: { operationId: 'a' } } },
    };
    expect(() => listOperations(twice, { strict: true })).toThrow(/operationId a is used twice/);
    const broken = { ...doc, paths: { '/a': { get: { $ref: '#/nowhere' } } } };
    expect(() => listOperations(broken)).toThrow(/unresolved \$ref #\/nowhere/);
  });
});

describe('derefMerged', () => {
  const doc = {
    components: {
      schemas: {
        Size: { type: 'integer', description: 'Bytes.', minimum: 0 },
        Alias: { $ref: '#/components/schemas/Size', description: 'Alias.' },
      },
    },
  };

  it('lets the keys beside a $ref override the target, the nearest $ref winning', () => {
    const found = derefMerged(doc, { $ref: '#/components/schemas/Alias', minimum: 1 }, '#/x');
    expect(found).toEqual({
      node: { type: 'integer', description: 'Alias.', minimum: 1 },
      pointer: '#/components/schemas/Size',
      ref: '#/components/schemas/Size',
    });
    expect(doc.components.schemas.Size.minimum).toBe(0);
  });

  it('returns the target itself without siblings, and the node itself without a $ref', () => {
    const size = doc.components.schemas.Size;
    expect(derefMerged(doc, { $ref: '#/components/schemas/Size' }).node).toBe(size);
    expect(derefMerged(doc, size)).toEqual({ node: size, pointer: '#', ref: undefined });
  });

  it('names a reference that does not resolve or goes round in a cycle', () => {
    expect(() => derefMerged(doc, { $ref: '#/components/schemas/Gone' })).toThrow(
      /unresolved \$ref #\/components\/schemas\/Gone/,
    );
    const loop = { a: { $ref: '#/b' }, b: { $ref: '#/a' } };
    expect(() => derefMerged(loop, { $ref: '#/a' })).toThrow(/circular \$ref #\/a/);
  });
});

describe('request and rooted-or-bare root keys', () => {
  const schemas: Record<string, unknown> = {
    Thing: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    ThingEnvelope: { type: 'object', properties: { thing: { $ref: '#/components/schemas/Thing' } } },
  };
  const resolve = resolver({ components: { schemas } });
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

  it('takes the root key of the preferred (first) form of a request body', () => {
    expect(requestRootKey({ oneOf: [ref('ThingEnvelope'), ref('Thing')] }, resolve)).toBe('thing');
    expect(requestRootKey(ref('Thing'), resolve)).toBeUndefined();
  });

  it('lists the fields a request body sets, under its root key, allOf members merged', () => {
    expect(requestFields(ref('ThingEnvelope'), resolve)).toEqual(['id', 'name']);
    expect(requestFields({ allOf: [ref('Thing'), { properties: { size: {} } }] }, resolve)).toEqual([
      'id',
      'name',
      'size',
    ]);
  });

  it('recognises an answer accepted rooted or as the bare resource', () => {
    expect(rootedOrBareKey({ oneOf: [ref('ThingEnvelope'), ref('Thing')] }, resolve)).toBe('thing');
    expect(rootedOrBareKey({ oneOf: [ref('ThingEnvelope'), { type: 'string' }] }, resolve)).toBeUndefined();
  });
});

describe('refsOf', () => {
  it('lists every $ref with the pointer of the object holding it, keys escaped, in document order', () => {
    const doc = {
      paths: {
        '/a/{id}': { get: { $ref: 'paths/a.yaml' }, parameters: [{ $ref: '#/components/parameters/Id' }] },
      },
      components: { schemas: { 'A~B': { properties: { x: { $ref: '#/components/schemas/X' } } } } },
    };
    expect(refsOf(doc)).toEqual([
      { pointer: '#/paths/~1a~1{id}/get', ref: 'paths/a.yaml' },
      { pointer: '#/paths/~1a~1{id}/parameters/0', ref: '#/components/parameters/Id' },
      { pointer: '#/components/schemas/A~0B/properties/x', ref: '#/components/schemas/X' },
    ]);
    expect(refsOf({ $ref: 'x', a: 'not a ref' })).toEqual([{ pointer: '#', ref: 'x' }]);
  });

  it('finds no reference outside the bundle, and some inside it', () => {
    const refs = refsOf(readBundle());
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter(({ ref }) => !ref.startsWith('#'))).toEqual([]);
  });
});
