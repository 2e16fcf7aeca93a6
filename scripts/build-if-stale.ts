// Tests that run a package's built output call this: it builds the package with Turborepo (what it
// depends on included) when the output is missing or older than one of its inputs, holding a lock
// so that two test files never write the same dist/ at once. In `pnpm test` the build has run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const workspaceRoot = join(import.meta.dirname, '..');

/** Whether a file, or any file under a directory, changed after `time`. */
function newerThan(path: string, time: number): boolean {
  if (!existsSync(path)) return false;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  return readdirSync(path).some((name) => newerThan(join(path, name), time));
}

export function buildIfStale(options: { entry: string; inputs: string[]; filter: string }): string {
  const { entry, inputs, filter } = options;
  const stale = !existsSync(entry) || inputs.some((input) => newerThan(input, statSync(entry).mtimeMs));
  if (stale) {
    const lock = `/tmp/${filter.replace(/[@/]/g, '-')}-build.lock`;
    execFileSync('flock', [lock, 'pnpm', 'turbo', 'run', 'build', '--filter', filter], {
      cwd: workspaceRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', REDOCLY_TELEMETRY: 'off' },
    });
    if (!existsSync(entry)) throw new Error(`the build of ${filter} did not produce ${entry}`);
  }
  return entry;
}
