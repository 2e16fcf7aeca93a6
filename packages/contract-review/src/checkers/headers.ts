import { rule } from '../rule.js';
import { type Cursor, moveTo, schemaAt } from '../walker/cursor.js';
import { isObject } from '../walker/json.js';
import type { Walk } from '../walker/walk.js';
import { parameterSchema } from './parameters.js';
import { requiredChanged } from './properties.js';

/** Response headers, matched on their name in any case; their schema is read as a response's. */
export const rules = [
  rule(
    'response-header-removed',
    'breaking',
    'response',
    'a documented response header is removed',
    'clients reading it (e.g. Retry-After) lose it',
  ),
  rule(
    'response-header-added',
    'additive',
    'response',
    'a new documented response header',
    'clients ignore headers they do not read',
  ),
] as const;

const HEADER_KEYS = new Set(['required', 'schema', 'content', 'style', 'explode']);

/** The `headers` of one response in both versions: `cursor.where` is `response <status>`. */
export function check(walk: Walk, rawB: unknown, rawA: unknown, cursor: Cursor): void {
  const lower = (list: unknown) =>
    new Map(Object.entries(isObject(list) ? list : {}).map(([name, h]) => [name.toLowerCase(), { name, h }]));
  const b = lower(rawB);
  const a = lower(rawA);
  for (const [key, { name, h }] of b) {
    const other = a.get(key);
    const here = moveTo(cursor, `${cursor.where} header ${name}`);
    if (!other) {
      walk.emit('response-header-removed', here, `header ${name} removed`);
      continue;
    }
    const bHeader = walk.resolve(walk.base, h).node;
    const aHeader = walk.resolve(walk.head, other.h).node;
    if (bHeader.required === true && aHeader.required !== true) {
      requiredChanged(walk, here, 'response', false, 'header may now be absent');
    }
    if (bHeader.required !== true && aHeader.required === true) {
      requiredChanged(walk, here, 'response', true, 'header is now always sent');
    }
    walk.schema(parameterSchema(bHeader), parameterSchema(aHeader), schemaAt(here, 'response'));
    walk.rest(bHeader, aHeader, HEADER_KEYS, here);
  }
  for (const [key, { name }] of a) {
    if (!b.has(key))
      walk.emit(
        'response-header-added',
        moveTo(cursor, `${cursor.where} header ${name}`),
        `header ${name} added`,
      );
  }
}
