import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules.js';
import { TABLE_END, TABLE_START, withRulesTable } from '../src/rules-table.js';

const guideFile = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'apps',
  'docs',
  'guides',
  'contract-changes.md',
);

describe('the contract-changes guide', () => {
  const guide = readFileSync(guideFile, 'utf8');

  it('carries the rules tables as generated from src/rules.ts', () => {
    const fix = 'pnpm spec:diff --write-rules-guide apps/docs/guides/contract-changes.md';
    expect(withRulesTable(guide, guideFile), `the guide's rules tables are stale: run ${fix}`).toBe(guide);
  });

  it('lists every rule once, with its severity', () => {
    const table = guide.slice(guide.indexOf(TABLE_START), guide.indexOf(TABLE_END));
    for (const rule of RULES) {
      const rows = table.split('\n').filter((line) => line.split('|')[1]?.trim() === `\`${rule.id}\``);
      expect(rows, rule.id).toHaveLength(1);
      expect(rows[0]).toContain(rule.severity);
    }
  });

  it('says that a new value in an open response enumeration is additive', () => {
    expect(guide).toMatch(/A new value in an open response\s+enumeration is therefore \*\*additive\*\*/);
  });
});
