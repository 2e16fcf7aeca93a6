import { reportSourceRefs, versionsOption } from './lib/source-ref.js';
import { isObject, onEachOperation } from './lib/walk.js';

const EXTENSION = 'x-scalingo-evidence';
const SOURCES = 'x-scalingo-sources';
const INFERRED = 'x-scalingo-inferred';
const DEFAULT_ALLOWED = ['docs', 'go-client', 'js-client', 'inferred', 'client-only'];

/**
 * Every operation names its sources in `x-scalingo-evidence`: one allowed value or a list of
 * them, without repeats; `client-only` (absent from the public docs) comes first and never
 * sits beside `docs`.
 *
 * Each named source (a key of `versions`: docs, go-client, js-client) is traceable:
 * `x-scalingo-sources` lists at least one reference into it (source, version, file, function
 * or heading; lib/source-ref.js), and lists no source that `x-scalingo-evidence` leaves out.
 * `inferred` needs at least one `x-scalingo-inferred` entry saying what is inferred and why.
 * @param {{ allowed?: string[], versions?: Record<string, string> }} options
 */
export default function OperationEvidence(options) {
  const allowed = Array.isArray(options?.allowed) ? options.allowed : DEFAULT_ALLOWED;
  const versions = versionsOption(options, 'operation-evidence');
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
    checkSources(operation, values, versions, ctx, label);
    if (values.includes('inferred')) {
      const marks = operation[INFERRED];
      if (!Array.isArray(marks) || marks.length === 0) {
        ctx.report({
          message: `${label}: \`${EXTENSION}\` says \`inferred\` but no \`${INFERRED}\` entry says what is inferred and why.`,
          location,
        });
      }
    }
  });
}

/**
 * @param {Record<string, any>} operation @param {unknown[]} values
 * @param {Record<string, string>} versions @param {any} ctx @param {string} label
 */
function checkSources(operation, values, versions, ctx, label) {
  const named = values.filter((value) => typeof value === 'string' && value in versions);
  const refs = operation[SOURCES];
  if (refs === undefined && named.length === 0) return;
  const location = refs === undefined ? ctx.location.key() : ctx.location.child(SOURCES);
  if (!reportSourceRefs(refs, versions, ctx, location, `${label}: \`${SOURCES}\``)) return;
  const keyLocation = location.key();
  const cited = new Set(refs.map((/** @type {any} */ ref) => (isObject(ref) ? ref.source : undefined)));
  for (const source of named) {
    if (!cited.has(source)) {
      ctx.report({
        message: `${label}: \`${EXTENSION}\` names \`${source}\` but \`${SOURCES}\` cites nothing in it (file and function or heading).`,
        location: keyLocation,
      });
    }
  }
  for (const source of cited) {
    if (typeof source === 'string' && source in versions && !named.includes(source)) {
      ctx.report({
        message: `${label}: \`${SOURCES}\` cites \`${source}\`, which \`${EXTENSION}\` does not list.`,
        location: keyLocation,
      });
    }
  }
}
