// @ts-check
// The one reader of the OpenAPI document: its HTTP methods, JSON pointers, `$ref` resolution and
// the list of its operations (id, method, path, tag, merged parameters, body, responses, auth).
// Every package reads the document through this module (spec/README.md, "Reading the document").

/** The methods a Path Item may hold, in the order of the OpenAPI specification. */
export const HTTP_METHODS = /** @type {const} */ ([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
]);

/** @typedef {(typeof HTTP_METHODS)[number]} HttpMethod */
/** @typedef {Record<string, any>} JsonObject */

/** @param {unknown} value @returns {value is JsonObject} */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {unknown} node @returns {node is { $ref: string }} */
export function isRef(node) {
  return isObject(node) && typeof node.$ref === 'string';
}

/** A status key of a responses map is a success when it is 2xx or 2XX. @param {string} status */
export function isSuccessStatus(status) {
  return /^2(\d\d|XX)$/i.test(status);
}

/** `application/json`, `application/problem+json`, with or without parameters. @param {string} mediaType */
export function isJsonMediaType(mediaType) {
  return /^application\/([\w.-]+\+)?json(\s*;.*)?$/i.test(mediaType);
}

/** @param {string} token */
export function escapePointer(token) {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** @param {string} token */
export function unescapePointer(token) {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * The node at a JSON pointer (`#/components/schemas/Backup`, with or without `#`), or undefined.
 * @param {unknown} document @param {string} pointer
 */
export function getByPointer(document, pointer) {
  if (pointer === '' || pointer === '#') return document;
  const parts = pointer.replace(/^#/, '').split('/').slice(1).map(unescapePointer);
  /** @type {any} */
  let node = document;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[Number(part)] : node[part];
  }
  return node;
}

/**
 * Every `$ref` of a document, with the JSON pointer of the object that holds it, in document
 * order (the bundle uses it to refuse references that still point outside the document).
 * @param {unknown} document
 * @returns {{ pointer: string, ref: string }[]}
 */
export function refsOf(document) {
  /** @type {{ pointer: string, ref: string }[]} */
  const found = [];
  /** @param {unknown} node @param {string} pointer */
  const visit = (node, pointer) => {
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, `${pointer}/${index}`);
    } else if (isObject(node)) {
      if (typeof node.$ref === 'string') found.push({ pointer, ref: node.$ref });
      for (const [key, value] of Object.entries(node)) visit(value, `${pointer}/${escapePointer(key)}`);
    }
  };
  visit(document, '#');
  return found;
}

/** The longest chain of `$ref`s followed before calling it a cycle. */
const MAX_HOPS = 64;

/**
 * Follows local `$ref`s from `node` (found at `pointer`) to what they end on. Throws, naming the
 * reference, when one points outside the document, at nothing, or round in a cycle.
 * @param {JsonObject} document @param {unknown} node @param {string} [pointer]
 * @returns {{ node: any, pointer: string }}
 */
export function derefWithPointer(document, node, pointer = '#') {
  return follow(document, node, pointer, () => {});
}

/**
 * Like derefWithPointer, reading the keys beside a `$ref` the way OpenAPI 3.1 does (a Schema
 * Object's sibling keywords, a Reference Object's summary and description): they override the
 * keys of what the reference points at, the nearest `$ref` winning. Without siblings, `node` is
 * the target itself; with them, a new object. `ref` is the last `$ref` followed, if any.
 * @param {JsonObject} document @param {unknown} node @param {string} [pointer]
 * @returns {{ node: any, pointer: string, ref: string | undefined }}
 */
export function derefMerged(document, node, pointer = '#') {
  /** @type {JsonObject[]} */
  const overrides = [];
  /** @type {string | undefined} */
  let ref;
  const end = follow(document, node, pointer, (reference) => {
    ref = reference.$ref;
    const { $ref: _target, ...siblings } = reference;
    if (Object.keys(siblings).length) overrides.unshift(siblings);
  });
  const merged =
    overrides.length && isObject(end.node) ? Object.assign({}, end.node, ...overrides) : end.node;
  return { node: merged, pointer: end.pointer, ref };
}

/**
 * The `$ref` chain walk of derefWithPointer and derefMerged; `visit` sees each reference object.
 * @param {JsonObject} document @param {unknown} node @param {string} pointer
 * @param {(reference: JsonObject & { $ref: string }) => void} visit
 * @returns {{ node: any, pointer: string }}
 */
function follow(document, node, pointer, visit) {
  let current = node;
  let at = pointer;
  /** @type {Set<string>} */
  const seen = new Set();
  while (isRef(current)) {
    const ref = current.$ref;
    if (!ref.startsWith('#')) throw new Error(`only local $ref are supported, found ${ref} at ${at}`);
    if (seen.has(ref) || seen.size >= MAX_HOPS) throw new Error(`circular $ref ${ref} at ${pointer}`);
    seen.add(ref);
    visit(current);
    at = ref;
    current = getByPointer(document, ref);
    if (current === undefined) throw new Error(`unresolved $ref ${ref} (at ${pointer})`);
  }
  return { node: current, pointer: at };
}

/**
 * A resolver bound to a document: `resolve(node)` is the node a `$ref` chain ends on (or the node).
 * @param {JsonObject} document
 * @returns {(node: unknown) => any}
 */
export function resolver(document) {
  return (node) => derefWithPointer(document, node).node;
}

/**
 * @typedef {{
 *   name: string,
 *   in: 'path' | 'query' | 'header' | 'cookie',
 *   required: boolean,
 *   pointer: string,
 *   schemaPointer: string | undefined,
 *   schema: JsonObject | undefined,
 *   node: JsonObject,
 * }} Parameter
 * @typedef {{ mediaType: string, pointer: string, schemaPointer: string | undefined, schema: unknown, examples: Record<string, unknown> }} Media
 * @typedef {{ name: string, required: boolean, schemaPointer: string | undefined }} Header
 * @typedef {{ status: string, pointer: string, description: string, headers: Header[], content: Media[], node: JsonObject }} Response
 * @typedef {{ required: boolean, pointer: string, content: Media[] }} RequestBody
 * @typedef {{
 *   operationId: string,
 *   method: HttpMethod,
 *   path: string,
 *   pointer: string,
 *   tags: string[],
 *   tag: string | undefined,
 *   parameters: Parameter[],
 *   requestBody: RequestBody | undefined,
 *   responses: Response[],
 *   requiresAuth: boolean,
 *   raw: JsonObject,
 *   pathItem: JsonObject,
 * }} Operation
 */

/** @param {JsonObject} document @param {unknown} content @param {string} pointer @returns {Media[]} */
function mediaOf(document, content, pointer) {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([mediaType, media]) => {
    const at = `${pointer}/${escapePointer(mediaType)}`;
    const value = isObject(media) ? media : {};
    /** @type {Record<string, unknown>} */
    const examples = {};
    if ('example' in value) examples.default = value.example;
    if (isObject(value.examples)) {
      for (const [name, example] of Object.entries(value.examples)) {
        const resolved = derefWithPointer(document, example, `${at}/examples/${escapePointer(name)}`).node;
        if (isObject(resolved) && 'value' in resolved) examples[name] = resolved.value;
      }
    }
    return {
      mediaType,
      pointer: at,
      schemaPointer: 'schema' in value ? `${at}/schema` : undefined,
      schema: value.schema,
      examples,
    };
  });
}

/**
 * Whether an operation needs a token: false when it (or the document) declares no security or
 * an empty security requirement.
 * @param {JsonObject} document @param {JsonObject} operation
 */
export function requiresAuth(document, operation) {
  const security = Array.isArray(operation.security)
    ? operation.security
    : Array.isArray(document.security)
      ? document.security
      : [];
  return security.length > 0 && !security.some((req) => isObject(req) && Object.keys(req).length === 0);
}

/**
 * Every operation of a (bundled) document, in document order, its `$ref`s resolved: the path
 * item's and the operation's parameters merged (the operation's win), the request body, the
 * responses (status keys in upper case: `200`, `2XX`, `DEFAULT`) and whether it needs a token.
 * An operation without `operationId` is named `<method> <path>`; `strict` makes that, a
 * repeated id or an undeclared path parameter an error.
 * @param {JsonObject} document @param {{ strict?: boolean }} [options]
 * @returns {Operation[]}
 */
export function listOperations(document, options = {}) {
  const strict = options.strict === true;
  /** @type {Operation[]} */
  const operations = [];
  /** @type {Set<string>} */
  const ids = new Set();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemAt = `#/paths/${escapePointer(path)}`;
    const { node: item, pointer: itemPointer } = derefWithPointer(document, rawItem, itemAt);
    if (!isObject(item)) throw new Error(`${itemAt} is not a path item`);
    for (const method of HTTP_METHODS) {
      if (item[method] === undefined) continue;
      const { node: op, pointer } = derefWithPointer(document, item[method], `${itemPointer}/${method}`);
      const where = `${method.toUpperCase()} ${path}`;
      if (!isObject(op)) throw new Error(`${where} is not an operation object`);
      const hasId = typeof op.operationId === 'string' && op.operationId !== '';
      if (strict && !hasId) throw new Error(`${where} has no operationId`);
      const operationId = hasId ? op.operationId : `${method} ${path}`;
      if (strict && ids.has(operationId)) throw new Error(`operationId ${operationId} is used twice`);
      ids.add(operationId);
      /** @type {Map<string, Parameter>} */
      const parameters = new Map();
      for (const [list, listAt] of /** @type {const} */ ([
        [item.parameters, `${itemPointer}/parameters`],
        [op.parameters, `${pointer}/parameters`],
      ])) {
        if (!Array.isArray(list)) continue;
        list.forEach((entry, index) => {
          const { node: param, pointer: at } = derefWithPointer(document, entry, `${listAt}/${index}`);
          const where = /** @type {Parameter['in']} */ (param.in);
          const name = String(param.name);
          parameters.set(`${where}:${name}`, {
            name,
            in: where,
            required: param.required === true || where === 'path',
            pointer: at,
            schemaPointer: 'schema' in param ? `${at}/schema` : undefined,
            schema: isObject(param.schema) ? param.schema : undefined,
            node: param,
          });
        });
      }
      if (strict) {
        for (const [, name] of path.matchAll(/\{([^{}]+)\}/g)) {
          if (!parameters.has(`path:${name}`))
            throw new Error(`${where} (${operationId}): path parameter {${name}} is not declared`);
        }
      }
      /** @type {RequestBody | undefined} */
      let requestBody;
      if (op.requestBody !== undefined) {
        const { node: body, pointer: at } = derefWithPointer(
          document,
          op.requestBody,
          `${pointer}/requestBody`,
        );
        requestBody = {
          required: body.required === true,
          pointer: at,
          content: mediaOf(document, body.content, `${at}/content`),
        };
      }
      /** @type {Response[]} */
      const responses = [];
      for (const [key, raw] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        const { node: response, pointer: at } = derefWithPointer(
          document,
          raw,
          `${pointer}/responses/${escapePointer(key)}`,
        );
        /** @type {Header[]} */
        const headers = [];
        for (const [name, rawHeader] of Object.entries(isObject(response.headers) ? response.headers : {})) {
          const { node: header, pointer: headerAt } = derefWithPointer(
            document,
            rawHeader,
            `${at}/headers/${escapePointer(name)}`,
          );
          headers.push({
            name: name.toLowerCase(),
            required: header.required === true,
            schemaPointer: 'schema' in header ? `${headerAt}/schema` : undefined,
          });
        }
        responses.push({
          status: key.toUpperCase(),
          pointer: at,
          description: typeof response.description === 'string' ? response.description : '',
          headers,
          content: mediaOf(document, response.content, `${at}/content`),
          node: response,
        });
      }
      const tags = Array.isArray(op.tags) ? op.tags.map(String) : [];
      operations.push({
        operationId,
        method,
        path,
        pointer,
        tags,
        tag: tags[0],
        parameters: [...parameters.values()],
        requestBody,
        responses,
        requiresAuth: requiresAuth(document, op),
        raw: op,
        pathItem: item,
      });
    }
  }
  return operations;
}

/** Path parameter names in the order they appear in a path template. @param {string} path */
export function pathParameterNames(path) {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => /** @type {string} */ (m[1]));
}
