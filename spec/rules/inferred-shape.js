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
  return {
    any: {
      enter(/** @type {unknown} */ node, /** @type {any} */ ctx) {
        if (!isObject(node) || !(EXTENSION in node)) return;
        const value = node[EXTENSION];
        const location = ctx.location.child(EXTENSION);
        const isOperation = ctx.type?.name === 'Operation';
        const holder = isOperation
          ? `operation ${String(node.operationId ?? '(no operationId)')}`
          : `${ctx.type?.name ?? 'node'} at ${String(ctx.location.source.absoluteRef).split('/').pop()}${ctx.location.pointer === '#/' ? '' : ctx.location.pointer}`;
        if (!Array.isArray(value) || value.length === 0) {
          ctx.report({
            message: `${holder}: \`${EXTENSION}\` must be a non-empty list of {subject, reason, basis?} entries.`,
            location,
          });
          return;
        }
        value.forEach((entry, index) => {
          const at = location.child(index);
          if (!isObject(entry)) {
            ctx.report({
              message: `${holder}: \`${EXTENSION}\` entry ${index} is not an object.`,
              location: at,
            });
            return;
          }
          for (const field of ['subject', 'reason']) {
            if (typeof entry[field] !== 'string' || entry[field].trim() === '') {
              ctx.report({
                message: `${holder}: \`${EXTENSION}\` entry ${index}: \`${field}\` must be a non-empty sentence.`,
                location: field in entry ? at.child(field) : at,
              });
            }
          }
          const status = /^responses\/(\w+)$/.exec(String(entry.subject ?? ''))?.[1];
          if (isOperation && status && !(isObject(node.responses) && status in node.responses)) {
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
      },
    },
  };
}
