import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDirForTest } from '../../../scripts/temp-dir.js';
import { createMockApi } from '../src/index.js';
import { defaultSeed } from '../src/seed.js';
import { ensureBuilt } from './built.js';
import { PG } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli.js');
const children: ChildProcess[] = [];

beforeAll(() => {
  // The bin runs the built package: built as `pnpm build` does (what `turbo run test` does
  // before the tests anyway), precompiled validators included, when dist/ is older than src/.
  ensureBuilt();
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

  it("prints each account's API token, which the mock exchanges for a user token that opens /api", async () => {
    const dir = tempDirForTest('mock-cli-');
    const file = join(dir, 'seed.json');
    const seed = defaultSeed(createMockApi().model);
    writeFileSync(
      file,
      JSON.stringify({ ...seed, accounts: [{ api_token: 'tk-us-cli-account-1', databases: [PG] }] }),
    );
    const text = await run(['--port', '0', '--seed', file]).output;
    expect(text).toMatch(new RegExp(`^\\s+tk-us-cli-account-1\\s+${PG}$`, 'm'));
    const origin =
      /User token: curl -X POST -u ":tk-us-cli-account-1" (http:\/\/\S+)\/v1\/tokens\/exchange/.exec(
        text,
      )?.[1];
    expect(origin).toBeDefined();
    const exchange = await fetch(`${origin}/v1/tokens/exchange`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(':tk-us-cli-account-1').toString('base64')}` },
    });
    const { token } = await exchange.json();
    const res = await fetch(`${origin}/api/databases/${PG}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  }, 30_000);

  it('applies --latency and --fault', async () => {
    const { output } = run(['--port', '0', '--latency', '150', '--fault', 'listManagedRanges=rate-limit:9']);
    const text = await output;
    const url = /listening on (\S+)/.exec(text)?.[1];
    const token = /^\s+ad-\S+\s+\w+\s+(\S+)$/m.exec(text)?.[1];
    const started = performance.now();
    const res = await fetch(`${url}/firewall/managed_ranges`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('9');
  }, 30_000);

  it('serves the pre-signed archive URL it hands out, capped by --archive-max-bytes', async () => {
    const text = await run(['--port', '0', '--archive-max-bytes', '2048']).output;
    const url = /listening on (\S+)/.exec(text)?.[1];
    const [, addonId, token] = /^\s+(ad-\S+)\s+redis\s+(\S+)$/m.exec(text) ?? [];
    const headers = { authorization: `Bearer ${token}` };
    const { database_backups } = await (
      await fetch(`${url}/databases/${addonId}/backups`, { headers })
    ).json();
    const archive = await fetch(`${url}/databases/${addonId}/backups/${database_backups[0].id}/archive`, {
      headers,
    });
    const { download_url } = await archive.json();
    const res = await fetch(download_url);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(2048);
    const refused = run(['--archive-max-bytes', 'lots']);
    expect(await refused.exit).toBe(1);
    expect(await refused.output).toContain('--archive-max-bytes: expected a whole number of bytes');
  }, 30_000);

  it('refuses a bad seed file, naming the JSON path, with exit code 1', async () => {
    const dir = tempDirForTest('mock-cli-');
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({ databases: [{ addon_id: 'ad-x', database: { id: 3 } }] }));
    const { output, exit } = run(['--seed', file]);
    expect(await exit).toBe(1);
    expect(await output).toContain('$.databases[0].database.id');
  }, 30_000);

  it('says so when the seed has no database, instead of printing an undefined token', async () => {
    const dir = tempDirForTest('mock-cli-');
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({ databases: [] }));
    const text = await run(['--port', '0', '--seed', file]).output;
    expect(text).toContain('(none: the seed has no database)');
    expect(text).not.toContain('undefined');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/api)/.exec(text)?.[1];
    expect(text).toContain(`Try: curl ${url}/ca_certificate`);
    expect((await fetch(`${url}/ca_certificate`)).status).toBe(200);
  }, 30_000);

  it('refuses a fault it cannot read, naming the field', async () => {
    const { output, exit } = run(['--fault', 'getDatabase=explode']);
    expect(await exit).toBe(1);
    expect(await output).toMatch(/kind: must be one of/);
  }, 30_000);

  it('refuses a fault whose match names no operation', async () => {
    const { output, exit } = run(['--port', '0', '--fault', 'getDatabse=drop']);
    expect(await exit).toBe(1);
    expect(await output).toContain('"getDatabse" names no operation');
  }, 30_000);

  it('prints its usage with --help', async () => {
    const { output, exit } = run(['--help']);
    expect(await exit).toBe(0);
    expect(await output).toContain('--seed <file.json>');
  }, 30_000);
});

describe('the built package', () => {
  const probe = `
    const { createMockApi } = await import(${JSON.stringify(join(root, 'dist/index.js'))});
    const api = createMockApi();
    const token = api.tokenFor('ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71');
    const requests = JSON.parse(process.argv[1]);
    const answers = requests.map(([method, url, body]) => {
      const res = api.handle({ method, url, origin: 'http://127.0.0.1:4010', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body });
      return [res.status, res.json];
    });
    console.log(JSON.stringify({ precompiled: api.engine.validator.usesPrecompiled, compiled: api.engine.validator.compiled.length, answers }));
  `;
  const requests: [string, string, string | undefined][] = [
    [
      'GET',
      '/api/databases/ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71/maintenance?per_page=1&page=2',
      undefined,
    ],
    ['GET', '/api/databases/ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71/maintenance?per_page=zero', undefined],
    [
      'POST',
      '/api/databases/ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71/users',
      JSON.stringify({ database_user: { name: '-x', read_only: 1 } }),
    ],
    [
      'POST',
      '/api/databases/ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71/firewall_rules',
      JSON.stringify({ firewall_rule: { type: 'custom_range', cidr: 'x' } }),
    ],
    [
      'POST',
      '/api/databases/ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71/action',
      JSON.stringify({ action_name: 'pg-cancel-query', params: {} }),
    ],
    [
      'PATCH',
      '/api/databases/ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71',
      JSON.stringify({ database: { periodic_backups_scheduled_at: [25] } }),
    ],
  ];

  it('starts with the validators compiled at build time, compiling none, and answers like the sources', async () => {
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', probe, JSON.stringify(requests)],
      {
        encoding: 'utf8',
      },
    );
    const built = JSON.parse(output);
    expect(built.precompiled).toBe(true);
    expect(built.compiled).toBe(0);
    const { createMockApi } = await import('../src/index.js');
    const fromSources = createMockApi();
    expect(fromSources.engine.validator.usesPrecompiled).toBe(false);
    const token = fromSources.tokenFor('ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71');
    const expected = requests.map(([method, url, body]) => {
      const res = fromSources.handle({
        method,
        url,
        origin: 'http://127.0.0.1:4010',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      return [res.status, res.json];
    });
    expect(built.answers).toEqual(expected);
  }, 30_000);
});
