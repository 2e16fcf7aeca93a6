import { GATEWAY_ERRORS, RETRY, retryProblems } from '../model/retry.js';
import { reportSourceRefs, versionsOption } from './lib/source-ref.js';
import { isObject } from './lib/walk.js';

const SHARED_RESPONSE_FILE = /\/components\/responses\/([^/]+)\.ya?ml$/;

/**
 * Every shared error response (components/responses/*.yaml declared under a 4xx or 5xx) and every entry of the root's
 * `x-scalingo-gateway-errors` carries `x-scalingo-retry`: `{retry, idempotentOnly?, retryAfter?,
 * advice, reason, basis?}` (the model's `retryProblems`), `basis` a list of source references.
 * The client's retry statuses and the docs' retry table are read from there.
 * @param {{ versions?: Record<string, string> }} options
 */
export default function RetryPolicyShape(options) {
  const versions = versionsOption(options, 'retry-policy-shape');
  /** @param {unknown} value @param {any} location @param {string} what @param {any} ctx */
  const check = (value, location, what, ctx) => {
    for (const problem of retryProblems(value)) ctx.report({ message: `${what}: ${problem}.`, location });
    if (isObject(value) && Array.isArray(value.basis) && value.basis.length > 0) {
      reportSourceRefs(value.basis, versions, ctx, location.child('basis'), `${what}: \`${RETRY}.basis\``);
    }
  };
  return {
    Root: {
      enter(/** @type {any} */ root, /** @type {any} */ ctx) {
        if (!(GATEWAY_ERRORS in root)) return;
        const entries = root[GATEWAY_ERRORS];
        const location = ctx.location.child(GATEWAY_ERRORS);
        if (!isObject(entries)) {
          ctx.report({
            message: `\`${GATEWAY_ERRORS}\` must map 5xx statuses to {description, ${RETRY}}.`,
            location,
          });
          return;
        }
        for (const [status, entry] of Object.entries(entries)) {
          const at = location.child(status);
          if (!/^5\d\d$/.test(status) || !isObject(entry) || typeof entry.description !== 'string') {
            ctx.report({
              message: `\`${GATEWAY_ERRORS}\`: ${status} must be a 5xx status with a \`description\`.`,
              location: at.key(),
            });
            continue;
          }
          check(entry[RETRY], at.child(RETRY), `gateway error ${status}`, ctx);
        }
      },
    },
    Response: {
      enter(/** @type {any} */ response, /** @type {any} */ ctx) {
        const file = SHARED_RESPONSE_FILE.exec(ctx.location.source.absoluteRef)?.[1];
        // A shared answer declared under a 4xx/5xx status (not a shared success answer).
        if (file === undefined || ctx.location.pointer !== '#/' || !/^[45]/.test(String(ctx.key))) return;
        if (!(RETRY in response)) {
          ctx.report({
            message: `shared response ${file} has no \`${RETRY}\`: say whether a client may send the request again.`,
            location: ctx.location,
          });
          return;
        }
        check(response[RETRY], ctx.location.child(RETRY), `shared response ${file}`, ctx);
      },
    },
  };
}
