import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type MockServer, type MockServerOptions, startMockServer } from '../src/index.js';

export const PG = 'ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71';
export const MYSQL = 'ad-7c41d9e0-2a6b-4f3c-8e5d-1b9a0c7f2e63';
export const REDIS = 'ad-b2e5f8a1-4c7d-4a0e-9f3b-5d8c2e1a6f94';
export const MONGO = 'ad-e9a3c6f2-8b1d-4e7a-b5c0-3f6d9a2e8c15';
export const OPENSEARCH = 'ad-1d4f7a0c-3e6b-4d9a-8c2f-7b0e5a3d1c86';
export const INFLUX = 'ad-5a8d1b4e-7f0c-4b3a-9e6d-2c5f8b1a4e07';

/** A value for each path parameter but `database_id`, naming a resource of the default seed (the spec's examples). */
export const SEED_PATH_VALUES: Record<string, string> = {
  backup_id: '65f1c0a2b3d4e5f6a7b8c9d0',
  restoration_id: '65f2d1b3c4e5f6a7b8c9d0e1',
  username: 'reporting-ro',
  maintenance_id: '65e0a9b8c7d6e5f4a3b2c1d0',
  rule_id: '660a1b2c3d4e5f6a7b8c9d0e',
  operation_id: '6610f2e3d4c5b6a7980a1b2c',
  instance_id: 'in-4c7e2a91-0b3d-4f6a-9e8c-1d5b7a3f2e60',
  metric: 'cpu',
  type_id: '5f2b1a3c9d8e7f6a5b4c3d2e',
  version_id: '66b0c8a2e4f1d3a5b7c9e1f0',
  plan_id: '5d3c2b1a0f9e8d7c6b5a4f3e',
};

// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field and assert on them
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface Client {
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field and assert on them
  call<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string | null; raw?: string },
  ): Promise<Answer<T>>;
  /** Calls with the token of the database named in the path (or the PostgreSQL one). */
  as(addonId: string): Client;
}

/**
 * Starts one mock for the test file (time moves only with the hooks, every answer is checked
 * against the spec) and fails any test after which the mock recorded a contract violation.
 */
export function useMock(options: MockServerOptions = {}): { server: () => MockServer; client: () => Client } {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ timings: 'manual', ...options });
  });
  afterAll(() => server.close());
  afterEach(() => {
    expect(server.violations, 'the mock answered off-contract').toEqual([]);
    server.reset();
  });
  const make = (addonId: string): Client => ({
    async call(method, path, { body, token, raw } = {}) {
      const bearer = token === undefined ? server.tokenFor(addonId) : token;
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
      return { status: res.status, headers: res.headers, body: parsed as never, text };
    },
    as: (other) => make(other),
  });
  return { server: () => server, client: () => make(PG) };
}
