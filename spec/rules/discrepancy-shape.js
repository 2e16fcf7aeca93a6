import { onEachEntry } from './lib/extension-list.js';
import { reportSourceRefs, versionsOption } from './lib/source-ref.js';
import { isObject } from './lib/walk.js';

const EXTENSION = 'x-scalingo-discrepancy';
const FIELDS = ['number', 'sources', 'resolution'];

/**
 * `x-scalingo-discrepancy` (on an operation, a schema or a property) is a non-empty list of
 * entries `{number, sources, resolution}`: `number` is the discrepancy's number (1 to `max`:
 * the API reference's 1 to 12, then the ones this document adds, listed in spec/README.md),
 * `sources` a list of source references (lib/source-ref.js), each with the `claim` of what that
 * source does, and `resolution` what this document describes and why.
 * @param {{ max?: number, versions?: Record<string, string> }} options
 */
export default function DiscrepancyShape(options) {
  const max = typeof options?.max === 'number' ? options.max : Number.POSITIVE_INFINITY;
  const versions = versionsOption(options, 'discrepancy-shape');
  return onEachEntry(EXTENSION, '{number, sources, resolution}', (entry, index, at, holder, _node, ctx) => {
    const number = entry.number;
    if (!Number.isInteger(number) || number < 1 || number > max) {
      ctx.report({
        message: `${holder}: \`${EXTENSION}\` entry ${index}: \`number\` must be the discrepancy's number in the API reference (an integer from 1 to ${max}).`,
        location: 'number' in entry ? at.child('number') : at.key(),
      });
    }
    if (typeof entry.resolution !== 'string' || entry.resolution.trim() === '') {
      ctx.report({
        message: `${holder}: \`${EXTENSION}\` entry ${index} (number ${String(number)}): \`resolution\` must be a non-empty sentence.`,
        location: 'resolution' in entry ? at.child('resolution') : at.key(),
      });
    }
    const what = `${holder}: \`${EXTENSION}\` entry ${index} (number ${String(number)}): \`sources\``;
    const sourcesAt = 'sources' in entry ? at.child('sources') : at.key();
    if (reportSourceRefs(entry.sources, versions, ctx, sourcesAt, what)) {
      entry.sources.forEach((/** @type {any} */ ref, /** @type {number} */ i) => {
        if (isObject(ref) && !('claim' in ref)) {
          ctx.report({
            message: `${what} entry ${i} has no \`claim\` (what that source does).`,
            location: sourcesAt.child(i),
          });
        }
      });
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
