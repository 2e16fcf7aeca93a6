// The spec accepts several forms of some answers (Scalingo's sources show several); the facade
// hands over the preferred one whichever arrives, and sends the preferred form of a request.
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseApiClient } from '../src/index.js';
import { DB, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

async function answering(status: number, body: unknown) {
  server = await startServer((_req, res) => json(res, status, body));
  return createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
}

const user = {
  name: 'reporting-ro',
  read_only: true,
  protected: false,
  password: 'Nz6Tf1Wq8Hs3Kv5Bp9Lr2Dy7Mc4X',
};
const instance = {
  instance_id: 'in-1',
  instance_address: 'in-1.shop.postgresql.dbs.scalingo.com:30118',
  real_disk_size: 10,
  cpu: { usage_in_percents: 1 },
  memory: {},
};
const metricsBase = { cpu_usage: 1, memory: {}, real_disk_size: 10, database_stats: {} };
const plugin = {
  id: 'p-1',
  feature_name: 'elasticsearch-plugin-analysis-icu',
  install_name: 'analysis-icu',
  display_name: 'ICU Analysis',
  description: 'Unicode text analysis.',
};
const versionBase = {
  id: 'v-1',
  database_type_id: 't-1',
  created_at: '2024-09-03T10:21:44.903+02:00',
  updated_at: '2024-09-03T10:21:44.903+02:00',
  major: 7,
  minor: 10,
  patch: 2,
  build: 1,
  features: [],
};

describe('the facade hands over the preferred form of an answer', () => {
  for (const [form, body] of [
    ['rooted (preferred)', { database_user: user }],
    ['bare (the reference)', user],
  ] as const) {
    it(`createDatabaseUser: the user, from the ${form} answer`, async () => {
      const client = await answering(201, body);
      await expect(client.users.create(DB, { name: 'reporting-ro', read_only: true })).resolves.toEqual(user);
    });
    it(`resetDatabaseUserPassword: the user, from the ${form} answer`, async () => {
      const client = await answering(200, body);
      await expect(client.users.resetPassword(DB, 'reporting-ro')).resolves.toEqual(user);
    });
  }

  it('resetDatabaseUserPassword: an answer that is neither form is still refused by name', async () => {
    const client = await answering(200, 'not an object');
    await expect(client.users.resetPassword(DB, 'reporting-ro')).rejects.toThrow(
      'without its root key "database_user"',
    );
  });

  for (const [form, body] of [
    ['keyed object (preferred)', { ...metricsBase, instances_metrics: { 'in-1': instance } }],
    ['array (the JS client)', { ...metricsBase, instances_metrics: [instance] }],
    [
      'table name instance_metrics (the reference)',
      { ...metricsBase, instance_metrics: { 'in-1': instance } },
    ],
  ] as const) {
    it(`getDatabaseMetrics: instances_metrics keyed by instance, from the ${form}`, async () => {
      const client = await answering(200, body);
      await expect(client.metrics.get(DB)).resolves.toEqual({
        ...metricsBase,
        instances_metrics: { 'in-1': instance },
      });
    });
  }

  for (const [form, plugins] of [
    ['objects (preferred)', [plugin]],
    ['strings (the JS client)', ['analysis-icu']],
    ['null (the reference)', null],
  ] as const) {
    it(`getDatabaseTypeVersion: allowed_plugins as objects, from ${form}`, async () => {
      const client = await answering(200, {
        database_type_version: { ...versionBase, allowed_plugins: plugins, next_upgrade: null },
      });
      const expected =
        plugins === null
          ? null
          : typeof plugins[0] === 'string'
            ? [
                {
                  id: 'analysis-icu',
                  feature_name: '',
                  install_name: 'analysis-icu',
                  display_name: 'analysis-icu',
                  description: '',
                },
              ]
            : [plugin];
      const version = await client.catalogue.getDatabaseTypeVersion('v-1');
      expect(version.allowed_plugins).toEqual(expected);
    });
  }

  it('getDatabaseTypeVersion: the plugins of the next version are objects too', async () => {
    const client = await answering(200, {
      database_type_version: { ...versionBase, next_upgrade: { ...versionBase, allowed_plugins: ['a'] } },
    });
    const version = await client.catalogue.getDatabaseTypeVersion('v-1');
    expect(version.next_upgrade).toMatchObject({ allowed_plugins: [{ id: 'a', install_name: 'a' }] });
  });

  it('upgradeDatabase: allowed_plugins as objects, from strings', async () => {
    const client = await answering(202, {
      ...versionBase,
      message: 'Database upgrade to 7.10.2-1 is pending',
      operation_id: 'op-1',
      allowed_plugins: ['analysis-icu'],
    });
    const started = await client.databases.upgrade(DB);
    expect(started.allowed_plugins?.[0]).toMatchObject({ install_name: 'analysis-icu' });
    expect(started.operation_id).toBe('op-1');
  });

  for (const [form, numbers] of [
    ['strings (preferred, the example)', { epoch: '1772439327', shards: '141', pending_tasks: '0' }],
    ['integers (the field table)', { epoch: 1772439327, shards: 141, pending_tasks: 0 }],
  ] as const) {
    it(`getDatabaseHealth: numbers as strings, from ${form}`, async () => {
      const client = await answering(200, { status: 'green', cluster: 'search', ...numbers });
      await expect(client.databases.getHealth(DB)).resolves.toEqual({
        status: 'green',
        cluster: 'search',
        epoch: '1772439327',
        shards: '141',
        pending_tasks: '0',
      });
    });
  }
});

describe('the facade sends the preferred form of a request', () => {
  it('updateDatabase: a bare hour is sent as a one-hour array', async () => {
    const client = await answering(200, { database: {} });
    await client.databases.update(DB, { periodic_backups_scheduled_at: 3 });
    await client.databases.update(DB, { periodic_backups_scheduled_at: [3, 15] });
    const sent = server.requests.map((r) => JSON.parse(r.body ?? ''));
    expect(sent).toEqual([
      { database: { periodic_backups_scheduled_at: [3] } },
      { database: { periodic_backups_scheduled_at: [3, 15] } },
    ]);
  });

  it('createFirewallRule: the rule wrapped in firewall_rule', async () => {
    const client = await answering(201, {
      rule: { id: 'r-1', type: 'custom_range', cidr: '203.0.113.0/24' },
    });
    await client.firewall.create(DB, { type: 'custom_range', cidr: '203.0.113.0/24' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      firewall_rule: { type: 'custom_range', cidr: '203.0.113.0/24' },
    });
  });

  it('resetDatabaseUserPassword: an empty object', async () => {
    const client = await answering(200, { database_user: user });
    await client.users.resetPassword(DB, 'reporting-ro');
    expect(server.requests[0]?.body).toBe('{}');
  });
});
