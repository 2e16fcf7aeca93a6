import { describe, expect, it } from 'vitest';
import { PG, SEED_PATH_VALUES, useMock } from './helpers.js';

const { server, client } = useMock();

/** A path value for each parameter name, taken from the default data set. */
const values: Record<string, string> = { database_id: PG, ...SEED_PATH_VALUES };

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
