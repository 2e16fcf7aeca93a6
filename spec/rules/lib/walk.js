// Helpers shared by the rules of the `scalingo` plugin: which operation a visitor is in, how to
// follow `$ref`s across files while keeping the location of what was reached, and how to name
// an operation in a message.

// The document's vocabulary (methods, `$ref`s, statuses, media types) is the model's.
export { HTTP_METHODS, isJsonMediaType, isObject, isRef, isSuccessStatus } from '../../model/document.js';

import { isObject, isRef } from '../../model/document.js';

/**
 * Follows a chain of `$ref`s from `node` (found at `location`) and returns what it ends on with
 * the location of that target, so that a problem is reported in the file that holds it.
 * Returns `node: undefined` when a reference cannot be resolved (no-unresolved-refs reports it).
 * @param {any} ctx the visitor context
 * @param {unknown} node
 * @param {any} location
 * @returns {{ node: any, location: any }}
 */
export function follow(ctx, node, location) {
  let current = node;
  let loc = location;
  for (let hops = 0; isRef(current) && hops < 64; hops += 1) {
    const resolved = ctx.resolve(current, loc.source.absoluteRef);
    if (resolved.node === undefined || !resolved.location) return { node: undefined, location: loc };
    current = resolved.node;
    loc = resolved.location;
  }
  return { node: current, location: loc };
}

/**
 * Names an operation in messages: `getDatabase (GET /databases/{database_id})`.
 * @param {{ operationId?: unknown }} operation @param {string} method @param {string} path
 */
export function operationLabel(operation, method, path) {
  const id = typeof operation.operationId === 'string' ? operation.operationId : '(no operationId)';
  return `${id} (${method.toUpperCase()} ${path})`;
}

/**
 * @typedef {{ method: string, path: string, label: string, pathItem: any, pathItemLocation: any }} OperationInfo
 */

/**
 * A visitor that calls `check(operation, ctx, info)` on every operation of the `paths` map,
 * with the operation's method, path and path item known.
 * @param {(operation: any, ctx: any, info: OperationInfo) => void} check
 */
export function onEachOperation(check) {
  let path = '';
  /** @type {any} */
  let pathItem = null;
  /** @type {any} */
  let pathItemLocation = null;
  return {
    PathItem: {
      enter(/** @type {any} */ node, /** @type {any} */ ctx) {
        path = String(ctx.key);
        pathItem = node;
        pathItemLocation = ctx.location;
      },
      Operation(/** @type {any} */ operation, /** @type {any} */ ctx) {
        const method = String(ctx.key);
        const label = operationLabel(operation, method, path);
        check(operation, ctx, { method, path, label, pathItem, pathItemLocation });
      },
    },
  };
}

/**
 * Every response of an operation, with its status, its resolved node and its location.
 * @param {any} ctx @param {any} operation
 * @returns {{ status: string, node: any, location: any }[]}
 */
export function responsesOf(ctx, operation) {
  if (!isObject(operation.responses)) return [];
  const base = ctx.location.child('responses');
  return Object.entries(operation.responses).map(([status, raw]) => {
    const { node, location } = follow(ctx, raw, base.child(status));
    return { status, node, location };
  });
}

/**
 * The media types of a (resolved) response or request body, with their locations.
 * @param {any} owner @param {any} location
 * @returns {{ mediaType: string, node: any, location: any }[]}
 */
export function mediaTypesOf(owner, location) {
  if (!isObject(owner) || !isObject(owner.content)) return [];
  return Object.entries(owner.content)
    .filter(([, node]) => isObject(node))
    .map(([mediaType, node]) => ({ mediaType, node, location: location.child('content').child(mediaType) }));
}
