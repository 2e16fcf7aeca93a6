import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMENT_MARKER } from '../src/comment.js';
import { splitRepo, WORKSPACE_ROOT } from './helpers.js';

// .github/workflows/contract-review.yml cannot run here; its commands can. This file reads the
// workflow and runs the scripts of its steps, as GitHub would (`bash -e`), in a local repository
// with an `origin/main`, with `pnpm spec:diff` and `gh` standing in for themselves: spec:diff is
// the real script, gh a recorder.

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  run?: string;
  if?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const workflow = parse(
  readFileSync(join(WORKSPACE_ROOT, '.github', 'workflows', 'contract-review.yml'), 'utf8'),
) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const step = (name: string): Step => {
  const found = steps.find((s) => s.name === name);
  if (!found) throw new Error(`the workflow has no step "${name}"`);
  return found;
};

describe('the contract-review workflow', () => {
  it('runs on pull requests, with read access to the code and write access to pull requests only', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('checks out the whole history and installs the pnpm the repository pins', () => {
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
    const manifest = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8'));
    expect(manifest.packageManager).toBe('pnpm@12.4.2');
    const install = step('Install pnpm and the dependencies').run ?? '';
    expect(install).toContain(`npm install --global ${manifest.packageManager} `);
    expect(install).toContain('pnpm install --frozen-lockfile');
  });

  it("compares with the pull request's base branch, passed through the environment", () => {
    for (const name of ['Annotate the changed lines of the spec', 'Write the report']) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
      expect(step(name).env?.BASE_REF).toBe('${{ github.base_ref }}');
      expect(step(name).run).toContain('pnpm spec:diff --base "origin/$BASE_REF"');
    }
  });
});

describe("the workflow's commands, run against a local repository", () => {
  let repo: ReturnType<typeof splitRepo>;
  let scratch: string;
  const script = join(WORKSPACE_ROOT, 'packages', 'contract-review', 'scripts', 'spec-diff.mjs');
  const docsUrl = 'https://example.test/blob/abc/apps/docs/guides/contract-changes.md';

  beforeAll(() => {
    repo = splitRepo();
    // The pull request: a branch that drops a property, while main has a remote-tracking copy.
    repo.git('update-ref', 'refs/remotes/origin/main', 'main');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.edit('spec/components/schemas/Named.yaml', '  color:\n    type: string\n', '');
    repo.git('commit', '-q', '-am', 'drop color');
    scratch = mkdtempSync(join(tmpdir(), 'contract-review-workflow-'));
  });
  afterAll(() => {
    repo.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  function runStep(name: string, env: Record<string, string> = {}) {
    const stubs = [
      // `pnpm spec:diff …` is the root package.json's script: node on spec-diff.mjs.
      'pnpm() { if [ "$1" = spec:diff ]; then shift; node "$SPEC_DIFF" "$@"; else return 99; fi; }',
      // gh records its arguments; listing comments prints $GH_COMMENTS.
      'gh() { printf "%s\\n" "$*" >> "$GH_LOG"; if [ "$1 $2" = "api repos/$GITHUB_REPOSITORY/issues/$PR/comments" ]; then printf "%s" "$GH_COMMENTS"; fi; }',
    ].join('\n');
    const { INIT_CWD: _ignored, ...inherited } = process.env;
    const result = spawnSync('bash', ['-e', '-c', `${stubs}\n${step(name).run ?? ''}`], {
      cwd: repo.root,
      encoding: 'utf8',
      env: {
        ...inherited,
        SPEC_DIFF: script,
        GH_LOG: join(scratch, 'gh.log'),
        GH_COMMENTS: '',
        GITHUB_REPOSITORY: 'owner/repo',
        GITHUB_STEP_SUMMARY: join(scratch, 'summary.md'),
        BASE_REF: 'main',
        DOCS_URL: docsUrl,
        PR: '7',
        ...env,
      },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('annotates the changed line of the spec and exits 0', () => {
    const { code, stdout, stderr } = runStep('Annotate the changed lines of the spec');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^::error file=spec\/components\/schemas\/Named\.yaml,line=3,title=breaking%3A response-property-removed::/,
    );
    expect(lines.at(-1)).toMatch(/^Contract review: breaking: 1 breaking/);
  });

  it('writes the comment, linked to the guide, and the run summary', () => {
    const { code } = runStep('Write the report');
    expect(code).toBe(0);
    const report = readFileSync(join(repo.root, 'contract-review.md'), 'utf8');
    expect(report.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(report).toContain('Base: origin/main (');
    expect(report).toContain(`[\`response-property-removed\`](${docsUrl}#rule-response-property-removed)`);
    expect(readFileSync(join(scratch, 'summary.md'), 'utf8')).toBe(report);
  });

  it('posts a new comment the first time, and updates its own comment afterwards', () => {
    writeFileSync(join(scratch, 'gh.log'), '');
    expect(runStep('Post or update the comment').code).toBe(0);
    expect(readFileSync(join(scratch, 'gh.log'), 'utf8').split('\n')[1]).toBe(
      'pr comment 7 --repo owner/repo --body-file contract-review.md',
    );
    writeFileSync(join(scratch, 'gh.log'), '');
    expect(runStep('Post or update the comment', { GH_COMMENTS: '4242\n' }).code).toBe(0);
    expect(readFileSync(join(scratch, 'gh.log'), 'utf8').split('\n')[1]).toBe(
      'api --method PATCH repos/owner/repo/issues/comments/4242 -F body=@contract-review.md',
    );
  });

  it('looks for its previous comment by the marker, among the bot comments', () => {
    writeFileSync(join(scratch, 'gh.log'), '');
    runStep('Post or update the comment');
    const list = readFileSync(join(scratch, 'gh.log'), 'utf8').split('\n')[0] ?? '';
    expect(list).toContain('api repos/owner/repo/issues/7/comments --paginate --jq');
    expect(list).toContain(`startswith("${COMMENT_MARKER}")`);
    expect(list).toContain('github-actions[bot]');
  });
});
