// The data the mock starts from. By default it is built from the examples of the spec itself
// (the per-engine database examples, and the list examples of users, backups, maintenance and
// firewall rules), completed by fallback.ts for what the spec has no example of. A seed file of
// the same shape can replace it; either way the whole seed is validated against the spec's
// schemas and refused with the JSON path of the first problems.
import { accountsSchema, type SeedAccount } from './accounts.js';
import { FALLBACK_EXTRAS } from './fallback.js';
import type { ApiModel, JsonObject } from './openapi.js';
import { type SeedCollection, seedCollections } from './seed-collections.js';
import type { ActionState } from './state.js';
import { type ContractValidator, fieldErrors, jsonPath } from './validation.js';

/**
 * One seeded database: its collections (`users`, `backups`, `maintenance`, `firewall_rules`,
 * `operations`, `backup_restorations`, described in seed-collections.ts) and these fields.
 */
export interface SeedDatabase extends Partial<Record<SeedCollection, JsonObject[]>> {
  /** The id used in paths (`/databases/{addon_id}`). */
  addon_id: string;
  /** The bearer that opens this database; generated (stable) when absent. */
  token?: string;
  database: JsonObject;
  /** Extras beyond the documented shape, all optional. */
  plan?: JsonObject;
  recovery_window?: JsonObject;
}

export interface SeedFile {
  databases: SeedDatabase[];
  /** Scalingo accounts and the databases each reaches (accounts.ts); default: one owns all. */
  accounts?: SeedAccount[];
}

export interface Catalogue {
  databaseTypes: JsonObject[];
  versions: JsonObject[];
  plans: JsonObject[];
  managedRanges: JsonObject[];
  caCertificate: string;
}

/** How many problems a SeedError's message lists; `problems` holds them all. */
const SHOWN_PROBLEMS = 20;

export class SeedError extends Error {
  constructor(
    readonly problems: { path: string; message: string }[],
    source: string,
  ) {
    super(
      `${source} is not a valid seed:\n${problems
        .slice(0, SHOWN_PROBLEMS)
        .map((p) => `  ${p.path}: ${p.message}`)
        .join('\n')}${
        problems.length > SHOWN_PROBLEMS
          ? `\n  … and ${problems.length - SHOWN_PROBLEMS} more problem(s)`
          : ''
      }`,
    );
    this.name = 'SeedError';
  }
}

const schemaRef = (name: string) => `#/components/schemas/${name}`;

/**
 * The examples of an operation's success answer, by name. The mock's data comes from them, so an
 * operation the spec lacks, or one without a success example, is an error that names it (a
 * renamed example would otherwise leave the mock silently empty).
 */
export function examplesOf(model: ApiModel, operationId: string): Record<string, unknown> {
  const operation = model.byId.get(operationId);
  if (!operation)
    throw new Error(`the mock reads examples of ${operationId}, which the spec does not define`);
  const out: Record<string, unknown> = {};
  for (const response of operation.responses) {
    if (!/^2/.test(response.key)) continue;
    for (const media of response.content) Object.assign(out, media.examples);
  }
  if (Object.keys(out).length === 0) {
    throw new Error(
      `the spec gives no example of the success answer of ${operationId}, which the mock is built from`,
    );
  }
  return out;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The first array held by an example (`{"database_backups": [...]}` → the array). */
function listIn(example: unknown): JsonObject[] {
  if (Array.isArray(example)) return example.filter(isObject);
  if (!isObject(example)) return [];
  const list = Object.values(example).find(Array.isArray);
  return (list ?? []).filter(isObject);
}

function rootValue(example: unknown): JsonObject | undefined {
  if (!isObject(example)) return undefined;
  const values = Object.values(example);
  return values.length === 1 && isObject(values[0]) ? values[0] : undefined;
}

/** Builds the default seed from the spec's examples. */
export function defaultSeed(model: ApiModel): SeedFile {
  const databases: SeedDatabase[] = [];
  for (const example of Object.values(examplesOf(model, 'getDatabase'))) {
    const database = rootValue(example);
    if (!database || typeof database.id !== 'string') continue;
    if (databases.some((d) => d.addon_id === database.id)) continue;
    databases.push({ addon_id: database.id, database: structuredClone(database) });
  }
  if (databases.length === 0) throw new Error('the spec has no database example (getDatabase) to seed from');
  const byEngine = (name: string) => databases.find((d) => d.database.type_name === name);
  // Examples not named after an engine describe the PostgreSQL database (spec/README.md).
  const primary = byEngine('postgresql') ?? (databases[0] as SeedDatabase);
  const ownerOf = (exampleName: string, item?: JsonObject) =>
    (item && databases.find((d) => d.database.id === item.database_id)) ?? byEngine(exampleName) ?? primary;

  const collect = (operationId: string, key: SeedCollection) => {
    for (const [name, example] of Object.entries(examplesOf(model, operationId))) {
      for (const item of listIn(example)) {
        const owner = ownerOf(name, item);
        owner[key] ??= [];
        const list = owner[key];
        const id = item.id ?? item.name;
        if (!list.some((existing) => (existing.id ?? existing.name) === id)) list.push(structuredClone(item));
      }
    }
  };
  for (const [key, { listedBy }] of seedCollections) if (listedBy) collect(listedBy, key);

  for (const [name, example] of Object.entries(examplesOf(model, 'getDatabasePlan'))) {
    const plan = rootValue(example);
    const owner = byEngine(name);
    if (plan && owner && plan.name === owner.database.plan) owner.plan = structuredClone(plan);
  }
  // Operations: keep the last state each example shows of an operation.
  for (const example of Object.values(examplesOf(model, 'getDatabaseOperation'))) {
    const operation = rootValue(example);
    if (!operation) continue;
    primary.operations ??= [];
    const list = primary.operations;
    const index = list.findIndex((o) => o.id === operation.id);
    if (index >= 0) list.splice(index, 1);
    list.push(structuredClone(operation));
  }
  for (const example of Object.values(examplesOf(model, 'getBackupRestoration'))) {
    const restoration = rootValue(example);
    if (!restoration) continue;
    const owner = ownerOf('', restoration);
    owner.backup_restorations ??= [];
    const list = owner.backup_restorations;
    if (!list.some((r) => r.id === restoration.id)) list.push(structuredClone(restoration));
  }

  for (const entry of databases) {
    const db = entry.database;
    const extras = Object.hasOwn(FALLBACK_EXTRAS, String(db.type_name))
      ? FALLBACK_EXTRAS[String(db.type_name)]
      : undefined;
    if (!entry.users) {
      // The add-on's default user is named after its resource_id and is protected.
      entry.users = [{ name: String(db.resource_id), read_only: false, protected: true }];
      for (const user of extras?.users ?? []) entry.users.push(structuredClone(user) as JsonObject);
    }
    for (const key of ['backups', 'maintenance', 'firewall_rules'] as const) {
      const items = extras?.[key];
      if (!entry[key] && items)
        entry[key] = items.map((item) => ({ ...structuredClone(item), database_id: db.id }) as JsonObject);
    }
    if (!entry.plan && extras?.plan && extras.plan.name === db.plan)
      entry.plan = structuredClone(extras.plan);
  }
  return { databases };
}

/** The JSON Schema of a seed file, whose resources are the spec's own schemas. */
function seedSchema(validator: ContractValidator): JsonObject {
  const list = (name: string) => ({ type: 'array', items: validator.refTo(schemaRef(name)) });
  return {
    type: 'object',
    required: ['databases'],
    additionalProperties: false,
    properties: {
      databases: {
        type: 'array',
        items: {
          type: 'object',
          required: ['addon_id', 'database'],
          additionalProperties: false,
          properties: {
            addon_id: { type: 'string', minLength: 1 },
            token: { type: 'string', minLength: 1, pattern: '^\\S+$' },
            database: validator.refTo(schemaRef('Database')),
            ...Object.fromEntries(seedCollections.map(([key, { schema }]) => [key, list(schema)])),
            plan: validator.refTo(schemaRef('Plan')),
            recovery_window: validator.refTo(schemaRef('RecoveryWindow')),
          },
        },
      },
      accounts: accountsSchema,
    },
  };
}

/** Validates a seed against the spec's schemas and its own consistency; throws a SeedError. */
export function validateSeed(validator: ContractValidator, seed: unknown, source = 'the seed'): SeedFile {
  const validate = validator.compile(seedSchema(validator));
  if (!validate(seed)) {
    const fields = fieldErrors(validate.errors, (segments) => jsonPath(segments));
    throw new SeedError(
      Object.entries(fields).map(([path, messages]) => ({ path, message: messages.join(', ') })),
      source,
    );
  }
  const file = seed as SeedFile;
  const problems: { path: string; message: string }[] = [];
  const seenAddons = new Map<string, number>();
  const seenTokens = new Map<string, number>();
  file.databases.forEach((entry, i) => {
    const at = `$.databases[${i}]`;
    const previous = seenAddons.get(entry.addon_id);
    if (previous !== undefined) {
      problems.push({ path: `${at}.addon_id`, message: `duplicates $.databases[${previous}].addon_id` });
    }
    seenAddons.set(entry.addon_id, i);
    if (entry.token !== undefined) {
      const other = seenTokens.get(entry.token);
      if (other !== undefined) {
        problems.push({ path: `${at}.token`, message: `duplicates $.databases[${other}].token` });
      }
      seenTokens.set(entry.token, i);
    }
    for (const [key, { unique, ownedByDatabase }] of seedCollections) {
      const seen = new Set<unknown>();
      (entry[key] ?? []).forEach((item, j) => {
        if (seen.has(item[unique])) {
          problems.push({ path: `${at}.${key}[${j}].${unique}`, message: `duplicates another ${unique}` });
        }
        seen.add(item[unique]);
        if (ownedByDatabase && item.database_id !== undefined && item.database_id !== entry.database.id) {
          problems.push({
            path: `${at}.${key}[${j}].database_id`,
            message: `must be the database's id ${JSON.stringify(entry.database.id)}`,
          });
        }
      });
    }
    (entry.firewall_rules ?? []).forEach((rule, j) => {
      if (rule.type === 'custom_range' && typeof rule.cidr !== 'string') {
        problems.push({
          path: `${at}.firewall_rules[${j}].cidr`,
          message: 'is required for a custom_range rule',
        });
      }
      if (rule.type === 'managed_range' && typeof rule.range_id !== 'string') {
        problems.push({
          path: `${at}.firewall_rules[${j}].range_id`,
          message: 'is required for a managed_range rule',
        });
      }
    });
  });
  if (problems.length > 0) throw new SeedError(problems, source);
  return file;
}

function parseReadableVersion(readable: unknown): [number, number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)-(\d+)$/.exec(String(readable));
  return match ? [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])] : [0, 0, 0, 0];
}

/** A plan nobody describes: its name, and the memory its name ends with (`redis-starter-256`). */
export function derivedPlan(name: string): JsonObject {
  const memory = Number(/-(\d+)$/.exec(name)?.[1] ?? 0);
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return { id: `5d${hash.toString(16).padStart(22, '0')}`, name, backup: true, disk: 0, memory };
}

/** The catalogue: database types, versions, plans, managed ranges and the CA certificate. */
export function buildCatalogue(model: ApiModel, seed: SeedFile): Catalogue {
  const databaseTypes: JsonObject[] = [];
  const addType = (type: unknown) => {
    if (isObject(type) && !databaseTypes.some((t) => t.id === type.id))
      databaseTypes.push(structuredClone(type));
  };
  for (const example of Object.values(examplesOf(model, 'listDatabaseTypes')))
    listIn(example).forEach(addType);
  for (const example of Object.values(examplesOf(model, 'getDatabaseType'))) addType(rootValue(example));

  const versions: JsonObject[] = [];
  const addVersion = (version: unknown) => {
    if (!isObject(version) || versions.some((v) => v.id === version.id)) return;
    versions.push(structuredClone(version));
    if (isObject(version.next_upgrade)) addVersion(version.next_upgrade);
  };
  const versionExamples = Object.values(examplesOf(model, 'getDatabaseTypeVersion')).map(rootValue);
  // Prefer the examples where next_upgrade is a whole version.
  versionExamples.sort((a, b) => Number(isObject(b?.next_upgrade)) - Number(isObject(a?.next_upgrade)));
  versionExamples.forEach(addVersion);

  const plans: JsonObject[] = [];
  const addPlan = (plan: unknown) => {
    if (isObject(plan) && !plans.some((p) => p.id === plan.id)) plans.push(structuredClone(plan));
  };
  for (const example of Object.values(examplesOf(model, 'getPlan'))) addPlan(rootValue(example));
  for (const example of Object.values(examplesOf(model, 'getDatabasePlan'))) addPlan(rootValue(example));
  for (const extras of Object.values(FALLBACK_EXTRAS)) addPlan(extras.plan);

  for (const entry of seed.databases) {
    const db = entry.database;
    if (entry.plan) addPlan(entry.plan);
    else if (!plans.some((p) => p.name === db.plan)) addPlan(derivedPlan(String(db.plan)));
    if (!databaseTypes.some((t) => t.id === db.type_id)) {
      addType({
        id: db.type_id,
        name: db.type_name,
        logo_url: `https://scalingo-db-api.mock/logos/${String(db.type_name)}.svg`,
        short_description: String(db.type_name),
        description: `${String(db.type_name)} databases`,
        created_at: db.created_at,
        updated_at: db.created_at,
      });
    }
    if (!versions.some((v) => v.id === db.version_id)) {
      const [major, minor, patch, build] = parseReadableVersion(db.readable_version);
      addVersion({
        id: db.version_id,
        database_type_id: db.type_id,
        created_at: db.created_at,
        updated_at: db.created_at,
        major,
        minor,
        patch,
        build,
        features: [],
        allowed_plugins: null,
        next_upgrade: null,
      });
    }
  }
  const managedRanges: JsonObject[] = [];
  for (const example of Object.values(examplesOf(model, 'listManagedRanges'))) {
    for (const range of listIn(example))
      if (!managedRanges.some((r) => r.id === range.id)) managedRanges.push(range);
  }
  const certificate = Object.values(examplesOf(model, 'getCaCertificate')).find((e) => typeof e === 'string');
  return {
    databaseTypes,
    versions,
    plans,
    managedRanges: structuredClone(managedRanges),
    caCertificate: typeof certificate === 'string' ? certificate : '',
  };
}

/** Initial state of the engine-specific actions, from the action examples of the spec. */
export function actionDefaultsFrom(model: ApiModel): (entry: SeedDatabase) => ActionState {
  const results: Record<string, unknown> = {};
  for (const [name, example] of Object.entries(examplesOf(model, 'runDatabaseAction'))) {
    if (isObject(example) && example.ok === 1) results[name] = example.result;
  }
  const listOf = <T>(name: string): T[] =>
    Array.isArray(results[name]) ? structuredClone(results[name] as T[]) : [];
  return (entry) => {
    const db = entry.database;
    const extensions = listOf<{ name: string; version: string }>('listExtensions');
    return {
      logicalDatabases: [{ name: String(db.resource_id), protected: true }],
      sqlMode: typeof results.getSqlMode === 'string' ? results.getSqlMode : '',
      extensions,
      queries: listOf<JsonObject>('pgListQueries').map((q) => ({ ...q, username: db.resource_id })),
      statStatementsEnabled: extensions.some((e) => e.name === 'pg_stat_statements'),
      statStatements: listOf<JsonObject>('pgStatStatementsList'),
      retentionPolicies: listOf<{ name: string; duration: string; default: boolean }>(
        'listRetentionPolicies',
      ),
    };
  };
}
