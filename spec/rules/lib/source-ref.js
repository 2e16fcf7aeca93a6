// What a reference to a source looks like, shared by the rules that check the traceable claims
// (`x-scalingo-sources` on operations, the `sources` of `x-scalingo-discrepancy` entries, the
// `basis` of `x-scalingo-inferred` entries): a reviewer checks it in one step.
//
//   {source: go-client, version: v11.3.0, file: databases.go, function: DatabaseShow}
//   {source: docs, version: 1a450bf, file: _database_api/users.md, heading: Create a New User}
//
// `source` is one of the keys of `versions` (options of the rules, set once in redocly.yaml),
// `version` must be the pinned version of that source, `file` a path inside it, and exactly one
// of `function` (code) or `heading` (a page). `claim` (what that source does) is optional.
import { isObject } from './walk.js';

export const REF_FIELDS = ['source', 'version', 'file', 'function', 'heading', 'claim'];

/**
 * The problems of one reference, as sentences ('' prefix-free), with the field they sit on.
 * @param {unknown} ref
 * @param {Record<string, string>} versions source name -> pinned version
 * @returns {{ field: string | undefined, message: string }[]}
 */
export function sourceRefProblems(ref, versions) {
  if (!isObject(ref)) {
    return [{ field: undefined, message: 'is not a {source, version, file, function|heading} object' }];
  }
  /** @type {{ field: string | undefined, message: string }[]} */
  const problems = [];
  const names = Object.keys(versions);
  const source = ref.source;
  if (typeof source !== 'string' || !names.includes(source)) {
    problems.push({
      field: 'source' in ref ? 'source' : undefined,
      message: `\`source\` ${JSON.stringify(source)} is not one of ${names.join(', ')}`,
    });
  } else if (ref.version !== versions[source]) {
    problems.push({
      field: 'version' in ref ? 'version' : undefined,
      message: `\`version\` of ${source} must be ${versions[source]} (the version this document was checked against), got ${JSON.stringify(ref.version)}`,
    });
  }
  if (typeof ref.file !== 'string' || ref.file.trim() === '') {
    problems.push({
      field: 'file' in ref ? 'file' : undefined,
      message: '`file` must name a file of the source',
    });
  }
  const at = ['function', 'heading'].filter((field) => field in ref);
  if (at.length !== 1) {
    problems.push({
      field: undefined,
      message: 'needs exactly one of `function` (code) or `heading` (a page)',
    });
  } else {
    const field = /** @type {string} */ (at[0]);
    if (typeof ref[field] !== 'string' || ref[field].trim() === '') {
      problems.push({ field, message: `\`${field}\` must be a non-empty string` });
    }
  }
  if ('claim' in ref && (typeof ref.claim !== 'string' || ref.claim.trim() === '')) {
    problems.push({ field: 'claim', message: '`claim` must be a non-empty sentence' });
  }
  for (const field of Object.keys(ref)) {
    if (!REF_FIELDS.includes(field)) {
      problems.push({ field, message: `unknown field \`${field}\` (allowed: ${REF_FIELDS.join(', ')})` });
    }
  }
  return problems;
}

/**
 * Reports every problem of a list of references at `location` (the list).
 * @param {unknown} list @param {Record<string, string>} versions @param {any} ctx @param {any} location
 * @param {string} what e.g. "operation getDatabase: `x-scalingo-sources`"
 * @returns {boolean} whether the list is a non-empty array
 */
export function reportSourceRefs(list, versions, ctx, location, what) {
  if (!Array.isArray(list) || list.length === 0) {
    ctx.report({ message: `${what} must be a non-empty list of source references.`, location });
    return false;
  }
  list.forEach((ref, index) => {
    for (const { field, message } of sourceRefProblems(ref, versions)) {
      const at = location.child(index);
      ctx.report({
        message: `${what} entry ${index} ${message}.`,
        location: field && isObject(ref) && field in ref ? at.child(field) : at,
      });
    }
  });
  return true;
}

/** The `versions` option of a rule, or a clear error when redocly.yaml does not set it. @param {any} options @param {string} rule */
export function versionsOption(options, rule) {
  const versions = options?.versions;
  if (!isObject(versions) || Object.values(versions).some((v) => typeof v !== 'string')) {
    throw new Error(`scalingo/${rule}: set \`versions\` (source name -> pinned version) in redocly.yaml`);
  }
  return /** @type {Record<string, string>} */ (versions);
}
