// The validating proxy in front of the breaking server: it forwards every request unchanged,
// checks request and answer, prints one line per problem and never a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type ValidatingProxy } from '../src/proxy.js';
import { Redactor } from '../src/redact.js';
import { jsonReport, markdownReport } from '../src/report.js';
import { type BreakingServer, PG, startBreakingServer } from './helpers.js';

let server: BreakingServer;
let proxy: ValidatingProxy;
let redactor: Redactor;
const lines: string[] = [];

beforeAll(async () => {
  server = await startBreakingServer();
  redactor = new Redactor();
  proxy = await startProxy({ target: server.url, redactor, log: (l) => lines.push(l) });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${proxy.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.mock.tokenFor(PG)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('scalingo-db-api-verify proxy', () => {
  it('passes answers through unchanged and reports each problem on one line', async () => {
    lines.length = 0;
    const direct = await (
      await fetch(`${server.url}/databases/${PG}/plan`, {
        headers: { authorization: `Bearer ${server.mock.tokenFor(PG)}` },
      })
    ).json();
    const through = await call('GET', `/databases/${PG}/plan`);
    expect(through.status).toBe(200);
    expect(await through.json()).toEqual(direct);
    const health = await call('GET', `/databases/${PG}/health`);
    expect(health.status).toBe(418);
    expect(lines).toEqual([
      'GET /databases/{database_id}/plan 200 getDatabasePlan: unknown property /plan/colour',
      expect.stringMatching(
        /^GET \/databases\/\{database_id\}\/health 418 getDatabaseHealth: violation \(answer\): status 418 is not declared/,
      ),
    ]);
  });

  it('checks requests too: a body the spec refuses is reported, and still forwarded', async () => {
    lines.length = 0;
    const response = await call('POST', `/databases/${PG}/users`, {
      database_user: { name: 'ab', read_only: 'yes' },
    });
    expect(response.status).toBe(422);
    expect(
      lines.some((l) =>
        l.includes(
          "violation (answer): the request's request body /database_user/name must NOT have fewer than 6 characters",
        ),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.includes('/database_user/read_only must be boolean'))).toBe(true);
  });

  it('says when a request matches no operation of the spec', async () => {
    lines.length = 0;
    await call('GET', `/databases/${PG}/nothing-here`);
    expect(lines).toEqual([
      'GET /api/databases/[redacted]/[redacted]: no operation of the spec (under /api) matches this request',
    ]);
  });

  it('keeps the token, the ids and the answers’ secrets out of its lines and reports', async () => {
    const created = await call('POST', `/databases/${PG}/users`, {
      database_user: { name: 'proxy-user', read_only: true },
    });
    const { password } = (await created.json()).database_user;
    expect(password).toMatch(/.{8,}/);
    const token = server.mock.tokenFor(PG);
    const outputs = [
      lines.join('\n'),
      JSON.stringify(jsonReport(proxy.result, redactor)),
      markdownReport(proxy.result, redactor, 'test'),
    ];
    for (const output of outputs) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(PG);
      expect(output).not.toContain(password);
    }
    expect(jsonReport(proxy.result, redactor).summary.checked).toBe(4);
  });
});
