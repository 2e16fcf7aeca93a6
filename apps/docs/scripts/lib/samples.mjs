// @ts-check
// Code samples for one operation, generated from the spec: a curl command against the first
// region's host and a TypeScript call through the client's facade.
import { deref, pathParamOrder } from './spec.mjs';

/**
 * An example value for a schema, used only when the spec gives no example: required
 * properties (or all of them when none is required), one array item, the first enum value.
 * @param {any} doc
 * @param {any} rawSchema
 * @param {number} [depth]
 * @returns {unknown}
 */
export function sampleFromSchema(doc, rawSchema, depth = 0) {
  const schema = deref(doc, rawSchema ?? {});
  if (depth > 8) return null;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.allOf)) {
    const merged = {};
    for (const part of schema.allOf) Object.assign(merged, sampleFromSchema(doc, part, depth + 1));
    return merged;
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives) && alternatives.length > 0)
    return sampleFromSchema(doc, alternatives[0], depth + 1);
  const type = Array.isArray(schema.type)
    ? schema.type.find((/** @type {string} */ t) => t !== 'null')
    : schema.type;
  if (type === 'object' || (type === undefined && schema.properties)) {
    const props = schema.properties ?? {};
    const required = Array.isArray(schema.required) ? schema.required : [];
    const names = required.length > 0 ? required : Object.keys(props);
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const name of names) out[name] = sampleFromSchema(doc, props[name] ?? {}, depth + 1);
    return out;
  }
  if (type === 'array') return [sampleFromSchema(doc, schema.items ?? {}, depth + 1)];
  if (type === 'integer') return schema.minimum ?? 1;
  if (type === 'number') return schema.minimum ?? 1.5;
  if (type === 'boolean') return true;
  if (type === 'string') {
    if (schema.format === 'date-time') return '2026-03-02T09:15:27.512+01:00';
    if (schema.format === 'uri') return 'https://example.com/';
    return 'string';
  }
  return null;
}

/**
 * The value a parameter's sample uses: its example, else one from its schema.
 * @param {any} doc
 * @param {any} param
 */
export function parameterExample(doc, param) {
  if (param.example !== undefined) return param.example;
  if (param.examples && typeof param.examples === 'object') {
    const first = Object.values(param.examples)[0];
    if (first !== undefined) return deref(doc, first).value;
  }
  return sampleFromSchema(doc, param.schema ?? {});
}

/**
 * The JSON request body of an operation and its schema, or undefined when it takes none.
 * @param {any} doc
 * @param {any} operation
 * @returns {{ value: unknown, schema: any, required: boolean } | undefined}
 */
export function requestBodyExample(doc, operation) {
  if (!operation.requestBody) return undefined;
  const body = deref(doc, operation.requestBody);
  const media = body.content?.['application/json'];
  if (!media) {
    throw new Error(
      `docs: ${operation.operationId} has a request body without application/json content; samples only know JSON`,
    );
  }
  let value;
  if (media.example !== undefined) value = media.example;
  else if (media.examples && Object.keys(media.examples).length > 0) {
    value = deref(doc, Object.values(media.examples)[0]).value;
  } else value = sampleFromSchema(doc, media.schema ?? {});
  return { value, schema: deref(doc, media.schema ?? {}), required: body.required === true };
}

/**
 * The payload the facade takes for a request body: the body without its root key when the
 * client wraps the payload itself (`bodyRoot`), else the body as it is sent.
 * @param {string} operationId
 * @param {unknown} value
 * @param {string | null} bodyRoot
 */
export function facadePayload(operationId, value, bodyRoot) {
  if (bodyRoot === null) return value;
  if (!value || typeof value !== 'object' || !(bodyRoot in value)) {
    throw new Error(`docs: the request example of ${operationId} has no root key "${bodyRoot}"`);
  }
  return /** @type {Record<string, unknown>} */ (value)[bodyRoot];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A TypeScript literal for a JSON value, in the project's style (single quotes, trailing commas).
 * @param {unknown} value
 * @param {number} [indent]
 * @returns {string}
 */
export function toTsLiteral(value, indent = 0) {
  const pad = '  '.repeat(indent + 1);
  const end = '  '.repeat(indent);
  if (value === null) return 'null';
  if (typeof value === 'string')
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => toTsLiteral(v, indent + 1));
    const oneLine = `[${items.join(', ')}]`;
    if (oneLine.length <= 60 && !oneLine.includes('\n')) return oneLine;
    return `[\n${items.map((i) => `${pad}${i},`).join('\n')}\n${end}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const parts = entries.map(
      ([k, v]) => `${IDENTIFIER.test(k) ? k : toTsLiteral(k)}: ${toTsLiteral(v, indent + 1)}`,
    );
    const oneLine = `{ ${parts.join(', ')} }`;
    if (oneLine.length <= 60 && !oneLine.includes('\n')) return oneLine;
    return `{\n${parts.map((p) => `${pad}${p},`).join('\n')}\n${end}}`;
  }
  throw new Error(`docs: cannot write ${typeof value} as a TypeScript literal`);
}

/** `database_id` → `databaseId`. @param {string} name */
export function camelCase(name) {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const out = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/** @param {string} text */
function shellSingleQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** @param {unknown} value */
function queryValue(value) {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/**
 * The parameters a sample sends: every path parameter, and the query parameters that are
 * required or have an example in the spec.
 * @param {any} doc
 * @param {string} path
 * @param {any[]} parameters
 */
export function sampleArguments(doc, path, parameters) {
  const order = pathParamOrder(path);
  const pathValues = order.map((name) => {
    const param = parameters.find((p) => p.in === 'path' && p.name === name);
    if (!param) throw new Error(`docs: path ${path} names {${name}} but declares no such path parameter`);
    return { name, value: parameterExample(doc, param) };
  });
  const query = parameters
    .filter(
      (p) => p.in === 'query' && (p.required === true || p.example !== undefined || p.examples !== undefined),
    )
    .map((p) => ({ name: /** @type {string} */ (p.name), value: parameterExample(doc, p) }));
  return { pathValues, query };
}

/**
 * @param {any} doc
 * @param {{ path: string, method: string, operation: any, parameters: any[] }} op
 * @param {{ baseUrl: string, region: string, facadeMethod: string, body: 'json' | 'empty' | null, bodyRoot: string | null }} target
 *   where to send the curl sample, and how the client's facade takes the operation: its method
 *   name, whether it takes a body (`'json'`; `'empty'` bodies are sent by the client itself)
 *   and the root key it wraps the payload in
 */
export function buildSamples(doc, op, target) {
  const { pathValues, query } = sampleArguments(doc, op.path, op.parameters);
  const body = requestBodyExample(doc, op.operation);
  const secured = !(Array.isArray(op.operation.security) && op.operation.security.length === 0);

  let urlPath = op.path;
  for (const { name, value } of pathValues)
    urlPath = urlPath.replace(`{${name}}`, encodeURIComponent(String(value)));
  const search = query.map(
    ({ name, value }) => `${encodeURIComponent(name)}=${encodeURIComponent(queryValue(value))}`,
  );
  const url = `${target.baseUrl}${urlPath}${search.length > 0 ? `?${search.join('&')}` : ''}`;
  const curlLines = [
    `curl${op.method === 'get' ? '' : ` -X ${op.method.toUpperCase()}`} ${shellSingleQuote(url)}`,
  ];
  if (secured) curlLines.push(`-H "Authorization: Bearer $DB_API_TOKEN"`);
  if (body) {
    curlLines.push(`-H 'Content-Type: application/json'`);
    curlLines.push(`-d ${shellSingleQuote(JSON.stringify(body.value, null, 2))}`);
  }
  const curl = curlLines.join(' \\\n  ');

  const [group, method] = target.facadeMethod.split('.');
  if (!group || !method) {
    throw new Error(
      `docs: facade name "${target.facadeMethod}" of ${op.operation.operationId} is not "group.method"`,
    );
  }
  // Path parameters become named constants, so that the call reads like the path.
  const constants = pathValues.map(
    ({ name, value }) => `const ${camelCase(name)} = ${toTsLiteral(value, 0)};`,
  );
  const args = pathValues.map(({ name }) => camelCase(name));
  if (target.body === 'json') {
    if (!body)
      throw new Error(
        `docs: the client expects a request body for ${op.operation.operationId}, the spec has none`,
      );
    args.push(toTsLiteral(facadePayload(op.operation.operationId, body.value, target.bodyRoot), 0));
  }
  if (query.length > 0)
    args.push(`{ query: ${toTsLiteral(Object.fromEntries(query.map((q) => [q.name, q.value])), 1)} }`);
  const call = `client.${group}.${method}(${args.join(', ')})`;
  const typescript = [
    `import { createDatabaseApiClient } from '@scalingo-db-api/client';`,
    '',
    'const token = process.env.DB_API_TOKEN;',
    "if (!token) throw new Error('Set DB_API_TOKEN to a database token');",
    '',
    'const client = createDatabaseApiClient({',
    `  region: ${toTsLiteral(target.region)},`,
    '  token,',
    '});',
    '',
    ...constants,
    `const result = await ${call};`,
    'console.log(result);',
    '',
  ].join('\n');

  return { curl, typescript };
}
