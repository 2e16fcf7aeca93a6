import { describe, expect, it } from 'vitest';
import { openEnumValues } from '../lib/standard-forms.js';
import { escapePointer, getByPointer } from '../model/document.js';
import { actionEngines, engineNames, FACADE, facadeTable, featureEngines } from '../model/extensions.js';
import { type Doc, operationsOf, readBundle, ruleOptions } from './support/spec.js';

const doc = readBundle();

/** What a local `$ref` points at, read by the shared model. */
const lookup = (ref: string): unknown => getByPointer(doc, ref);

/**
 * Every schema with a string `enum` reachable from `root` (inline or through `$ref`s), by the
 * pointer where the enum is defined.
 */
function stringEnumsUnder(
  root: unknown,
  pointer: string,
  found = new Map<string, Doc>(),
  seen = new Set<string>(),
) {
  if (Array.isArray(root)) {
    for (const [index, item] of root.entries()) stringEnumsUnder(item, `${pointer}/${index}`, found, seen);
  } else if (root && typeof root === 'object') {
    const node = root as Doc;
    if (typeof node.$ref === 'string') {
      if (!seen.has(node.$ref)) {
        seen.add(node.$ref);
        stringEnumsUnder(lookup(node.$ref), node.$ref, found, seen);
      }
      return found;
    }
    // An open enumeration counts once, where it is defined (not its `anyOf` branches); a
    // `const` with its one-value `enum` is a fixed value, not an enumeration.
    if (openEnumValues(node)) {
      found.set(pointer, node);
      return found;
    }
    const fixed = 'const' in node;
    if (
      !fixed &&
      Array.isArray(node.enum) &&
      node.enum.every((value: unknown) => typeof value === 'string')
    ) {
      found.set(pointer, node);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example' || key === 'examples' || key === 'enum') continue;
      stringEnumsUnder(value, `${pointer}/${escapePointer(key)}`, found, seen);
    }
  }
  return found;
}

describe('the x-scalingo extensions', () => {
  it('record every discrepancy of the API reference at least once', () => {
    const max = ruleOptions('discrepancy-shape')?.max;
    expect(Number.isInteger(max), 'redocly.yaml sets scalingo/discrepancy-shape.max').toBe(true);
    const recorded = new Set<number>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) for (const item of node) walk(item);
      else if (node && typeof node === 'object') {
        for (const entry of (node as Doc)['x-scalingo-discrepancy'] ?? []) recorded.add(entry.number);
        for (const value of Object.values(node)) walk(value);
      }
    };
    walk(doc);
    const missing = Array.from({ length: max }, (_, index) => index + 1).filter(
      (number) => !recorded.has(number),
    );
    expect(missing).toEqual([]);
  });

  it('give every action and every known feature its engines, all of them values of DatabaseEngine', () => {
    const known = engineNames(doc);
    expect(doc.components.schemas.Database.properties.type_name).toEqual({
      $ref: '#/components/schemas/DatabaseEngine',
    });
    const actions = actionEngines(doc, 'DatabaseAction');
    expect([...actions.keys()]).toEqual(
      Object.keys(doc.components.schemas.DatabaseAction.discriminator.mapping),
    );
    const features = featureEngines(doc, 'FeatureEnable');
    expect(features.get('redis-aof')).toEqual(['redis']);
    expect(features.get('force-ssl')).toBe('all');
    for (const set of [...actions.values(), ...features.values()]) {
      if (set !== 'all') expect(known).toEqual(expect.arrayContaining(set));
    }
  });

  it('make response enumerations open (the standard anyOf form) and leave request enumerations closed', () => {
    const requestEnums = new Map<string, Doc>();
    const responseEnums = new Map<string, Doc>();
    for (const { method, path, operation } of operationsOf(doc)) {
      const at = `#/paths/${escapePointer(path)}/${method}`;
      stringEnumsUnder(operation.requestBody, `${at}/requestBody`, requestEnums);
      stringEnumsUnder(operation.parameters, `${at}/parameters`, requestEnums);
      stringEnumsUnder(doc.paths[path].parameters, `${at}/../parameters`, requestEnums);
      stringEnumsUnder(operation.responses, `${at}/responses`, responseEnums);
    }
    const wrong: string[] = [];
    for (const [pointer, schema] of requestEnums) {
      if (openEnumValues(schema)) wrong.push(`${pointer}: a request enumeration left open`);
    }
    for (const [pointer, schema] of responseEnums) {
      if (requestEnums.has(pointer)) continue; // shared with a request: closed, as requests need
      if (!openEnumValues(schema)) wrong.push(`${pointer}: a response enumeration that is not open`);
    }
    expect(wrong).toEqual([]);
    expect(responseEnums.size).toBeGreaterThan(0);
  });

  it("name every operation's facade method once, grouped by tag, and refuse a document that does not", () => {
    const table = facadeTable(doc);
    const named = Object.values(table).flatMap((methods) => Object.values(methods));
    const ids = operationsOf(doc).map(({ operation }) => operation.operationId as string);
    expect([...named].sort()).toEqual([...ids].sort());
    expect(table.databases?.get).toBe('getDatabase');
    // Each group holds the operations of one tag, and each tag's operations sit in one group.
    const tagOf = new Map(
      operationsOf(doc).map(({ operation }) => [operation.operationId, operation.tags[0]]),
    );
    for (const [group, methods] of Object.entries(table)) {
      expect(new Set(Object.values(methods).map((id) => tagOf.get(id))).size, group).toBe(1);
    }

    const op = (id: string, tag: string, facade?: unknown) => ({
      operationId: id,
      tags: [tag],
      ...(facade === undefined ? {} : { [FACADE]: facade }),
      responses: { '200': { description: 'ok' } },
    });
    const spec = (...ops: Doc[]) => ({
      paths: Object.fromEntries(ops.map((o, index) => [`/p${index}`, { get: o }])),
    });
    expect(facadeTable(spec(op('getA', 'A', 'as.get'), op('listA', 'A', 'as.list')))).toEqual({
      as: { get: 'getA', list: 'listA' },
    });
    expect(() => facadeTable(spec(op('getA', 'A')))).toThrow(
      /^getA \(GET \/p0\): `x-scalingo-facade` is missing/,
    );
    expect(() => facadeTable(spec(op('getA', 'A', 'As.Get')))).toThrow(/"As\.Get" is not `group\.method`/);
    expect(() => facadeTable(spec(op('getA', 'A', 'as.get'), op('getB', 'A', 'as.get')))).toThrow(
      /^getB \(GET \/p1\): `x-scalingo-facade` `as\.get` is already the facade method of getA \(GET \/p0\)/,
    );
    expect(() => facadeTable(spec(op('getA', 'A', 'as.get'), op('getB', 'B', 'as.getB')))).toThrow(
      /group `as` already serves tag A/,
    );
    expect(() => facadeTable(spec(op('getA', 'A', 'as.get'), op('listA', 'A', 'others.list')))).toThrow(
      /the other operations of tag A are in `as`/,
    );
  });
});
