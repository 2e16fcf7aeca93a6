import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMMENT_MARKER,
  defaultDocsUrl,
  inert,
  MAX_COMMENT_CHARS,
  parseDocsUrl,
  RULES_GUIDE,
  toPullRequestComment,
} from '../src/comment.js';
import { type Change, type DiffResult, diffSpecs } from '../src/diff.js';
import { applyPatch, bundlePair, FIXTURES, readYaml } from './helpers.js';

const base = readYaml(join(FIXTURES, 'base.yaml'));
const DOCS = 'https://example.test/guide.md';
const context = { base: 'main (abc1234)', head: 'working tree' };

function resultOf(changes: Change[]): DiffResult {
  const counts = { breaking: 0, additive: 0, cosmetic: 0 };
  for (const change of changes) counts[change.severity]++;
  return { changes, counts, bump: counts.breaking ? 'major' : counts.additive ? 'minor' : 'patch' };
}

describe('the pull-request comment', () => {
  it('opens with the marker and the verdict, lists breaking changes first and links each rule', async () => {
    const head = applyPatch(base, [
      { op: 'add', path: '/components/schemas/Thing/properties/weight', value: { type: 'integer' } },
      { op: 'remove', path: '/components/schemas/Thing/properties/color' },
      { op: 'replace', path: '/info/description', value: 'Reworded.' },
    ]);
    const pair = await bundlePair(base, head);
    const comment = toPullRequestComment(diffSpecs(pair.base, pair.head), context, DOCS);
    const lines = comment.split('\n');
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toBe('### Contract review: 🔴 breaking');
    expect(comment).toContain('**Verdict: breaking: 4 breaking, 4 additive, 1 cosmetic.**');
    const rows = lines.filter((line) => /^\| (🔴|🟢|⚪)/.test(line));
    const severities = rows.map((line) => line.split(' | ')[0]);
    expect(severities).toEqual([...severities].sort((x, y) => rank(x) - rank(y)));
    expect(rows[0]).toBe(
      '| 🔴 breaking | [`response-property-removed`](https://example.test/guide.md#rule-response-property-removed)' +
        ' | GET /things (`listThings`) | response 200 › things\\[\\].color | property color removed |',
    );
    // Cosmetic changes are folded under a summary, after the others.
    expect(comment.indexOf('<details><summary>1 cosmetic change</summary>')).toBeGreaterThan(
      comment.indexOf('🟢 additive'),
    );
    expect(comment).toContain('| ⚪ cosmetic | [`documentation-changed`]');
  });

  it('says when nothing changed, without a table', () => {
    const comment = toPullRequestComment(resultOf([]), context, DOCS);
    expect(comment).toContain('### Contract review: no change');
    expect(comment).toContain('**Verdict: no change to the contract.**');
    expect(comment).not.toContain('| severity |');
  });

  it('stays under the size limit and says how many changes it left out', () => {
    const many: Change[] = Array.from({ length: 5000 }, (_, i) => ({
      rule: 'response-property-removed',
      severity: 'breaking',
      operation: 'GET /things',
      operationId: 'listThings',
      where: `response 200 › ${'x'.repeat(5000)}${i}`,
      message: `property ${i} removed`,
    }));
    const comment = toPullRequestComment(resultOf(many), context, DOCS);
    expect(comment.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(comment).toMatch(/…and 4\d\d\d more changes not shown here/);
  });
});

describe('text from the specs in the comment', () => {
  it('cannot open HTML, a code span, a link or a new table cell, nor mention anyone', () => {
    const shown = inert('a|b `code` <img src=x> [l](http://x) @team #12 *em*\nnext');
    expect(shown).toBe(
      'a\\|b \\`code\\` &lt;img src=x&gt; \\[l\\](http://x) @\u200bteam #\u200b12 \\*em\\* next',
    );
  });

  it('cuts long text to a bounded length', () => {
    expect([...inert('é'.repeat(10_000), 50)]).toHaveLength(50);
  });

  it('escapes a hostile operationId instead of putting it in a code span', () => {
    const change: Change = {
      rule: 'operation-added',
      severity: 'additive',
      operation: 'GET /x',
      operationId: 'a` | <b>',
      where: 'operation',
      message: 'operation added',
    };
    const comment = toPullRequestComment(resultOf([change]), context, DOCS);
    expect(comment).toContain('| GET /x (a\\` \\| &lt;b&gt;) |');
  });
});

describe('the link to the rules', () => {
  it('defaults to the rules guide in the repository the spec package declares', () => {
    expect(defaultDocsUrl()).toBe(
      `https://github.com/scalingo-db-api/scalingo-db-api/blob/main/${RULES_GUIDE}`,
    );
  });

  it.each([
    ['not a url', 'must be an absolute URL'],
    ['javascript:alert(1)', 'must be an http or https URL'],
    ['https://example.test/g.md#x', 'must not carry a #fragment'],
  ])('refuses %j', (value, message) => {
    expect(() => parseDocsUrl(value)).toThrow(message);
  });

  it('keeps a Markdown link whole when the URL holds parentheses', () => {
    expect(parseDocsUrl('https://example.test/a(b)/g.md')).toBe('https://example.test/a%28b%29/g.md');
  });
});

function rank(cell: string | undefined): number {
  return ['| 🔴 breaking', '| 🟢 additive', '| ⚪ cosmetic'].indexOf(cell ?? '');
}
