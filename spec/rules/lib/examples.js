import { isObject } from './walk.js';

/**
 * Whether a media type carries an example: `example`, a non-empty `examples` map, or an
 * `example`/non-empty `examples` array on its (resolved) schema.
 * @param {any} mediaType @param {any} schema the resolved schema, if any
 */
export function hasExample(mediaType, schema) {
  if (mediaType.example !== undefined) return true;
  if (isObject(mediaType.examples) && Object.keys(mediaType.examples).length > 0) return true;
  if (isObject(schema)) {
    if (schema.example !== undefined) return true;
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return true;
  }
  return false;
}
