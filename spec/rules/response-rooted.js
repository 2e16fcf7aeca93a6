import { classifyRoot } from '../model/root-key.js';
import {
  follow,
  isJsonMediaType,
  isSuccessStatus,
  mediaTypesOf,
  onEachOperation,
  responsesOf,
} from './lib/walk.js';

const EXTENSION = 'x-scalingo-unrooted';

/**
 * A 2xx JSON body is a single-key object (plus `meta` beside a list on paginated answers)
 * unless the operation says why it is not in `x-scalingo-unrooted: "<why>"`. A mark on an
 * operation whose 2xx JSON bodies are all rooted is a defect too.
 */
export default function ResponseRooted() {
  return onEachOperation((operation, ctx, { label }) => {
    const mark = operation[EXTENSION];
    /** @type {{ where: string, reason: string, location: any }[]} */
    const unrooted = [];
    /** @type {string[]} */
    const rooted = [];
    for (const { status, node, location } of responsesOf(ctx, operation)) {
      if (!isSuccessStatus(status)) continue;
      for (const media of mediaTypesOf(node, location)) {
        if (!isJsonMediaType(media.mediaType)) continue;
        const schemaLocation = media.location.child('schema');
        // Resolve every `$ref` relative to the file of the node that holds it.
        /** @type {Map<unknown, any>} */
        const origin = new Map();
        const resolve = (/** @type {unknown} */ schema) => {
          const from = origin.get(schema) ?? schemaLocation;
          const target = follow(ctx, schema, from);
          if (target.node && typeof target.node === 'object')
            registerChildren(target.node, target.location, origin);
          return target.node;
        };
        origin.set(media.node.schema, schemaLocation);
        const verdict = classifyRoot(media.node.schema, resolve);
        const where = `${status} ${media.mediaType}`;
        if (verdict.rooted) rooted.push(`${where} has the root key \`${verdict.key}\``);
        else unrooted.push({ where, reason: verdict.reason, location: schemaLocation });
      }
    }
    if (mark === undefined) {
      for (const { where, reason, location } of unrooted) {
        ctx.report({
          message: `${label}: the ${where} body is not rooted (${reason}); wrap it in one root key or say why on the operation with \`${EXTENSION}: "<why>"\`.`,
          location: location.key(),
        });
      }
      return;
    }
    if (typeof mark !== 'string' || mark.trim() === '') {
      ctx.report({
        message: `${label}: \`${EXTENSION}\` must be a sentence saying why the body has no root key.`,
        location: ctx.location.child(EXTENSION),
      });
    }
    if (unrooted.length === 0) {
      ctx.report({
        message: `${label} is marked \`${EXTENSION}\` but ${rooted.length > 0 ? `its bodies are rooted (${rooted.join('; ')})` : 'it has no 2xx JSON body'}: remove the mark.`,
        location: ctx.location.child(EXTENSION).key(),
      });
    }
  });
}

/**
 * Remembers where the sub-schemas of a resolved schema live, so that a `$ref` inside a schema
 * file is resolved relative to that file.
 * @param {any} node @param {any} location @param {Map<unknown, any>} origin
 */
function registerChildren(node, location, origin) {
  const put = (/** @type {unknown} */ child, /** @type {any} */ loc) => {
    if (child && typeof child === 'object' && !origin.has(child)) origin.set(child, loc);
  };
  if (node.properties && typeof node.properties === 'object') {
    for (const [key, child] of Object.entries(node.properties))
      put(child, location.child('properties').child(key));
  }
  for (const keyword of ['oneOf', 'anyOf', 'allOf', 'prefixItems']) {
    if (Array.isArray(node[keyword])) {
      for (const [index, child] of node[keyword].entries()) put(child, location.child(keyword).child(index));
    }
  }
  for (const keyword of ['items', 'additionalProperties', 'not']) put(node[keyword], location.child(keyword));
}
