import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionBump } from '../src/changesets.js';
import { BUMP_FOR, getRule, RULES, type RuleId } from '../src/rules.js';

const root = join(import.meta.dirname, '..', '..', '..');
const changelog = readFileSync(join(root, 'spec', 'CHANGELOG.md'), 'utf8');
const specVersion: string = JSON.parse(readFileSync(join(root, 'spec', 'package.json'), 'utf8')).version;
const ruleIds = new Set<string>(RULES.map((rule) => rule.id));

interface Release {
  version: string;
  sections: Map<string, string>;
}

function releases(): Release[] {
  const parts = changelog.split(/^## /m).slice(1);
  return parts.map((part) => {
    const [heading = '', ...rest] = part.split('\n');
    const sections = new Map<string, string>();
    for (const section of rest.join('\n').split(/^### /m).slice(1)) {
      const [title = '', ...body] = section.split('\n');
      sections.set(title.trim(), body.join('\n'));
    }
    return { version: heading.trim(), sections };
  });
}

// Up to this version the changelog is the replayed history of the API, written with a date and
// the rules behind each bump. Later releases come from changesets, whose entries are free text.
const LAST_REPLAYED = '3.0.0';
const replayed = (version: string) => {
  const [a, b] = [version, LAST_REPLAYED].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a?.[i] ?? 0) !== (b?.[i] ?? 0)) return (a?.[i] ?? 0) < (b?.[i] ?? 0);
  return true;
};

const SECTION = { major: 'Major Changes', minor: 'Minor Changes', patch: 'Patch Changes' } as const;

describe('the changelog of the contract (spec/CHANGELOG.md)', () => {
  const list = releases();

  it('is in the changesets format, newest first, starting from the current version', () => {
    expect(changelog.startsWith('# @scalingo-db-api/openapi\n')).toBe(true);
    expect(list[0]?.version).toBe(specVersion);
    expect(list.at(-1)?.version).toBe('1.0.0');
    for (const release of list) {
      expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
      for (const title of release.sections.keys()) expect(Object.values(SECTION)).toContain(title);
    }
  });

  it('bumps each release by the worst rule its entries name', () => {
    for (let i = 0; i < list.length - 1; i++) {
      const release = list[i] as Release;
      const previous = list[i + 1] as Release;
      const bump = versionBump(previous.version, release.version);
      expect(bump, `${previous.version} → ${release.version}`).not.toBe('none');
      // The highest section is the bump that was taken…
      // A release of the fixed group that had no changeset for the spec has no section.
      if (!replayed(release.version) && release.sections.size === 0) continue;
      const highest = (['major', 'minor', 'patch'] as const).find((b) => release.sections.has(SECTION[b]));
      expect(highest, release.version).toBe(bump);
      // Changesets' own entries are free text; the replayed ones name their rules.
      if (!replayed(release.version)) continue;
      // …and every section's "Why" lines name rules of exactly that section's severity or lower,
      // with at least one of that severity.
      for (const [kind, title] of Object.entries(SECTION)) {
        const body = release.sections.get(title);
        if (!body) continue;
        const named = [...body.matchAll(/`([a-z-]+)`/g)]
          .map((m) => m[1] as string)
          .filter((id) => ruleIds.has(id));
        expect(named.length, `${release.version} ${title} names no rule`).toBeGreaterThan(0);
        const bumps = named.map((id) => BUMP_FOR[getRule(id as RuleId).severity]);
        expect(bumps, `${release.version} ${title}: ${named.join(', ')}`).toContain(kind);
        const order = ['patch', 'minor', 'major'];
        for (const b of bumps) expect(order.indexOf(b)).toBeLessThanOrEqual(order.indexOf(kind));
      }
    }
  });

  it('dates every entry, and the dates go forward with the versions', () => {
    const dates = list
      .filter((release) => replayed(release.version))
      .map((release) => {
        const found = [
          ...[...release.sections.values()].join('\n').matchAll(/\*\*(\d{4}-\d{2}-\d{2})\*\*/g),
        ].map((m) => m[1] as string);
        expect(found.length, release.version).toBeGreaterThan(0);
        return found.sort()[0] as string;
      });
    expect([...dates].reverse()).toEqual([...dates].reverse().sort());
  });
});
