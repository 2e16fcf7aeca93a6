// Runs the Redocly CLI and the bundle script as a user would, and reads their results.
import { execFile } from 'node:child_process';
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
  status: number;
  totals: { errors: number; warnings: number; ignored: number };
  problems: LintProblem[];
  stderr: string;
}

/** Runs `node <args>` and resolves with its exit status and output (never rejects on a non-zero exit). */
export function runNode(
  args: string[],
  cwd: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** `redocly lint <root> --format json`, with spec/redocly.yaml unless told otherwise. */
export async function lint(
  root: string,
  options: { cwd?: string; config?: string } = {},
): Promise<LintResult> {
  const config = options.config ?? join(specDir, 'redocly.yaml');
  const run = await runNode(
    [cli, 'lint', root, '--format', 'json', '--config', config],
    options.cwd ?? specDir,
  );
  const start = run.stdout.indexOf('{');
  if (start === -1) throw new Error(`redocly lint printed no JSON report:\n${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(run.stdout.slice(start)) as Omit<LintResult, 'status' | 'stderr'>;
  return { status: run.status, totals: report.totals, problems: report.problems, stderr: run.stderr };
}

/** `node scripts/bundle.mjs --root <root> --out <out>`. */
export async function bundle(root = specDir, out = join(root, 'dist')) {
  const run = await runNode([join(specDir, 'scripts', 'bundle.mjs'), '--root', root, '--out', out], root);
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

/** Where a problem was reported: `file:line`. */
export function whereOf(problem: LintProblem): string {
  const location = problem.location[0];
  return `${location?.source.ref}:${location?.start?.line ?? '?'}`;
}
