import { isObject } from './lib/walk.js';

const EXTENSION = 'x-scalingo-discrepancy';
const FIELDS = ['number', 'sources', 'resolution'];

/**
 * `x-scalingo-discrepancy` (on an operation, a schema or a property) is a non-empty list of
 * entries `{number, sources, resolution}`: `number` is the discrepancy's number in the API
 * reference (1 to `max`), `sources` says what each source claims, `resolution` what this
 * document describes and why.
 * @param {{ max?: number }} options
 */
export default function DiscrepancyShape(options) {
  const max = typeof options?.max === 'number' ? options.max : Number.POSITIVE_INFINITY;
  return {
    any: {
      enter(/** @type {unknown} */ node, /** @type {any} */ ctx) {
        if (!isObject(node) || !(EXTENSION in node)) return;
        const value = node[EXTENSION];
        const location = ctx.location.child(EXTENSION);
        const holder = describeHolder(node, ctx);
        if (!Array.isArray(value) || value.length === 0) {
          ctx.report({
            message: `${holder}: \`${EXTENSION}\` must be a non-empty list of {number, sources, resolution} entries.`,
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
          const number = entry.number;
          if (!Number.isInteger(number) || number < 1 || number > max) {
            ctx.report({
              message: `${holder}: \`${EXTENSION}\` entry ${index}: \`number\` must be the discrepancy's number in the API reference (an integer from 1 to ${max}).`,
              location: 'number' in entry ? at.child('number') : at.key(),
            });
          }
          for (const field of ['sources', 'resolution']) {
            if (typeof entry[field] !== 'string' || entry[field].trim() === '') {
              ctx.report({
                message: `${holder}: \`${EXTENSION}\` entry ${index} (number ${String(number)}): \`${field}\` must be a non-empty sentence.`,
                location: field in entry ? at.child(field) : at.key(),
              });
            }
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

/**
 * Names what carries the extension: the operation by its operationId, a schema by its file.
 * @param {Record<string, any>} node @param {any} ctx
 */
function describeHolder(node, ctx) {
  const type = ctx.type?.name ?? 'node';
  if (type === 'Operation') return `operation ${String(node.operationId ?? '(no operationId)')}`;
  const file = String(ctx.location.source.absoluteRef).split('/').pop();
  return `${type} at ${file}${ctx.location.pointer === '#/' ? '' : ctx.location.pointer}`;
}
