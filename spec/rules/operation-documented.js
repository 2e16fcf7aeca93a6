import { onEachOperation } from './lib/walk.js';

/**
 * Every operation has a one-line `summary` (no final period, unique in the document) and a
 * non-empty `description`.
 */
export default function OperationDocumented() {
  /** @type {Map<string, string>} summary -> label of the first operation that uses it */
  const summaries = new Map();
  return onEachOperation((operation, ctx, { label }) => {
    const { summary, description } = operation;
    if (typeof summary !== 'string' || summary.trim() === '') {
      ctx.report({ message: `${label} has no \`summary\`.`, location: ctx.location.key() });
    } else if (/\n/.test(summary.trim()) || /\.\s*$/.test(summary)) {
      ctx.report({
        message: `${label}: the summary must be one line without a final period.`,
        location: ctx.location.child('summary'),
      });
    } else {
      const first = summaries.get(summary.trim().toLowerCase());
      if (first === undefined) summaries.set(summary.trim().toLowerCase(), label);
      else {
        ctx.report({
          message: `${label}: the summary "${summary}" is already used by ${first}.`,
          location: ctx.location.child('summary'),
        });
      }
    }
    if (typeof description !== 'string' || description.trim() === '') {
      ctx.report({ message: `${label} has no \`description\`.`, location: ctx.location.key() });
    }
  });
}
