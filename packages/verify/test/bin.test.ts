// The published bin, as a user runs it (built: `pnpm build` first; `pnpm test` does), on the real
// clock with a faster rate to keep the run short.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type MockServer, startMockServer } from '@scalingo-db-api/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../src/report.js';
import { type BreakingServer, PG, REACHABLE_GETS, startBreakingServer } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'cli.js');
const exec = promisify(execFile);

let mock: MockServer;
let breaking: BreakingServer;
let dir: string;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first`);
  mock = await startMockServer({ timings: 'manual' });
  breaking = await startBreakingServer('1');
  dir = mkdtempSync(join(tmpdir(), 'verify-bin-'));
});
afterAll(async () => {
  await mock.close();
  await breaking.close();
  rmSync(dir, { recursive: true, force: true });
});

async function bin(args: string[], env: Record<string, string>) {
  const started = performance.now();
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr, ms: performance.now() - started };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, ms: performance.now() - started };
  }
}

describe('the scalingo-db-api-verify bin', () => {
  it('exits 0 against the mock and 1 against the breaking server, at the rate asked', async () => {
    const token = mock.tokenFor(PG);
    const clean = await bin(['--base-url', mock.url, '--database', PG, '--rate', '20'], {
      DB_API_TOKEN: token,
    });
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    const json = join(dir, 'breaking.json');
    const broken = await bin(['--base-url', breaking.url, '--database', PG, '--rate', '20', '--json', json], {
      DB_API_TOKEN: token,
    });
    expect(broken.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    const checked = REACHABLE_GETS.length;
    expect(report.summary).toEqual({
      checked,
      violations: 4,
      unknownProperties: 1,
      unknownEnumValues: 1,
    });
    // n answers at 20 a second take at least (n - 1) × 50 ms; the planted 429 adds its 1 s.
    expect(clean.ms).toBeGreaterThan((checked - 1) * 50);
    expect(broken.ms).toBeGreaterThan(checked * 50 + 1000);
    console.log(
      `bin at --rate 20: against the mock ${clean.ms.toFixed(0)} ms (exit ${clean.code}), against the breaking server ${broken.ms.toFixed(0)} ms (exit ${broken.code})`,
    );
    for (const output of [clean.stdout, broken.stdout, readFileSync(json, 'utf8')]) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(PG);
    }
  });

  it('proxy: writes the reports on Ctrl-C, with one line per problem printed before', async () => {
    const json = join(dir, 'proxy.json');
    const report = join(dir, 'proxy.md');
    const child = spawn(process.execPath, [
      BIN,
      'proxy',
      '--target',
      breaking.url,
      '--port',
      '0',
      '--json',
      json,
      '--report',
      report,
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the proxy did not start: ${out}${err}`)), 15_000);
      child.stdout.on('data', () => {
        const found = / on (http:\/\/\S+):/.exec(out);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
    });
    const token = breaking.mock.tokenFor(PG);
    const answer = await fetch(`${url}/databases/${PG}/plan`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain(
      'GET /databases/{database_id}/plan 200 getDatabasePlan: unknown property /plan/colour',
    );
    expect(JSON.parse(readFileSync(json, 'utf8')).summary).toEqual({
      checked: 1,
      violations: 0,
      unknownProperties: 1,
      unknownEnumValues: 0,
    });
    expect(readFileSync(report, 'utf8')).toContain(
      'Describe `/plan/colour` in spec/components/schemas/Plan.yaml',
    );
    expect(out + readFileSync(report, 'utf8')).not.toContain(token);
  });
});
