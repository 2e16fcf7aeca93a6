// @ts-check
// The one Ajv setup for the document (JSON Schema 2020-12): the whole document is registered
// under one id, and a validator is a `$ref` to a JSON pointer inside it, so that inline schemas
// and component schemas compile alike and `#/components/…` references resolve. Used by the
// mock (its validators, precompiled at build time) and the spec's tests (its examples).
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { isObject } from './document.js';

const addFormats = /** @type {(ajv: Ajv2020) => Ajv2020} */ (/** @type {unknown} */ (addFormatsPlugin));

/** The id the document is registered under: `refTo` pointers are relative to it. */
export const DOCUMENT_ID = 'https://scalingo-db-api.mock/openapi.json';

/** OpenAPI keywords of a Schema Object that are annotations for a validator. */
const ANNOTATION_KEYWORDS = ['example', 'xml', 'externalDocs'];

/** @param {unknown} node @param {Set<string>} vendor @param {Set<string>} formats */
function collectKeywords(node, vendor, formats) {
  if (Array.isArray(node)) {
    for (const item of node) collectKeywords(item, vendor, formats);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) vendor.add(key);
    if (key === 'format' && typeof value === 'string') formats.add(value);
    collectKeywords(value, vendor, formats);
  }
}

/**
 * The document as Ajv gets it: Ajv's discriminator support derives the mapping from the `const`
 * of each branch and refuses `mapping`, and skips non-objects unless `type: object` says so.
 * @param {unknown} node @returns {unknown}
 */
function withoutDiscriminatorMappings(node) {
  if (Array.isArray(node)) return node.map(withoutDiscriminatorMappings);
  if (!isObject(node)) return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'discriminator' && isObject(value)) {
      const { mapping: _mapping, ...rest } = value;
      out[key] = rest;
      // Ajv applies a discriminator to objects only; OpenAPI's payload must be one anyway.
      if (!('type' in node)) out.type = 'object';
    } else {
      out[key] = withoutDiscriminatorMappings(value);
    }
  }
  return out;
}

/**
 * @typedef {{
 *   coerce?: boolean,
 *   code?: Record<string, unknown>,
 *   unknownFormats?: 'annotate' | 'refuse',
 * }} SpecAjvOptions
 */

/**
 * An Ajv instance holding the document. `coerce` converts parameter text to the declared types
 * (query strings are text on the wire); `code` is passed to Ajv (scripts that generate
 * standalone code set `source`); a format Ajv does not know is an annotation (as 2020-12
 * allows) unless `unknownFormats: 'refuse'`, which makes it a compile error that names it.
 * @param {Record<string, unknown>} document @param {SpecAjvOptions} [options]
 * @returns {Ajv2020}
 */
export function createSpecAjv(document, options = {}) {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    inlineRefs: false,
    code: { optimize: false, ...options.code },
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    discriminator: true,
    coerceTypes: options.coerce ? 'array' : false,
    useDefaults: false,
    validateSchema: false,
    logger: false,
  });
  addFormats(ajv);
  /** @type {Set<string>} */
  const vendor = new Set();
  /** @type {Set<string>} */
  const formats = new Set();
  collectKeywords(document, vendor, formats);
  // The document's own top-level fields (openapi, info, paths, components…) are compiled as the
  // root of every `$ref` into it: they are annotations there.
  const annotations = new Set([...ANNOTATION_KEYWORDS, ...vendor, ...Object.keys(document)]);
  for (const keyword of annotations) if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  if (options.unknownFormats !== 'refuse') {
    for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
  }
  ajv.addSchema(/** @type {any} */ (withoutDiscriminatorMappings(document)), DOCUMENT_ID);
  return ajv;
}

/** A JSON pointer of the document as a URI fragment. @param {string} pointer */
function pointerToFragment(pointer) {
  const bare = pointer.replace(/^#/, '');
  return `#${bare
    .split('/')
    .map((token) => encodeURIComponent(token).replaceAll('%7E', '~'))
    .join('/')}`;
}

/**
 * A schema that is the schema at a JSON pointer of the document registered by `createSpecAjv`.
 * @param {string} pointer e.g. `#/components/schemas/Backup`
 * @returns {{ $ref: string }}
 */
export function refTo(pointer) {
  return { $ref: `${DOCUMENT_ID}${pointerToFragment(pointer)}` };
}
