import { onEachOperation } from './lib/walk.js';

/**
 * Every operation that needs the database token declares a `401` response. An operation whose
 * `security` is `[]` (public, like getCaCertificate) is exempt; it may still declare `401` when
 * the sources are unsure that it is public.
 */
export default function OperationUnauthorizedResponse() {
  return onEachOperation((operation, ctx, { label }) => {
    const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
    if (isPublic) return;
    const responses = operation.responses;
    if (typeof responses !== 'object' || responses === null || !('401' in responses)) {
      ctx.report({
        message: `${label} needs a token but declares no \`401\` response (reference components/responses/Unauthorized.yaml, or set \`security: []\` if it is public).`,
        location:
          typeof responses === 'object' && responses !== null
            ? ctx.location.child('responses').key()
            : ctx.location.key(),
      });
    }
  });
}
