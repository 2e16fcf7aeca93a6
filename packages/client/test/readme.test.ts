import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error the generator is plain JavaScript
import { loadBundle } from '../scripts/generate.mjs';
// @ts-expect-error plain JavaScript
import { END, renderOperationTable, START, withOperationTable } from '../scripts/readme.mjs';
import { facadeMethods } from '../src/meta.js';

const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');

describe('README', () => {
  it('lists every operation of the spec with its facade method (run `pnpm --filter @scalingo-db-api/client readme`)', () => {
    const table = renderOperationTable(loadBundle(), facadeMethods) as string;
    expect(readme).toBe(withOperationTable(readme, table));
    const between = readme.slice(readme.indexOf(START), readme.indexOf(END));
    for (const [id, method] of Object.entries(facadeMethods)) {
      expect(between).toContain(`| \`${id}\` |`);
      expect(between).toContain(`\`client.${method}()\``);
    }
  });

  it('covers install, regions, tokens, errors, retries, pagination, waiting and downloading', () => {
    for (const heading of [
      '## Install',
      '## Quick start',
      '## Tokens',
      '## Errors',
      '## Timeouts, cancellation and retries',
      '## Pagination',
      '## Waiting and downloading',
      '## Operations',
    ]) {
      expect(readme).toContain(heading);
    }
    expect(readme).toContain("region: 'osc-fr1'");
    expect(readme).toContain("region: 'osc-secnum-fr1'");
  });
});
