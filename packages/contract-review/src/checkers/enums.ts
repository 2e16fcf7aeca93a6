import { OPEN_ENUM_MARKER as OPEN_ENUM } from '@scalingo-db-api/openapi/standard-forms';
import { rule } from '../rule.js';
import { type Json, show } from '../walker/json.js';
import type { SchemaCheck } from '../walker/walk.js';
import { changed } from './documentation.js';

/**
 * Enumerations (`enum`, `const`) and whether a response enumeration is open: compared in the
 * source's form, whichever form each version is written in.
 */
export const rules = [
  rule(
    'request-enum-narrowed',
    'breaking',
    'request',
    'a request enumeration loses a value (or a free value becomes an enumeration)',
    'requests with the removed value are refused',
  ),
  rule(
    'request-enum-widened',
    'additive',
    'request',
    'a request enumeration gains a value (or stops being an enumeration)',
    'existing values stay valid',
  ),
  rule(
    'response-enum-widened',
    'breaking',
    'response',
    'a closed response enumeration gains a value (or stops being an enumeration)',
    'clients that switch over the known values meet one they do not know',
  ),
  rule(
    'response-open-enum-widened',
    'additive',
    'response',
    'an open response enumeration (`x-scalingo-open-enum: true`, as all of ours are) gains a value',
    'the contract tells clients to accept unknown values, and the generated types do (`(string & {})`)',
  ),
  rule(
    'response-enum-narrowed',
    'additive',
    'response',
    'a response enumeration loses a value',
    'the server sends fewer values than clients handle',
  ),
  rule(
    'response-enum-opened',
    'breaking',
    'response',
    'a closed response enumeration is marked open',
    'clients generated from the old contract treat it as closed, and later values arrive without a major release',
  ),
  rule(
    'response-enum-closed',
    'additive',
    'response',
    'an open response enumeration is marked closed',
    'clients that accepted unknown values still read every known one',
  ),
] as const;

export const keywords = ['enum', 'const', OPEN_ENUM];

/** The values a schema is limited to (`const` is a one-value enumeration), or null. */
export function enumValues(schema: Json): unknown[] | null {
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : null;
}

export const check: SchemaCheck = (walk, b, a, cursor) => {
  const bValues = enumValues(b);
  const aValues = enumValues(a);
  const bOpen = b[OPEN_ENUM] === true;
  const aOpen = a[OPEN_ENUM] === true;
  if (cursor.dir === 'request' && bOpen !== aOpen) {
    changed(walk, cursor, `${OPEN_ENUM} ${show(b[OPEN_ENUM])} → ${show(a[OPEN_ENUM])} (ignored on requests)`);
  }
  if (!bValues && !aValues) return;
  const key = (v: unknown) => JSON.stringify(v);
  const bKeys = new Set((bValues ?? []).map(key));
  const aKeys = new Set((aValues ?? []).map(key));
  const added = (aValues ?? []).filter((v) => !bKeys.has(key(v)));
  const removed = (bValues ?? []).filter((v) => !aKeys.has(key(v)));
  const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
  // "No enumeration" means any value: losing the enumeration widens, gaining one narrows.
  let widened: string | null = null;
  let narrowed: string | null = null;
  if (aValues === null) widened = 'enumeration removed';
  else if (bValues === null) narrowed = `now limited to ${list(aValues)}`;
  else {
    if (added.length) widened = `value ${list(added)} added`;
    if (removed.length) narrowed = `value ${list(removed)} removed`;
  }
  const extra = { before: bValues, after: aValues };
  if (cursor.dir === 'request') {
    if (narrowed) walk.emit('request-enum-narrowed', cursor, narrowed, extra);
    if (widened) walk.emit('request-enum-widened', cursor, widened, extra);
    return;
  }
  if (widened) {
    if (aOpen) walk.emit('response-open-enum-widened', cursor, `${widened} (open enumeration)`, extra);
    else walk.emit('response-enum-widened', cursor, `${widened} (closed enumeration)`, extra);
  }
  if (narrowed) walk.emit('response-enum-narrowed', cursor, narrowed, extra);
  if (bValues && aValues) {
    if (!bOpen && aOpen) walk.emit('response-enum-opened', cursor, `enumeration marked ${OPEN_ENUM}: true`);
    if (bOpen && !aOpen)
      walk.emit('response-enum-closed', cursor, `enumeration no longer marked ${OPEN_ENUM}`);
  }
};
