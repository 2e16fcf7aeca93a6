// Each rule belongs to one checker: declared in its `rules` and fired there with its literal id,
// so that `grep -rn "'<rule-id>'" src/` lands on the checker that fires it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../src/rule.js';
import { RULES } from '../src/rules.js';

const SRC = join(import.meta.dirname, '..', 'src');
/** The modules that may declare and fire rules: the checkers and the walker's catch-all. */
const OWNERS = [
  ...readdirSync(join(SRC, 'checkers'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `checkers/${name}`),
  'walker/catch-all.ts',
];

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts')
      ? [{ file: relative(SRC, path), text: readFileSync(path, 'utf8') }]
      : [];
  });
}
// The diff: the walker, the checkers and the list of rules (the reports only read the ids).
const files = [...sources(join(SRC, 'walker')), ...sources(join(SRC, 'checkers'))].concat(
  sources(SRC).filter(({ file }) => file === 'rules.ts' || file === 'diff.ts'),
);

async function declared(owner: string): Promise<readonly Rule[]> {
  const module = (await import(join(SRC, owner))) as { rules?: readonly Rule[] };
  if (!module.rules) throw new Error(`src/${owner} exports no rules`);
  return module.rules;
}

describe('rules and the checkers that fire them', () => {
  it('writes every rule id as a literal in exactly one module, the one that declares it', async () => {
    for (const { id } of RULES) {
      const holders = files.filter(({ text }) => text.includes(`'${id}'`)).map(({ file }) => file);
      expect(holders, id).toHaveLength(1);
      const owner = holders[0] ?? '';
      expect(OWNERS, `${id} is written in ${owner}, which is not a checker`).toContain(owner);
      expect((await declared(owner)).map((r) => r.id)).toContain(id);
    }
  });

  it('lists in rules.ts every rule each checker declares, and nothing else', async () => {
    const all = (await Promise.all(OWNERS.map(declared))).flat();
    expect(all.length).toBe(RULES.length);
    expect(new Set(all)).toEqual(new Set(RULES));
  });

  it('builds no rule id at run time', () => {
    // A template that ends in the tail of an id (`${dir}-property-removed`) hides it from grep.
    const tails = new Set(
      RULES.flatMap(({ id }) => id.split('-').map((_, i, parts) => parts.slice(i).join('-'))),
    );
    for (const { file, text } of files) {
      const built = [...text.matchAll(/\}-([a-z-]+)`/g)].filter((m) => tails.has(m[1] ?? ''));
      expect(
        built.map((m) => m[0]),
        file,
      ).toEqual([]);
    }
  });
});
