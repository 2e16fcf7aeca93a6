// Tests that run the built package (the bin, the attack suite's mock process) call this: it builds the
// package first when dist/ is missing or older than src/ (under a lock, so that two test files
// never write dist/ at the same time); in `pnpm test` the build has already run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const packageRoot = join(import.meta.dirname, '..');
const workspaceRoot = join(packageRoot, '..', '..');

function isStale(entry: string): boolean {
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > built,
    );
  // The spec's bundle too: the build precompiles its validators.
  const bundle = join(workspaceRoot, 'spec', 'dist', 'openapi.json');
  return newer(join(packageRoot, 'src')) || (existsSync(bundle) && statSync(bundle).mtimeMs > built);
}

/** Builds the package (and what it depends on) when its dist/ is stale; returns the built entry. */
export function ensureBuilt(): string {
  const entry = join(packageRoot, 'dist', 'index.js');
  if (isStale(entry)) {
    execFileSync(
      'flock',
      [
        '/tmp/scalingo-db-api-mock-build.lock',
        'pnpm',
        'turbo',
        'run',
        'build',
        '--filter',
        '@scalingo-db-api/mock',
      ],
      {
        cwd: workspaceRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', REDOCLY_TELEMETRY: 'off' },
      },
    );
    if (!existsSync(entry)) throw new Error(`the build did not produce ${entry}`);
  }
  return entry;
}
