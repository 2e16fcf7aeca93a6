import { onEachOperation } from './lib/walk.js';

const EXTENSION = 'x-scalingo-evidence';
const DEFAULT_ALLOWED = ['docs', 'go-client', 'js-client', 'inferred', 'client-only'];

/**
 * Every operation names its sources in `x-scalingo-evidence`: one allowed value or a list of
 * them, without repeats; `client-only` (absent from the public docs) comes first and never
 * sits beside `docs`.
 * @param {{ allowed?: string[] }} options
 */
export default function OperationEvidence(options) {
  const allowed = Array.isArray(options?.allowed) ? options.allowed : DEFAULT_ALLOWED;
  return onEachOperation((operation, ctx, { label }) => {
    const value = operation[EXTENSION];
    const location = ctx.location.child(EXTENSION);
    if (value === undefined) {
      ctx.report({
        message: `${label} has no \`${EXTENSION}\` (one or a list of: ${allowed.join(', ')}).`,
        location: ctx.location.key(),
      });
      return;
    }
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) {
      ctx.report({ message: `${label}: \`${EXTENSION}\` is an empty list.`, location });
      return;
    }
    for (const [index, item] of values.entries()) {
      if (typeof item !== 'string' || !allowed.includes(item)) {
        ctx.report({
          message: `${label}: \`${EXTENSION}\` value ${JSON.stringify(item)} is not one of ${allowed.join(', ')}.`,
          location: Array.isArray(value) ? location.child(index) : location,
        });
      } else if (values.indexOf(item) !== index) {
        ctx.report({
          message: `${label}: \`${EXTENSION}\` lists \`${item}\` twice.`,
          location: location.child(index),
        });
      }
    }
    if (values.includes('client-only')) {
      if (values[0] !== 'client-only') {
        ctx.report({ message: `${label}: \`client-only\` must come first in \`${EXTENSION}\`.`, location });
      }
      if (values.includes('docs')) {
        ctx.report({
          message: `${label}: \`${EXTENSION}\` says both \`client-only\` and \`docs\`; an operation in the public docs is not client-only.`,
          location,
        });
      }
    }
  });
}
