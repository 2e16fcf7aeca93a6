// The references between the objects of a seed, checked once the catalogue is built (it already
// holds a type, a version and a plan for each seeded database that names one the spec's examples
// lack). A seed that loads is one whose data never makes a request fail later: every id an object
// points at names something that exists, and each problem is reported with its JSON path.
import { readableVersion } from './operations.js';
import { withoutPitr } from './pitr.js';
import type { Catalogue, SeedFile } from './seed.js';
import type { Database, Plan } from './state.js';

export interface SeedProblem {
  path: string;
  message: string;
}

const quote = (value: unknown) => JSON.stringify(value);

/** The problems of the seed's cross-references, in the order of the seed. */
export function referenceProblems(
  seed: SeedFile,
  catalogue: Catalogue,
  pitrEngines: ReadonlySet<string>,
): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const backupOwners = new Map<unknown, string>();
  const operationOwners = new Map<unknown, string>();
  seed.databases.forEach((entry, i) => {
    const at = `$.databases[${i}]`;
    const db = entry.database as unknown as Database;
    const problem = (path: string, message: string) => problems.push({ path: `${at}${path}`, message });

    const type = catalogue.databaseTypes.find((t) => t.id === db.type_id);
    if (type && type.name !== db.type_name)
      problem('.database.type_id', `is the catalogue type ${quote(type.name)}, not ${quote(db.type_name)}`);
    const namesake = catalogue.databaseTypes.find((t) => t.name === db.type_name && t.id !== db.type_id);
    if (namesake)
      problem(
        '.database.type_name',
        `${quote(db.type_name)} is the catalogue type ${quote(namesake.id)}, not ${quote(db.type_id)}`,
      );

    const version = catalogue.versions.find((v) => v.id === db.version_id);
    if (version && version.database_type_id !== db.type_id)
      problem(
        '.database.version_id',
        `is a version of the type ${quote(version.database_type_id)}, not ${quote(db.type_id)}`,
      );
    if (version && readableVersion(version) !== db.readable_version)
      problem(
        '.database.readable_version',
        `must be ${quote(readableVersion(version))}, the version ${quote(db.version_id)} (major.minor.patch-build)`,
      );

    if (db.next_version_id !== null && db.next_version_id !== undefined) {
      const next = catalogue.versions.find((v) => v.id === db.next_version_id);
      if (!next)
        problem(
          '.database.next_version_id',
          `names no version of the catalogue (known: ${catalogue.versions.map((v) => String(v.id)).join(', ')})`,
        );
      else if (next.database_type_id !== db.type_id)
        problem(
          '.database.next_version_id',
          `is a version of the type ${quote(next.database_type_id)}, not ${quote(db.type_id)}`,
        );
      else if (next.id === db.version_id)
        problem('.database.next_version_id', 'is the version the database already runs');
    }

    const plan = (entry.plan ?? catalogue.plans.find((p) => p.name === db.plan)) as Plan | undefined;
    if (entry.plan && entry.plan.name !== db.plan)
      problem('.plan.name', `must be the database's plan ${quote(db.plan)}`);

    const operations = entry.operations ?? [];
    if (db.current_operation_id && !operations.some((o) => o.id === db.current_operation_id))
      problem('.database.current_operation_id', 'names no operation of this database (its `operations`)');
    operations.forEach((operation, j) => {
      const owner = operationOwners.get(operation.id);
      if (owner !== undefined && owner !== at)
        problem(
          `.operations[${j}].id`,
          `is also an operation of ${owner} (GET /operations/{id} must find one)`,
        );
      operationOwners.set(operation.id, at);
    });

    const instanceIds = new Set<string>();
    (db.instances ?? []).forEach((instance, j) => {
      if (instanceIds.has(instance.id))
        problem(`.database.instances[${j}].id`, 'duplicates another instance id');
      instanceIds.add(instance.id);
    });

    const backups = entry.backups ?? [];
    const names = new Set<unknown>();
    backups.forEach((backup, j) => {
      if (names.has(backup.name))
        problem(
          `.backups[${j}].name`,
          'duplicates the name of another backup (names are archive file names)',
        );
      names.add(backup.name);
      const owner = backupOwners.get(backup.id);
      if (owner !== undefined && owner !== at)
        problem(`.backups[${j}].id`, `is also a backup of ${owner} (GET /backups/{id} must find one)`);
      backupOwners.set(backup.id, at);
    });
    (entry.backup_restorations ?? []).forEach((restoration, j) => {
      if (!backups.some((b) => b.id === restoration.source_backup_id))
        problem(`.backup_restorations[${j}].source_backup_id`, 'names no backup of this database');
    });

    (entry.firewall_rules ?? []).forEach((rule, j) => {
      if (rule.type === 'managed_range' && !catalogue.managedRanges.some((r) => r.id === rule.range_id))
        problem(
          `.firewall_rules[${j}].range_id`,
          `names no managed range (known: ${catalogue.managedRanges.map((r) => String(r.id)).join(', ')})`,
        );
    });

    const window = entry.recovery_window;
    if (window && plan) {
      const earliest = window.earliest_recoverable_at ?? null;
      const latest = window.latest_recoverable_at ?? null;
      const why = withoutPitr(db, plan, pitrEngines);
      if ((earliest !== null || latest !== null) && why)
        problem('.recovery_window', `must have null bounds: ${why}`);
      if ((earliest === null) !== (latest === null))
        problem('.recovery_window', 'must have both bounds or neither');
      if (
        typeof earliest === 'string' &&
        typeof latest === 'string' &&
        Date.parse(earliest) > Date.parse(latest)
      )
        problem('.recovery_window.earliest_recoverable_at', 'is after latest_recoverable_at');
    }
  });
  return problems;
}
