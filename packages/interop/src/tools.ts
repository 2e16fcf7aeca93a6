// What the interop tests share: where things are and how to run a package's command.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = createRequire(import.meta.url).resolve('@scalingo-db-api/openapi/openapi.json');
export const TOOLS = ['hey-api', 'orval', 'openapi-zod-client', 'typed-openapi'] as const;
export type Tool = (typeof TOOLS)[number];

/** How long each tool took to generate, as scripts/generate.mjs recorded it. */
export function timings(): Record<Tool, number> {
  return JSON.parse(readFileSync(join(root, 'generated/timings.json'), 'utf8')).timings;
}

/** The JavaScript file of a package's command. */
export function bin(pkg: string, name?: string): string {
  const dir = join(root, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entry =
    typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name ?? Object.keys(manifest.bin)[0]];
  return join(dir, entry);
}

/** Runs a command to its end, killed after `timeoutMs`; resolves with its exit code and output. */
export function run(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
