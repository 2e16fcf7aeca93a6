import { follow, isObject, mediaTypesOf, onEachOperation } from './lib/walk.js';

const DEFAULTS = {
  always: ['429', '500', '503'],
  withPathParameter: ['404'],
  withInput: ['400'],
  withInputFields: ['422'],
};

/**
 * The error responses the conventions require (spec/README.md): `always` on every operation;
 * `withPathParameter` when the path names a resource; `withInput` when there is a request body
 * or a query parameter that is not an integer (an integer that cannot be read is a `422` naming
 * it, so a query of integers alone leaves nothing for a `400`); `withInputFields` when that
 * input has fields to reject (a query parameter, or a body whose schema declares properties:
 * an always-empty body has none).
 * `401` is checked by operation-unauthorized-response.
 * @param {Partial<typeof DEFAULTS>} options
 */
export default function SharedErrorResponses(options) {
  const required = { ...DEFAULTS, ...pick(options) };
  return onEachOperation((operation, ctx, { label, path, pathItem, pathItemLocation }) => {
    const parameters = [
      ...listOf(pathItem?.parameters, pathItemLocation?.child('parameters')),
      ...listOf(operation.parameters, ctx.location.child('parameters')),
    ].map(({ raw, location }) => follow(ctx, raw, location));
    const query = parameters.filter(({ node }) => isObject(node) && node.in === 'query');
    const hasQuery = query.length > 0;
    const hasTextQuery = query.some((parameter) => !isInteger(ctx, parameter));
    let bodyHasFields = false;
    if (operation.requestBody !== undefined) {
      const body = follow(ctx, operation.requestBody, ctx.location.child('requestBody'));
      bodyHasFields = mediaTypesOf(body.node, body.location).some((media) =>
        declaresFields(ctx, media.node.schema, media.location.child('schema'), 0),
      );
    }
    const hasInput = hasTextQuery || operation.requestBody !== undefined;
    const expected = [
      ...required.always,
      ...(/\{[^}]+\}/.test(path) ? required.withPathParameter : []),
      ...(hasInput ? required.withInput : []),
      ...(hasQuery || bodyHasFields ? required.withInputFields : []),
    ];
    const statuses = isObject(operation.responses) ? Object.keys(operation.responses) : [];
    const missing = [...new Set(expected)].filter((status) => !statuses.includes(status));
    if (missing.length > 0) {
      const why = [
        /\{[^}]+\}/.test(path) ? 'names a resource in its path' : '',
        hasQuery ? 'takes query parameters' : '',
        bodyHasFields
          ? 'takes a request body with fields'
          : operation.requestBody !== undefined
            ? 'takes a request body'
            : '',
      ].filter(Boolean);
      ctx.report({
        message: `${label} lacks the shared error response${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${why.length > 0 ? ` (it ${why.join(' and ')})` : ''}: \`$ref\` components/responses/.`,
        location: isObject(operation.responses) ? ctx.location.child('responses').key() : ctx.location.key(),
      });
    }
  });
}

/** @param {unknown} options */
function pick(options) {
  /** @type {Record<string, string[]>} */
  const picked = {};
  if (!isObject(options)) return picked;
  for (const key of Object.keys(DEFAULTS)) {
    const value = options[key];
    if (Array.isArray(value)) picked[key] = value.map(String);
  }
  return picked;
}

/**
 * Whether a query parameter's schema is an integer (its own or behind a `$ref`).
 * @param {any} ctx @param {{ node: any, location: any }} parameter
 */
function isInteger(ctx, { node: parameter, location }) {
  if (!isObject(parameter.schema)) return false;
  const { node } = follow(ctx, parameter.schema, location.child('schema'));
  const type = isObject(node) ? node.type : undefined;
  return (
    type === 'integer' ||
    (Array.isArray(type) && type.length > 0 && type.every((t) => t === 'integer' || t === 'null'))
  );
}

/** @param {unknown} list @param {any} location */
function listOf(list, location) {
  if (!Array.isArray(list) || !location) return [];
  return list.map((raw, index) => ({ raw, location: location.child(index) }));
}

/**
 * Whether a body schema declares at least one field (in itself or a composed member).
 * @param {any} ctx @param {unknown} schema @param {any} location @param {number} depth
 * @returns {boolean}
 */
function declaresFields(ctx, schema, location, depth) {
  const { node, location: at } = follow(ctx, schema, location);
  if (!isObject(node) || depth > 16) return false;
  if (node.maxProperties === 0) return false;
  if (isObject(node.properties) && Object.keys(node.properties).length > 0) return true;
  if (node.additionalProperties !== undefined && node.additionalProperties !== false) return true;
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    const members = node[keyword];
    if (!Array.isArray(members)) continue;
    for (const [index, member] of members.entries()) {
      if (declaresFields(ctx, member, at.child(keyword).child(index), depth + 1)) return true;
    }
  }
  return false;
}
