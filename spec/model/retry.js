// @ts-check
// `x-scalingo-retry`: whether a client may send a request again after an error answer, stated
// once on each shared error response (components/responses) and on the gateway errors that a
// proxy in front of the API answers (`x-scalingo-gateway-errors` at the root of the document).
// The client's retry statuses, the docs' retry table and the lint rule read them from here.
import { isObject, listOperations } from './document.js';

export const RETRY = 'x-scalingo-retry';
export const GATEWAY_ERRORS = 'x-scalingo-gateway-errors';

const FIELDS = ['retry', 'idempotentOnly', 'retryAfter', 'advice', 'reason', 'basis'];

/**
 * @typedef {{
 *   retry: boolean,
 *   idempotentOnly: boolean,
 *   retryAfter: boolean,
 *   advice: string,
 *   reason: string,
 *   inferred: boolean,
 * }} RetryPolicy
 * `retry`: a client may send the same request again on its own, after a backoff;
 * `idempotentOnly`: only a request that is safe to repeat; `retryAfter`: wait what the
 * `Retry-After` header asks when there is one; `advice`: what to do, in a sentence; `reason`:
 * why; `inferred`: no source reference (`basis`) backs it.
 * @typedef {{ status: number, name: string, description: string, policy: RetryPolicy }} StatusRetry
 */

/** @param {unknown} value */
const isSentence = (value) => typeof value === 'string' && value.trim() !== '';

/**
 * The problems of an `x-scalingo-retry` value, as sentences (the `basis` references are the
 * lint's to check, rules/lib/source-ref.js).
 * @param {unknown} value @returns {string[]}
 */
export function retryProblems(value) {
  if (!isObject(value))
    return [`\`${RETRY}\` must be {retry, idempotentOnly?, retryAfter?, advice, reason, basis?}`];
  const problems = [];
  if (typeof value.retry !== 'boolean') problems.push(`\`${RETRY}.retry\` must be true or false`);
  for (const key of ['idempotentOnly', 'retryAfter']) {
    if (value.retry === true && typeof value[key] !== 'boolean')
      problems.push(`\`${RETRY}.${key}\` must be true or false when \`retry\` is true`);
    if (value.retry === false && key in value)
      problems.push(`\`${RETRY}.${key}\` means nothing when \`retry\` is false`);
  }
  for (const key of ['advice', 'reason']) {
    if (!isSentence(value[key])) problems.push(`\`${RETRY}.${key}\` must be a non-empty sentence`);
  }
  if ('basis' in value && (!Array.isArray(value.basis) || value.basis.length === 0))
    problems.push(`\`${RETRY}.basis\` must be a non-empty list of source references (or left out)`);
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key))
      problems.push(`\`${RETRY}\` has an unknown key \`${key}\` (allowed: ${FIELDS.join(', ')})`);
  }
  return problems;
}

/** @param {string} where @param {unknown} value @returns {RetryPolicy} */
function policyOf(where, value) {
  const problems = retryProblems(value);
  if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
  const v = /** @type {Record<string, any>} */ (value);
  return {
    retry: v.retry,
    idempotentOnly: v.idempotentOnly === true,
    retryAfter: v.retryAfter === true,
    advice: v.advice.trim(),
    reason: v.reason.trim(),
    inferred: !Array.isArray(v.basis),
  };
}

/**
 * The retry policy of every error status a client may meet, by status: each shared error
 * response of `components/responses` (its status is the one every operation declares it under)
 * and each gateway error. Throws, naming it, when a shared error response has no policy, is
 * declared under two statuses, or a policy is malformed.
 * @param {Record<string, any>} document @returns {StatusRetry[]}
 */
export function retryPolicies(document) {
  const responses = isObject(document.components?.responses) ? document.components.responses : {};
  /** @type {Map<string, Set<string>>} */
  const statusesOf = new Map();
  for (const operation of listOperations(document)) {
    for (const [status, raw] of Object.entries(
      isObject(operation.raw.responses) ? operation.raw.responses : {},
    )) {
      const name = /^#\/components\/responses\/(.+)$/.exec(String(raw?.$ref ?? ''))?.[1];
      if (name !== undefined) statusesOf.set(name, (statusesOf.get(name) ?? new Set()).add(status));
    }
  }
  /** @type {StatusRetry[]} */
  const out = [];
  for (const [name, response] of Object.entries(responses)) {
    const statuses = [...(statusesOf.get(name) ?? [])];
    if (!statuses.every((s) => /^[45]\d\d$/.test(s))) continue; // a shared success answer
    if (statuses.length !== 1)
      throw new Error(
        `response ${name} is declared under ${statuses.length === 0 ? 'no status' : `the statuses ${statuses.join(', ')}`}: its retry policy needs one`,
      );
    if (!isObject(response) || !(RETRY in response)) throw new Error(`response ${name} has no \`${RETRY}\``);
    out.push({
      status: Number(statuses[0]),
      name,
      description: String(response.description ?? ''),
      policy: policyOf(`response ${name}`, response[RETRY]),
    });
  }
  const gateway = document[GATEWAY_ERRORS];
  for (const [status, entry] of Object.entries(isObject(gateway) ? gateway : {})) {
    if (!/^5\d\d$/.test(status)) throw new Error(`\`${GATEWAY_ERRORS}\`: ${status} is not a 5xx status`);
    out.push({
      status: Number(status),
      name: status,
      description: String(entry?.description ?? ''),
      policy: policyOf(`\`${GATEWAY_ERRORS}\` ${status}`, entry?.[RETRY]),
    });
  }
  return out.sort((a, b) => a.status - b.status);
}

/**
 * The statuses after which a client may retry on its own, in increasing order.
 * @param {Record<string, any>} document @returns {number[]}
 */
export function retryStatuses(document) {
  return retryPolicies(document)
    .filter(({ policy }) => policy.retry)
    .map(({ status }) => status);
}
