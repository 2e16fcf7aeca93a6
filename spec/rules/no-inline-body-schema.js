import { follow, isObject, isRef, mediaTypesOf, onEachOperation, responsesOf } from './lib/walk.js';

const SUBSCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'contains'];

/**
 * The schema of a request body or of a response is a `$ref` to a named schema, or a thin
 * wrapper around `$ref`s (an array of them, a `oneOf` of them); never an inline object with
 * `properties`. Shared responses and request bodies are reported once, in their own file.
 */
export default function NoInlineBodySchema() {
  /** @type {Set<string>} */
  const reported = new Set();
  return onEachOperation((operation, ctx, { label }) => {
    /** @type {{ what: string, owner: any, location: any }[]} */
    const owners = responsesOf(ctx, operation).map(({ status, node, location }) => ({
      what: `the ${status} response`,
      owner: node,
      location,
    }));
    if (operation.requestBody !== undefined) {
      const body = follow(ctx, operation.requestBody, ctx.location.child('requestBody'));
      owners.push({ what: 'the request body', owner: body.node, location: body.location });
    }
    for (const { what, owner, location } of owners) {
      for (const media of mediaTypesOf(owner, location)) {
        for (const inline of inlineObjects(media.node.schema, media.location.child('schema'))) {
          const key = inline.absolutePointer;
          if (reported.has(key)) continue;
          reported.add(key);
          ctx.report({
            message: `${label}: ${what} (${media.mediaType}) defines an inline object schema; move it to components/schemas/<Name>.yaml and \`$ref\` it.`,
            location: inline.key(),
          });
        }
      }
    }
  });
}

/**
 * The locations of the inline object schemas (with `properties`) in a schema, without
 * crossing `$ref`s.
 * @param {unknown} schema @param {any} location @returns {any[]}
 */
function inlineObjects(schema, location) {
  if (!isObject(schema) || isRef(schema)) return [];
  /** @type {any[]} */
  const found = isObject(schema.properties) ? [location] : [];
  for (const keyword of SUBSCHEMA_LISTS) {
    if (Array.isArray(schema[keyword])) {
      schema[keyword].forEach((/** @type {unknown} */ child, /** @type {number} */ index) => {
        found.push(...inlineObjects(child, location.child(keyword).child(index)));
      });
    }
  }
  for (const keyword of SUBSCHEMAS) found.push(...inlineObjects(schema[keyword], location.child(keyword)));
  return found;
}
