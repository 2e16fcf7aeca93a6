// The two places where the hand-written source says something in this API's own words that
// other OpenAPI tools cannot read, and the standard JSON Schema the bundle says it in instead.
// The bundle (scripts/bundle.mjs) is written in the standard form; every reader of an open
// enumeration (the client's generator, the contract-review diff, the tests) asks `openEnumValues`,
// which reads both forms, so that an older bundle written in the source's form still compares.
//
// - An open enumeration: the source writes `type: string`, `enum: [...]` and
//   `x-scalingo-open-enum: true` (readable, one line per value). The bundle writes
//   `anyOf: [{type: string, enum: [...]}, {type: string}]`: validators (Prism, Ajv, zod) accept
//   any other string, generators still see the known values, and the marker is gone so that
//   the bundle says it once.
// - A discriminator value: the source writes `const: value`. The bundle adds `enum: [value]`
//   beside it, because openapi-zod-client and typed-openapi read a discriminator's value only
//   from a one-value `enum`.
// - A list or object that may also be null: the source writes `type: [array, 'null']` beside
//   `items` (or `[object, 'null']` beside `properties`). The bundle writes one `oneOf` branch
//   per type, each with its own keywords, because openapi-zod-client 1.18 follows the `items`
//   and `properties` of a single `type` only: it declared a recursive schema's TypeScript type
//   naming `AllowedPlugin` and never declared that one.

/** The source's marker of an open enumeration. */
export const OPEN_ENUM_MARKER = 'x-scalingo-open-enum';

/** What the bundle says on the branch that admits values this version does not list. */
export const OTHER_VALUE_DESCRIPTION = 'Any other value: the server may add values at any time.';

/** @param {unknown} value @returns {value is Record<string, any>} */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {unknown} values @returns {values is string[]} */
function isStringList(values) {
  return Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string');
}

/**
 * The known values of an open enumeration, or null when `schema` is not one. Reads the
 * bundle's standard form (`anyOf` of a string `enum` and a plain string, nothing else beside
 * them but documentation) and the source's (`enum` with `x-scalingo-open-enum: true`).
 * @param {unknown} schema
 * @returns {string[] | null}
 */
export function openEnumValues(schema) {
  if (!isObject(schema)) return null;
  if (schema[OPEN_ENUM_MARKER] === true) return isStringList(schema.enum) ? [...schema.enum] : null;
  const branches = schema.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2 || schema.enum !== undefined) return null;
  const [known, other] = branches;
  if (!isObject(known) || !isObject(other)) return null;
  if (known.type !== 'string' || !isStringList(known.enum)) return null;
  if (other.type !== 'string' || other.enum !== undefined || other.const !== undefined) return null;
  if (Object.keys(other).some((key) => key !== 'type' && key !== 'description')) return null;
  return [...known.enum];
}

/** The keywords that apply to one type only, which go to that type's branch of a type list. */
const KEYWORDS_OF_TYPE = {
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
  object: [
    'properties',
    'required',
    'additionalProperties',
    'patternProperties',
    'minProperties',
    'maxProperties',
  ],
};

/**
 * A type list with an array or object among its types, as one `oneOf` branch per type; null
 * when `schema` is not one (a list of scalars, such as `[string, 'null']`, every tool reads).
 * @param {Record<string, any>} schema
 * @returns {Record<string, any> | null}
 */
function splitTypeList(schema) {
  const types = schema.type;
  if (!Array.isArray(types) || types.length < 2 || schema.oneOf !== undefined) return null;
  /** @type {string[]} */
  const structured = Object.entries(KEYWORDS_OF_TYPE).flatMap(([type, keys]) =>
    types.includes(type) && keys.some((key) => key in schema) ? keys : [],
  );
  if (structured.length === 0) return null;
  /** @type {Record<string, any>} */
  const shared = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key !== 'type' && !structured.includes(key)) shared[key] = value;
  }
  const branches = types.map((type) => {
    /** @type {Record<string, any>} */
    const branch = { type };
    for (const key of /** @type {Record<string, string[]>} */ (KEYWORDS_OF_TYPE)[type] ?? []) {
      if (key in schema) branch[key] = schema[key];
    }
    return branch;
  });
  /** @type {Record<string, any>} */
  const standard = {};
  for (const [key, value] of Object.entries(shared)) {
    if (key === 'examples' || key === 'example') continue;
    standard[key] = value;
  }
  standard.oneOf = branches;
  for (const key of ['example', 'examples']) if (key in shared) standard[key] = shared[key];
  return standard;
}

/**
 * The standard form of one schema written in the source's form: an open enumeration becomes an
 * `anyOf`, a `const` gains its one-value `enum`, a type list with an array or an object becomes
 * a `oneOf` of one branch per type. Other schemas are returned as they are.
 * @param {Record<string, any>} schema
 * @returns {Record<string, any>}
 */
export function toStandardForm(schema) {
  if (schema[OPEN_ENUM_MARKER] === true) {
    const values = openEnumValues(schema);
    if (!values) return schema;
    const { [OPEN_ENUM_MARKER]: _marker, type: _type, enum: _enum, ...rest } = schema;
    /** @type {Record<string, any>} */
    const standard = {};
    // Keep the documentation first and the examples last, where the source has them.
    for (const [key, value] of Object.entries(rest)) {
      if (key === 'examples' || key === 'example') continue;
      standard[key] = value;
    }
    standard.anyOf = [
      { type: 'string', enum: values },
      { type: 'string', description: OTHER_VALUE_DESCRIPTION },
    ];
    for (const key of ['example', 'examples']) if (key in rest) standard[key] = rest[key];
    return standard;
  }
  if ('const' in schema && schema.enum === undefined) {
    /** @type {Record<string, any>} */
    const standard = {};
    for (const [key, value] of Object.entries(schema)) {
      standard[key] = value;
      if (key === 'const') standard.enum = [value];
    }
    return standard;
  }
  return splitTypeList(schema) ?? schema;
}

/**
 * The source's form of an open enumeration written in either form (`type: string`, `enum`,
 * `x-scalingo-open-enum: true`, documentation kept), so that two versions compare key by key
 * whichever form each is in; any other schema is returned as it is.
 * @param {Record<string, any>} schema
 * @returns {Record<string, any>}
 */
export function toMarkedForm(schema) {
  const values = openEnumValues(schema);
  if (!values || schema[OPEN_ENUM_MARKER] === true) return schema;
  const { anyOf: _branches, ...rest } = schema;
  return { ...rest, type: 'string', enum: values, [OPEN_ENUM_MARKER]: true };
}

/**
 * Rewrites every schema of a bundled document into the standard form, in place of the
 * source's, and returns the document. Examples are data, not schemas: they are left alone.
 * @template T
 * @param {T} doc
 * @returns {T}
 */
export function standardise(doc) {
  /** @param {unknown} node @returns {unknown} */
  const visit = (node) => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    /** @type {Record<string, any>} */
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === 'example' || key === 'examples' ? value : visit(value);
    }
    return looksLikeSchema(out) ? toStandardForm(out) : out;
  };
  return /** @type {T} */ (visit(doc));
}

/**
 * A schema the rewrite applies to: one with the marker, with a scalar `const` (a `properties`
 * map with a property named `const` holds an object there), or with a list of types.
 * @param {Record<string, any>} node
 */
function looksLikeSchema(node) {
  if (node[OPEN_ENUM_MARKER] === true) return true;
  if (Array.isArray(node.type) && node.type.every((t) => typeof t === 'string')) return true;
  return 'const' in node && (node.const === null || typeof node.const !== 'object');
}
