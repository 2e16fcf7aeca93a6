import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { type MockServer, startMockServer } from '@scalingo-db-api/mock';
import { listOperations } from '@scalingo-db-api/openapi/model';
import { afterAll, beforeAll, expect, it } from 'vitest';
// The mock's own table of a request every operation accepts against its seed (one copy).
import { validRequest } from '../../mock/test/valid-requests.js';
import { bin, bundlePath, root } from '../src/tools.js';

// Prism's validating proxy in front of the mock: every operation once, with the spec's own
// examples for its parameters and body; Prism checks the request and the answer against the
// bundle and reports what breaks it in the `sl-violations` header.
let mock: MockServer;
let prism: ChildProcess;
let prismUrl: string;
let upstream: Server;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

beforeAll(async () => {
  // Prism sends the paths without the servers' /api, as it receives them.
  mock = await startMockServer({ timings: 'manual', pathsAtRoot: true, acceptAnyToken: true });
  // Between Prism and the mock: passes everything through, except that a request carrying
  // `x-interop-status` gets its answer's `database.status` replaced by that value, to show what
  // Prism makes of a value the contract does not list.
  upstream = createHttpServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(name),
      ),
    ) as Record<string, string>;
    const answer = await fetch(`${new URL(mock.url).origin}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    let text = await answer.text();
    const status = req.headers['x-interop-status'];
    if (typeof status === 'string') {
      const json = JSON.parse(text);
      json.database.status = /^\d+$/.test(status) ? Number(status) : status;
      text = JSON.stringify(json);
    }
    const kept = [...answer.headers].filter(
      ([name]) => !['content-length', 'content-encoding', 'connection', 'transfer-encoding'].includes(name),
    );
    res.writeHead(answer.status, Object.fromEntries(kept));
    res.end(text);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const address = upstream.address();
  const upstreamUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const port = await freePort();
  prismUrl = `http://127.0.0.1:${port}`;
  prism = spawn(
    process.execPath,
    [
      bin('@stoplight/prism-cli', 'prism'),
      'proxy',
      bundlePath,
      upstreamUrl,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--errors',
      'false',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  );
  let output = '';
  prism.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  prism.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 45_000;
  while (!/Prism is listening/.test(output)) {
    if (prism.exitCode !== null || Date.now() > deadline) throw new Error(`Prism did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

afterAll(async () => {
  prism?.kill('SIGTERM');
  await new Promise((resolve) => upstream?.close(resolve));
  await mock?.close();
});

it("Prism's proxy finds no violation in any operation's request or answer", async () => {
  const outcomes: { operation: string; status: number; violations: unknown[] }[] = [];
  for (const op of mock.model.operations) {
    mock.reset();
    mock.advanceBackups(); // the seed's running backup would answer 409 to a new one
    // The mock's own request that each operation accepts against its seed.
    const request = validRequest(op);
    const res = await fetch(`${prismUrl}${request.path}`, {
      method: request.method,
      headers: {
        authorization: 'Bearer interop',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    const header = res.headers.get('sl-violations');
    outcomes.push({
      operation: op.operationId,
      status: res.status,
      violations: header ? JSON.parse(header) : [],
    });
  }
  const violations = outcomes.filter((o) => o.violations.length > 0);
  const statuses = outcomes.map((o) => `${o.operation} ${o.status}`);
  console.log(
    `interop: Prism proxy ${outcomes.length} operations, ${violations.length} with violations; ${outcomes.filter((o) => o.status < 300).length} answered 2xx`,
  );
  // As many as the bundle holds (a count derived from the spec, never a literal).
  expect(outcomes).toHaveLength(listOperations(JSON.parse(readFileSync(bundlePath, 'utf8'))).length);
  expect(violations).toEqual([]);
  expect(
    statuses.filter((s) => !/ 2\d\d$/.test(s)),
    'every operation succeeds',
  ).toEqual([]);
  expect(mock.violations).toEqual([]);
});

it('Prism accepts a response value an open enumeration does not list, and flags a wrong type', async () => {
  const get = async (status: string) => {
    const res = await fetch(`${prismUrl}/databases/ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71`, {
      headers: { authorization: 'Bearer interop', 'x-interop-status': status },
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.json();
    return { status: body.database.status, violations: JSON.parse(res.headers.get('sl-violations') ?? '[]') };
  };
  expect(await get('hibernating')).toEqual({ status: 'hibernating', violations: [] });
  const wrong = await get('42');
  expect(wrong.status).toBe(42);
  expect(wrong.violations).toContainEqual(
    expect.objectContaining({ location: ['response', 'body', 'database', 'status'] }),
  );
});
