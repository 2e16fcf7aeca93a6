import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../src/diff.js';
import { getRule, RULES, type RuleId } from '../src/rules.js';
import { applyPatch, bundlePair, FIXTURES, readYaml, ruleFixtures } from './helpers.js';

const base = readYaml(join(FIXTURES, 'base.yaml'));
const fixtures = ruleFixtures();

describe('every rule has a fixture pair', () => {
  it('lists a fixture for each rule of the registry, and no fixture for an unknown rule', () => {
    const ids = new Set<string>(RULES.map((rule) => rule.id));
    const covered = new Set(fixtures.map((fixture) => fixture.rule));
    expect([...ids].filter((id) => !covered.has(id))).toEqual([]);
    expect([...covered].filter((id) => !ids.has(id))).toEqual([]);
  });

  it('gives each rule id exactly one severity', () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
  });
});

describe.each(
  fixtures.map(
    (fixture) => [fixture.name ? `${fixture.rule}: ${fixture.name}` : fixture.rule, fixture] as const,
  ),
)('rule %s', (_title, fixture) => {
  it('reports exactly the expected rules, with the severity of the rule', async () => {
    const pair = await bundlePair(base, applyPatch(base, fixture.edit));
    const result = diffSpecs(pair.base, pair.head);
    const reported = [...new Set(result.changes.map((change) => change.rule))].sort();
    expect(reported).toEqual([...(fixture.expect ?? [fixture.rule])].sort());
    const severity = getRule(fixture.rule as RuleId).severity;
    const own = result.changes.filter((change) => change.rule === fixture.rule);
    expect(own.every((change) => change.severity === severity)).toBe(true);
    expect(own.every((change) => change.where.length > 0 && change.message.length > 0)).toBe(true);
  });
});
