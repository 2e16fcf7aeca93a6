// Runs the Redocly CLI and the bundle script as a user would, and reads their results.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { specDir } from './spec.js';

const cli = join(specDir, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1', FORCE_COLOR: '0' };

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { source: { ref: string }; pointer: string; start?: { line: number; col: number } }[];
}

export interface LintResult {
  status: number | null;
  totals: { errors: number; warnings: number; ignored: number };
  problems: LintProblem[];
  stderr: string;
}

/** `redocly lint <root> --format json`, with spec/redocly.yaml unless told otherwise. */
export function lint(root: string, options: { cwd?: string; config?: string } = {}): LintResult {
  const args = [
    cli,
    'lint',
    root,
    '--format',
    'json',
    '--config',
    options.config ?? join(specDir, 'redocly.yaml'),
  ];
  const run = spawnSync(process.execPath, args, { cwd: options.cwd ?? specDir, encoding: 'utf8', env });
  const start = run.stdout.indexOf('{');
  if (start === -1) throw new Error(`redocly lint printed no JSON report:\n${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(run.stdout.slice(start)) as Omit<LintResult, 'status' | 'stderr'>;
  return { status: run.status, totals: report.totals, problems: report.problems, stderr: run.stderr };
}

/** `redocly lint <root>` in its human format (file:line:col and a code frame). */
export function lintText(root: string, options: { cwd?: string; config?: string } = {}) {
  const args = [
    cli,
    'lint',
    root,
    '--format',
    'stylish',
    '--config',
    options.config ?? join(specDir, 'redocly.yaml'),
  ];
  const run = spawnSync(process.execPath, args, { cwd: options.cwd ?? specDir, encoding: 'utf8', env });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

/** `node scripts/bundle.mjs --root <root> --out <out>`. */
export function bundle(root = specDir, out = join(root, 'dist')) {
  const run = spawnSync(
    process.execPath,
    [join(specDir, 'scripts', 'bundle.mjs'), '--root', root, '--out', out],
    {
      cwd: root,
      encoding: 'utf8',
      env,
    },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

/** Where a problem was reported: `file:line`. */
export function whereOf(problem: LintProblem): string {
  const location = problem.location[0];
  return `${location?.source.ref}:${location?.start?.line ?? '?'}`;
}
