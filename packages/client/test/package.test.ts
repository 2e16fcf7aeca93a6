import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtBrowserEntry } from './helpers/browser.js';

// These checks look at what is published: they build the package first when dist is stale
// (under the same lock as the browser test, so that two test files never write dist at once).
const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const run = (file: string, args: string[], cwd = root) =>
  execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let packDir: string;
let tarball: string;

beforeAll(() => {
  builtBrowserEntry();
  packDir = mkdtempSync(join(tmpdir(), 'db-api-client-pack-'));
  run('pnpm', ['pack', '--pack-destination', packDir]);
  const name = run('ls', [packDir]).trim();
  tarball = join(packDir, name);
}, 180_000);

afterAll(() => {
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

describe('published package', () => {
  it('passes publint, whose only suggestion is the object form of pkg.browser', () => {
    // --strict fails on any warning. The suggestion left: moving pkg.browser (which hands
    // bundlers internal/attempt.browser.js for browsers) to a "browser" condition of pkg.imports,
    // declined because every tool of this repository would then have to map `#attempt` back to
    // its source (esbuild follows the tsconfig paths TypeScript would need, to the sources).
    // Colours are on when CI is set.
    const out = stripVTControlCharacters(run(bin('publint'), ['--strict']));
    const listed = out.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(listed).toEqual([expect.stringMatching(/^1\. pkg\.browser with an object value/)]);
  }, 60_000);

  it('passes Are The Types Wrong for ESM (node16 and bundlers)', () => {
    // Exits non-zero on any problem.
    const out = run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped']);
    expect(out).not.toMatch(/❌|💀 .*(node16|bundler)/);
  }, 60_000);

  it('keeps createDatabaseApiClient + openapi-fetch within 10 kB min+gzip (size-limit)', () => {
    const results = JSON.parse(run(bin('size-limit'), ['--json'])) as {
      name: string;
      passed: boolean;
      size: number;
      sizeLimit: number;
    }[];
    // The main entry's two budgets, then the meta entry's.
    expect(results.length).toBe(3);
    for (const r of results)
      expect(r, `${r.name}: ${r.size} B > ${r.sizeLimit} B`).toMatchObject({ passed: true });
    expect(results[0]?.sizeLimit).toBe(10000);
  }, 120_000);

  it('has a browser entry (and a meta entry) that imports nothing from Node', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const [, spec] of code.matchAll(
        /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        if (!spec) continue;
        expect(spec, `${file} imports ${spec}`).not.toMatch(
          /^node:|^(fs|path|stream|os|url|http|https|crypto|util)$/,
        );
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      }
    };
    visit(join(root, 'dist/index.js'));
    visit(join(root, 'dist/meta.js'));
    expect(seen.size).toBeGreaterThan(5);
    expect([...seen].some((f) => f.endsWith('node.js'))).toBe(false);
    // The Node subpath does use Node: the walk would have caught it there.
    expect(readFileSync(join(root, 'dist/node.js'), 'utf8')).toMatch(/from 'node:fs'/);
  });
});
