// @ts-check
// The vocabulary of the `x-scalingo-*` extensions, declared once for the lint rules and the docs.
import { openEnumValues } from '../lib/standard-forms.js';
import { listOperations } from './document.js';

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

/**
 * The evidence values that are sources, a reference can cite and traffic can be recorded from
 * (`docs`, `go-client`, `js-client`); `inferred` and `client-only` are verdicts, not sources.
 */
export const SOURCE_EVIDENCE = /** @type {Evidence[]} */ (
  EVIDENCE_VALUES.filter((name) => 'source' in EVIDENCE[name])
);

/**
 * The sources the `x-scalingo-evidence` of an operation names, in its order: none for an
 * operation no source shows (`inferred` only), which therefore has no recorded traffic and is
 * not in the API reference's list of operations.
 * @param {Record<string, any>} operation @returns {Evidence[]}
 */
export function evidenceSources(operation) {
  const value = operation['x-scalingo-evidence'];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((name) => SOURCE_EVIDENCE.includes(name));
}

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

/** The schema whose (open) enumeration names the engines a database can run (`Database.type_name`). */
export const ENGINE_SCHEMA = 'DatabaseEngine';

/**
 * `x-scalingo-engines` on a branch of an action union: `{engines, sources}`, the engines the
 * action exists for and the source references that say so. `x-scalingo-feature-engines` on a
 * feature name: the same object for each known feature, by name. `engines` is a non-empty list
 * of engine names, or `all` for what every engine has (new engines included).
 */
export const ENGINES = 'x-scalingo-engines';
export const FEATURE_ENGINES = 'x-scalingo-feature-engines';
export const ALL_ENGINES = 'all';

/** @typedef {string[] | typeof ALL_ENGINES} EngineSet */

/**
 * The engine names the document knows: the values of its `DatabaseEngine` enumeration (open or
 * closed); throws when it has none.
 * @param {Record<string, any>} document @returns {string[]}
 */
export function engineNames(document) {
  const schema = document.components?.schemas?.[ENGINE_SCHEMA];
  const values = Array.isArray(schema?.enum) ? schema.enum : openEnumValues(schema);
  if (!isStringList(values) || values.length === 0)
    throw new Error(`the spec has no enumeration of engines (schema ${ENGINE_SCHEMA})`);
  return [...values];
}

/**
 * The problems of one `{engines, sources}` declaration as sentences, `engines` checked against
 * the known engine names (the `sources` are the lint's to check, lib/source-ref.js).
 * @param {unknown} value @param {string[]} known @returns {string[]}
 */
export function engineSetProblems(value, known) {
  if (!isPlainObject(value)) return ['must be {engines: [...] | all, sources: [...]}'];
  const problems = [];
  const { engines } = value;
  if (engines !== ALL_ENGINES && (!isStringList(engines) || engines.length === 0)) {
    problems.push(`\`engines\` must be \`${ALL_ENGINES}\` or a non-empty list of engine names`);
  } else if (Array.isArray(engines)) {
    for (const name of engines) {
      if (!known.includes(name))
        problems.push(`\`engines\` names \`${name}\`, which is not a known engine (${known.join(', ')})`);
    }
    const repeated = engines.filter((name, index) => engines.indexOf(name) !== index);
    if (repeated.length > 0) problems.push(`\`engines\` lists \`${repeated.join('`, `')}\` twice`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'engines' && key !== 'sources')
      problems.push(`unknown key \`${key}\` (allowed: engines, sources)`);
  }
  return problems;
}

/** @param {string} where @param {unknown} value @param {string[]} known @returns {EngineSet} */
function engineSet(where, value, known) {
  const problems = engineSetProblems(value, known);
  if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
  const { engines } = /** @type {{ engines: EngineSet }} */ (value);
  return engines === ALL_ENGINES ? ALL_ENGINES : [...engines];
}

/**
 * The engines of each action of an action union (`DatabaseAction`), by the `const` of its
 * discriminating property; throws, naming the action, when a branch has no `x-scalingo-engines`
 * or names an engine the document does not know.
 * @param {Record<string, any>} document @param {string} schemaName
 * @returns {Map<string, EngineSet>}
 */
export function actionEngines(document, schemaName) {
  const schemas = document.components?.schemas ?? {};
  const union = schemas[schemaName];
  const property = union?.discriminator?.propertyName;
  if (!isPlainObject(union) || !Array.isArray(union.oneOf) || typeof property !== 'string')
    throw new Error(`the spec has no discriminated union ${schemaName}`);
  const known = engineNames(document);
  /** @type {Map<string, EngineSet>} */
  const out = new Map();
  union.oneOf.forEach((/** @type {any} */ raw, /** @type {number} */ index) => {
    const ref = typeof raw?.$ref === 'string' ? raw.$ref : undefined;
    const branch = ref ? schemas[ref.replace('#/components/schemas/', '')] : raw;
    const name = branch?.properties?.[property]?.const;
    if (typeof name !== 'string')
      throw new Error(`${schemaName} branch ${index} has no \`${property}\` const`);
    if (!(ENGINES in branch)) throw new Error(`${schemaName}: the action ${name} has no \`${ENGINES}\``);
    out.set(name, engineSet(`${schemaName}: the action ${name}: \`${ENGINES}\``, branch[ENGINES], known));
  });
  return out;
}

/**
 * The engines of each known feature, from the `x-scalingo-feature-engines` of the `name`
 * property of a feature schema (`FeatureEnable`); throws, naming the feature, when one is
 * malformed or names an engine the document does not know.
 * @param {Record<string, any>} document @param {string} schemaName
 * @returns {Map<string, EngineSet>}
 */
export function featureEngines(document, schemaName) {
  const value = document.components?.schemas?.[schemaName]?.properties?.name?.[FEATURE_ENGINES];
  if (!isPlainObject(value) || Object.keys(value).length === 0)
    throw new Error(`schema ${schemaName}: its \`name\` has no \`${FEATURE_ENGINES}\``);
  const known = engineNames(document);
  return new Map(
    Object.entries(value).map(([feature, set]) => [
      feature,
      engineSet(`${schemaName}: the feature ${feature}: \`${FEATURE_ENGINES}\``, set, known),
    ]),
  );
}

/**
 * `x-scalingo-facade` on an operation: the method of the client's facade that calls it, as
 * `group.method` (`databases.get` for `client.databases.get(…)`), both in lowerCamelCase. Every
 * operation has one, no two share one, and the group is the operation's resource group: the
 * operations of one tag share one group, and one group serves one tag.
 */
export const FACADE = 'x-scalingo-facade';
const FACADE_NAME = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/;

/**
 * A checker of the `x-scalingo-facade` of the operations of one document, called once per
 * operation in document order: returns the problems of that operation's name as sentences
 * (none when it is right), remembering the names and groups seen so far. The lint rule and
 * `facadeTable` share it.
 * @returns {(label: string, value: unknown, tag: string | undefined) => string[]}
 */
export function facadeChecker() {
  /** @type {Map<string, string>} name -> label of the operation that has it */
  const names = new Map();
  /** @type {Map<string, { group: string, label: string }>} */
  const groupOfTag = new Map();
  /** @type {Map<string, { tag: string, label: string }>} */
  const tagOfGroup = new Map();
  return (label, value, tag) => {
    if (value === undefined)
      return [`\`${FACADE}\` is missing: name its facade method (like \`databases.get\`)`];
    if (typeof value !== 'string' || !FACADE_NAME.test(value))
      return [
        `\`${FACADE}\` ${JSON.stringify(value)} is not \`group.method\` in lowerCamelCase (like \`databases.get\`)`,
      ];
    const first = names.get(value);
    if (first !== undefined) return [`\`${FACADE}\` \`${value}\` is already the facade method of ${first}`];
    names.set(value, label);
    if (tag === undefined) return [];
    const [group] = value.split('.');
    const problems = [];
    const byTag = groupOfTag.get(tag);
    if (byTag && byTag.group !== group)
      problems.push(
        `\`${FACADE}\` puts it in group \`${group}\`, but the other operations of tag ${tag} are in \`${byTag.group}\` (${byTag.label})`,
      );
    const byGroup = tagOfGroup.get(/** @type {string} */ (group));
    if (byGroup && byGroup.tag !== tag)
      problems.push(
        `\`${FACADE}\` group \`${group}\` already serves tag ${byGroup.tag} (${byGroup.label}), not ${tag}`,
      );
    if (!byTag) groupOfTag.set(tag, { group: /** @type {string} */ (group), label });
    if (!byGroup) tagOfGroup.set(/** @type {string} */ (group), { tag, label });
    return problems;
  };
}

/**
 * The facade of the document: `{ group: { method: operationId } }`, groups and methods in the
 * order of the document, from each operation's `x-scalingo-facade`; throws, naming the
 * operation, when one has none or a malformed, repeated or misplaced name.
 * @param {Record<string, any>} document
 * @returns {Record<string, Record<string, string>>}
 */
export function facadeTable(document) {
  const check = facadeChecker();
  /** @type {Record<string, Record<string, string>>} */
  const table = {};
  for (const op of listOperations(document, { strict: true })) {
    const label = `${op.operationId} (${op.method.toUpperCase()} ${op.path})`;
    const problems = check(label, op.raw[FACADE], op.tag);
    if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
    const [group, method] = /** @type {[string, string]} */ (op.raw[FACADE].split('.'));
    table[group] ??= {};
    table[group][method] = op.operationId;
  }
  return table;
}
