// Test servers: the mock itself, and a server in front of it that breaks the contract on purpose
// (one planted problem per operation, listed in PLANTED) and serves the token exchange.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MockServer, startMockServer } from '@scalingo-db-api/mock';
import { buildApiModel, bundledSpec } from '@scalingo-db-api/mock/contract';
import type { Clock } from '../src/gentle.js';

/** The PostgreSQL database the mock seeds from the spec's examples. */
export const PG = 'ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71';
export const API_TOKEN = 'tk-us-verify-test-api-token-0123456789';

/** A clock whose time moves only when someone sleeps: a run at 1 request/s takes no real time. */
export function fakeClock(): Clock & { sleeps: number[]; at: number } {
  const clock = {
    at: 1_000_000,
    sleeps: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

/** What the breaking server does to each operation's answer. */
export const PLANTED = {
  getDatabase: 'drops the required database.hostname',
  listBackups: 'sends database_backups[0].size as a string',
  getBackup: 'sends an unknown backup status',
  getDatabasePlan: 'adds plan.colour',
  getDatabaseHealth: 'answers 418, a status the spec does not declare',
  listDatabaseUsers: 'answers the bare array (unrooted)',
  listFirewallRules: 'answers 429 with Retry-After: 7 the first time',
} as const;

type Json = Record<string, unknown>;
const model = buildApiModel(bundledSpec);

/**
 * The GET operations of the spec a read-only run cannot reach on the mock's default seed: the
 * seed's databases run no operation (`current_operation_id` is null), and a restoration id is
 * only given by `restoreBackup`, a write.
 */
export const UNREACHABLE_ON_THE_SEED = ['getDatabaseOperation', 'getOperation', 'getBackupRestoration'];

/** The GET operations a read-only run checks on the default seed: every other GET of the spec. */
export const REACHABLE_GETS = model.operations
  .filter((op) => op.method === 'get' && !UNREACHABLE_ON_THE_SEED.includes(op.operationId))
  .map((op) => op.operationId);

function mutate(operationId: string, body: Json): { status?: number; body: unknown } {
  switch (operationId) {
    case 'getDatabase':
      delete (body.database as Json).hostname;
      return { body };
    case 'listBackups':
      ((body.database_backups as Json[])[0] as Json).size = 'twelve megabytes';
      return { body };
    case 'getBackup':
      (body.database_backup as Json).status = 'quantum-superposition';
      return { body };
    case 'getDatabasePlan':
      (body.plan as Json).colour = 'blue';
      return { body };
    case 'listDatabaseUsers':
      return { body: body['database-users'] };
    default:
      return { body };
  }
}

export interface BreakingServer {
  url: string;
  authUrl: string;
  mock: MockServer;
  /** Requests seen per operationId. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** @param retryAfter what the planted 429 asks to wait, in seconds (the bin test keeps it short). */
export async function startBreakingServer(retryAfter = '7'): Promise<BreakingServer> {
  const mock = await startMockServer({ timings: 'manual' });
  const calls = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await read(req);
    if (req.method === 'POST' && url.pathname === '/auth/v1/tokens/exchange') {
      const ok = req.headers.authorization === `Basic ${btoa(`:${API_TOKEN}`)}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { token: mock.tokenFor(PG) } : { error: 'invalid token' }));
      return;
    }
    const match = model.router.match(req.method ?? 'GET', url.pathname.replace(/^\/api/, ''));
    const operationId = match.kind === 'operation' ? match.operation.operationId : '';
    const seen = (calls.get(operationId) ?? 0) + 1;
    calls.set(operationId, seen);
    if (operationId === 'listFirewallRules' && seen === 1) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
      res.end(JSON.stringify({ error: 'Too many requests' }));
      return;
    }
    if (operationId === 'getDatabaseHealth') {
      res.writeHead(418, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: "I'm a teapot" }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))
        headers[name] = value;
    }
    const upstream = await fetch(`${mock.url.replace(/\/api$/, '')}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: body === '' ? undefined : body,
    });
    const text = await upstream.text();
    const type = upstream.headers.get('content-type') ?? '';
    if (!type.includes('json') || upstream.status >= 300) {
      res.writeHead(upstream.status, type ? { 'content-type': type } : {});
      res.end(text);
      return;
    }
    let changed: ReturnType<typeof mutate>;
    try {
      changed = mutate(operationId, JSON.parse(text) as Json);
    } catch (error) {
      // A planted problem that no longer fits the mock's answer must fail loudly, not hang.
      res.writeHead(599, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: `the breaking server could not plant its problem: ${(error as Error).message}`,
        }),
      );
      return;
    }
    res.writeHead(changed.status ?? upstream.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(changed.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    authUrl: `http://127.0.0.1:${port}/auth/v1`,
    mock,
    calls,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await mock.close();
    },
  };
}
