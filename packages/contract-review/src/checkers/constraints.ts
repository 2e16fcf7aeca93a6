import { rule } from '../rule.js';
import { below, type SchemaCursor } from '../walker/cursor.js';
import { isObject, show } from '../walker/json.js';
import type { Extra, SchemaCheck, Walk } from '../walker/walk.js';

/**
 * Limits on values (lengths, bounds, patterns, sizes, unique items) and on extra properties:
 * tighter limits break senders, looser ones break readers.
 */
export const rules = [
  rule(
    'request-constraint-tightened',
    'breaking',
    'request',
    'a request limit tightens: a higher minimum, lower maximum, new or changed pattern, fewer items, no extra properties',
    'values the old limit allowed are refused (e.g. a longer minimum password)',
  ),
  rule(
    'request-constraint-relaxed',
    'additive',
    'request',
    'a request limit loosens',
    'existing values stay valid',
  ),
  rule(
    'response-constraint-relaxed',
    'breaking',
    'response',
    'a response limit loosens (longer strings, larger numbers, a changed pattern, extra properties)',
    'clients sized or validated for the old limit receive values outside it',
  ),
  rule(
    'response-constraint-tightened',
    'additive',
    'response',
    'a response limit tightens',
    'every value the server sends was already allowed',
  ),
] as const;

const LOWER = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
const UPPER = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
const EXACT = ['pattern', 'multipleOf'];

export const keywords = [...LOWER, ...UPPER, ...EXACT, 'uniqueItems', 'additionalProperties'];

/** A limit that tightened (fewer values allowed), relaxed (more), or both (a changed pattern). */
function report(
  walk: Walk,
  cursor: SchemaCursor,
  tightened: boolean,
  relaxed: boolean,
  message: string,
  extra?: Extra,
) {
  if (cursor.dir === 'request') {
    if (tightened) walk.emit('request-constraint-tightened', cursor, message, extra);
    else if (relaxed) walk.emit('request-constraint-relaxed', cursor, message, extra);
  } else if (relaxed) walk.emit('response-constraint-relaxed', cursor, message, extra);
  else if (tightened) walk.emit('response-constraint-tightened', cursor, message, extra);
}

export const check: SchemaCheck = (walk, b, a, cursor) => {
  const limit = (key: string, tightened: boolean, relaxed: boolean) =>
    report(walk, cursor, tightened, relaxed, `${key} ${show(b[key])} → ${show(a[key])}`, {
      before: b[key],
      after: a[key],
    });
  // A bound removed relaxes, one added tightens; a lower bound tightens as it rises (sign 1),
  // an upper bound as it falls (sign -1).
  for (const [keys, sign] of [
    [LOWER, 1],
    [UPPER, -1],
  ] as const) {
    for (const key of keys) {
      const bv = b[key];
      const av = a[key];
      if (bv === av) continue;
      if (typeof av !== 'number') limit(key, false, true);
      else if (typeof bv !== 'number') limit(key, true, false);
      else limit(key, sign * av > sign * bv, sign * av < sign * bv);
    }
  }
  for (const key of EXACT) {
    if (b[key] === a[key]) continue;
    // A changed pattern may both refuse old values and allow new ones: breaking both ways.
    if (a[key] === undefined) limit(key, false, true);
    else if (b[key] === undefined) limit(key, true, false);
    else limit(key, true, true);
  }
  if ((b.uniqueItems === true) !== (a.uniqueItems === true)) {
    limit('uniqueItems', a.uniqueItems === true, b.uniqueItems === true);
  }
};

/** `additionalProperties`: none, a schema (compared one step down, at `*`), or any. */
export const checkAdditionalProperties: SchemaCheck = (walk, b, a, cursor) => {
  const kind = (value: unknown) =>
    value === false ? 'none' : isObject(value) && Object.keys(value).length ? 'schema' : 'any';
  const bKind = kind(b.additionalProperties);
  const aKind = kind(a.additionalProperties);
  if (bKind === 'schema' && aKind === 'schema') {
    walk.schema(b.additionalProperties, a.additionalProperties, below(cursor, '*'));
    return;
  }
  if (bKind === aKind) return;
  const rank = { none: 0, schema: 1, any: 2 } as const;
  const looser = rank[aKind] > rank[bKind];
  const message = `additionalProperties ${show(b.additionalProperties)} → ${show(a.additionalProperties)}`;
  report(walk, cursor, !looser, looser, message);
};
