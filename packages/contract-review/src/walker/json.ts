import { isDeepStrictEqual } from 'node:util';
import { isObject } from '@scalingo-db-api/openapi/model';
import { OPEN_ENUM_MARKER } from '@scalingo-db-api/openapi/standard-forms';

export { isObject };

export type Json = Record<string, unknown>;

/** Keys that only document; a change to them is cosmetic. */
const DOC_KEYS = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  '$comment',
  'tags',
  'xml',
]);

/** A documentation key, or an `x-` extension other than the open-enumeration marker. */
export const isDocKey = (key: string): boolean =>
  DOC_KEYS.has(key) || (key.startsWith('x-') && key !== OPEN_ENUM_MARKER);

export const show = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value));

/** The keys whose values differ between the two objects. */
export function changedKeys(b: Json, a: Json): string[] {
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (key) => !isDeepStrictEqual(b[key], a[key]),
  );
}

export function pick(source: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
