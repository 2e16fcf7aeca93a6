// Finds every example of a bundled OpenAPI 3.1 document and validates it against its schema
// with Ajv's JSON Schema 2020-12 validator, independently of Redocly's own example rules.
//
// Examples checked: media-type `example` and `examples[*].value` (responses, request bodies,
// in operations and in components), parameter and header `example`/`examples[*].value`, and
// schema `examples` arrays (and 3.0-style `example`) at every depth of every schema.
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { createSpecAjv, DOCUMENT_ID } from '../../model/ajv.js';
import {
  derefWithPointer,
  escapePointer,
  HTTP_METHODS,
  isObject as isModelObject,
  unescapePointer,
} from '../../model/document.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const METHODS = HTTP_METHODS;

export interface CheckedExample {
  /** JSON pointer of the example in the bundle (where it is used). */
  pointer: string;
  /** JSON pointer of the value that was validated (the target of a `$ref`ed Example Object). */
  valuePointer: string;
  /** JSON pointer of the schema it was validated against. */
  schemaPointer: string;
}

export interface ExampleFailure extends CheckedExample {
  errors: string[];
}

export interface ExampleReport {
  checked: CheckedExample[];
  failures: ExampleFailure[];
}

/** The model's test, narrowed to this file's JSON type. */
const isObject = (value: unknown): value is JsonObject => isModelObject(value);

const child = (pointer: string, ...segments: (string | number)[]) =>
  [pointer, ...segments.map((segment) => escapePointer(String(segment)))].join('/');

function createAjv(document: JsonObject): Ajv2020 {
  // The shared setup, strict about formats: an unknown one is an error, which catches typos.
  return createSpecAjv(document, { unknownFormats: 'refuse' });
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params =
    error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  const allowed = error.keyword === 'enum' ? ` ${JSON.stringify(error.params.allowedValues)}` : '';
  return `${where} ${error.message ?? error.keyword}${params}${allowed}`;
}

const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SCHEMA_SINGLES = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
];

/** Validates every example of a bundled document against its schema. */
export function checkExamples(document: JsonObject): ExampleReport {
  const checked: CheckedExample[] = [];
  const failures: ExampleFailure[] = [];
  const ajv = createAjv(document);
  const inlineSchemas = new Map<string, Json>();

  const validate = (value: Json, pointer: string, valuePointer: string, schemaPointer: string) => {
    const entry = { pointer, valuePointer, schemaPointer };
    checked.push(entry);
    let validator: ReturnType<Ajv2020['compile']>;
    try {
      const schema = inlineSchemas.get(schemaPointer);
      validator =
        schema === undefined
          ? (ajv.getSchema(`${DOCUMENT_ID}${schemaPointer}`) ??
            ajv.compile({ $ref: `${DOCUMENT_ID}${schemaPointer}` }))
          : ajv.compile(schema as JsonObject);
    } catch (error) {
      failures.push({ ...entry, errors: [`the schema does not compile: ${(error as Error).message}`] });
      return;
    }
    if (!validator(value)) failures.push({ ...entry, errors: (validator.errors ?? []).map(formatError) });
  };

  /** A schema in the document: remember inline ones (outside components/schemas), visit its examples. */
  const visitSchema = (node: Json | undefined, pointer: string, seen: Set<string>) => {
    if (!isObject(node) || typeof node.$ref === 'string' || seen.has(pointer)) return;
    seen.add(pointer);
    if (!pointer.startsWith('#/components/schemas/')) inlineSchemas.set(pointer, rewriteRefs(node));
    if (Array.isArray(node.examples)) {
      node.examples.forEach((value, index) => {
        validate(value, child(pointer, 'examples', index), child(pointer, 'examples', index), pointer);
      });
    }
    if (node.example !== undefined)
      validate(node.example, child(pointer, 'example'), child(pointer, 'example'), pointer);
    for (const key of SCHEMA_LISTS) {
      const list = node[key];
      if (Array.isArray(list)) {
        for (const [index, item] of list.entries()) visitSchema(item, child(pointer, key, index), seen);
      }
    }
    for (const key of SCHEMA_MAPS) {
      const map = node[key];
      if (isObject(map))
        for (const [name, item] of Object.entries(map)) visitSchema(item, child(pointer, key, name), seen);
    }
    for (const key of SCHEMA_SINGLES) visitSchema(node[key], child(pointer, key), seen);
  };
  const seenSchemas = new Set<string>();

  /** An object with `schema`, `example`, `examples` (Media Type, Parameter, Header). */
  const visitExampleHolder = (holder: Json | undefined, pointer: string) => {
    if (!isObject(holder)) return;
    const schemaPointer = child(pointer, 'schema');
    const schema = derefWithPointer(document, holder.schema, schemaPointer);
    visitSchema(holder.schema, schemaPointer, seenSchemas);
    const target =
      isObject(holder.schema) && typeof holder.schema.$ref === 'string' ? schema.pointer : schemaPointer;
    if (holder.example !== undefined && holder.schema !== undefined) {
      validate(holder.example, child(pointer, 'example'), child(pointer, 'example'), target);
    }
    if (isObject(holder.examples) && holder.schema !== undefined) {
      for (const [name, raw] of Object.entries(holder.examples)) {
        const example = derefWithPointer(document, raw, child(pointer, 'examples', name));
        if (isObject(example.node) && example.node.value !== undefined) {
          validate(
            example.node.value,
            child(pointer, 'examples', name),
            child(example.pointer, 'value'),
            target,
          );
        }
      }
    }
    if (isObject(holder.content)) {
      for (const [mediaType, media] of Object.entries(holder.content)) {
        visitExampleHolder(media, child(pointer, 'content', mediaType));
      }
    }
  };

  const visitResponse = (response: Json | undefined, pointer: string) => {
    if (!isObject(response) || typeof response.$ref === 'string') return; // components are visited once
    if (isObject(response.content)) {
      for (const [mediaType, media] of Object.entries(response.content)) {
        visitExampleHolder(media, child(pointer, 'content', mediaType));
      }
    }
    if (isObject(response.headers)) {
      for (const [name, header] of Object.entries(response.headers)) {
        if (isObject(header) && typeof header.$ref !== 'string')
          visitExampleHolder(header, child(pointer, 'headers', name));
      }
    }
  };

  const visitParameters = (list: Json | undefined, pointer: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((parameter, index) => {
      if (isObject(parameter) && typeof parameter.$ref !== 'string') {
        visitExampleHolder(parameter, child(pointer, 'parameters', index));
      }
    });
  };

  for (const [path, item] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    if (!isObject(item)) continue;
    const itemPointer = child('#/paths', path);
    visitParameters(item.parameters, itemPointer);
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const pointer = child(itemPointer, method);
      visitParameters(operation.parameters, pointer);
      if (isObject(operation.requestBody) && typeof operation.requestBody.$ref !== 'string') {
        visitResponse(operation.requestBody, child(pointer, 'requestBody'));
      }
      if (isObject(operation.responses)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          visitResponse(response, child(pointer, 'responses', status));
        }
      }
    }
  }
  const components = isObject(document.components) ? document.components : {};
  const each = (kind: string, visit: (node: Json, pointer: string) => void) => {
    const map = components[kind];
    if (isObject(map))
      for (const [name, node] of Object.entries(map)) visit(node, child('#/components', kind, name));
  };
  each('responses', visitResponse);
  each('requestBodies', visitResponse);
  each('parameters', visitExampleHolder);
  each('headers', visitExampleHolder);
  each('schemas', (node, pointer) => visitSchema(node, pointer, seenSchemas));
  return { checked, failures };
}

/** Inline schemas are compiled on their own: point their `#/...` refs at the document. */
function rewriteRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!isObject(node)) return node;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${DOCUMENT_ID}${value}`
        : rewriteRefs(value);
  }
  return copy;
}

/**
 * The source file a bundle pointer most likely comes from: components are named after their
 * files, operations after the `$ref`s of the root document.
 */
export function sourceFileOf(pointer: string, operationFiles: Map<string, string>): string | undefined {
  const component = /^#\/components\/(\w+)\/([^/]+)/.exec(pointer);
  if (component) return `components/${component[1]}/${component[2]}.yaml`;
  const operation = /^#\/paths\/([^/]+)\/([a-z]+)/.exec(pointer);
  if (operation?.[1] && operation[2]) {
    const path = unescapePointer(decodeURIComponent(operation[1]));
    return operationFiles.get(`${operation[2]} ${path}`);
  }
  return undefined;
}

/** One line a failure: the source file, the pointers, and Ajv's errors. */
export function describeFailure(failure: ExampleFailure, operationFiles: Map<string, string>): string {
  const file =
    sourceFileOf(failure.valuePointer, operationFiles) ?? sourceFileOf(failure.pointer, operationFiles);
  const at =
    failure.valuePointer === failure.pointer
      ? failure.pointer
      : `${failure.pointer} -> ${failure.valuePointer}`;
  return `${file ?? '(unknown file)'}: example ${at} does not match schema ${failure.schemaPointer}: ${failure.errors.join('; ')}`;
}

/**
 * Validates values against schemas of a bundled document with the same Ajv setup as the
 * examples (strict, 2020-12, the document's formats and extension keywords). `schema` is a
 * schema of the document, inline or a `$ref` into it.
 */
export function schemaValidator(document: JsonObject): (value: Json, schema: Json) => string[] {
  const ajv = createAjv(document);
  return (value, schema) => {
    const validate = ajv.compile(rewriteRefs(schema) as JsonObject);
    return validate(value) ? [] : (validate.errors ?? []).map(formatError);
  };
}
