import { isObject, isRef } from './lib/walk.js';

/**
 * A schema with a `type` and an `anyOf`/`oneOf` states that type again on each inline branch.
 * JSON Schema lets a branch inherit it, but openapi-typescript and hey-api read a branch without
 * a type as `unknown` (and swagger-typescript-api as `any`), so `cidr: 42` would type-check.
 */
export default function TypedBranches() {
  return {
    Schema: {
      enter(/** @type {any} */ schema, /** @type {any} */ ctx) {
        if (schema.type === undefined) return;
        for (const list of ['anyOf', 'oneOf']) {
          if (!Array.isArray(schema[list])) continue;
          schema[list].forEach((/** @type {unknown} */ branch, /** @type {number} */ index) => {
            if (!isObject(branch) || isRef(branch)) return;
            if (branch.type !== undefined || branch.const !== undefined || branch.enum !== undefined) return;
            ctx.report({
              message: `branch ${index} of \`${list}\` states no \`type\`: repeat \`type: ${JSON.stringify(schema.type)}\` on it, or generators type it \`unknown\`.`,
              location: ctx.location.child(list).child(index),
            });
          });
        }
      },
    },
  };
}
