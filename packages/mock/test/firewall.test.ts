import { describe, expect, it } from 'vitest';
import { cidrProblem } from '../src/scalingo.js';
import { PG, useMock } from './helpers.js';

const { client } = useMock();

const create = (firewall_rule: Record<string, unknown>) =>
  client().call('POST', `/databases/${PG}/firewall_rules`, { body: { firewall_rule } });

describe('firewall rules', () => {
  it('creates, lists, relabels and deletes a custom range', async () => {
    const created = await create({ type: 'custom_range', cidr: '192.0.2.0/24', label: 'CI' });
    expect(created.status).toBe(201);
    const rule = created.body.rule;
    expect(rule).toMatchObject({ type: 'custom_range', cidr: '192.0.2.0/24', label: 'CI', database_id: PG });
    expect((await client().call('GET', `/databases/${PG}/firewall_rules`)).body.rules).toContainEqual(rule);
    const relabelled = await client().call('PATCH', `/databases/${PG}/firewall_rules/${rule.id}`, {
      body: { firewall_rule: { label: 'CI runners' } },
    });
    expect(relabelled.body.rule).toMatchObject({ id: rule.id, label: 'CI runners', cidr: '192.0.2.0/24' });
    expect((await client().call('DELETE', `/databases/${PG}/firewall_rules/${rule.id}`)).status).toBe(204);
    const gone = await client().call('DELETE', `/databases/${PG}/firewall_rules/${rule.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.resource).toBe('firewall_rule');
  });

  it('accepts an IPv6 block', async () => {
    expect((await create({ type: 'custom_range', cidr: '2001:db8:4f00::/40' })).status).toBe(201);
  });

  it.each([
    ['not an address', 'office'],
    ['an octet over 255', '256.0.2.0/24'],
    ['no prefix', '192.0.2.0'],
    ['a prefix over 32', '192.0.2.0/33'],
    ['host bits set', '192.0.2.7/24'],
    ['IPv6 host bits set', '2001:db8::1/32'],
  ])('refuses a CIDR with %s, naming cidr', async (_, cidr) => {
    const res = await create({ type: 'custom_range', cidr });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['cidr']);
  });

  it('refuses a CIDR another rule already allows', async () => {
    const res = await create({ type: 'custom_range', cidr: '203.0.113.0/24' });
    expect(res.status).toBe(422);
    expect(res.body.errors.cidr[0]).toMatch(/already/);
  });

  it('allows a managed range that exists, once', async () => {
    const ranges = (await client().call('GET', '/firewall/managed_ranges')).body.ranges;
    expect(ranges.length).toBeGreaterThan(0);
    await client().call('DELETE', `/databases/${PG}/firewall_rules/660a1b2c3d4e5f6a7b8c9d1f`);
    const created = await create({ type: 'managed_range', range_id: ranges[0].id });
    expect(created.status).toBe(201);
    expect((await create({ type: 'managed_range', range_id: ranges[0].id })).status).toBe(422);
    const unknown = await create({ type: 'managed_range', range_id: 'nope' });
    expect(unknown.body.errors).toHaveProperty('range_id');
  });

  it("accepts the Go client's unrooted rule, and names the field of a bad one", async () => {
    const post = (body: unknown) => client().call('POST', `/databases/${PG}/firewall_rules`, { body });
    const created = await post({ type: 'custom_range', cidr: '192.0.2.0/24', label: 'CI' });
    expect(created.status).toBe(201);
    expect(created.body.rule).toMatchObject({ type: 'custom_range', cidr: '192.0.2.0/24', label: 'CI' });
    const bad = await post({ type: 'custom_range', cidr: '192.0.2.0' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(['cidr']);
  });

  it('refuses fields of the other rule kind', async () => {
    const res = await create({ type: 'managed_range', range_id: 'x', cidr: '192.0.2.0/24' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveProperty('cidr');
  });
});

describe('cidrProblem', () => {
  it('accepts well-formed blocks and names what is wrong with the others', () => {
    expect(cidrProblem('10.0.0.0/8')).toBeUndefined();
    expect(cidrProblem('0.0.0.0/0')).toBeUndefined();
    expect(cidrProblem('::/0')).toBeUndefined();
    expect(cidrProblem('fe80::/10')).toBeUndefined();
    expect(cidrProblem('10.0.0.1/8')).toMatch(/host bits/);
    expect(cidrProblem('1:2:3:4:5:6:7:8:9/64')).toMatch(/not a valid/);
    expect(cidrProblem('::/129')).toMatch(/prefix longer than 128/);
  });
});
