import type { OperationId } from './generated/operations.js';

/**
 * The facade: `client.<group>.<method>(…)` calls the operation named here. Every operationId of
 * the spec must appear exactly once (checked by the type below and by a test).
 */
export const facade = {
  databases: {
    get: 'getDatabase',
    update: 'updateDatabase',
    replace: 'replaceDatabase',
    upgrade: 'upgradeDatabase',
    getPlan: 'getDatabasePlan',
    ping: 'pingDatabase',
    listInstancesStatus: 'listInstancesStatus',
    getHealth: 'getDatabaseHealth',
    getReplicationLag: 'getReplicationLag',
  },
  features: { enable: 'enableDatabaseFeature', disable: 'disableDatabaseFeature' },
  actions: { run: 'runDatabaseAction' },
  pitr: { restore: 'restoreToPointInTime', getRecoveryWindow: 'getRecoveryWindow' },
  operations: { get: 'getOperation', getForDatabase: 'getDatabaseOperation' },
  backups: {
    list: 'listBackups',
    create: 'createBackup',
    get: 'getBackup',
    getById: 'getBackupById',
    getArchiveUrl: 'getBackupArchiveUrl',
    restore: 'restoreBackup',
    getRestoration: 'getBackupRestoration',
  },
  users: {
    list: 'listDatabaseUsers',
    create: 'createDatabaseUser',
    update: 'updateDatabaseUser',
    delete: 'deleteDatabaseUser',
    resetPassword: 'resetDatabaseUserPassword',
  },
  maintenance: { list: 'listMaintenance', get: 'getMaintenance' },
  firewall: {
    list: 'listFirewallRules',
    create: 'createFirewallRule',
    update: 'updateFirewallRule',
    delete: 'deleteFirewallRule',
    listManagedRanges: 'listManagedRanges',
  },
  metrics: {
    get: 'getDatabaseMetrics',
    getSeries: 'getDatabaseMetricSeries',
    getInstanceSeries: 'getInstanceMetricSeries',
  },
  logs: { getUrl: 'getLogsUrl', listArchives: 'listLogsArchives' },
  catalogue: {
    listDatabaseTypes: 'listDatabaseTypes',
    getDatabaseType: 'getDatabaseType',
    getDatabaseTypeVersion: 'getDatabaseTypeVersion',
    getPlan: 'getPlan',
    getCaCertificate: 'getCaCertificate',
  },
} as const satisfies Record<string, Record<string, OperationId>>;

type Facade = typeof facade;
type Named = { [G in keyof Facade]: Facade[G][keyof Facade[G]] }[keyof Facade];
/** An operationId of the spec that the facade does not name: must stay `never`. */
export type Unnamed = Exclude<OperationId, Named>;
/** Fails to compile, naming the operation, when an operationId of the spec has no facade method. */
export type EveryOperationIsNamed = Expect<Unnamed>;
type Expect<T extends never> = T;

const invert = () =>
  Object.fromEntries(
    Object.entries(facade).flatMap(([group, methods]) =>
      Object.entries(methods).map(([method, id]) => [id, `${group}.${method}`]),
    ),
  );

/** The facade method of every operation, e.g. `{ getDatabase: 'databases.get', … }`. */
export const facadeMethods = /* @__PURE__ */ invert() as {
  readonly [K in OperationId]: {
    [G in keyof Facade]: {
      [M in keyof Facade[G]]: Facade[G][M] extends K ? `${G}.${M & string}` : never;
    }[keyof Facade[G]];
  }[keyof Facade];
};
