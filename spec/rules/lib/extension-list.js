// What the rules on list-valued extensions (x-scalingo-discrepancy, x-scalingo-inferred) share:
// how they name what carries the extension, and the walk over its entries.
import { isObject } from './walk.js';

/**
 * Names what carries the extension: the operation by its operationId, a schema by its file.
 * @param {Record<string, any>} node @param {any} ctx
 */
export function describeHolder(node, ctx) {
  const type = ctx.type?.name ?? 'node';
  if (type === 'Operation') return `operation ${String(node.operationId ?? '(no operationId)')}`;
  const file = String(ctx.location.source.absoluteRef).split('/').pop();
  return `${type} at ${file}${ctx.location.pointer === '#/' ? '' : ctx.location.pointer}`;
}

/**
 * A visitor for any node carrying `extension`: reports a value that is not a non-empty list of
 * objects (`shape` names the expected entry, e.g. "{subject, reason, basis?}") and calls
 * `check` on each object entry with its index, location and the holder's name.
 * @param {string} extension @param {string} shape
 * @param {(entry: Record<string, any>, index: number, at: any, holder: string, node: Record<string, any>, ctx: any) => void} check
 */
export function onEachEntry(extension, shape, check) {
  return {
    any: {
      enter(/** @type {unknown} */ node, /** @type {any} */ ctx) {
        if (!isObject(node) || !(extension in node)) return;
        const value = node[extension];
        const location = ctx.location.child(extension);
        const holder = describeHolder(node, ctx);
        if (!Array.isArray(value) || value.length === 0) {
          ctx.report({
            message: `${holder}: \`${extension}\` must be a non-empty list of ${shape} entries.`,
            location,
          });
          return;
        }
        value.forEach((entry, index) => {
          const at = location.child(index);
          if (!isObject(entry)) {
            ctx.report({
              message: `${holder}: \`${extension}\` entry ${index} is not an object.`,
              location: at,
            });
            return;
          }
          check(entry, index, at, holder, node, ctx);
        });
      },
    },
  };
}
