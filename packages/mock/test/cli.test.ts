import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli.js');
const children: ChildProcess[] = [];

beforeAll(() => {
  // The bin runs the compiled code: build it (what `turbo run test` does before the tests anyway).
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}, 120_000);

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

function run(args: string[]): { child: ChildProcess; output: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const output = new Promise<string>((resolve) => {
    const check = () => (/Try: curl/.test(text) ? resolve(text) : undefined);
    child.stdout?.on('data', check);
    child.on('exit', () => resolve(text));
  });
  return { child, output, exit };
}

describe('scalingo-db-api-mock', () => {
  it('prints the base URL and, for each seeded database, its addon_id, type and a token that opens it', async () => {
    const { output } = run(['--port', '0']);
    const text = await output;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/api)/.exec(text)?.[1];
    expect(url).toBeDefined();
    const rows = [...text.matchAll(/^\s+(ad-[\w-]+)\s+(\w+)\s+(\S+)$/gm)];
    expect(rows.map((r) => r[2])).toEqual(
      expect.arrayContaining(['postgresql', 'mysql', 'redis', 'mongodb', 'opensearch']),
    );
    for (const [, addonId, , token] of rows) {
      const res = await fetch(`${url}/databases/${addonId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    }
  }, 30_000);

  it('applies --latency and --fault', async () => {
    const { output } = run(['--port', '0', '--fault', 'listManagedRanges=rate-limit:9']);
    const text = await output;
    const url = /listening on (\S+)/.exec(text)?.[1];
    const token = /^\s+ad-\S+\s+\w+\s+(\S+)$/m.exec(text)?.[1];
    const res = await fetch(`${url}/firewall/managed_ranges`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('9');
  }, 30_000);

  it('refuses a bad seed file, naming the JSON path, with exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-cli-'));
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({ databases: [{ addon_id: 'ad-x', database: { id: 3 } }] }));
    const { output, exit } = run(['--seed', file]);
    expect(await exit).toBe(1);
    expect(await output).toContain('$.databases[0].database.id');
  }, 30_000);

  it('refuses a fault it cannot read, naming the field', async () => {
    const { output, exit } = run(['--fault', 'getDatabase=explode']);
    expect(await exit).toBe(1);
    expect(await output).toMatch(/kind: must be one of/);
  }, 30_000);

  it('prints its usage with --help', async () => {
    const { output, exit } = run(['--help']);
    expect(await exit).toBe(0);
    expect(await output).toContain('--seed <file.json>');
  }, 30_000);
});
