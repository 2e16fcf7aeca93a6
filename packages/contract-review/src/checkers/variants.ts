import { isDeepStrictEqual } from 'node:util';
import type { OpenApiDocument } from '../load.js';
import { rule } from '../rule.js';
import { unclassified } from '../walker/catch-all.js';
import { below } from '../walker/cursor.js';
import { isDocKey, isObject, type Json, stringOrNull } from '../walker/json.js';
import type { SchemaCheck, Walk } from '../walker/walk.js';
import { enumValues } from './enums.js';
import { typesOf } from './schema-types.js';

/**
 * `oneOf`/`anyOf` branches, matched by their constant discriminator value, then their `$ref`
 * name, then their type; each matched pair is compared one step down.
 */
export const rules = [
  rule(
    'request-variant-removed',
    'breaking',
    'request',
    'a request oneOf/anyOf loses a branch',
    'requests shaped like that branch are refused',
  ),
  rule(
    'request-variant-added',
    'additive',
    'request',
    'a request oneOf/anyOf gains a branch (e.g. a new database action)',
    'existing requests stay valid',
  ),
  rule(
    'response-variant-added',
    'breaking',
    'response',
    'a response oneOf/anyOf gains a branch (or a plain body becomes one of several shapes)',
    'clients receive a shape they do not know',
  ),
  rule(
    'response-variant-removed',
    'additive',
    'response',
    'a response oneOf/anyOf loses a branch',
    'clients already handle the remaining shapes',
  ),
] as const;

export const keywords = ['oneOf', 'anyOf', 'discriminator'];

function variantsOf(schema: Json): unknown[] | null {
  if (Array.isArray(schema.oneOf)) return schema.oneOf;
  if (Array.isArray(schema.anyOf)) return schema.anyOf;
  return null;
}

function wrapAsVariant(schema: Json): Json {
  const wrapper: Json = {};
  const branch: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (isDocKey(key)) wrapper[key] = value;
    else branch[key] = value;
  }
  wrapper.oneOf = [branch];
  return wrapper;
}

/**
 * A plain schema facing a oneOf/anyOf counts as a oneOf with that single branch, so that its
 * structure is compared with the matching branch and its documentation with the wrapper.
 */
export function align(b: Json, a: Json): [Json, Json] {
  if (variantsOf(b) && !variantsOf(a)) return [b, wrapAsVariant(a)];
  if (variantsOf(a) && !variantsOf(b)) return [wrapAsVariant(b), a];
  return [b, a];
}

export const check: SchemaCheck = (walk, b, a, cursor) => {
  const bItems = variantsOf(b);
  const aItems = variantsOf(a);
  if (!bItems || !aItems) return;
  const discriminator = (schema: Json) =>
    isObject(schema.discriminator) ? stringOrNull(schema.discriminator.propertyName) : null;
  const bKeys = variantKeys(walk, walk.base, bItems, discriminator(b), typesOf(b));
  const aKeys = variantKeys(walk, walk.head, aItems, discriminator(a), typesOf(a));
  const pairs: Array<[number, number]> = [];
  const usedA = new Set<number>();
  bKeys.forEach((key, i) => {
    const j = aKeys.indexOf(key);
    if (j >= 0 && !usedA.has(j)) {
      pairs.push([i, j]);
      usedA.add(j);
    }
  });
  const usedB = new Set(pairs.map(([i]) => i));
  // A branch whose key changed (a plain body that became a oneOf, an inline branch that became
  // a $ref): pair the leftovers that have the same type.
  bItems.forEach((item, i) => {
    if (usedB.has(i)) return;
    const types = typesOf(walk.flatten(walk.base, item).schema);
    const j = aItems.findIndex(
      (other, k) => !usedA.has(k) && isDeepStrictEqual(typesOf(walk.flatten(walk.head, other).schema), types),
    );
    if (j >= 0) {
      pairs.push([i, j]);
      usedA.add(j);
      usedB.add(i);
    }
  });
  const single = bItems.length === 1 && aItems.length === 1;
  // A branch without a type has the type of the schema around it (see variantKeys).
  const typed = (doc: OpenApiDocument, item: unknown, around: Json) => {
    const types = typesOf(around);
    if (!types || typesOf(walk.flatten(doc, item).schema)) return item;
    return { allOf: [item], type: types.length === 1 ? types[0] : types };
  };
  for (const [i, j] of pairs) {
    const here = single ? cursor : below(cursor, `<${aKeys[j]}>`);
    walk.schema(typed(walk.base, bItems[i], b), typed(walk.head, aItems[j], a), here);
  }
  bItems.forEach((_item, i) => {
    if (usedB.has(i)) return;
    if (cursor.dir === 'request') walk.emit('request-variant-removed', cursor, `branch ${bKeys[i]} removed`);
    else walk.emit('response-variant-removed', cursor, `branch ${bKeys[i]} removed`);
  });
  aItems.forEach((_item, j) => {
    if (usedA.has(j)) return;
    if (cursor.dir === 'request') walk.emit('request-variant-added', cursor, `branch ${aKeys[j]} added`);
    else walk.emit('response-variant-added', cursor, `branch ${aKeys[j]} added`);
  });
};

/** A changed discriminator is not modelled: the catch-all reports it for review. */
export const checkDiscriminator: SchemaCheck = (walk, b, a, cursor) => {
  if (!isDeepStrictEqual(b.discriminator, a.discriminator)) {
    unclassified(walk, cursor, 'discriminator changed; review by hand', {
      before: b.discriminator,
      after: a.discriminator,
    });
  }
};

/**
 * Names each branch of a oneOf so that the same branch matches across versions. A branch that
 * states no type has the type of the schema around it (`type: string` with an `anyOf` of
 * patterns), so stating it on the branch changes nothing.
 */
function variantKeys(
  walk: Walk,
  doc: OpenApiDocument,
  items: unknown[],
  discriminator: string | null,
  inherited: string[] | null,
): string[] {
  const keys = items.map((item) => {
    const { schema } = walk.flatten(doc, item);
    const properties = isObject(schema.properties) ? schema.properties : {};
    const names = discriminator ? [discriminator] : Object.keys(properties).sort();
    for (const name of names) {
      const prop = walk.resolve(doc, properties[name]).node;
      const values = enumValues(prop);
      if (values && values.length === 1) return `${name}=${String(values[0])}`;
    }
    if (isObject(item) && typeof item.$ref === 'string') return item.$ref.split('/').pop() ?? item.$ref;
    const types = typesOf(schema) ?? inherited;
    return types ? types.join('|') : 'any';
  });
  return keys.map((key, i) => (keys.indexOf(key) === keys.lastIndexOf(key) ? key : `${key}#${i + 1}`));
}
