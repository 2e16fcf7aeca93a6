// Which GET operations a read-only run calls, in which order, and where each finds the ids it
// needs: in the answers of the operations before it. Field names are JSON pointers into those
// answers; a test checks that each one exists in the spec's schema of that answer.
import { getByPointer, type OperationModel } from '@scalingo-db-api/mock/contract';

/** What the run has learnt so far, by name. */
export type Learnt = Record<string, string | undefined>;

export interface Step {
  operationId: string;
  /** Path and query values from what was learnt; a missing one skips the step. */
  params: Record<string, string>;
  query?: Record<string, string>;
  /** What to learn from a 2xx answer: name → JSON pointer into the body, or a function of it. */
  learn?: Record<string, string | ((body: unknown) => unknown)>;
}

/** The read-only steps. `$name` in params and query is a learnt value; `database` is given. */
export const READ_STEPS: Step[] = [
  {
    operationId: 'getDatabase',
    params: { database_id: '$database' },
    learn: {
      typeId: '/database/type_id',
      typeName: '/database/type_name',
      versionId: '/database/version_id',
      operationId: '/database/current_operation_id',
      instanceId: '/database/instances/0/id',
    },
  },
  { operationId: 'getDatabasePlan', params: { database_id: '$database' }, learn: { planId: '/plan/id' } },
  {
    operationId: 'listInstancesStatus',
    params: { database_id: '$database' },
    learn: { instanceId: '/0/id' },
  },
  { operationId: 'getDatabaseHealth', params: { database_id: '$database' } },
  { operationId: 'getReplicationLag', params: { database_id: '$database' } },
  { operationId: 'getRecoveryWindow', params: { database_id: '$database' } },
  { operationId: 'getDatabaseOperation', params: { database_id: '$database', operation_id: '$operationId' } },
  { operationId: 'getOperation', params: { operation_id: '$operationId' } },
  {
    operationId: 'listBackups',
    params: { database_id: '$database' },
    // A finished backup, when there is one: only those have an archive to download.
    learn: {
      backupId: (body) => {
        const list = getByPointer(body, '/database_backups');
        if (!Array.isArray(list)) return undefined;
        return (list.find((b) => b?.status === 'done') ?? list[0])?.id;
      },
    },
  },
  { operationId: 'getBackup', params: { database_id: '$database', backup_id: '$backupId' } },
  { operationId: 'getBackupById', params: { backup_id: '$backupId' } },
  { operationId: 'getBackupArchiveUrl', params: { database_id: '$database', backup_id: '$backupId' } },
  {
    operationId: 'getBackupRestoration',
    params: { database_id: '$database', restoration_id: '$restorationId' },
  },
  { operationId: 'listDatabaseUsers', params: { database_id: '$database' } },
  {
    operationId: 'listMaintenance',
    params: { database_id: '$database' },
    learn: { maintenanceId: '/maintenance/0/id' },
  },
  { operationId: 'getMaintenance', params: { database_id: '$database', maintenance_id: '$maintenanceId' } },
  {
    operationId: 'listFirewallRules',
    params: { database_id: '$database' },
    learn: { ruleId: '/rules/0/id' },
  },
  { operationId: 'listManagedRanges', params: {} },
  { operationId: 'getDatabaseMetrics', params: { database_id: '$database' } },
  { operationId: 'getDatabaseMetricSeries', params: { database_id: '$database', metric: '$metric' } },
  {
    operationId: 'getInstanceMetricSeries',
    params: { database_id: '$database', instance_id: '$instanceId', metric: '$metric' },
  },
  { operationId: 'getLogsUrl', params: { database_id: '$database' } },
  { operationId: 'listLogsArchives', params: { database_id: '$database' } },
  { operationId: 'listDatabaseTypes', params: {} },
  { operationId: 'getDatabaseType', params: { type_id: '$typeId' } },
  { operationId: 'getDatabaseTypeVersion', params: { version_id: '$versionId' } },
  { operationId: 'getPlan', params: { plan_id: '$planId' }, query: { type: '$typeName' } },
  { operationId: 'getCaCertificate', params: {} },
];

/**
 * The learnt value a path parameter is filled from when no step says otherwise: `database_id`
 * from the database given, any other from the value of its name in camelCase (`backup_id` from
 * `backupId`, `metric` from `metric`).
 */
export function learntNameOf(parameter: string): string {
  if (parameter === 'database_id') return 'database';
  return parameter.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The read-only run over `operations` (the spec's): `READ_STEPS` in their order, then one step
 * for each GET operation they do not name, its path parameters filled by `learntNameOf`, so a
 * new `GET /databases/{database_id}/…` is read without an entry here. A GET with a required
 * query parameter needs its own entry in `READ_STEPS` (the error names it).
 */
export function readSteps(operations: readonly OperationModel[]): Step[] {
  const planned = new Set(READ_STEPS.map((step) => step.operationId));
  const added = operations
    .filter((op) => op.method === 'get' && !planned.has(op.operationId))
    .map((op): Step => {
      const query = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
      if (query.length > 0)
        throw new Error(
          `verify: ${op.operationId} needs an entry in READ_STEPS (required query ${query.join(', ')})`,
        );
      const params = op.parameters.filter((p) => p.in === 'path');
      return {
        operationId: op.operationId,
        params: Object.fromEntries(params.map((p) => [p.name, `$${learntNameOf(p.name)}`])),
      };
    });
  return [...READ_STEPS, ...added];
}

/** Where a learnt value comes from, in words, for the report of a skipped step. */
const SOURCES: Record<string, string> = {
  operationId: 'no operation runs on the database (`current_operation_id` is null)',
  backupId: 'the database has no backup',
  restorationId: 'a restoration id is only given by `restoreBackup`, which a read-only run never calls',
  maintenanceId: 'the database has no maintenance',
  instanceId: 'the database lists no instance',
  planId: '`getDatabasePlan` gave no plan id',
  typeId: '`getDatabase` gave no type id',
  typeName: '`getDatabase` gave no type name',
  versionId: '`getDatabase` gave no version id',
};

/** The value of `$name` templates, or the names that are missing. */
export function fill(
  template: Record<string, string>,
  learnt: Learnt,
): { values: Record<string, string> } | { missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, source] of Object.entries(template)) {
    const value = source.startsWith('$') ? learnt[source.slice(1)] : source;
    if (value === undefined || value === '') missing.push(source.slice(1));
    else values[name] = value;
  }
  return missing.length > 0 ? { missing } : { values };
}

export function whyMissing(names: string[]): string {
  return names.map((name) => SOURCES[name] ?? `no ${name} was found`).join('; ');
}

/** Learns the values a step's answer gives. */
export function learnFrom(step: Step, body: unknown, learnt: Learnt): void {
  for (const [name, source] of Object.entries(step.learn ?? {})) {
    if (learnt[name] !== undefined) continue;
    const value = typeof source === 'string' ? getByPointer(body, source) : source(body);
    if (typeof value === 'string' && value !== '') learnt[name] = value;
  }
}

/** The first value a path parameter's schema lists (the metric to read), from the spec. */
export function firstEnumValue(operation: OperationModel, parameter: string): string | undefined {
  const schema = operation.parameters.find((p) => p.name === parameter)?.schema;
  const values = schema?.enum;
  return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : undefined;
}

/** The URL of an operation: the base URL, the path with its values encoded, the query. */
export function urlOf(
  baseUrl: string,
  operation: OperationModel,
  params: Record<string, string>,
  query: Record<string, string> = {},
): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
  const search = new URLSearchParams(query).toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
}
