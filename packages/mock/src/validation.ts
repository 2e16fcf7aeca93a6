// Compiles the validators of an OpenAPI 3.1 document with Ajv (JSON Schema 2020-12): the document is
// registered once under an id, and each validator is a `$ref` to a JSON pointer inside it, so inline
// schemas and component schemas are compiled the same way and `#/components/…` references resolve.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import {
  getByPointer,
  type JsonObject,
  type OperationModel,
  type ParameterModel,
  type ResponseModel,
} from './openapi.js';

const addFormats = addFormatsPlugin as unknown as (typeof addFormatsPlugin)['default'];

const DOCUMENT_ID = 'https://scalingo-db-api.mock/openapi.json';

/** OpenAPI keywords that are annotations for a validator. */
const ANNOTATION_KEYWORDS = ['example', 'xml', 'externalDocs'];

export type FieldErrors = Record<string, string[]>;

export interface ValidationFailure {
  /** Problems by field (request field, parameter or JSON path, depending on the caller). */
  fields: FieldErrors;
}

function collectVendorKeywords(node: unknown, found: Set<string>, formats: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectVendorKeywords(item, found, formats);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) found.add(key);
    if (key === 'format' && typeof value === 'string') formats.add(value);
    collectVendorKeywords(value, found, formats);
  }
}

/**
 * The document as Ajv gets it: Ajv's discriminator support derives the mapping from the `const`
 * of each branch and refuses `mapping`, and skips non-objects unless `type: object` says so.
 */
function withoutDiscriminatorMappings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDiscriminatorMappings);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'discriminator' && value && typeof value === 'object' && !Array.isArray(value)) {
      const { mapping: _mapping, ...rest } = value as JsonObject;
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
 * The Ajv instance the mock compiles with (also used by scripts/precompile.mjs with `code`
 * options that make Ajv keep the source of what it compiles).
 */
export function createAjv(
  document: JsonObject,
  coerce: boolean,
  code: Record<string, unknown> = {},
): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    inlineRefs: false,
    code: { optimize: false, ...code },
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    discriminator: true,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: false,
    validateSchema: false,
    logger: false,
  });
  addFormats(ajv);
  const vendor = new Set<string>();
  const formats = new Set<string>();
  collectVendorKeywords(document, vendor, formats);
  // The document's own top-level fields (openapi, info, paths, components…) are compiled as the
  // root of every `$ref` into it: they are annotations there.
  const annotations = new Set([...ANNOTATION_KEYWORDS, ...vendor, ...Object.keys(document)]);
  for (const keyword of annotations) if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  // Formats Ajv does not know (OpenAPI's own, like `password`, are registered by ajv-formats) are
  // annotations, as JSON Schema 2020-12 allows.
  for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
  ajv.addSchema(withoutDiscriminatorMappings(document) as JsonObject, DOCUMENT_ID);
  return ajv;
}

function pointerToFragment(pointer: string): string {
  const bare = pointer.replace(/^#/, '');
  return `#${bare
    .split('/')
    .map((token) => encodeURIComponent(token).replaceAll('%7E', '~'))
    .join('/')}`;
}

function pathSegments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'dependentRequired':
      return `is required when ${String(params.property)} is given`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not an accepted field';
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'discriminator':
      return params.error === 'tag'
        ? 'must be a string'
        : `${JSON.stringify(params.tagValue)} is not an accepted value`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Turns Ajv errors into problems by field. `errorsPath` is the instance path split in segments;
 * `rename` maps it to the field name reported (e.g. dropping a body's root key).
 */
/** Keywords that judge a value itself (not its properties or items). */
const VALUE_KEYWORDS = new Set([
  'type',
  'pattern',
  'format',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
]);

/** One message for a value that fits none of the forms an anyOf/oneOf accepts. */
function alternativesMessage(alternative: ErrorObject, branches: ErrorObject[]): string {
  const schemas = Array.isArray(alternative.schema) ? (alternative.schema as JsonObject[]) : [];
  const titles = schemas.map((branch) => branch?.title).filter((t): t is string => typeof t === 'string');
  if (titles.length === schemas.length && titles.length > 0) return `must be ${titles.join(' or ')}`;
  const messages = [...new Set(branches.map(messageOf))];
  if (messages.every((m) => m.startsWith('must be '))) {
    return `must be ${messages.map((m) => m.slice('must be '.length)).join(' or ')}`;
  }
  return messages.join(' or ');
}

/**
 * Turns Ajv errors into problems by field. `rename` maps the instance path (split in segments)
 * to the field name reported (e.g. dropping a body's root key, or writing a JSON path).
 */
export function fieldErrors(
  errors: ErrorObject[] | null | undefined,
  rename: (segments: string[]) => string = (segments) => segments.join('.'),
): FieldErrors {
  // A Map: field names come from the request and may be `constructor` or `__proto__`.
  const out = new Map<string, string[]>();
  const add = (segments: string[], message: string) => {
    const field = rename(segments) || 'body';
    const messages = out.get(field) ?? [];
    if (!messages.includes(message)) messages.push(message);
    out.set(field, messages);
  };
  const list = errors ?? [];
  const handled = new Set<ErrorObject>();
  // A value that fits none of the alternatives: one message instead of one per branch.
  for (const alternative of list) {
    if (alternative.keyword !== 'anyOf' && alternative.keyword !== 'oneOf') continue;
    const branches = list.filter(
      (e) =>
        e !== alternative && e.instancePath === alternative.instancePath && VALUE_KEYWORDS.has(e.keyword),
    );
    if (branches.length === 0) continue;
    for (const e of branches) handled.add(e);
    handled.add(alternative);
    add(pathSegments(alternative.instancePath), alternativesMessage(alternative, branches));
  }
  let rest = list.filter((e) => !handled.has(e));
  // A value offered in several forms (a rooted or an unrooted body): the form whose problems lie
  // deeper than the alternative itself matched its top level, so its problems are the ones meant.
  for (const alternative of list) {
    if ((alternative.keyword !== 'anyOf' && alternative.keyword !== 'oneOf') || handled.has(alternative))
      continue;
    const at = alternative.instancePath;
    if (list.some((e) => e.instancePath.startsWith(`${at}/`))) {
      rest = rest.filter((e) => e.instancePath !== at || e.keyword === alternative.keyword);
    }
  }
  // A failed oneOf/anyOf repeats the problems of its branches; keep the branch problems when any.
  const specific = rest.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  for (const error of specific.length > 0 || handled.size > 0 ? specific : rest) {
    const segments = pathSegments(error.instancePath);
    const params = error.params as Record<string, unknown>;
    if (typeof params.missingProperty === 'string') {
      segments.push(params.missingProperty);
    } else if (typeof params.additionalProperty === 'string') {
      segments.push(params.additionalProperty);
    } else if (typeof params.unevaluatedProperty === 'string') {
      segments.push(params.unevaluatedProperty);
    } else if (error.keyword === 'discriminator' && typeof params.tag === 'string') {
      segments.push(params.tag);
    }
    add(segments, messageOf(error));
  }
  return Object.fromEntries(out);
}

export function jsonPath(segments: string[]): string {
  return `$${segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('')}`;
}

export type ParameterValidator = (values: Record<string, unknown>) => FieldErrors | undefined;

/** Validators for one document. Each validator is compiled on first use and kept. */
/** Validators compiled ahead of time for one document (see scripts/precompile.mjs). */
export interface Precompiled {
  /** {@link documentHash} of the document they were compiled from. */
  documentHash: string;
  plain: Record<string, ValidateFunction>;
  coercing: Record<string, ValidateFunction>;
}

/** One schema the validator compiled, as scripts/precompile.mjs needs it. */
export interface CompiledEntry {
  key: string;
  schema: JsonObject;
  coerce: boolean;
}

/** A short, stable fingerprint of a document. */
export function documentHash(document: JsonObject): string {
  const text = JSON.stringify(document);
  let a = 2166136261;
  let b = 5381;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619) >>> 0;
    b = (Math.imul(b, 33) + c) >>> 0;
  }
  return `${text.length.toString(16)}-${a.toString(16)}-${b.toString(16)}`;
}

/**
 * Validators for one document. Each is compiled once, on first use, unless precompiled
 * validators of the same document are given (the built package ships them for the bundled spec).
 */
export class ContractValidator {
  /** Every schema compiled at run time (empty when all came precompiled). */
  readonly compiled: CompiledEntry[] = [];
  private plainAjv: Ajv2020 | undefined;
  private coercingAjv: Ajv2020 | undefined;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly precompiled: Precompiled | undefined;

  constructor(
    readonly document: JsonObject,
    precompiled?: Precompiled,
  ) {
    this.precompiled =
      precompiled && precompiled.documentHash === documentHash(document) ? precompiled : undefined;
  }

  /** Whether precompiled validators were given and match the document. */
  get usesPrecompiled(): boolean {
    return this.precompiled !== undefined;
  }

  private get(key: string, schema: JsonObject, coerce: boolean): ValidateFunction {
    let validate = this.cache.get(key);
    if (validate) return validate;
    validate = coerce ? this.precompiled?.coercing[key] : this.precompiled?.plain[key];
    if (!validate) {
      if (coerce) this.coercingAjv ??= createAjv(this.document, true);
      else this.plainAjv ??= createAjv(this.document, false);
      validate = ((coerce ? this.coercingAjv : this.plainAjv) as Ajv2020).compile(schema);
      this.compiled.push({ key, schema, coerce });
    }
    this.cache.set(key, validate);
    return validate;
  }

  /** The validator of the schema at a JSON pointer of the document (e.g. `#/components/schemas/Backup`). */
  schemaAt(pointer: string): ValidateFunction {
    return this.get(`schema:${pointer}`, this.refTo(pointer), false);
  }

  /** Compiles an ad-hoc schema whose `$ref`s may point into the document with {@link refTo}. */
  compile(schema: JsonObject): ValidateFunction {
    return this.get(`adhoc:${JSON.stringify(schema)}`, schema, false);
  }

  refTo(pointer: string): { $ref: string } {
    return { $ref: `${DOCUMENT_ID}${pointerToFragment(pointer)}` };
  }

  /**
   * A validator for the parameters of one location (path, query or header). Values are coerced in
   * place to the types the schemas declare (query strings are text on the wire).
   */
  parameters(parameters: ParameterModel[]): ParameterValidator | undefined {
    if (parameters.length === 0) return undefined;
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const p of parameters) {
      properties[p.name] = p.schemaPointer ? this.refTo(p.schemaPointer) : {};
      if (p.required) required.push(p.name);
    }
    const schema = { type: 'object', properties, required };
    const validate = this.get(`params:${JSON.stringify(schema)}`, schema, true);
    // Absent optional parameters take the `default` of their schema.
    const defaults: [string, unknown][] = [];
    for (const p of parameters) {
      const resolved = p.schemaPointer ? resolveSchema(this.document, p.schemaPointer) : undefined;
      if (resolved && 'default' in resolved) defaults.push([p.name, resolved.default]);
    }
    return (values) => {
      if (!validate(values)) return fieldErrors(validate.errors);
      for (const [name, value] of defaults) {
        if (values[name] === undefined) values[name] = structuredClone(value as object);
      }
      return undefined;
    };
  }
}

/** A validator for the headers a response declares (header names in lower case). */
export function responseHeadersValidator(
  validator: ContractValidator,
  response: ResponseModel,
): ParameterValidator | undefined {
  return validator.parameters(
    response.headers.map((h) => ({
      name: h.name,
      in: 'header' as const,
      required: h.required,
      schemaPointer: h.schemaPointer,
      schema: undefined,
    })),
  );
}

/** Everything compiled for one operation, ready for each request. */
export interface CompiledOperation {
  path: ParameterValidator | undefined;
  query: ParameterValidator | undefined;
  header: ParameterValidator | undefined;
  arrayQueryParams: Set<string>;
  body: ValidateFunction | undefined;
  /** The single root key of a rooted request body (`database_user`), left out of field names. */
  bodyRootKey: string | undefined;
}

/** The pointer of the schema a pointer leads to, following `$ref`s (undefined when none is there). */
export function resolveSchemaPointer(document: JsonObject, pointer: string): string | undefined {
  let at = pointer;
  let node = getByPointer(document, at);
  for (let hops = 0; hops < 20 && node && typeof node === 'object'; hops++) {
    const ref = (node as JsonObject).$ref;
    if (typeof ref !== 'string') return at;
    at = ref;
    node = getByPointer(document, ref);
  }
  return undefined;
}

/** The schema at a pointer, following `$ref`s. */
export function resolveSchema(document: JsonObject, pointer: string): JsonObject | undefined {
  const at = resolveSchemaPointer(document, pointer);
  return at === undefined ? undefined : (getByPointer(document, at) as JsonObject);
}

function rootKeyOf(document: JsonObject, pointer: string): string | undefined {
  let schema = resolveSchema(document, pointer);
  // A body accepted in several forms lists the preferred one first: its root key is the body's.
  const first =
    Array.isArray(schema?.oneOf) && !schema.properties ? (schema.oneOf[0] as JsonObject) : undefined;
  if (first) schema = typeof first.$ref === 'string' ? resolveSchema(document, first.$ref) : first;
  const properties = schema?.properties;
  if (!properties || typeof properties !== 'object') return undefined;
  const keys = Object.keys(properties);
  return keys.length === 1 ? keys[0] : undefined;
}

export function compileOperation(validator: ContractValidator, operation: OperationModel): CompiledOperation {
  const byLocation = (where: ParameterModel['in']) => operation.parameters.filter((p) => p.in === where);
  const json = operation.requestBody?.content.find((m) => /json/.test(m.mediaType));
  const arrayQueryParams = new Set(
    byLocation('query')
      .filter((p) => {
        const type = p.schema?.type;
        return type === 'array' || (Array.isArray(type) && type.includes('array'));
      })
      .map((p) => p.name),
  );
  return {
    path: validator.parameters(byLocation('path')),
    query: validator.parameters(byLocation('query')),
    header: validator.parameters(byLocation('header').map((p) => ({ ...p, name: p.name.toLowerCase() }))),
    arrayQueryParams,
    body: json?.schemaPointer ? validator.schemaAt(json.schemaPointer) : undefined,
    bodyRootKey: json?.schemaPointer ? rootKeyOf(validator.document, json.schemaPointer) : undefined,
  };
}
