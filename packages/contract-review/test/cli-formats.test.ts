import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpecDiff, USAGE } from '../src/cli.js';
import { COMMENT_MARKER, defaultDocsUrl } from '../src/comment.js';
import { FIXTURES } from './helpers.js';

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
