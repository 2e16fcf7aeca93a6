/**
 * `x-scalingo-open-enum` marks a response enumeration that the server may extend: it is `true`
 * and sits on a `type: string` schema whose `enum` lists strings, with no `anyOf`/`oneOf` of its
 * own. The bundle rewrites exactly that shape into the standard `anyOf` of the known values and
 * any other string (lib/standard-forms.js), which Prism, zod and the generators read as open;
 * any other shape would reach them closed.
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
          return;
        }
        const strings =
          schema.enum.length > 0 && schema.enum.every((/** @type {unknown} */ v) => typeof v === 'string');
        if (
          schema.type !== 'string' ||
          !strings ||
          schema.anyOf !== undefined ||
          schema.oneOf !== undefined
        ) {
          ctx.report({
            message:
              'an open enumeration is `type: string` with an `enum` of strings and no `anyOf`/`oneOf`: the bundle can write no other shape as open for other tools.',
            location: location.key(),
          });
        }
      },
    },
  };
}
