import { follow, isObject, onEachOperation } from './lib/walk.js';

/**
 * Every path parameter has a `description` and an example (`example`, `examples`, or schema
 * `examples`). A shared parameter is reported once, in its own file, naming the operations
 * that use it.
 */
export default function PathParameterDocumented() {
  /** @type {Map<string, { name: string, node: any, location: any, users: string[] }>} */
  const parameters = new Map();
  const visitor = onEachOperation((operation, ctx, { label, pathItem, pathItemLocation }) => {
    const lists = [
      { list: pathItem?.parameters, location: pathItemLocation?.child('parameters') },
      { list: operation.parameters, location: ctx.location.child('parameters') },
    ];
    for (const { list, location } of lists) {
      if (!Array.isArray(list) || !location) continue;
      list.forEach((raw, index) => {
        const { node, location: where } = follow(ctx, raw, location.child(index));
        if (!isObject(node) || node.in !== 'path') return;
        const key = where.absolutePointer;
        const entry = parameters.get(key) ?? { name: String(node.name), node, location: where, users: [] };
        if (!entry.users.includes(label)) entry.users.push(label);
        parameters.set(key, entry);
      });
    }
  });
  return {
    ...visitor,
    Root: {
      leave(/** @type {any} */ _root, /** @type {any} */ ctx) {
        for (const { name, node, location, users } of parameters.values()) {
          const usedBy = users.length > 1 ? `${users[0]} and ${users.length - 1} more` : users[0];
          if (typeof node.description !== 'string' || node.description.trim() === '') {
            ctx.report({
              message: `Path parameter \`${name}\` (used by ${usedBy}) has no description.`,
              location: location.key(),
            });
          }
          const schema = follow(ctx, node.schema, location.child('schema')).node;
          const hasExample =
            node.example !== undefined ||
            (isObject(node.examples) && Object.keys(node.examples).length > 0) ||
            (isObject(schema) && Array.isArray(schema.examples) && schema.examples.length > 0);
          if (!hasExample) {
            ctx.report({
              message: `Path parameter \`${name}\` (used by ${usedBy}) has no example.`,
              location: location.key(),
            });
          }
        }
      },
    },
  };
}
