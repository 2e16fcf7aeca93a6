// The verifier against a server that breaks the contract on purpose (test/helpers.ts, PLANTED):
// each planted problem is found and classified, the run exits 1, the rate limit and the 429 are
// honoured, and nothing secret reaches any output.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli-run.js';
import type { JsonReport } from '../src/report.js';
import {
  API_TOKEN,
  type BreakingServer,
  fakeClock,
  PG,
  PLANTED,
  REACHABLE_GETS,
  startBreakingServer,
} from './helpers.js';

let server: BreakingServer;
let dir: string;
let run: {
  code: number;
  stdout: string;
  stderr: string;
  json: JsonReport;
  markdown: string;
  rawJson: string;
  clock: ReturnType<typeof fakeClock>;
  ms: number;
};
/** Secrets the run met: the tokens, and values of the answers that identify the database. */
let secrets: string[];

beforeAll(async () => {
  server = await startBreakingServer();
  dir = mkdtempSync(join(tmpdir(), 'verify-breaking-'));
  const token = server.mock.tokenFor(PG);
  const answer = async (path: string) =>
    (
      await fetch(`${server.mock.url}/databases/${PG}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
  const database = (await answer('')).database;
  const archive = await answer(`/backups/${(await answer('/backups')).database_backups[0].id}/archive`);
  secrets = [token, API_TOKEN, PG, database.hostname, database.instances[0].hostname, archive.download_url];
  const out: string[] = [];
  const err: string[] = [];
  const clock = fakeClock();
  const started = performance.now();
  const json = join(dir, 'report.json');
  const report = join(dir, 'report.md');
  const code = await runCli(
    [
      '--base-url',
      server.url,
      '--database',
      PG,
      '--auth-url',
      server.authUrl,
      '--json',
      json,
      '--report',
      report,
    ],
    { env: { SCALINGO_API_TOKEN: API_TOKEN }, stdout: (t) => out.push(t), stderr: (t) => err.push(t), clock },
  );
  const ms = performance.now() - started;
  console.log(`verify against the breaking server: ${ms.toFixed(0)} ms`);
  const rawJson = readFileSync(json, 'utf8');
  run = {
    code,
    stdout: out.join(''),
    stderr: err.join(''),
    json: JSON.parse(rawJson),
    rawJson,
    markdown: readFileSync(report, 'utf8'),
    clock,
    ms,
  };
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const op = (id: string) => {
  const found = run.json.operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`${id} is not in the report`);
  return found;
};

describe('scalingo-db-api-verify against a server that breaks the contract', () => {
  it('exits 1 and counts each planted problem once', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.json.summary).toEqual({
      checked: REACHABLE_GETS.length,
      violations: 4,
      unknownProperties: 1,
      unknownEnumValues: 1,
    });
    expect(Object.keys(PLANTED).length).toBe(7);
  });

  it('reports the dropped required field as a violation at its pointer', () => {
    expect(op('getDatabase').violations).toEqual([
      { pointer: '/database/hostname', message: 'the spec requires it; it is absent' },
    ]);
    expect(run.markdown).toContain(
      'drop `hostname` from `required` in spec/components/schemas/Database.yaml.',
    );
  });

  it('reports the wrong type with what the spec says and what came', () => {
    expect(op('listBackups').violations).toEqual([
      {
        pointer: '/database_backups/0/size',
        message: 'the spec says it must be integer,null; got "twelve megabytes" (string)',
      },
    ]);
    expect(run.markdown).toContain(
      'widen spec/components/schemas/Backup.yaml (at /properties/size) if the server',
    );
  });

  it('reports the unknown value of an open enumeration, not as a violation', () => {
    expect(op('getBackup')).toMatchObject({
      violations: [],
      unknownEnumValues: [{ pointer: '/database_backup/status', value: 'quantum-superposition' }],
    });
    expect(run.markdown).toContain(
      'Add "quantum-superposition" to the values listed by spec/components/schemas/BackupStatus.yaml',
    );
  });

  it('reports the extra property as unknown, not as a violation', () => {
    expect(op('getDatabasePlan')).toMatchObject({ violations: [], unknownProperties: ['/plan/colour'] });
    expect(run.markdown).toContain('Describe `/plan/colour` in spec/components/schemas/Plan.yaml');
  });

  it('reports the undeclared status', () => {
    expect(op('getDatabaseHealth')).toMatchObject({ status: 418 });
    expect(op('getDatabaseHealth').violations[0]?.message).toMatch(
      /^status 418 is not declared \(the spec declares 200, 400/,
    );
  });

  it('reports the unrooted answer as such', () => {
    expect(op('listDatabaseUsers').violations).toEqual([
      { pointer: '', message: 'the answer is unrooted: the spec wraps it in "database-users"; got an array' },
    ]);
  });

  it('waits the Retry-After of a 429, then checks the answer of the retry', () => {
    expect(server.calls.get('listFirewallRules')).toBe(2);
    expect(op('listFirewallRules')).toMatchObject({ status: 200, violations: [] });
    expect(run.clock.sleeps).toContain(7000);
    expect(run.markdown).toContain('answered 429 (Retry-After: 7); waited 7.0 s before asking again');
  });

  it('sends at most one request a second by default', () => {
    // Every request of the run went to the breaking server; the fake clock saw each wait.
    const total = [...server.calls.values()].reduce((a, b) => a + b, 0);
    // Each reachable GET once, and listFirewallRules once more after its planted 429.
    expect(total).toBe(REACHABLE_GETS.length + 1);
    expect(run.clock.at - 1_000_000).toBeGreaterThanOrEqual((total - 1) * 1000);
  });

  it('prints one line per problem', () => {
    const lines = run.stdout.split('\n').filter((l) => /: (violation|unknown)/.test(l));
    expect(lines).toHaveLength(6);
    expect(lines).toContain(
      'GET /databases/{database_id}/plan 200 getDatabasePlan: unknown property /plan/colour',
    );
  });

  it('puts no token, id, host name or pre-signed URL in any output', () => {
    for (const [name, output] of Object.entries({
      stdout: run.stdout,
      json: run.rawJson,
      markdown: run.markdown,
    })) {
      for (const secret of secrets) expect(output, `${name} holds a secret`).not.toContain(secret);
    }
  });

  it('with --no-redact still never prints a token', async () => {
    const out: string[] = [];
    const code = await runCli(
      [
        '--base-url',
        server.url,
        '--database',
        PG,
        '--token',
        server.mock.tokenFor(PG),
        '--no-redact',
        '--rate',
        '5',
      ],
      {
        env: {},
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        clock: fakeClock(),
      },
    );
    expect(code).toBe(1);
    expect(out.join('')).not.toContain(server.mock.tokenFor(PG));
  });
});
