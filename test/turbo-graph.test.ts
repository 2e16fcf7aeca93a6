import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const turbo = join(root, 'node_modules/.bin/turbo');

interface DryTask {
  taskId: string;
  hash: string;
  command: string;
  dependencies: string[];
}

/** A copy of the working tree (tracked and untracked, not ignored files) to edit freely. */
function copyWorkingTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'turbo-graph-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    try {
      cpSync(join(root, file), join(dir, file));
    } catch {
      // A file deleted but not yet committed is listed by git and absent: nothing to copy.
    }
  }
  return dir;
}

function dryRun(dir: string): Map<string, DryTask> {
  const out = execFileSync(turbo, ['run', 'build', '--dry=json'], {
    cwd: dir,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const { tasks } = JSON.parse(out.toString()) as { tasks: DryTask[] };
  return new Map(tasks.map((t) => [t.taskId, t]));
}

/** Tasks with a script whose hash differs, i.e. that a real run would not take from the cache. */
function changedTasks(before: Map<string, DryTask>, after: Map<string, DryTask>): string[] {
  return [...after.values()]
    .filter((t) => t.command !== '<NONEXISTENT>' && before.get(t.taskId)?.hash !== t.hash)
    .map((t) => t.taskId);
}

/** Every task with a script that depends, directly or not, on `taskId`. */
function downstreamOf(tasks: Map<string, DryTask>, taskId: string): string[] {
  const found = new Set([taskId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of tasks.values()) {
      if (!found.has(t.taskId) && t.dependencies.some((d) => found.has(d))) {
        found.add(t.taskId);
        grew = true;
      }
    }
  }
  return [...found].filter((id) => tasks.get(id)?.command !== '<NONEXISTENT>');
}

describe('turbo build graph', () => {
  let dir: string;
  let baseline: Map<string, DryTask>;

  beforeAll(() => {
    dir = copyWorkingTree();
    baseline = dryRun(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-runs exactly the tasks downstream of the spec when one spec file changes', () => {
    appendFileSync(join(dir, 'spec/components/schemas/Backup.yaml'), '\n# edited\n');
    const changed = changedTasks(baseline, dryRun(dir));
    const expected = downstreamOf(baseline, '@scalingo-db-api/openapi#build');
    expect(expected).toEqual(
      expect.arrayContaining([
        '@scalingo-db-api/openapi#build',
        '@scalingo-db-api/client#build',
        '@scalingo-db-api/mock#build',
        '@scalingo-db-api/docs#build',
        '@scalingo-db-api/interop#generate',
      ]),
    );
    expect(changed.sort()).toEqual(expected.sort());
    baseline = dryRun(dir);
  });

  it('re-runs only the docs when a docs guide changes', () => {
    const guide = readdirSync(join(dir, 'apps/docs/guides')).find((f) => f.endsWith('.md'));
    if (!guide) throw new Error('apps/docs/guides holds no guide');
    appendFileSync(join(dir, 'apps/docs/guides', guide), '\nOne more sentence.\n');
    expect(changedTasks(baseline, dryRun(dir))).toEqual(['@scalingo-db-api/docs#build']);
  });
});
