// Scalingo's own traffic reaches the mock: every request of the real-traffic corpus
// (spec/test/fixtures/traffic, the requests each official source sends, checked against the
// spec by spec/test/traffic.test.ts) gets a 2xx. The corpus holds the bodies and queries; the
// path names resources of the default seed (the spec's examples) in a state that allows the call.
import { readdirSync, readFileSync } from 'node:fs';
import { evidenceSources } from '@scalingo-db-api/openapi/model';
import { describe, expect, it } from 'vitest';
import { INFLUX, MONGO, MYSQL, OPENSEARCH, PG, REDIS, SEED_PATH_VALUES, useMock } from './helpers.js';

interface Exchange {
  source: { source: string; version: string; file: string; function?: string; heading?: string };
  engine?: string;
  request: { query?: Record<string, string>; body?: unknown } | null;
  response: { status: number };
}

const dir = new URL('../../../spec/test/fixtures/traffic/', import.meta.url);
const corpus = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map(
    (file) =>
      JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { operationId: string; exchanges: Exchange[] },
  );

const ENGINES: Record<string, string> = {
  postgresql: PG,
  mysql: MYSQL,
  redis: REDIS,
  mongodb: MONGO,
  opensearch: OPENSEARCH,
  influxdb: INFLUX,
};
// Where an operation needs a database in a particular state: a feature to turn on (InfluxDB has
// none), a managed range not allowed yet (MySQL), no backup running (MySQL).
const DATABASE_FOR: Record<string, string> = {
  enableDatabaseFeature: INFLUX,
  createFirewallRule: MYSQL,
  createBackup: MYSQL,
};
// Resources of the default seed, by path parameter; the plan by name, as the JavaScript client
// passes it.
const IDS: Record<string, string> = { ...SEED_PATH_VALUES, plan_id: 'postgresql-business-1024' };

const { client, server } = useMock();

/**
 * The body to send now. A point-in-time restore names a moment inside the database's recovery
 * window, which moves with the clock: the corpus gives the form of `restore_time` (a UTC
 * timestamp with `Z`), the mock's window gives the value, written in that same form.
 */
async function bodyFor(operationId: string, database: string, body: unknown): Promise<unknown> {
  if (operationId !== 'restoreToPointInTime' || !body || typeof body !== 'object') return body;
  const window = (await client().as(database).call('GET', `/databases/${database}/pitr/recovery_window`)).body
    .recovery_window as { earliest_recoverable_at: string; latest_recoverable_at: string };
  const middle = (Date.parse(window.earliest_recoverable_at) + Date.parse(window.latest_recoverable_at)) / 2;
  const sent = String((body as { restore_time: string }).restore_time);
  const at = new Date(Math.floor(middle / 1000) * 1000).toISOString();
  return { ...body, restore_time: sent.includes('.') ? at : at.replace('.000Z', 'Z') };
}

const label = (e: Exchange) =>
  `${e.source.source} ${e.source.version}, ${e.source.file}, ${e.source.function ?? e.source.heading}`;

describe('the mock answers every request of the real-traffic corpus with a 2xx', () => {
  it('reads a corpus of every operation a source shows (one only inferred has no traffic)', () => {
    const shown = server()
      .model.operations.filter((op) => evidenceSources(op.raw).length > 0)
      .map((op) => op.operationId);
    expect(corpus.map((c) => c.operationId).sort()).toEqual(shown.sort());
    expect(corpus.length).toBe(shown.length);
  });

  for (const { operationId, exchanges } of corpus) {
    for (const [index, exchange] of exchanges.entries()) {
      const { request } = exchange;
      if (request === null) continue; // the source shows only an answer
      it(`${operationId} #${index} as ${label(exchange)} sends it`, async () => {
        const operation = server().model.byId.get(operationId);
        expect(operation, `${operationId} is an operation of the mock`).toBeDefined();
        const { method, path } = operation as { method: string; path: string };
        const database = DATABASE_FOR[operationId] ?? ENGINES[exchange.engine ?? 'postgresql'] ?? PG;
        const url = path.replace(/\{([^}]+)\}/g, (_, name: string) =>
          encodeURIComponent(name === 'database_id' ? database : (IDS[name] ?? `unknown-${name}`)),
        );
        const query = new URLSearchParams(request.query ?? {}).toString();
        server().settle(); // the seed's running backup and operations would answer 409 to new work
        const res = await client()
          .as(database)
          .call(method.toUpperCase(), query ? `${url}?${query}` : url, {
            body: await bodyFor(operationId, database, request.body),
          });
        expect(
          res.status,
          `${method} ${url} answered ${res.status}: ${res.text.slice(0, 300)}`,
        ).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(300);
      });
    }
  }
});
