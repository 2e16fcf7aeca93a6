import { follow, isJsonMediaType, isObject, mediaTypesOf, onEachOperation, responsesOf } from './lib/walk.js';

/**
 * An answer that is not JSON (the PEM certificate, a `text/plain` error body) has a
 * `type: string` schema, with `format: binary` when it is not text, so that generators type and
 * read it as text or bytes; a missing schema or an object schema makes them parse it as JSON.
 * Shared responses are reported once, in their own file.
 */
export default function NonJsonAnswer() {
  /** @type {Set<string>} */
  const reported = new Set();
  return onEachOperation((operation, ctx, { label }) => {
    for (const { status, node, location } of responsesOf(ctx, operation)) {
      for (const media of mediaTypesOf(node, location)) {
        if (isJsonMediaType(media.mediaType)) continue;
        const key = media.location.absolutePointer;
        if (reported.has(key)) continue;
        reported.add(key);
        const schema = media.node.schema;
        if (follow(ctx, schema, media.location.child('schema')).node?.type === 'string') continue;
        ctx.report({
          message: `${label}: the ${status} answer as ${media.mediaType} is not JSON: give it a \`type: string\` schema (\`format: binary\` for bytes), or generators read it as JSON.`,
          location: isObject(schema) ? media.location.child('schema') : media.location.key(),
        });
      }
    }
  });
}
