import { hasExample } from './lib/examples.js';
import { follow, isSuccessStatus, mediaTypesOf, onEachOperation, responsesOf } from './lib/walk.js';

/**
 * Every operation has a 2xx response, and every media type of its 2xx responses carries an
 * example (media-type `example`/`examples`, or schema-level `examples`). A 2xx response without
 * content (204) needs none.
 */
export default function SuccessResponseExample() {
  return onEachOperation((operation, ctx, { label }) => {
    const successes = responsesOf(ctx, operation).filter(({ status }) => isSuccessStatus(status));
    if (successes.length === 0) {
      ctx.report({
        message: `${label} has no 2xx response.`,
        location: ctx.location.child('responses').key(),
      });
      return;
    }
    for (const { status, node, location } of successes) {
      for (const media of mediaTypesOf(node, location)) {
        const schema = follow(ctx, media.node.schema, media.location.child('schema')).node;
        if (!hasExample(media.node, schema)) {
          ctx.report({
            message: `${label}: the ${status} ${media.mediaType} response has no example (add \`examples\` with at least one realistic value).`,
            location: media.location.key(),
          });
        }
      }
    }
  });
}
