import { isDeepStrictEqual } from 'node:util';
import { rule } from '../rule.js';
import { isObject, type Json } from '../walker/json.js';
import type { SchemaCheck } from '../walker/walk.js';
import { enumValues } from './enums.js';

/** The JSON types a schema allows (`type`, `nullable`, or what its other keywords imply). */
export const rules = [
  rule(
    'request-type-narrowed',
    'breaking',
    'request',
    'a request value loses a type it accepted (type changed, null no longer allowed)',
    'values of the old type are refused',
  ),
  rule(
    'request-type-widened',
    'additive',
    'request',
    'a request value accepts an extra type (e.g. null, or number besides integer)',
    'existing values stay valid',
  ),
  rule(
    'response-type-widened',
    'breaking',
    'response',
    'a response value may have a new type (type changed, may now be null)',
    'clients parse a type they did not expect',
  ),
  rule(
    'response-type-narrowed',
    'additive',
    'response',
    'a response value loses one of its possible types (e.g. no longer null)',
    'clients already handle the remaining types',
  ),
] as const;

export const keywords = ['type', 'nullable'];

/** The JSON types a schema allows, or null when it does not say (any type). */
export function typesOf(schema: Json): string[] | null {
  let types: string[] | null = null;
  if (typeof schema.type === 'string') types = [schema.type];
  else if (Array.isArray(schema.type)) types = schema.type.map(String);
  else if (isObject(schema.properties) || schema.additionalProperties !== undefined) types = ['object'];
  else if (schema.items !== undefined) types = ['array'];
  else if (enumValues(schema)) {
    types = [...new Set((enumValues(schema) ?? []).map((v) => (v === null ? 'null' : typeof v)))];
  }
  if (types && schema.nullable === true && !types.includes('null')) types = [...types, 'null'];
  return types ? [...new Set(types)].sort() : null;
}

export const check: SchemaCheck = (walk, b, a, cursor) => {
  const bTypes = typesOf(b);
  const aTypes = typesOf(a);
  if (isDeepStrictEqual(bTypes, aTypes)) return;
  const covers = (set: string[] | null, type: string) =>
    set === null || set.includes(type) || (type === 'integer' && set.includes('number'));
  const gained = aTypes === null ? ['any'] : aTypes.filter((t) => !covers(bTypes, t));
  const lost = bTypes === null ? ['any'] : bTypes.filter((t) => !covers(aTypes, t));
  const message = `type ${bTypes ? bTypes.join(' | ') : 'any'} → ${aTypes ? aTypes.join(' | ') : 'any'}`;
  const extra = { before: bTypes, after: aTypes };
  if (cursor.dir === 'response') {
    if (gained.length) walk.emit('response-type-widened', cursor, message, extra);
    else if (lost.length) walk.emit('response-type-narrowed', cursor, message, extra);
  } else {
    if (lost.length) walk.emit('request-type-narrowed', cursor, message, extra);
    else if (gained.length) walk.emit('request-type-widened', cursor, message, extra);
  }
};
