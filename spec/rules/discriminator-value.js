import { follow, isObject } from './lib/walk.js';

/**
 * Each branch of a `oneOf`/`anyOf` with a `discriminator` requires the discriminating property
 * and gives it one value, as a `const` (the bundle adds the one-value `enum` that
 * openapi-zod-client and typed-openapi read); no two branches share a value. Without it zod
 * cannot build its discriminated union and the generators lose the narrowing.
 */
export default function DiscriminatorValue() {
  return {
    Schema: {
      enter(/** @type {any} */ schema, /** @type {any} */ ctx) {
        const name = isObject(schema.discriminator) ? schema.discriminator.propertyName : undefined;
        if (typeof name !== 'string') return;
        const list = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : null;
        if (!list) {
          ctx.report({
            message: `a \`discriminator\` on \`${name}\` needs a \`oneOf\` (or \`anyOf\`) of branches.`,
            location: ctx.location.child('discriminator').key(),
          });
          return;
        }
        /** @type {Map<string, number>} */
        const seen = new Map();
        schema[list].forEach((/** @type {unknown} */ raw, /** @type {number} */ index) => {
          const where = ctx.location.child(list).child(index);
          const branch = follow(ctx, raw, where);
          if (!isObject(branch.node)) return; // no-unresolved-refs reports it
          const property = isObject(branch.node.properties) ? branch.node.properties[name] : undefined;
          const value = follow(ctx, property, branch.location.child('properties').child(name)).node;
          const required = Array.isArray(branch.node.required) && branch.node.required.includes(name);
          const one = isObject(value) && typeof value.const === 'string' ? value.const : undefined;
          const enumOk =
            !isObject(value) ||
            value.enum === undefined ||
            (value.enum.length === 1 && value.enum[0] === one);
          if (!required || one === undefined || !enumOk) {
            ctx.report({
              message: `branch ${index} of the \`${name}\` discriminator must require \`${name}\` and give it one \`const\` string value (found ${JSON.stringify(value?.const ?? value?.enum ?? null)}${required ? '' : ', not required'}).`,
              location: isObject(property)
                ? branch.location.child('properties').child(name)
                : branch.location,
            });
            return;
          }
          const other = seen.get(one);
          if (other !== undefined) {
            ctx.report({
              message: `branches ${other} and ${index} of the \`${name}\` discriminator both use \`${one}\`.`,
              location: branch.location.child('properties').child(name),
            });
          }
          seen.set(one, index);
        });
      },
    },
  };
}
