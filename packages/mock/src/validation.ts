// Compiles the validators of an OpenAPI 3.1 document with the shared Ajv setup
// (`@scalingo-db-api/openapi/ajv`): each validator is a `$ref` to a JSON pointer inside the
// document, so inline schemas and component schemas are compiled the same way.
import { createSpecAjv, refTo } from '@scalingo-db-api/openapi/ajv';
import { derefWithPointer, requestRootKey, resolver, unescapePointer } from '@scalingo-db-api/openapi/model';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import {
  getByPointer,
  type JsonObject,
  type OperationModel,
  type ParameterModel,
  type ResponseModel,
} from './openapi.js';

export type FieldErrors = Record<string, string[]>;

export interface ValidationFailure {
  /** Problems by field (request field, parameter or JSON path, depending on the caller). */
  fields: FieldErrors;
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
  return createSpecAjv(document, { coerce, code });
}

function pathSegments(instancePath: string): string[] {
  return instancePath.split('/').slice(1).map(unescapePointer);
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
    return refTo(pointer);
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

/**
 * The pointer of the schema a pointer leads to, following `$ref`s with the shared model
 * (undefined when nothing, or no schema object, is there; a broken `$ref` throws, naming it).
 */
export function resolveSchemaPointer(document: JsonObject, pointer: string): string | undefined {
  const start = getByPointer(document, pointer);
  if (start === undefined) return undefined;
  const { node, pointer: at } = derefWithPointer(document, start, pointer);
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? at : undefined;
}

/** The schema at a pointer, following `$ref`s. */
export function resolveSchema(document: JsonObject, pointer: string): JsonObject | undefined {
  const at = resolveSchemaPointer(document, pointer);
  return at === undefined ? undefined : (getByPointer(document, at) as JsonObject);
}

/**
 * The root key of the body a schema describes (`{ "database": {…} }`), or undefined when the body
 * is not wrapped: several keys, or one key whose value is a scalar (`{ "restore_time": "…" }`);
 * the shared model's definition.
 */
export function rootKeyOf(document: JsonObject, pointer: string): string | undefined {
  return requestRootKey(resolveSchema(document, pointer), resolver(document));
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
