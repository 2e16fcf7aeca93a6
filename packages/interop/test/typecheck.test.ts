import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, root, run, TOOLS, type Tool, timings } from '../src/tools.js';

// One `tsc --strict` run over every generated client, its union checks (checks/union-checks.ts,
// copied beside each) and these tests; errors are counted per tool and per check.
const CHECKS = [
  'action-narrows',
  'action-name-closed',
  'firewall-rule-narrows',
  'firewall-type-closed',
  'status-open',
  'status-known-values',
] as const;

/**
 * What the tools get wrong, pinned so that a change either way is noticed: all four write an
 * open enumeration as `'a' | 'b' | string`, which TypeScript reduces to `string`; only
 * our client keeps the known values (`(string & {})`).
 */
const EXPECTED_FAILING_CHECKS: Record<Tool, string[]> = {
  'hey-api': ['status-known-values'],
  orval: ['status-known-values'],
  'openapi-zod-client': ['status-known-values'],
  'typed-openapi': ['status-known-values'],
};

/** The `// check:` section each line of checks/union-checks.ts belongs to. */
function sectionsByLine(): (string | undefined)[] {
  let current: string | undefined;
  return readFileSync(join(root, 'checks/union-checks.ts'), 'utf8')
    .split('\n')
    .map((line) => {
      current = /^\/\/ check: (\S+)/.exec(line)?.[1] ?? current;
      return current;
    });
}

describe('the generated clients under tsc --strict', () => {
  it('compile, and pass the union checks each tool is known to pass', async () => {
    const { stdout } = await run(
      [bin('typescript', 'tsc'), '-p', 'tsconfig.json', '--pretty', 'false'],
      120_000,
    );
    const errors = stdout.split('\n').filter((line) => /: error TS\d+/.test(line));
    const sections = sectionsByLine();
    const elsewhere = errors.filter((line) => !/^generated\//.test(line));
    expect(elsewhere, 'errors outside the generated clients (the tests, src/)').toEqual([]);
    const report: Record<string, unknown> = {};
    for (const tool of TOOLS) {
      const own = errors.filter((line) => line.startsWith(`generated/${tool}/`));
      const inChecks = own.filter((line) => line.startsWith(`generated/${tool}/union-checks.ts(`));
      const inClient = own.filter((line) => !inChecks.includes(line));
      const failing = new Set(
        inChecks.map((line) => sections[Number(/\((\d+),/.exec(line)?.[1]) - 1] ?? '(outside a check)'),
      );
      report[tool] = {
        generationMs: timings()[tool],
        clientErrors: inClient.length,
        passing: CHECKS.filter((check) => !failing.has(check)),
        failing: [...failing],
      };
      expect([...failing].sort(), `${tool}: failing union checks`).toEqual(
        [...EXPECTED_FAILING_CHECKS[tool]].sort(),
      );
      expect(inClient, `${tool}: errors in the generated client`).toEqual([]);
    }
    console.log(`interop: tsc --strict per tool ${JSON.stringify(report)}`);
  });
});
