import { isObject } from './lib/walk.js';

const NAMED_SCHEMA_FILE = /\/components\/schemas\/([^/]+)\.ya?ml$/;

/**
 * An inline object schema anywhere in the document (a nested property, an array item, a body)
 * must not repeat a named schema: if its property names are exactly those of a schema in
 * components/schemas/ (two properties or more), it should `$ref` that schema instead.
 */
export default function NoDuplicateInlineSchema() {
  /** @type {Map<string, string>} sorted property names -> schema name */
  const named = new Map();
  /** @type {{ signature: string, location: any }[]} */
  const inline = [];
  return {
    Schema: {
      enter(/** @type {any} */ schema, /** @type {any} */ ctx) {
        if (!isObject(schema.properties)) return;
        const names = Object.keys(schema.properties);
        if (names.length < 2) return;
        const signature = [...names].sort().join(',');
        const file = NAMED_SCHEMA_FILE.exec(ctx.location.source.absoluteRef);
        if (file?.[1] && ctx.location.pointer === '#/') {
          if (!named.has(signature)) named.set(signature, file[1]);
        } else {
          inline.push({ signature, location: ctx.location });
        }
      },
    },
    Root: {
      leave(/** @type {any} */ _root, /** @type {any} */ ctx) {
        for (const { signature, location } of inline) {
          const name = named.get(signature);
          if (name === undefined) continue;
          ctx.report({
            message: `This inline object has exactly the properties of the named schema \`${name}\` (${signature.replaceAll(',', ', ')}): \`$ref\` components/schemas/${name}.yaml instead.`,
            location: location.key(),
          });
        }
      },
    },
  };
}
