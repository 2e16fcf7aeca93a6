import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkContractChangeset, parseChangeset, versionBump } from '../src/changesets.js';
import { applyPatch, FIXTURES, readYaml, tempRepo } from './helpers.js';

const base = readYaml(join(FIXTURES, 'base.yaml'));
const breaking = applyPatch(base, [
  { op: 'remove', path: '/components/schemas/Thing/properties/size' },
  { op: 'remove', path: '/components/schemas/Thing/required/4' },
]);
const additive = applyPatch(base, [
  { op: 'add', path: '/components/schemas/Thing/properties/weight', value: { type: 'integer' } },
]);
const cosmetic = applyPatch(base, [{ op: 'replace', path: '/info/description', value: 'Reworded.' }]);
const changeset = (bump: string, pkg = '@scalingo-db-api/openapi') =>
  `---\n'${pkg}': ${bump}\n---\n\nWhat changed.\n`;

let repo: ReturnType<typeof tempRepo> | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function onBranch(doc: unknown) {
  repo = tempRepo();
  repo.git('checkout', '-q', '-b', 'feature');
  repo.writeSpec(doc);
  return repo;
}

describe('a contract change needs a changeset for @scalingo-db-api/openapi', () => {
  it('passes on a clean main: nothing differs from the base', async () => {
    repo = tempRepo();
    const check = await checkContractChangeset(repo.root);
    expect(check.ok).toBe(true);
    expect(check.required).toBe('none');
  });

  it('fails without a changeset and says which one to add', async () => {
    const r = onBranch(breaking);
    const check = await checkContractChangeset(r.root);
    expect(check.ok).toBe(false);
    expect(check.required).toBe('major');
    expect(check.message).toContain('pnpm changeset');
    expect(check.message).toContain("---\n'@scalingo-db-api/openapi': major\n---");
    expect(check.message).toContain('response-property-removed');
  });

  it('fails when the changeset bumps less than the diff calls for', async () => {
    const r = onBranch(breaking);
    r.write('.changeset/drop-size.md', changeset('minor'));
    const check = await checkContractChangeset(r.root);
    expect(check.ok).toBe(false);
    expect(check.pending).toBe('minor');
    expect(check.message).toContain('.changeset/drop-size.md');
  });

  it('does not count a changeset that names only another package of the group', async () => {
    const r = onBranch(additive);
    r.write('.changeset/client.md', changeset('major', '@scalingo-db-api/client'));
    expect((await checkContractChangeset(r.root)).ok).toBe(false);
  });

  it.each([
    ['major', breaking],
    ['minor', additive],
    ['patch', cosmetic],
  ])('passes with a %s changeset when the diff calls for it', async (bump, doc) => {
    const r = onBranch(doc);
    r.write('.changeset/change.md', changeset(bump));
    const check = await checkContractChangeset(r.root);
    expect(check.required).toBe(bump);
    expect(check.ok).toBe(true);
  });

  it('passes with a larger bump than needed', async () => {
    const r = onBranch(cosmetic);
    r.write('.changeset/change.md', changeset('minor'));
    expect((await checkContractChangeset(r.root)).ok).toBe(true);
  });

  it('checks committed changes on a branch too, against the merge base', async () => {
    const r = onBranch(additive);
    r.git('commit', '-q', '-am', 'weight');
    expect((await checkContractChangeset(r.root)).ok).toBe(false);
    r.write('.changeset/weight.md', changeset('minor'));
    r.git('add', '.changeset/weight.md');
    r.git('commit', '-q', '-m', 'changeset');
    expect((await checkContractChangeset(r.root)).ok).toBe(true);
  });

  it('checks a change committed straight to main (as CI sees it) against the last release', async () => {
    repo = tempRepo();
    const release = repo.git('rev-parse', 'HEAD');
    repo.writeSpec(breaking);
    repo.git('commit', '-q', '-am', 'drop size');
    const check = await checkContractChangeset(repo.root);
    expect(check.base.commit).toBe(release);
    expect(check.required).toBe('major');
    expect(check.ok).toBe(false);
    expect(check.message).toContain(`pnpm spec:diff --base ${release.slice(0, 12)}`);
    repo.write('.changeset/drop-size.md', changeset('major'));
    repo.git('add', '.changeset/drop-size.md');
    repo.git('commit', '-q', '-m', 'changeset');
    expect((await checkContractChangeset(repo.root)).ok).toBe(true);
  });

  it('starts again from a committed release: later changes need changesets of their own', async () => {
    repo = tempRepo();
    repo.writeSpec(breaking);
    repo.write('.changeset/drop-size.md', changeset('major'));
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'drop size');
    // `pnpm version-packages`, committed: the changeset is consumed, the version goes to 2.0.0.
    repo.git('rm', '-q', '.changeset/drop-size.md');
    repo.write(
      'spec/package.json',
      `${JSON.stringify({ name: '@scalingo-db-api/openapi', version: '2.0.0' }, null, 2)}\n`,
    );
    repo.git('commit', '-q', '-am', 'version packages');
    const release = repo.git('rev-parse', 'HEAD');
    const after = await checkContractChangeset(repo.root);
    expect(after.base.commit).toBe(release);
    expect(after.required).toBe('none');
    expect(after.ok).toBe(true);

    repo.writeSpec(applyPatch(breaking, [{ op: 'replace', path: '/info/description', value: 'Reworded.' }]));
    repo.git('commit', '-q', '-am', 'reword');
    const next = await checkContractChangeset(repo.root);
    expect(next.base.commit).toBe(release);
    expect(next.required).toBe('patch');
    expect(next.ok).toBe(false);
  });

  it('falls back to the merge base with main when a shallow clone hides the last release', async () => {
    repo = tempRepo();
    repo.writeSpec(additive);
    repo.git('commit', '-q', '-am', 'weight');
    const shallow = tempRepo();
    try {
      rmSync(shallow.root, { recursive: true, force: true });
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.root}`, shallow.root]);
      const check = await checkContractChangeset(shallow.root);
      expect(check.base.label).not.toContain('last release');
      expect(check.base.commit).toBe(shallow.git('rev-parse', 'HEAD'));
      expect(check.required).toBe('none');
    } finally {
      shallow.cleanup();
    }
  });

  it('accepts a changeset already consumed by changeset version, through the version it produced', async () => {
    const r = onBranch(breaking);
    // `changeset version` deleted the changeset and took spec/package.json from 1.4.0 to 2.0.0.
    r.write(
      'spec/package.json',
      `${JSON.stringify({ name: '@scalingo-db-api/openapi', version: '2.0.0' })}\n`,
    );
    const check = await checkContractChangeset(r.root);
    expect(check.released).toBe('major');
    expect(check.ok).toBe(true);
  });

  it('does not accept a consumed changeset that bumped too little', async () => {
    const r = onBranch(breaking);
    r.write(
      'spec/package.json',
      `${JSON.stringify({ name: '@scalingo-db-api/openapi', version: '1.5.0' })}\n`,
    );
    const check = await checkContractChangeset(r.root);
    expect(check.released).toBe('minor');
    expect(check.ok).toBe(false);
  });

  it('refuses a malformed changeset with its file name', async () => {
    const r = onBranch(additive);
    r.write('.changeset/bad.md', "---\n'@scalingo-db-api/openapi': huge\n---\n");
    await expect(checkContractChangeset(r.root)).rejects.toThrow(
      /\.changeset\/bad\.md: .*huge.* is not a bump/,
    );
  });
});

describe('changeset files and versions', () => {
  it('reads the packages and bumps of a changeset and its summary', () => {
    expect(
      parseChangeset(
        `---\n"@scalingo-db-api/openapi": minor\n'@scalingo-db-api/client': patch\n---\n\nAdd a field.\n`,
        'x.md',
      ),
    ).toEqual({
      file: 'x.md',
      releases: { '@scalingo-db-api/openapi': 'minor', '@scalingo-db-api/client': 'patch' },
      summary: 'Add a field.',
    });
  });

  it('refuses a file without front matter', () => {
    expect(() => parseChangeset('just text\n', 'y.md')).toThrow(
      /y\.md: a changeset starts with a --- front matter/,
    );
  });

  it('refuses front matter that is not YAML, naming the file and the YAML error', () => {
    expect(() => parseChangeset('---\na: [unclosed\n---\n\nx\n', 'w.md')).toThrow(
      /^w\.md: invalid YAML in frontmatter: YAML error: /,
    );
  });

  it('reads a changeset that releases nothing', () => {
    expect(parseChangeset('---\n---\n\nOnly the docs.\n', 'e.md')).toEqual({
      file: 'e.md',
      releases: {},
      summary: 'Only the docs.',
    });
  });

  it.each([
    ['1.4.0', '2.0.0', 'major'],
    ['1.4.0', '1.5.0', 'minor'],
    ['1.4.0', '1.4.1', 'patch'],
    ['1.4.0', '1.4.0', 'none'],
  ])('names the bump from %s to %s: %s', (from, to, bump) => {
    expect(versionBump(from, to)).toBe(bump);
  });

  it('refuses a version that went down', () => {
    expect(() => versionBump('2.0.0', '1.9.0')).toThrow(/went down from 2.0.0 to 1.9.0/);
  });
});
