import { isDeepStrictEqual } from 'node:util';
import { rule } from '../rule.js';
import type { Cursor } from '../walker/cursor.js';
import { changedKeys, isObject, type Json, pick, show } from '../walker/json.js';
import type { Extra, SchemaCheck, Walk } from '../walker/walk.js';

/**
 * What documents the contract without changing the wire format (descriptions, examples, info,
 * deprecation), and defaults, which only matter to what clients send.
 */
export const rules = [
  rule(
    'request-default-changed',
    'additive',
    'request',
    'the default of a request value changes',
    'no request becomes invalid, but clients that omit the value get a different behaviour: say so in the changeset',
  ),
  rule(
    'deprecated',
    'additive',
    'both',
    'an operation, parameter or property is newly marked deprecated',
    'it still works; semver counts a deprecation as a minor change',
  ),
  rule(
    'documentation-changed',
    'cosmetic',
    'both',
    'descriptions, summaries, titles, examples, tags, external docs, `x-` extensions other than x-scalingo-open-enum, info (except the version)',
    'the wire format is unchanged',
  ),
] as const;

/** The key that marks an operation, a parameter or a schema deprecated. */
export const deprecationKeywords = ['deprecated'];

export const keywords = ['default', ...deprecationKeywords];

/** A cosmetic change: the wire format is the same. */
export function changed(walk: Walk, cursor: Cursor, message: string, extra?: Extra): void {
  walk.emit('documentation-changed', cursor, message, extra);
}

/** Documentation keys of an object that changed (the walker's catch-all finds them). */
export function checkKeys(walk: Walk, b: Json, a: Json, keys: string[], cursor: Cursor): void {
  const extra =
    keys.length === 1 && keys[0] === 'description' ? { before: b.description, after: a.description } : {};
  changed(walk, cursor, `${keys.join(', ')} changed`, extra);
}

/** The document's `info`, except its version, which changesets rewrite at every release. */
export function checkInfo(walk: Walk, cursor: Cursor): void {
  const strip = (info: unknown) => {
    if (!isObject(info)) return {};
    const { version: _version, ...rest } = info;
    return rest;
  };
  const before = strip(walk.base.info);
  const after = strip(walk.head.info);
  const keys = changedKeys(before, after);
  if (keys.length) {
    changed(walk, cursor, `info ${keys.join(', ')} changed`, {
      before: pick(before, keys),
      after: pick(after, keys),
    });
  }
}

/**
 * Newly deprecated is additive (semver counts a deprecation as a minor change); no longer
 * deprecated is cosmetic, and reported only with an `unmarked` message.
 */
export function deprecation(
  walk: Walk,
  b: Json,
  a: Json,
  cursor: Cursor,
  marked: string,
  unmarked?: string,
): void {
  if (a.deprecated === true && b.deprecated !== true) walk.emit('deprecated', cursor, marked);
  else if (unmarked !== undefined && b.deprecated === true && a.deprecated !== true)
    changed(walk, cursor, unmarked);
}

export const checkDeprecated: SchemaCheck = (walk, b, a, cursor) =>
  deprecation(walk, b, a, cursor, 'deprecated', 'no longer deprecated');

/** A request default decides what the server does when the client omits the value. */
export const checkDefault: SchemaCheck = (walk, b, a, cursor) => {
  if (isDeepStrictEqual(b.default, a.default)) return;
  const message = `default ${show(b.default)} → ${show(a.default)}`;
  if (cursor.dir === 'request') {
    walk.emit('request-default-changed', cursor, message, { before: b.default, after: a.default });
  } else changed(walk, cursor, message);
};
