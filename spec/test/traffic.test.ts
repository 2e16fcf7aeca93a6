// The real-traffic corpus (fixtures/traffic/<operationId>.json): for each operation and each
// source that shows it, the request that source sends and the answer it reads, with the
// reference (source, version, file, function or heading) where a reviewer checks it. Every
// request and answer must validate against the contract: the spec describes what the server
// accepts and answers, so it must accept Scalingo's own traffic.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolver } from '../model/document.js';
import { evidenceSources } from '../model/extensions.js';
import { schemaValidator } from './support/examples.js';
import { type Doc, fixturesDir, operationsOf, readBundle, ruleOptions } from './support/spec.js';

const doc = readBundle();
const validate = schemaValidator(doc);
const versions = ruleOptions('operation-evidence')?.versions as Record<string, string>;
const trafficDir = join(fixturesDir, 'traffic');

interface Exchange {
  source: { source: string; version: string; file: string; function?: string; heading?: string };
  engine?: string;
  /** null when the source shows only the answer. */
  request: { query?: Record<string, string>; body?: unknown } | null;
  response: { status: number; body?: unknown };
  note?: string;
}
const corpus = readdirSync(trafficDir)
  .filter((file) => file.endsWith('.json'))
  .map(
    (file) =>
      JSON.parse(readFileSync(join(trafficDir, file), 'utf8')) as {
        operationId: string;
        exchanges: Exchange[];
      },
  );

/** What a `$ref` chain ends on (or the node), followed by the shared model. */
const deref: (node: Doc | undefined) => Doc | undefined = resolver(doc);
const operations = new Map(operationsOf(doc).map((entry) => [entry.operation.operationId as string, entry]));

/** A query value as the server reads it: the parameter's scalar type from its string. */
function fromQuery(value: string, schema: Doc): unknown {
  const types = ([] as string[]).concat(schema.type ?? []);
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value))
    return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

const label = (e: Exchange) =>
  `${e.source.source} ${e.source.version}, ${e.source.file}, ${e.source.function ?? e.source.heading}`;

describe('the real-traffic corpus', () => {
  // Traffic is evidence: an operation no source shows (`x-scalingo-evidence: inferred` only,
  // with its `x-scalingo-inferred` marks saying why) has none to record, and is listed apart
  // rather than given made-up traffic. Every operation a source shows has its file.
  it('covers every operation a source shows, and every source each operation names in x-scalingo-evidence', () => {
    const missing: string[] = [];
    const unsourced: string[] = [];
    for (const [id, { operation }] of operations) {
      const sources = evidenceSources(operation);
      const file = corpus.find((c) => c.operationId === id);
      if (sources.length === 0) {
        unsourced.push(id);
        continue;
      }
      if (!file) {
        missing.push(`${id}: no fixtures/traffic/${id}.json`);
        continue;
      }
      for (const source of sources) {
        if (!file.exchanges.some((e) => e.source.source === source))
          missing.push(`${id}: nothing from ${source}`);
      }
    }
    expect(missing).toEqual([]);
    expect(corpus.map((c) => c.operationId).filter((id) => !operations.has(id))).toEqual([]);
    // No file for an operation only inferred: its exchanges would cite a source it does not name.
    expect(corpus.map((c) => c.operationId).filter((id) => unsourced.includes(id))).toEqual([]);
  });

  for (const { operationId, exchanges } of corpus) {
    describe(operationId, () => {
      const entry = operations.get(operationId);
      for (const [index, exchange] of exchanges.entries()) {
        it(`#${index} ${label(exchange)}: its request and answer validate`, () => {
          expect(entry, `${operationId} is an operation of the spec`).toBeDefined();
          const { operation, path } = entry as { operation: Doc; path: string };
          const { source } = exchange;
          expect(
            versions[source.source],
            `a known source (${Object.keys(versions).join(', ')})`,
          ).toBeDefined();
          expect(source.version).toBe(versions[source.source]);
          expect(typeof source.file === 'string' && (source.function ?? source.heading)).toBeTruthy();
          expect(([] as string[]).concat(operation['x-scalingo-evidence'])).toContain(source.source);

          const problems: string[] = [];
          const parameters = [...(doc.paths[path].parameters ?? []), ...(operation.parameters ?? [])].map(
            (p: Doc) => deref(p) as Doc,
          );
          for (const [name, value] of Object.entries(exchange.request?.query ?? {})) {
            const parameter = parameters.find((p) => p.in === 'query' && p.name === name);
            if (!parameter) problems.push(`query parameter ${name} is not declared`);
            else
              problems.push(
                ...validate(fromQuery(value, deref(parameter.schema) as Doc) as never, parameter.schema).map(
                  (e) => `query ${name}: ${e}`,
                ),
              );
          }
          const requestBody = deref(operation.requestBody);
          if (exchange.request?.body !== undefined) {
            const schema = requestBody?.content?.['application/json']?.schema;
            if (!schema) problems.push('a body is sent but the operation declares no JSON request body');
            else
              problems.push(
                ...validate(exchange.request.body as never, schema).map((e) => `request body: ${e}`),
              );
          } else if (exchange.request && requestBody?.required) {
            problems.push('no body is sent but the request body is required');
          }

          const response = deref(operation.responses?.[String(exchange.response.status)]);
          if (!response) problems.push(`status ${exchange.response.status} is not declared`);
          else if (exchange.response.body !== undefined) {
            const schema = response.content?.['application/json']?.schema;
            if (!schema) problems.push(`the ${exchange.response.status} answer has no JSON schema`);
            else
              problems.push(...validate(exchange.response.body as never, schema).map((e) => `answer: ${e}`));
          }
          expect(problems).toEqual([]);
        });
      }
    });
  }
});
