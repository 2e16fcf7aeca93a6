// Every (operation, status) pair the spec declares is produced by the mock in a scenario of this
// file, over HTTP: the generic ones for every operation (its success, 401 without a bearer, 404
// for an unknown id, 400 for malformed JSON, 429 from the mock's rate limit, 500/503 from the
// fault injector, which stands for the failures only a real server has), and the business ones
// from the behaviour that causes them (a backup already running, a protected user, a stopped
// database…). A recorder notes each answer that kept to the contract; the last test compares
// them with the pairs the bundle declares, prints the coverage and fails on a pair nobody
// produces: such a pair is a claim nothing the mock models gives a cause for, and the spec
// should stop making it (as it did for the 403 outside the protected user, the 401 of the
// public CA certificate, the 200 of restoreBackup and the 400 of listMaintenance).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSpec } from '../src/bundled.js';
import { type MockServer, type SeedFile, startMockServer } from '../src/index.js';
import { buildApiModel, type OperationModel } from '../src/openapi.js';
import { defaultSeed } from '../src/seed.js';
import { operationOf } from '../src/transport.js';
import { INFLUX, MYSQL, PG } from './helpers.js';
import { validRequest } from './valid-requests.js';

const PROTECTED_USER = 'shop_prod_4242';
const RUNNING_BACKUP = '65f3b9e0c1d2e3f4a5b6c7d8';
const UNKNOWN_ID = '000000000000000000000000';

let server: MockServer;
/** A mock whose PostgreSQL database is `stopped` (suspended), for the 402. */
let stopped: MockServer;
/** A mock that takes one request per bearer and minute, for the 429. */
let limited: MockServer;
const produced = new Map<string, string>();
let current = '';

beforeAll(async () => {
  server = await startMockServer({ timings: 'manual' });
  const seed: SeedFile = structuredClone(defaultSeed(server.model));
  for (const entry of seed.databases) if (entry.addon_id === PG) entry.database.status = 'stopped';
  stopped = await startMockServer({ timings: 'manual', seed });
  limited = await startMockServer({ timings: 'manual', rateLimit: { requests: 1 } });
});
afterAll(async () => {
  await server.close();
  await stopped.close();
  await limited.close();
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: scenarios read error bodies field by field
  body: any;
}

interface CallOptions {
  body?: unknown;
  raw?: string;
  /** `null`: no Authorization header. Default: the token of `addonId` (or of PostgreSQL). */
  token?: string | null;
  addonId?: string;
  on?: MockServer;
}

/** Sends a request and records the (operation, status) pair when the answer kept to the contract. */
async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const mock = options.on ?? server;
  const token = options.token === undefined ? mock.tokenFor(options.addonId ?? PG) : options.token;
  const violations = mock.violations.length;
  const res = await fetch(`${mock.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(options.body !== undefined || options.raw !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  const body = (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  expect(mock.violations.slice(violations), 'the mock answered off-contract').toEqual([]);
  const pathname = new URL(`${mock.url}${path}`).pathname;
  const operation = operationOf(mock.engine, method, pathname);
  const pair = operation && `${operation.operationId} ${res.status}`;
  if (pair && !produced.has(pair)) produced.set(pair, current);
  return { status: res.status, body };
}

const op = (id: string): OperationModel => {
  const found = operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`the spec has no operation ${id}`);
  return found;
};

/** The valid request of an operation, sent with changes. */
function callValid(
  id: string,
  options: CallOptions & { values?: Record<string, string>; query?: string } = {},
) {
  const request = validRequest(op(id), options.values);
  const path = options.query === undefined ? request.path : `${request.path.split('?')[0]}${options.query}`;
  return call(request.method, path, {
    addonId: request.addonId,
    body: request.body,
    ...options,
  });
}

const declares = (operation: OperationModel, status: number) =>
  operation.responses.some((r) => r.key === String(status));

interface Scenario {
  name: string;
  /** The pair the scenario must produce (one of the statuses, when several are given). */
  expect: [operationId: string, status: number | number[]];
  run: () => Promise<Answer>;
}

/** The scenarios every operation gets, from what the spec says of it. */
function genericScenarios(operation: OperationModel): Scenario[] {
  const id = operation.operationId;
  const out: Scenario[] = [];
  const success = operation.responses.map((r) => Number(r.key)).filter((s) => s >= 200 && s < 300);
  if (success.length > 0)
    out.push({
      name: `${id}: a request a client would send`,
      expect: [id, success],
      run: () => {
        server.advanceBackups(); // the seed's running backup would answer 409 to a new one
        return callValid(id);
      },
    });
  if (operation.requiresAuth && declares(operation, 401))
    out.push({ name: `${id}: no bearer`, expect: [id, 401], run: () => callValid(id, { token: null }) });
  const [firstParam] = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  if (firstParam && declares(operation, 404))
    out.push({
      name: `${id}: an unknown ${firstParam}`,
      expect: [id, 404],
      run: () =>
        callValid(id, {
          values: { [firstParam]: firstParam === 'database_id' ? `ad-${UNKNOWN_ID}` : UNKNOWN_ID },
          addonId: PG,
        }),
    });
  if (operation.requestBody && declares(operation, 400))
    out.push({
      name: `${id}: malformed JSON`,
      expect: [id, 400],
      run: () => callValid(id, { raw: '{"x": ' }),
    });
  if (declares(operation, 429))
    out.push({
      name: `${id}: a second request within the minute of a one-request rate limit`,
      expect: [id, 429],
      run: async () => {
        await callValid(id, { on: limited });
        return callValid(id, { on: limited });
      },
    });
  const faults = [
    { kind: 'server-error', status: 500 },
    { kind: 'unavailable', status: 503 },
  ] as const;
  for (const fault of faults) {
    if (!declares(operation, fault.status)) continue;
    out.push({
      name: `${id}: an injected ${fault.kind} fault`,
      expect: [id, fault.status],
      run: async () => {
        server.faults.set([{ match: id, kind: fault.kind, times: 1 }]);
        return callValid(id);
      },
    });
  }
  return out;
}

const db = (addonId: string, rest = '') => `/databases/${addonId}${rest}`;

/** Scenarios of behaviour: each status comes from what the mock models, not from a fault. */
const businessScenarios: Scenario[] = [
  // 400: parameters and bodies the operation refuses
  {
    name: 'health of a PostgreSQL database',
    expect: ['getDatabaseHealth', 400],
    run: () => call('GET', db(PG, '/health')),
  },
  {
    name: 'disabling without naming a feature',
    expect: ['disableDatabaseFeature', 400],
    run: () => call('DELETE', db(PG, '/features')),
  },
  {
    name: 'a page that is not a number',
    expect: ['listMaintenance', 422],
    run: () => call('GET', db(PG, '/maintenance?page=two')),
  },
  {
    name: 'a last that is not a boolean',
    expect: ['getDatabaseMetricSeries', 400],
    run: () => call('GET', db(PG, '/metrics/cpu?last=maybe')),
  },
  {
    name: 'a since that is not a number',
    expect: ['getDatabaseMetricSeries', 422],
    run: () => call('GET', db(PG, '/metrics/cpu?since=soon')),
  },
  {
    name: 'a logs page that is not a number',
    expect: ['listLogsArchives', 422],
    run: () => call('GET', db(PG, '/logs_archives?page=two')),
  },
  {
    name: 'a logs cursor the API never gave',
    expect: ['listLogsArchives', 400],
    run: () => call('GET', db(PG, '/logs_archives?cursor=bogus')),
  },
  {
    name: 'a plan read without its type',
    expect: ['getPlan', 400],
    run: () => callValid('getPlan', { query: '' }),
  },
  {
    name: 'a field in the empty backup body',
    expect: ['createBackup', 400],
    run: () => call('POST', db(MYSQL, '/backups'), { body: { name: 'mine' }, addonId: MYSQL }),
  },
  // 402: a suspended database
  {
    name: 'a backup of a stopped (suspended) database',
    expect: ['createBackup', 402],
    run: () => call('POST', db(PG, '/backups'), { on: stopped }),
  },
  // 403: the protected default user
  {
    name: 'changing the password of the protected user',
    expect: ['updateDatabaseUser', 403],
    run: () =>
      call('PATCH', db(PG, `/users/${PROTECTED_USER}`), {
        body: { database_user: { password: 'p'.repeat(24), password_confirmation: 'p'.repeat(24) } },
      }),
  },
  {
    name: 'deleting the protected user',
    expect: ['deleteDatabaseUser', 403],
    run: () => call('DELETE', db(PG, `/users/${PROTECTED_USER}`)),
  },
  {
    name: 'resetting the protected user',
    expect: ['resetDatabaseUserPassword', 403],
    run: () => call('POST', db(PG, `/users/${PROTECTED_USER}/reset_password`)),
  },
  {
    name: 'an instance series with a last that is not a boolean',
    expect: ['getInstanceMetricSeries', 400],
    run: () => callValid('getInstanceMetricSeries', { query: '?last=maybe' }),
  },
  {
    name: 'an instance series with a since that is not a number',
    expect: ['getInstanceMetricSeries', 422],
    run: () => callValid('getInstanceMetricSeries', { query: '?since=soon' }),
  },
  // 404 on the second resource of a path
  {
    name: 'an unknown instance',
    expect: ['getInstanceMetricSeries', 404],
    run: () => call('GET', db(PG, `/instances/in-${UNKNOWN_ID}/metrics/cpu`)),
  },
  // 409: states that forbid the request
  {
    name: 'a second upgrade while the first runs',
    expect: ['upgradeDatabase', 409],
    run: async () => {
      expect((await call('POST', db(PG, '/upgrade'))).status).toBe(202);
      return call('POST', db(PG, '/upgrade'));
    },
  },
  {
    name: 'enabling a feature being disabled',
    expect: ['enableDatabaseFeature', 409],
    run: async () => {
      expect((await call('DELETE', db(PG, '/features?feature=publicly-available'))).status).toBe(200);
      return call('POST', db(PG, '/features'), { body: { feature: { name: 'publicly-available' } } });
    },
  },
  {
    name: 'disabling a feature being enabled',
    expect: ['disableDatabaseFeature', 409],
    run: async () => {
      const token = { addonId: INFLUX };
      expect(
        (await call('POST', db(INFLUX, '/features'), { ...token, body: { feature: { name: 'force-ssl' } } }))
          .status,
      ).toBe(200);
      return call('DELETE', db(INFLUX, '/features?feature=force-ssl'), token);
    },
  },
  {
    name: 'a point-in-time restore during an upgrade',
    expect: ['restoreToPointInTime', 409],
    run: async () => {
      expect((await call('POST', db(PG, '/upgrade'))).status).toBe(202);
      return callValid('restoreToPointInTime');
    },
  },
  {
    name: 'a backup while the seeded one runs',
    expect: ['createBackup', 409],
    run: () => call('POST', db(PG, '/backups')),
  },
  {
    name: 'the archive of a running backup',
    expect: ['getBackupArchiveUrl', 409],
    run: () => call('GET', db(PG, `/backups/${RUNNING_BACKUP}/archive`)),
  },
  {
    name: 'restoring a running backup',
    expect: ['restoreBackup', 409],
    run: () => call('POST', db(PG, `/backups/${RUNNING_BACKUP}/restore`), { body: {} }),
  },
  {
    name: 'a user name already taken',
    expect: ['createDatabaseUser', 409],
    run: () =>
      call('POST', db(PG, '/users'), { body: { database_user: { name: 'reporting-ro', read_only: true } } }),
  },
  // 422: well-formed requests with invalid fields
  {
    name: 'an hour outside 0-23',
    expect: ['updateDatabase', 422],
    run: () => call('PATCH', db(PG), { body: { database: { periodic_backups_scheduled_at: [25] } } }),
  },
  {
    name: 'an hour outside 0-23 (PUT)',
    expect: ['replaceDatabase', 422],
    run: () => call('PUT', db(PG), { body: { database: { periodic_backups_scheduled_at: [25] } } }),
  },
  {
    name: 'a ping body with a field',
    expect: ['pingDatabase', 422],
    run: () => call('POST', db(PG, '/ping'), { body: { verbose: true } }),
  },
  {
    name: 'a feature the engine does not have',
    expect: ['enableDatabaseFeature', 422],
    run: () => call('POST', db(PG, '/features'), { body: { feature: { name: 'redis-aof' } } }),
  },
  {
    name: 'disabling a feature that is not enabled',
    expect: ['disableDatabaseFeature', 422],
    run: () => call('DELETE', db(INFLUX, '/features?feature=force-ssl'), { addonId: INFLUX }),
  },
  {
    name: 'a PostgreSQL action on MySQL',
    expect: ['runDatabaseAction', 422],
    run: () =>
      call('POST', db(MYSQL, '/action'), { addonId: MYSQL, body: { action_name: 'list-extensions' } }),
  },
  {
    name: 'a restore time before the window',
    expect: ['restoreToPointInTime', 422],
    run: () => call('POST', db(PG, '/pitr/restore'), { body: { restore_time: '2001-01-01T00:00:00Z' } }),
  },
  {
    name: 'a user name with two hyphens in a row',
    expect: ['createDatabaseUser', 422],
    run: () =>
      call('POST', db(PG, '/users'), { body: { database_user: { name: 'bad--name', read_only: true } } }),
  },
  {
    name: 'passwords that differ',
    expect: ['updateDatabaseUser', 422],
    run: () =>
      call('PATCH', db(PG, '/users/reporting-ro'), {
        body: { database_user: { password: 'a'.repeat(24), password_confirmation: 'b'.repeat(24) } },
      }),
  },
  {
    name: 'a CIDR with host bits',
    expect: ['createFirewallRule', 422],
    run: () =>
      call('POST', db(PG, '/firewall_rules'), {
        body: { firewall_rule: { type: 'custom_range', cidr: '10.0.0.1/8' } },
      }),
  },
  {
    name: 'a plan read with a type that names no database type',
    expect: ['getPlan', 422],
    run: () => callValid('getPlan', { query: '?type=cobol' }),
  },
  {
    name: 'a label that is not a string',
    expect: ['updateFirewallRule', 422],
    run: () => callValid('updateFirewallRule', { body: { firewall_rule: { label: 42 } } }),
  },
];

/** The operations, read from the bundled spec when the file is collected (the mock reads the same). */
const operations = buildApiModel(bundledSpec).operations;

describe('every declared (operation, status) pair', () => {
  for (const scenario of [...operations.flatMap(genericScenarios), ...businessScenarios]) {
    const [id, status] = scenario.expect;
    it(`${id} ${[status].flat().join('/')}: ${scenario.name}`, async () => {
      server.reset();
      server.faults.clear();
      stopped.reset();
      limited.reset();
      current = scenario.name;
      const answer = await scenario.run();
      server.faults.clear();
      expect([status].flat(), JSON.stringify(answer.body).slice(0, 200)).toContain(answer.status);
    });
  }

  it('is produced by a scenario above, every one', () => {
    const declared = operations.flatMap((o) => o.responses.map((r) => `${o.operationId} ${r.key}`));
    const hit = declared.filter((pair) => produced.has(pair));
    const missing = declared.filter((pair) => !produced.has(pair));
    const undeclared = [...produced.keys()].filter((pair) => !declared.includes(pair));
    console.log(`status coverage: declared ${declared.length}, produced ${hit.length}`);
    expect(missing, 'declared pairs no scenario produces').toEqual([]);
    expect(undeclared, 'answers with a status the operation does not declare').toEqual([]);
  });
});
