import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSpecDiff, USAGE } from '../src/cli.js';
import { COMMENT_MARKER, defaultDocsUrl } from '../src/comment.js';
import { FIXTURES, splitRepo } from './helpers.js';

async function run(args: string[], cwd = FIXTURES) {
  let stdout = '';
  let stderr = '';
  const code = await runSpecDiff(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

const same = ['--base-spec', join(FIXTURES, 'base.yaml'), '--head-spec', join(FIXTURES, 'base.yaml')];

describe('spec:diff --pr-comment', () => {
  it('writes the comment form, linking rules to the guide the repository declares', async () => {
    const { code, stdout } = await run([...same, '--format', 'markdown', '--pr-comment']);
    expect(code).toBe(0);
    expect(stdout.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(stdout).toContain('**Verdict: no change to the contract.**');
    expect(defaultDocsUrl()).toMatch(
      /^https:\/\/github\.com\/.+\/blob\/main\/apps\/docs\/guides\/contract-changes\.md$/,
    );
  });

  it('takes another guide with --docs-url', async () => {
    const { code, stdout } = await run([...same, '--pr-comment', '--docs-url', 'https://example.test/r.md']);
    expect(code).toBe(0);
    expect(stdout).toContain(COMMENT_MARKER);
  });

  it('keeps the plain report without --pr-comment', async () => {
    const { stdout } = await run(same);
    expect(stdout.startsWith('# Contract diff\n')).toBe(true);
  });

  it.each([
    [['--docs-url', 'https://example.test/r.md'], '--docs-url only applies with --pr-comment'],
    [['--pr-comment', '--format', 'json'], '--pr-comment only applies to --format markdown, not json'],
    [['--pr-comment', '--docs-url', 'ftp://x/r.md'], '--docs-url must be an http or https URL'],
  ])('refuses %j with a message and exit code 2', async (args, message) => {
    const { code, stderr, stdout } = await run([...same, ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('documents the options in --help', () => {
    for (const option of ['--pr-comment', '--docs-url']) expect(USAGE).toContain(option);
  });
});

describe('spec:diff --format github', () => {
  let repo: ReturnType<typeof splitRepo> | undefined;
  afterEach(() => {
    repo?.cleanup();
    repo = undefined;
  });

  it("annotates each change at the line of the head's source file, removed ones at the nearest survivor", async () => {
    repo = splitRepo();
    repo.edit('spec/components/schemas/Named.yaml', '  color:\n    type: string\n', '');
    repo.edit('spec/components/parameters/ThingId.yaml', 'maxLength: 64', 'maxLength: 32');
    repo.edit('spec/paths/getThing.yaml', 'summary: Get a thing', 'summary: Read a thing');
    const { code, stdout } = await run(['--format', 'github'], repo.root);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=spec/components/parameters/ThingId.yaml,line=6,title=breaking%3A request-constraint-tightened' +
        '::GET /things/{thing_id} (getThing) › path parameter thing_id: maxLength 64 → 32',
      '::error file=spec/components/schemas/Named.yaml,line=3,title=breaking%3A response-property-removed' +
        '::GET /things/{thing_id} (getThing) › response 200 › thing.color: property color removed',
      '::error file=spec/components/parameters/ThingId.yaml,line=6,title=breaking%3A request-constraint-tightened' +
        '::DELETE /things/{thing_id} (deleteThing) › path parameter thing_id: maxLength 64 → 32',
      '::notice file=spec/paths/getThing.yaml,line=2,title=cosmetic%3A documentation-changed' +
        '::GET /things/{thing_id} (getThing) › operation: summary changed',
      'Contract review: breaking: 3 breaking, 0 additive, 1 cosmetic; changeset bump for @scalingo-db-api/openapi: major.',
    ]);
  });

  it('reads the head from a commit with --head, and passes --fail-on through', async () => {
    repo = splitRepo();
    repo.edit('spec/paths/getThing.yaml', 'operationId: getThing', 'operationId: readThing');
    repo.git('commit', '-q', '-am', 'rename');
    repo.write('spec/paths/getThing.yaml', 'not: [the, committed, file]\n');
    const { code, stdout } = await run(
      ['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'github', '--fail-on', 'breaking'],
      repo.root,
    );
    expect(code).toBe(1);
    expect(stdout).toContain(
      '::error file=spec/paths/getThing.yaml,line=1,title=breaking%3A operation-id-changed::',
    );
  });
});

describe('spec:diff --format', () => {
  it('names the formats when it does not know the one given', async () => {
    const { code, stderr } = await run([...same, '--format', 'sarif']);
    expect(code).toBe(2);
    expect(stderr).toContain('--format must be markdown or json, or github (annotations), not "sarif"');
  });
});
