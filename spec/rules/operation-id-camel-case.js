import { onEachOperation } from './lib/walk.js';

// Lower-case first letter, then letters and digits, never two capitals in a row (`getCaCertificate`).
const CAMEL_CASE = /^(?!.*[A-Z]{2})[a-z][a-zA-Z0-9]*$/;

/** Every operation has an operationId in lowerCamelCase (`getDatabase`, `getCaCertificate`). */
export default function OperationIdCamelCase() {
  return onEachOperation((operation, ctx, { label }) => {
    if (typeof operation.operationId !== 'string' || operation.operationId === '') {
      ctx.report({ message: `${label} has no \`operationId\`.`, location: ctx.location.key() });
    } else if (!CAMEL_CASE.test(operation.operationId)) {
      ctx.report({
        message: `${label}: operationId \`${operation.operationId}\` is not lowerCamelCase (like \`getDatabase\`).`,
        location: ctx.location.child('operationId'),
      });
    }
  });
}
