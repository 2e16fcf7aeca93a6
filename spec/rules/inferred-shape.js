import { onEachEntry } from './lib/extension-list.js';
import { reportSourceRefs, versionsOption } from './lib/source-ref.js';
import { isObject } from './lib/walk.js';

const EXTENSION = 'x-scalingo-inferred';
const FIELDS = ['subject', 'reason', 'basis'];

/**
 * `x-scalingo-inferred` (on an operation, a schema or a property) marks what no source shows: a
 * non-empty list of `{subject, reason, basis?}`. `subject` names what is inferred (on an
 * operation, `responses/<status>` must be one of its declared responses), `reason` says why
 * this document still states it, `basis` (optional) lists the source references it is inferred
 * from (lib/source-ref.js).
 * @param {{ versions?: Record<string, string> }} options
 */
export default function InferredShape(options) {
  const versions = versionsOption(options, 'inferred-shape');
  return onEachEntry(EXTENSION, '{subject, reason, basis?}', (entry, index, at, holder, node, ctx) => {
    for (const field of ['subject', 'reason']) {
      if (typeof entry[field] !== 'string' || entry[field].trim() === '') {
        ctx.report({
          message: `${holder}: \`${EXTENSION}\` entry ${index}: \`${field}\` must be a non-empty sentence.`,
          location: field in entry ? at.child(field) : at,
        });
      }
    }
    const status = /^responses\/(\w+)$/.exec(String(entry.subject ?? ''))?.[1];
    if (ctx.type?.name === 'Operation' && status && !(isObject(node.responses) && status in node.responses)) {
      ctx.report({
        message: `${holder}: \`${EXTENSION}\` entry ${index} marks \`responses/${status}\`, which the operation does not declare.`,
        location: at.child('subject'),
      });
    }
    if ('basis' in entry) {
      reportSourceRefs(
        entry.basis,
        versions,
        ctx,
        at.child('basis'),
        `${holder}: \`${EXTENSION}\` entry ${index}: \`basis\``,
      );
    }
    for (const field of Object.keys(entry)) {
      if (!FIELDS.includes(field)) {
        ctx.report({
          message: `${holder}: \`${EXTENSION}\` entry ${index}: unknown field \`${field}\` (allowed: ${FIELDS.join(', ')}).`,
          location: at.child(field).key(),
        });
      }
    }
  });
}
