import { describe, expect, it } from 'vitest';
import { resolver } from '../model/document.js';
import { classifyRoot } from '../model/root-key.js';
import { type Doc, operationsOf, readBundle } from './support/spec.js';

describe('2xx JSON bodies in the bundle', () => {
  const doc = readBundle();
  const resolve = resolver(doc);
  const verdicts = operationsOf(doc).map(({ operation }) => {
    const unrooted: string[] = [];
    for (const [status, raw] of Object.entries(operation.responses ?? {})) {
      if (!status.startsWith('2')) continue;
      const response = resolve(raw) as Doc;
      for (const [mediaType, media] of Object.entries((response.content ?? {}) as Doc)) {
        if (!/json/.test(mediaType)) continue;
        const verdict = classifyRoot((media as Doc).schema, resolve);
        if (!verdict.rooted) unrooted.push(`${status}: ${verdict.reason}`);
      }
    }
    return {
      id: operation.operationId as string,
      mark: operation['x-scalingo-unrooted'] as unknown,
      unrooted,
    };
  });

  it('are marked x-scalingo-unrooted whenever they lack a single root key', () => {
    const unmarked = verdicts.filter(({ mark, unrooted }) => unrooted.length > 0 && mark === undefined);
    expect(unmarked.map(({ id, unrooted }) => `${id}: ${unrooted.join('; ')}`)).toEqual([]);
  });

  it('carry x-scalingo-unrooted only when they really are unrooted, with a reason', () => {
    const marked = verdicts.filter(({ mark }) => mark !== undefined);
    expect(marked.filter(({ unrooted }) => unrooted.length === 0).map(({ id }) => id)).toEqual([]);
    for (const { id, mark } of marked)
      expect(typeof mark === 'string' && mark.trim().length > 10, id).toBe(true);
    expect(marked.length).toBeGreaterThan(0);
  });
});

describe('the root-key classifier', () => {
  const schemas: Doc = {
    Thing: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    ThingEnvelope: { type: 'object', properties: { thing: { $ref: '#/Thing' } } },
    Meta: { type: 'object', properties: { pagination: { type: 'object' } } },
  };
  const resolve = resolver(schemas);
  const list = { type: 'array', items: { $ref: '#/Thing' } };

  it.each([
    ['a resource under one key', { $ref: '#/ThingEnvelope' }, 'thing'],
    ['a list under one key', { type: 'object', properties: { things: list } }, 'things'],
    [
      'a paginated list with meta',
      { type: 'object', properties: { things: list, meta: { $ref: '#/Meta' } } },
      'things',
    ],
    [
      'a nullable resource',
      { type: ['object', 'null'], properties: { thing: { type: ['object', 'null'] } } },
      'thing',
    ],
    [
      'allOf members that add up to one key',
      { allOf: [{ $ref: '#/ThingEnvelope' }, { required: ['thing'] }] },
      'thing',
    ],
    [
      'oneOf of rooted forms',
      { oneOf: [{ $ref: '#/ThingEnvelope' }, { properties: { things: list } }] },
      'thing | things',
    ],
  ])('calls %s rooted', (_name, schema, key) => {
    expect(classifyRoot(schema, resolve)).toEqual({ rooted: true, key });
  });

  it.each([
    ['an array at the root', list, /array at the root/],
    ['a bare object of fields', { $ref: '#/Thing' }, /2 top-level keys \(`id`, `name`\)/],
    [
      'a single scalar field',
      { type: 'object', properties: { url: { type: 'string' } } },
      /only key `url` is a bare field/,
    ],
    [
      'meta beside a resource',
      { properties: { thing: { type: 'object' }, meta: { $ref: '#/Meta' } } },
      /not a list/,
    ],
    ['a free-form object', { type: 'object', additionalProperties: true }, /no declared root key/],
    ['a string', { type: 'string' }, /string at the root/],
    [
      'a oneOf with one unrooted form',
      { oneOf: [{ $ref: '#/ThingEnvelope' }, { $ref: '#/Thing' }] },
      /oneOf\[1\]/,
    ],
    ['no schema', undefined, /no schema/],
  ])('calls %s unrooted and says why', (_name, schema, reason) => {
    const verdict = classifyRoot(schema, resolve);
    expect(verdict.rooted).toBe(false);
    expect(verdict.rooted === false && verdict.reason).toMatch(reason);
  });
});
