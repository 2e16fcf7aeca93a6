import { hasExample } from './lib/examples.js';
import { follow, mediaTypesOf, onEachOperation } from './lib/walk.js';

/** Every media type of a request body carries an example, like the success responses. */
export default function RequestBodyExample() {
  return onEachOperation((operation, ctx, { label }) => {
    if (operation.requestBody === undefined) return;
    const body = follow(ctx, operation.requestBody, ctx.location.child('requestBody'));
    for (const media of mediaTypesOf(body.node, body.location)) {
      const schema = follow(ctx, media.node.schema, media.location.child('schema')).node;
      if (!hasExample(media.node, schema)) {
        ctx.report({
          message: `${label}: the ${media.mediaType} request body has no example.`,
          location: media.location.key(),
        });
      }
    }
  });
}
