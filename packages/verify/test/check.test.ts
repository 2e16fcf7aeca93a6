// The checker on its own: no false alarm on what the spec itself shows, and the right class for
// findings inside alternatives (oneOf), envelopes with several keys, headers and content types.
import { describe, expect, it } from 'vitest';
import { ContractChecker } from '../src/check.js';

const checker = new ContractChecker();
const json = { 'content-type': 'application/json' };
const answer = (status: number, body: unknown, headers: Record<string, string> = json) => ({
  status,
  headers,
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('ContractChecker', () => {
  it("finds nothing in the examples the spec gives for every GET operation's answers", () => {
    let checked = 0;
    const found: string[] = [];
    for (const operation of checker.model.operations.filter((op) => op.method === 'get')) {
      for (const response of operation.responses) {
        const status = Number(response.key);
        if (!Number.isInteger(status)) continue;
        for (const media of response.content) {
          for (const [name, example] of Object.entries(media.examples)) {
            checked += 1;
            const result = checker.check(
              operation,
              answer(status, example, { 'content-type': media.mediaType }),
            );
            const all = [
              ...result.violations.map((v) => v.message),
              ...result.unknownProperties,
              ...result.unknownEnumValues.map((u) => u.value),
            ];
            if (all.length > 0) found.push(`${operation.operationId} ${status} ${name}: ${all.join('; ')}`);
          }
        }
      }
    }
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('follows the branch of a oneOf the answer matches: an unknown status in an unrooted maintenance is only an unknown value', () => {
    const operation = checker.operation('getMaintenance');
    const maintenance = {
      id: '65e0a9b8c7d6e5f4a3b2c1d0',
      database_id: 'ad-1',
      type: 'pg-md5-to-sha256-auth-migration',
      status: 'paused-by-a-new-rule',
      started_at: '2026-03-03T03:00:04.118+01:00',
      ended_at: null,
    };
    for (const body of [maintenance, { maintenance }]) {
      const result = checker.check(operation, answer(200, body));
      expect(result.violations).toEqual([]);
      expect(result.unknownProperties).toEqual([]);
      expect(result.unknownEnumValues).toEqual([
        { pointer: body === maintenance ? '/status' : '/maintenance/status', value: 'paused-by-a-new-rule' },
      ]);
    }
  });

  it('calls an envelope of several keys that came bare "unrooted"', () => {
    const result = checker.check(checker.operation('listMaintenance'), answer(200, []));
    expect(result.violations).toEqual([
      { pointer: '', message: 'the answer is unrooted: the spec wraps it in "maintenance"; got an array' },
    ]);
  });

  it('reports an undeclared content type and a wrong declared header', () => {
    const html = checker.check(
      checker.operation('getDatabase'),
      answer(200, '<html>', { 'content-type': 'text/html' }),
    );
    expect(html.violations).toEqual([
      { pointer: '', message: 'content type text/html is not declared (the spec declares application/json)' },
    ]);
    const limited = checker.check(
      checker.operation('getDatabase'),
      answer(429, 'Retry later', { 'content-type': 'text/plain', 'retry-after': '5' }),
    );
    expect(limited.violations).toEqual([]);
    expect(limited.checked).toContain('headers retry-after');
  });

  it('keeps request enumerations closed: a path value outside one is a problem the proxy reports', () => {
    const operation = checker.operation('getDatabaseMetricSeries');
    const closed = operation.parameters.find((p) => p.name === 'metric')?.schema?.enum;
    expect(closed).toContain('cpu');
    const validate = checker.requestValidators(operation).path;
    expect(validate?.({ database_id: 'ad-1', metric: 'gpu' })).toEqual({
      metric: [`must be one of: ${(closed as string[]).join(', ')}`],
    });
  });
});
