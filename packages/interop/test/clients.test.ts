import { type MockServer, startMockServer } from '@scalingo-db-api/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createHeyClient } from '../generated/hey-api/client';
import * as hey from '../generated/hey-api/sdk.gen';
import { createApiClient as createZodiosClient, schemas } from '../generated/openapi-zod-client/api';
import * as orval from '../generated/orval/api';
import { createApiClient as createTypedClient } from '../generated/typed-openapi/api';
import { configureOrval } from '../src/orval-fetch.js';

// Each generated client calls the mock (on 127.0.0.1, validating every answer against the
// spec) for the same handful of operations: an answer with open enumerations, a discriminated
// action, a firewall rule created and listed, and the PEM certificate (not JSON).
const PG = 'ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71';
let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await startMockServer({ timings: 'manual' });
  token = mock.tokenFor(PG);
});
afterAll(() => mock.close());

/** The bodies every client must have read, in the types it gives them. */
interface Answers {
  database: { database: { status: unknown } };
  action: { ok: unknown; result?: unknown };
  created: { rule: { type?: unknown; cidr?: unknown } };
  listed: { rules: unknown[] };
  certificate: unknown;
}

function expectRight(answers: Answers, cidr: string) {
  expect(answers.database.database.status).toBe('running');
  expect(answers.action.ok).toBe(1);
  expect(Array.isArray(answers.action.result)).toBe(true);
  expect(answers.created.rule).toMatchObject({ type: 'custom_range', cidr });
  expect(answers.listed.rules).toContainEqual(expect.objectContaining({ cidr }));
  expect(String(answers.certificate)).toMatch(/^-----BEGIN CERTIFICATE-----/);
  expect(mock.violations).toEqual([]);
}

const rule = (cidr: string) => ({ firewall_rule: { type: 'custom_range' as const, cidr, label: 'interop' } });

describe('clients generated from the bundle, against the mock', () => {
  it('hey-api (fetch client)', async () => {
    const client = createHeyClient({ baseUrl: mock.url, auth: () => token });
    const path = { database_id: PG };
    const database = await hey.getDatabase({ client, path, throwOnError: true });
    const action = await hey.runDatabaseAction({
      client,
      path,
      body: { action_name: 'pg-list-queries' },
      throwOnError: true,
    });
    const created = await hey.createFirewallRule({
      client,
      path,
      body: rule('203.0.113.1/32'),
      throwOnError: true,
    });
    const listed = await hey.listFirewallRules({ client, path, throwOnError: true });
    // hey-api picks how to read an answer from its Content-Type: application/x-pem-file would
    // be a Blob (typed string); parseAs: 'text' reads it as the text it is.
    const certificate = await hey.getCaCertificate({ client, parseAs: 'text', throwOnError: true });
    expectRight(
      {
        database: database.data,
        action: action.data,
        created: created.data,
        listed: listed.data,
        certificate: certificate.data,
      },
      '203.0.113.1/32',
    );
  });

  it('orval (fetch client with the content-type aware mutator)', async () => {
    configureOrval({ baseUrl: mock.url, token });
    const database = await orval.getDatabase(PG);
    const action = await orval.runDatabaseAction(PG, { action_name: 'pg-list-queries' });
    const created = await orval.createFirewallRule(PG, rule('203.0.113.2/32'));
    const listed = await orval.listFirewallRules(PG);
    const certificate = await orval.getCaCertificate();
    if (database.status !== 200 || action.status !== 200 || created.status !== 201 || listed.status !== 200)
      throw new Error(`unexpected statuses ${[database, action, created, listed].map((r) => r.status)}`);
    expectRight(
      {
        database: database.data,
        action: action.data,
        created: created.data,
        listed: listed.data,
        certificate: certificate.data,
      },
      '203.0.113.2/32',
    );
  });

  it('openapi-zod-client (Zodios, which validates every answer with zod)', async () => {
    const api = createZodiosClient(mock.url, {
      axiosConfig: { headers: { authorization: `Bearer ${token}` } },
    });
    const params = { params: { database_id: PG } };
    const database = await api.getDatabase(params);
    const action = await api.runDatabaseAction({ action_name: 'pg-list-queries' }, params);
    const created = await api.createFirewallRule(rule('203.0.113.3/32'), params);
    const listed = await api.listFirewallRules(params);
    const certificate = await api.getCaCertificate();
    // The discriminated unions and the open enumerations take what the server may send.
    expect(schemas.DatabaseStatus.parse('hibernating')).toBe('hibernating');
    expect(schemas.FirewallRuleType.parse('a_later_kind')).toBe('a_later_kind');
    expect(() => schemas.DatabaseAction.parse({ action_name: 'pg-drop-everything' })).toThrow();
    expectRight({ database, action, created, listed, certificate }, '203.0.113.3/32');
  });

  it('typed-openapi (its ApiClient with a fetch of ours)', async () => {
    const api = createTypedClient(
      {
        fetch: ({ method, url, urlSearchParams, parameters, overrides }) => {
          if (urlSearchParams) url.search = urlSearchParams.toString();
          const body = parameters?.body === undefined ? undefined : JSON.stringify(parameters.body);
          const headers = {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          };
          return fetch(url, { ...overrides, method: method.toUpperCase(), headers, body });
        },
        // Its default reader returns undefined for application/x-pem-file (neither text/* nor JSON).
        parseResponseData: async (res) =>
          (res.headers.get('content-type') ?? '').includes('json') ? res.json() : res.text(),
      },
      mock.url,
    );
    const path = { database_id: PG };
    const database = await api.get('/databases/{database_id}', { path });
    const action = await api.post('/databases/{database_id}/action', {
      path,
      body: { action_name: 'pg-list-queries' },
    });
    const created = await api.post('/databases/{database_id}/firewall_rules', {
      path,
      body: rule('203.0.113.4/32'),
    });
    const listed = await api.get('/databases/{database_id}/firewall_rules', { path });
    const certificate = await api.get('/ca_certificate');
    expectRight({ database, action, created, listed, certificate }, '203.0.113.4/32');
  });
});
