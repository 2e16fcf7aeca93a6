// @ts-check
// The vocabulary of the `x-scalingo-*` extensions, declared once for the lint rules and the docs.
import { openEnumValues } from '../lib/standard-forms.js';

/**
 * The evidence vocabulary: each value `x-scalingo-evidence` may take, with what it means to a
 * reader of the docs. `docs`, `go-client` and `js-client` are sources a reference can cite.
 */
export const EVIDENCE = /** @type {const} */ ({
  docs: {
    label: "Scalingo's public Database API reference",
    source: 'Public reference',
    repository: 'developers-documentation',
  },
  'go-client': {
    label: "Scalingo's official Go client (go-scalingo)",
    source: 'Go client',
    repository: 'go-scalingo',
  },
  'js-client': {
    label: "Scalingo's official JavaScript client (scalingo on npm)",
    source: 'JavaScript client',
    repository: 'scalingo.js',
  },
  inferred: { label: 'inferred: no source documents it, this is the most likely reading' },
  'client-only': { label: "the official clients only: Scalingo's public reference does not document it" },
});
/** @typedef {keyof typeof EVIDENCE} Evidence */
export const EVIDENCE_VALUES = /** @type {Evidence[]} */ (Object.keys(EVIDENCE));

/** @param {unknown} value @returns {value is Record<string, any>} */
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** @param {unknown} value @returns {value is string[]} */
const isStringList = (value) => Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');

/**
 * `x-scalingo-final` on a status enumeration: which of its values are final, split into
 * `success` and `failure`; every other value (known or not) is a step on the way.
 */
export const FINAL = 'x-scalingo-final';

/**
 * The problems of the `x-scalingo-final` of a schema, as sentences (none when it is right).
 * @param {Record<string, any>} schema @returns {string[]}
 */
export function finalProblems(schema) {
  const value = schema[FINAL];
  if (!isPlainObject(value)) return [`\`${FINAL}\` must be {success: [...], failure: [...]}`];
  const problems = [];
  // A closed enumeration, or an open one in the source's form or the bundle's standard form.
  const values = Array.isArray(schema.enum) ? schema.enum : (openEnumValues(schema) ?? undefined);
  if (!values) problems.push(`\`${FINAL}\` sits on a schema without \`enum\``);
  for (const key of Object.keys(value)) {
    if (key !== 'success' && key !== 'failure') problems.push(`\`${FINAL}\` has an unknown key \`${key}\``);
  }
  for (const key of ['success', 'failure']) {
    const list = value[key];
    if (!isStringList(list) || list.length === 0) {
      problems.push(`\`${FINAL}.${key}\` must be a non-empty list of statuses`);
      continue;
    }
    for (const status of list) {
      if (values && !values.includes(status)) {
        problems.push(`\`${FINAL}.${key}\` lists \`${status}\`, which is not in the enum`);
      }
    }
  }
  if (isStringList(value.success) && isStringList(value.failure)) {
    const both = value.success.filter((status) => value.failure.includes(status));
    if (both.length > 0)
      problems.push(`\`${FINAL}\` lists \`${both.join('`, `')}\` as both success and failure`);
  }
  return problems;
}

/**
 * The final statuses of a status schema of the document (`OperationStatus`, `BackupStatus`…);
 * throws, naming the schema, when it has none or they are malformed.
 * @param {Record<string, any>} document @param {string} schemaName
 * @returns {{ success: string[], failure: string[] }}
 */
export function finalStatuses(document, schemaName) {
  const schema = document.components?.schemas?.[schemaName];
  if (!isPlainObject(schema)) throw new Error(`the spec has no schema ${schemaName}`);
  const problems = finalProblems(schema);
  if (problems.length > 0) throw new Error(`schema ${schemaName}: ${problems.join('; ')}`);
  return { success: [...schema[FINAL].success], failure: [...schema[FINAL].failure] };
}
