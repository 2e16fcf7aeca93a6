import { describe, expect, it } from 'vitest';
import { PG, useMock } from './helpers.js';

const { server, client } = useMock();

/** A path value for each parameter name, taken from the default data set. */
const values: Record<string, string> = {
  database_id: PG,
  backup_id: '65f1c0a2b3d4e5f6a7b8c9d0',
  restoration_id: '65f2d1b3c4e5f6a7b8c9d0e1',
  username: 'reporting-ro',
  maintenance_id: '65e0a9b8c7d6e5f4a3b2c1d0',
  rule_id: '660a1b2c3d4e5f6a7b8c9d0e',
  operation_id: '6610f2e3d4c5b6a7980a1b2c',
  instance_id: 'in-4c7e2a91-0b3d-4f6a-9e8c-1d5b7a3f2e60',
  metric: 'cpu',
  type_id: '5f2b1a3c9d8e7f6a5b4c3d2e',
  version_id: '66b0c8a2e4f1d3a5b7c9e1f0',
  plan_id: '5d3c2b1a0f9e8d7c6b5a4f3e',
};

/** Request bodies a client would send, where the spec's first request example does not fit the data. */
const bodies: Record<string, unknown> = {
  createDatabaseUser: { database_user: { name: 'new-reader', read_only: true } },
  createFirewallRule: { firewall_rule: { type: 'custom_range', cidr: '192.0.2.0/24', label: 'CI runners' } },
  runDatabaseAction: { action_name: 'list-extensions' },
  restoreToPointInTime: { restore_time: new Date(Date.now() - 3_600_000).toISOString() },
};

const queries: Record<string, string> = {
  disableDatabaseFeature: '?feature=publicly-available',
  getPlan: '?type=postgresql',
};

describe('every operation of the spec', () => {
  it('has a handler of its own (none falls back to an example)', () => {
    const missing = server()
      .model.operations.map((op) => op.operationId)
      .filter((id) => !(id in server().engine.handlers));
    expect(missing).toEqual([]);
    expect(server().model.operations).toHaveLength(45);
  });

  it('answers a client written from the reference with its documented success status', async () => {
    const outcomes: string[] = [];
    for (const op of server().model.operations) {
      server().reset();
      const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(values[name] ?? name),
      );
      const example = op.requestBody?.content[0]?.examples;
      const body = bodies[op.operationId] ?? (example ? Object.values(example)[0] : undefined);
      const target =
        op.operationId === 'getDatabaseHealth'
          ? path.replace(PG, 'ad-1d4f7a0c-3e6b-4d9a-8c2f-7b0e5a3d1c86')
          : path;
      const token = server().tokenFor(
        target.includes('ad-1d4f') ? 'ad-1d4f7a0c-3e6b-4d9a-8c2f-7b0e5a3d1c86' : PG,
      );
      const res = await client().call(op.method.toUpperCase(), `${target}${queries[op.operationId] ?? ''}`, {
        body,
        token,
      });
      const declared = op.responses.filter((r) => /^2/.test(r.key)).map((r) => Number(r.key));
      outcomes.push(
        `${op.operationId} ${declared.includes(res.status) ? 'ok' : `${res.status} ${res.text.slice(0, 200)}`}`,
      );
    }
    expect(outcomes.filter((o) => !o.endsWith(' ok'))).toEqual([]);
  });
});
