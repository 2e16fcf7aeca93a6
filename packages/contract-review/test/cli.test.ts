import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSpecDiff } from '../src/cli.js';
import { applyPatch, FIXTURES, readYaml, tempRepo } from './helpers.js';

const base = readYaml(join(FIXTURES, 'base.yaml'));
const removeSize = applyPatch(base, [
  { op: 'remove', path: '/components/schemas/Thing/properties/size' },
  { op: 'remove', path: '/components/schemas/Thing/required/4' },
]);
const addWeight = applyPatch(base, [
  { op: 'add', path: '/components/schemas/Thing/properties/weight', value: { type: 'integer' } },
]);

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runSpecDiff(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

let repo: ReturnType<typeof tempRepo> | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe('spec:diff against git', () => {
  it('on main, compares the working tree with HEAD', async () => {
    repo = tempRepo();
    repo.writeSpec(addWeight);
    const { code, stdout } = await run([], repo.root);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Base: HEAD [0-9a-f]{7} \(HEAD is on main/);
    expect(stdout).toContain('Head: working tree');
    expect(stdout).toContain('`response-property-added`');
  });

  it('on a branch, compares with the merge base with main, committed or not', async () => {
    repo = tempRepo();
    const mergeBase = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.writeSpec(removeSize);
    repo.git('commit', '-q', '-am', 'drop size');
    // main moves on after the branch point: its later commits are not part of the comparison.
    repo.git('checkout', '-q', 'main');
    repo.write('README.md', 'later\n');
    repo.git('add', 'README.md');
    repo.git('commit', '-q', '-m', 'later on main');
    repo.git('checkout', '-q', 'feature');
    const { code, stdout, stderr } = await run(['--fail-on', 'breaking'], repo.root);
    expect(stdout).toContain(`merge base of HEAD with main, ${mergeBase.slice(0, 7)}`);
    expect(stdout).toContain('`response-property-removed`');
    expect(code).toBe(1);
    expect(stderr).toContain('breaking changes found');
  });

  it('compares two refs with --base and --head', async () => {
    repo = tempRepo();
    repo.writeSpec(addWeight);
    repo.git('commit', '-q', '-am', 'weight');
    const { code, stdout } = await run(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], repo.root);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.bump).toBe('minor');
    expect(report.head).toMatch(/^HEAD \([0-9a-f]{7}\)$/);
  });

  it('exits 0 with --fail-on breaking when the changes are only additive', async () => {
    repo = tempRepo();
    repo.writeSpec(addWeight);
    expect((await run(['--fail-on', 'breaking'], repo.root)).code).toBe(0);
    expect((await run(['--fail-on', 'additive'], repo.root)).code).toBe(1);
  });

  it('says clearly when the base ref does not exist', async () => {
    repo = tempRepo();
    const { code, stderr, stdout } = await run(['--base', 'no-such-branch'], repo.root);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('"no-such-branch" does not name a commit');
  });

  it('says clearly when the spec at the base does not exist', async () => {
    repo = tempRepo();
    repo.write('other.txt', 'x\n');
    repo.git('add', 'other.txt');
    repo.git('commit', '-q', '-m', 'other');
    const { code, stderr } = await run(['--base', 'HEAD', '--spec', 'api/openapi.yaml'], repo.root);
    expect(code).toBe(2);
    expect(stderr).toMatch(/api\/openapi\.yaml does not exist at [0-9a-f]{12}/);
  });

  it('says clearly when the working tree spec does not bundle, naming the missing file', async () => {
    repo = tempRepo();
    repo.writeSpec(
      applyPatch(base, [{ op: 'add', path: '/paths/~1extra', value: { $ref: './paths/extra.yaml' } }]),
    );
    const { code, stderr } = await run([], repo.root);
    expect(code).toBe(2);
    expect(stderr).toMatch(/working tree: the spec does not bundle:[\s\S]*paths\/extra\.yaml/);
  });
});

describe('spec:diff arguments', () => {
  it('compares two files with --base-spec and --head-spec, outside any repository', async () => {
    const { code, stdout } = await run(
      [
        '--base-spec',
        join(FIXTURES, 'base.yaml'),
        '--head-spec',
        join(FIXTURES, 'base.yaml'),
        '--fail-on',
        'cosmetic',
      ],
      FIXTURES,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('**Verdict: no change to the contract.**');
  });

  it.each([
    [['--format', 'html'], '--format must be markdown or json'],
    [['--fail-on', 'everything'], '--fail-on must be one of breaking, additive, cosmetic'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--base', 'x', '--base-spec', 'y'], 'either --base or --base-spec'],
  ])('refuses %j with a message and exit code 2', async (args, message) => {
    const { code, stderr } = await run(args, FIXTURES);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('the pnpm spec:diff entry point', () => {
  it('compiles the CLI when needed and runs it, passing exit codes through', () => {
    const script = join(import.meta.dirname, '..', 'scripts', 'spec-diff.mjs');
    const headFile = join(FIXTURES, 'base.yaml');
    const help = execFileSync(process.execPath, [script, '--help'], { encoding: 'utf8' });
    expect(help).toContain('Usage: pnpm spec:diff');
    const same = spawnSync(
      process.execPath,
      [script, '--base-spec', headFile, '--head-spec', headFile, '--format', 'json'],
      {
        encoding: 'utf8',
      },
    );
    expect(same.status).toBe(0);
    expect(JSON.parse(same.stdout).bump).toBe('none');
  });
});
