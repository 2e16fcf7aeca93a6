// The verifier against the mock, which follows the contract: nothing to report, exit 0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@scalingo-db-api/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractChecker } from '../src/check.js';
import { runCli } from '../src/cli-run.js';
import { READ_STEPS, readSteps } from '../src/plan.js';
import type { JsonReport } from '../src/report.js';
import { fakeClock, PG, REACHABLE_GETS } from './helpers.js';

let mock: MockServer;
let dir: string;
beforeAll(async () => {
  mock = await startMockServer({ timings: 'manual' });
  dir = mkdtempSync(join(tmpdir(), 'verify-mock-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = {}, fetchImpl?: typeof fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const clock = fakeClock();
  const started = performance.now();
  const code = await runCli(args, {
    env,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    clock,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return { code, stdout: out.join(''), stderr: err.join(''), clock, ms: performance.now() - started };
}

describe('scalingo-db-api-verify against the mock', () => {
  it('checks every reachable GET operation, finds nothing, exits 0 and writes both reports', async () => {
    const json = join(dir, 'mock.json');
    const report = join(dir, 'mock.md');
    const result = await run(['--base-url', mock.url, '--database', PG, '--json', json, '--report', report], {
      DB_API_TOKEN: mock.tokenFor(PG),
    });
    console.log(
      `verify against the mock: ${result.ms.toFixed(0)} ms (fake clock: ${(result.clock.at - 1_000_000) / 1000} s of waits at 1 request/s)`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    expect(parsed.summary).toEqual({
      checked: REACHABLE_GETS.length,
      violations: 0,
      unknownProperties: 0,
      unknownEnumValues: 0,
    });
    expect(Object.keys(parsed)).toEqual(['summary', 'operations']);
    expect(parsed.operations.map((o) => o.operationId).sort()).toEqual([...REACHABLE_GETS].sort());
    expect(Object.keys(parsed.operations[0] ?? {})).toEqual([
      'operationId',
      'status',
      'violations',
      'unknownProperties',
      'unknownEnumValues',
    ]);
    const markdown = readFileSync(report, 'utf8');
    expect(markdown).toContain('Every answer matched the contract');
    expect(markdown).toContain('`getBackupRestoration`: a restoration id is only given by `restoreBackup`');
    expect(mock.violations).toEqual([]);
  });

  it('plans every GET operation of the spec, and only GET operations', () => {
    const checker = new ContractChecker();
    const gets = checker.model.operations.filter((op) => op.method === 'get').map((op) => op.operationId);
    const plan = readSteps(checker.model.operations);
    expect(plan.map((s) => s.operationId).sort()).toEqual(gets.sort());
    // READ_STEPS names only GET operations of the spec, each once.
    expect(READ_STEPS.every((s) => gets.includes(s.operationId))).toBe(true);
    expect(new Set(plan.map((s) => s.operationId)).size).toBe(plan.length);
  });

  it('plans a GET operation READ_STEPS does not name from its path parameters, and refuses one with a required query', () => {
    const checker = new ContractChecker();
    const get = checker.operation('getBackup');
    const extra = {
      ...get,
      operationId: 'getScratchThing',
      path: '/databases/{database_id}/scratch/{thing_id}',
    };
    extra.parameters = [
      ...get.parameters.filter((p) => p.name === 'database_id'),
      {
        ...get.parameters.find((p) => p.name === 'backup_id'),
        name: 'thing_id',
      } as (typeof get.parameters)[0],
    ];
    const steps = readSteps([...checker.model.operations, extra]);
    expect(steps.slice(0, READ_STEPS.length)).toEqual(READ_STEPS);
    expect(steps.at(-1)).toEqual({
      operationId: 'getScratchThing',
      params: { database_id: '$database', thing_id: '$thingId' },
    });
    const needsQuery = {
      ...extra,
      parameters: [
        ...extra.parameters,
        { name: 'type', in: 'query', required: true } as (typeof get.parameters)[0],
      ],
    };
    expect(() => readSteps([needsQuery])).toThrow(
      /getScratchThing needs an entry in READ_STEPS \(required query type\)/,
    );
  });

  it('with --writes --yes, creates then deletes a user and a firewall rule, leaving both lists as they were', async () => {
    const token = mock.tokenFor(PG);
    const list = async (path: string) =>
      (
        await fetch(`${mock.url}/databases/${PG}/${path}`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
    const before = [await list('users'), await list('firewall_rules')];
    const json = join(dir, 'writes.json');
    const report = join(dir, 'writes.md');
    const passwords: string[] = [];
    const spy = (async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      const text = await response.clone().text();
      for (const m of text.matchAll(/"password":"([^"]+)"/g)) passwords.push(m[1] as string);
      return response;
    }) as typeof fetch;
    const result = await run(
      ['--base-url', mock.url, '--database', PG, '--writes', '--yes', '--json', json, '--report', report],
      { DB_API_TOKEN: token },
      spy,
    );
    expect(result.code).toBe(0);
    const ids = (JSON.parse(readFileSync(json, 'utf8')) as JsonReport).operations.map(
      (o) => `${o.operationId} ${o.status}`,
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'createDatabaseUser 201',
        'deleteDatabaseUser 204',
        'createFirewallRule 201',
        'deleteFirewallRule 204',
      ]),
    );
    expect([await list('users'), await list('firewall_rules')]).toEqual(before);
    // The created user's password came back in the answer; it is in no output.
    expect(passwords.length).toBeGreaterThan(0);
    for (const output of [result.stdout, readFileSync(json, 'utf8'), readFileSync(report, 'utf8')]) {
      for (const password of passwords) expect(output).not.toContain(password);
      expect(output).not.toContain(token);
    }
  });

  it('refuses --writes without --yes when there is no terminal to ask on, and calls nothing', async () => {
    const result = await run(['--base-url', mock.url, '--database', PG, '--writes'], {
      DB_API_TOKEN: 'x-token',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('confirm with --yes');
    expect(result.stdout).toBe('');
  });

  it('does not write when the interactive confirmation is not "yes"', async () => {
    const out: string[] = [];
    const code = await runCli(['--base-url', mock.url, '--database', PG, '--writes'], {
      env: { DB_API_TOKEN: mock.tokenFor(PG) },
      stdout: (t) => out.push(t),
      stderr: () => {},
      ask: async () => 'no',
      clock: fakeClock(),
    });
    expect(code).toBe(2);
    expect(out).toEqual([]);
  });

  it('derives a region base URL from the spec and names the known regions for a wrong one', async () => {
    const result = await run(['--region', 'mars-1', '--database', PG, '--token', 't0ken']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown region "mars-1" (known: osc-fr1, osc-secnum-fr1)');
  });
});
