/**
 * `x-scalingo-open-enum` marks a response enumeration that the server may extend: it is `true`
 * and sits on a schema that has an `enum`.
 */
export default function OpenEnumShape() {
  return {
    Schema: {
      enter(/** @type {any} */ schema, /** @type {any} */ ctx) {
        if (!('x-scalingo-open-enum' in schema)) return;
        const location = ctx.location.child('x-scalingo-open-enum');
        if (schema['x-scalingo-open-enum'] !== true) {
          ctx.report({
            message: '`x-scalingo-open-enum` must be `true` (leave it out on closed enumerations).',
            location,
          });
        }
        if (!Array.isArray(schema.enum)) {
          ctx.report({
            message: '`x-scalingo-open-enum` sits on a schema without `enum`.',
            location: location.key(),
          });
        }
      },
    },
  };
}
