import { onEachOperation } from './lib/walk.js';

/** Every operation has exactly one tag (its resource group); built-in operation-tag-defined checks the name. */
export default function OperationSingleTag() {
  return onEachOperation((operation, ctx, { label }) => {
    const tags = operation.tags;
    if (!Array.isArray(tags) || tags.length === 0) {
      ctx.report({ message: `${label} has no tag: give it exactly one.`, location: ctx.location.key() });
    } else if (tags.length > 1) {
      ctx.report({
        message: `${label} has ${tags.length} tags (${tags.join(', ')}): give it exactly one.`,
        location: ctx.location.child('tags'),
      });
    }
  });
}
