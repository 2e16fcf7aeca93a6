import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  OPEN_ENUM_MARKER,
  openEnumValues,
  standardise,
  toMarkedForm,
  toStandardForm,
} from '../lib/standard-forms.js';
import { type Doc, readBundle, readYaml, specDir } from './support/spec.js';

const marked = {
  type: 'string',
  description: 'A status.',
  enum: ['new', 'ready'],
  [OPEN_ENUM_MARKER]: true,
  examples: ['new'],
};

describe('the standard forms of the bundle', () => {
  it('writes an open enumeration as an anyOf of its known values and any other string', () => {
    const standard = toStandardForm(marked);
    expect(standard).toEqual({
      description: 'A status.',
      anyOf: [
        { type: 'string', enum: ['new', 'ready'] },
        { type: 'string', description: expect.any(String) },
      ],
      examples: ['new'],
    });
    expect(openEnumValues(standard)).toEqual(['new', 'ready']);
    expect(openEnumValues(marked)).toEqual(['new', 'ready']);
    expect(toMarkedForm(standard)).toEqual(marked);
  });

  it('reads as open only that shape: no closed enum, no anyOf that restricts the other strings', () => {
    expect(openEnumValues({ type: 'string', enum: ['a'] })).toBeNull();
    expect(
      openEnumValues({
        anyOf: [
          { type: 'string', enum: ['a'] },
          { type: 'string', pattern: '^x' },
        ],
      }),
    ).toBeNull();
    expect(openEnumValues({ anyOf: [{ type: 'string', enum: ['a'] }, { type: 'integer' }] })).toBeNull();
    expect(openEnumValues({ anyOf: [{ type: 'string', enum: [1] }, { type: 'string' }] })).toBeNull();
    expect(openEnumValues({ type: 'integer', enum: [1], [OPEN_ENUM_MARKER]: true })).toBeNull();
  });

  it('gives each const its one-value enum, and leaves examples alone', () => {
    const doc = standardise({
      schema: { type: 'string', const: 'pg-cancel-query', description: 'x' },
      examples: { one: { value: { type: 'string', const: 'kept' } } },
    });
    expect(doc.schema).toEqual({
      type: 'string',
      const: 'pg-cancel-query',
      enum: ['pg-cancel-query'],
      description: 'x',
    });
    expect(doc.examples.one.value).toEqual({ type: 'string', const: 'kept' });
  });

  it('writes a type list with an array or object as one oneOf branch per type, each with its keywords', () => {
    const list = {
      type: ['array', 'null'],
      description: 'Plugins, or null.',
      readOnly: true,
      items: { type: 'string' },
      maxItems: 3,
      examples: [null],
    };
    expect(toStandardForm(list)).toEqual({
      description: 'Plugins, or null.',
      readOnly: true,
      oneOf: [{ type: 'array', items: { type: 'string' }, maxItems: 3 }, { type: 'null' }],
      examples: [null],
    });
    const object = { type: ['object', 'null'], properties: { a: { type: 'string' } }, required: ['a'] };
    expect(toStandardForm(object)).toEqual({
      oneOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { type: 'null' }],
    });
    // Lists of scalars, which every tool reads, and a list with nothing of its own, stay as they are.
    expect(toStandardForm({ type: ['string', 'null'], minLength: 1 })).toEqual({
      type: ['string', 'null'],
      minLength: 1,
    });
    expect(toStandardForm({ type: ['array', 'null'] })).toEqual({ type: ['array', 'null'] });
  });

  it('leave no type list with items or properties in the bundle', () => {
    const lists: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) {
        for (const [i, item] of node.entries()) walk(item, `${at}/${i}`);
      } else if (node && typeof node === 'object') {
        const n = node as Doc;
        if (Array.isArray(n.type) && ('items' in n || 'properties' in n)) lists.push(at);
        for (const [key, value] of Object.entries(n))
          if (key !== 'example' && key !== 'examples') walk(value, `${at}/${key}`);
      }
    };
    walk(readBundle(), '#');
    expect(lists).toEqual([]);
    expect(
      readBundle().components.schemas.DatabaseTypeVersion.properties.allowed_plugins.oneOf.map(
        (branch: Doc) => branch.type,
      ),
    ).toEqual(['array', 'null']);
  });

  it('leave no marker in the bundle, and every open enumeration of the source open in it', () => {
    const bundle = readBundle();
    expect(JSON.stringify(bundle.components)).not.toContain(OPEN_ENUM_MARKER);
    const dir = join(specDir, 'components/schemas');
    const sources = readdirSync(dir).filter(
      (file) => (readYaml(join(dir, file)) as Doc)[OPEN_ENUM_MARKER] === true,
    );
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const name = file.replace(/\.yaml$/, '');
      expect(openEnumValues(bundle.components.schemas[name]), name).toEqual(
        (readYaml(join(dir, file)) as Doc).enum,
      );
    }
  });

  it('put a one-value enum beside every const of the bundle', () => {
    const lone: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) {
        for (const [i, item] of node.entries()) walk(item, `${at}/${i}`);
      } else if (node && typeof node === 'object') {
        const n = node as Doc;
        if (
          'const' in n &&
          typeof n.const !== 'object' &&
          !(Array.isArray(n.enum) && n.enum.length === 1 && n.enum[0] === n.const)
        )
          lone.push(at);
        for (const [key, value] of Object.entries(n))
          if (key !== 'example' && key !== 'examples') walk(value, `${at}/${key}`);
      }
    };
    walk(readBundle(), '#');
    expect(lone).toEqual([]);
  });
});
