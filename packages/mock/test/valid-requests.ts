// A request each operation of the spec accepts against the default data set: the path filled
// with ids the seed has, the body a client would send, the query an operation needs. Scenarios
// (every operation's success, the status coverage) start from it and change one thing.
import type { MockApi } from '../src/index.js';
import type { OperationModel } from '../src/openapi.js';
import { OPENSEARCH, PG, SEED_PATH_VALUES } from './helpers.js';

/** A path value for each parameter name, taken from the default data set. */
export const PATH_VALUES: Record<string, string> = { database_id: PG, ...SEED_PATH_VALUES };

/** Request bodies a client would send, where the spec's first request example does not fit the data. */
const BODIES: Record<string, unknown> = {
  createDatabaseUser: { database_user: { name: 'new-reader', read_only: true } },
  createFirewallRule: { firewall_rule: { type: 'custom_range', cidr: '192.0.2.0/24', label: 'CI runners' } },
  runDatabaseAction: { action_name: 'list-extensions' },
  restoreToPointInTime: { restore_time: new Date(Date.now() - 3_600_000).toISOString() },
};

const QUERIES: Record<string, string> = {
  disableDatabaseFeature: '?feature=publicly-available',
  getPlan: '?type=postgresql',
};

/** Operations whose success needs another engine than PostgreSQL. */
const DATABASE_OF: Record<string, string> = { getDatabaseHealth: OPENSEARCH };

export interface ValidRequest {
  method: string;
  /** Under the base URL, e.g. `/databases/ad-…/backups`, query included. */
  path: string;
  body: unknown;
  /** The add-on whose token opens the path. */
  addonId: string;
}

export function validRequest(op: OperationModel, values: Record<string, string> = {}): ValidRequest {
  const addonId = values.database_id ?? DATABASE_OF[op.operationId] ?? PG;
  const all: Record<string, string> = { ...PATH_VALUES, database_id: addonId, ...values };
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(all[name] ?? name));
  const example = op.requestBody?.content[0]?.examples;
  const body = BODIES[op.operationId] ?? (example ? Object.values(example)[0] : undefined);
  return { method: op.method.toUpperCase(), path: `${path}${QUERIES[op.operationId] ?? ''}`, body, addonId };
}

/** Answers `request` through the mock without a server (`handle`), with the add-on's token. */
export function send(
  mock: MockApi,
  request: ValidRequest,
  options: { token?: string | null; raw?: string } = {},
): { status: number; json: unknown; operationId: string | undefined } {
  const token = options.token === undefined ? mock.tokenFor(request.addonId) : options.token;
  const hasBody = options.raw !== undefined || request.body !== undefined;
  const response = mock.handle({
    method: request.method,
    url: `${mock.model.basePath}${request.path}`,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    body: options.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
    origin: 'http://127.0.0.1:4010',
  });
  return { status: response.status, json: response.json, operationId: response.operationId };
}
