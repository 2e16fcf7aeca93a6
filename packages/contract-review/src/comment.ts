import { createRequire } from 'node:module';
import type { Change, DiffResult } from './diff.js';
import { describeChange, type ReportContext, verdict } from './report.js';
import type { Severity } from './rules.js';
import { ruleAnchor } from './rules-table.js';

/** The first line of the comment: the workflow finds its previous comment by it and updates it. */
export const COMMENT_MARKER = '<!-- scalingo-db-api:contract-review -->';

/** The guide whose rules tables give every rule a row (see rules-table.ts). */
export const RULES_GUIDE = 'apps/docs/guides/contract-changes.md';

/** GitHub refuses comments over 65,536 characters: stay well under, whatever the change. */
export const MAX_COMMENT_CHARS = 60_000;
/** Rows shown before the comment says how many more there are. */
export const MAX_ROWS = 150;
/** The longest text shown in one cell, in characters. */
export const MAX_CELL_CHARS = 240;

const ICON: Record<Severity, string> = {
  breaking: '🔴 breaking',
  additive: '🟢 additive',
  cosmetic: '⚪ cosmetic',
};
const ORDER: Severity[] = ['breaking', 'additive', 'cosmetic'];

/**
 * The rules guide as the repository declares it: the `repository` of the spec package
 * (`@scalingo-db-api/openapi`, whose manifest also names the contract's home), on branch main.
 */
export function defaultDocsUrl(): string {
  const manifest = createRequire(import.meta.url)('@scalingo-db-api/openapi/package.json') as {
    repository?: { url?: unknown } | string;
  };
  const raw = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const repo = typeof raw === 'string' ? raw.replace(/^git\+/, '').replace(/\.git$/, '') : '';
  if (!/^https:\/\/[^/]+\/[^/]+\/[^/]+$/.test(repo)) {
    throw new Error(`@scalingo-db-api/openapi declares no https repository URL (found "${String(raw)}")`);
  }
  return `${repo}/blob/main/${RULES_GUIDE}`;
}

/** Checks a `--docs-url`: an absolute http(s) URL without a fragment, which the anchors follow. */
export function parseDocsUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--docs-url must be an absolute URL, not "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`--docs-url must be an http or https URL, not "${value}"`);
  }
  if (url.hash) throw new Error(`--docs-url must not carry a #fragment: each rule adds its own`);
  // Parentheses and spaces would end a Markdown link early.
  return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** The link to a rule's row in the rules guide. */
export const ruleUrl = (docsUrl: string, rule: string): string => `${docsUrl}#${ruleAnchor(rule)}`;

/**
 * Text from the compared specs (property names, descriptions, URLs) as inert Markdown in a table
 * cell: one line, bounded, no HTML, no emphasis, link or code span, no `@mention` or `#123`
 * reference that would notify people or cross-link issues.
 */
export function inert(text: string, max = MAX_CELL_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = [...flat].length > max ? `${[...flat].slice(0, max - 1).join('')}…` : flat;
  return cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~!]/g, '\\$&')
    .replace(/([@#])/g, '$1\u200b');
}

function operationCell(change: Change): string {
  if (change.operation === null) return 'whole document';
  const id = change.operationId;
  const shownId = id === null ? '' : /^[\w.-]{1,100}$/.test(id) ? ` (\`${id}\`)` : ` (${inert(id, 100)})`;
  return `${inert(change.operation)}${shownId}`;
}

function row(change: Change, docsUrl: string): string {
  const rule = `[\`${change.rule}\`](${ruleUrl(docsUrl, change.rule)})`;
  return `| ${ICON[change.severity]} | ${rule} | ${operationCell(change)} | ${inert(change.where)} | ${inert(describeChange(change))} |`;
}

const HEADER = ['| severity | rule | operation | where | change |', '| --- | --- | --- | --- | --- |'];

/**
 * The report as a pull-request comment: the verdict first, then one table of the breaking and
 * additive changes, breaking first, and the cosmetic ones folded away; each rule links to its row
 * in the rules guide at `docsUrl`. The comment stays under GitHub's size limit whatever the specs
 * hold, and says how many rows it left out.
 */
export function toPullRequestComment(result: DiffResult, context: ReportContext, docsUrl: string): string {
  const worst = ORDER.find((severity) => result.counts[severity] > 0);
  const head = [
    COMMENT_MARKER,
    `### Contract review: ${worst ? ICON[worst] : 'no change'}`,
    '',
    `**Verdict: ${verdict(result)}.** Changeset bump for \`@scalingo-db-api/openapi\`: **${result.bump}**.`,
    '',
    `Base: ${inert(context.base)} · Head: ${inert(context.head)}`,
  ];
  const sorted = ORDER.flatMap((severity) => result.changes.filter((c) => c.severity === severity));
  const footer = `Each rule links to its row in [the rules](${docsUrl}); \`pnpm spec:diff\` shows the same report locally.`;
  let budget = MAX_COMMENT_CHARS - head.join('\n').length - footer.length - 400;
  const shown: Change[] = [];
  const rows = new Map<Change, string>();
  for (const change of sorted) {
    const line = row(change, docsUrl);
    if (shown.length >= MAX_ROWS || line.length + 1 > budget) break;
    budget -= line.length + 1;
    shown.push(change);
    rows.set(change, line);
  }
  const lines = [...head];
  const main = shown.filter((change) => change.severity !== 'cosmetic');
  const cosmetic = shown.filter((change) => change.severity === 'cosmetic');
  if (main.length) lines.push('', ...HEADER, ...main.map((change) => rows.get(change) as string));
  if (cosmetic.length) {
    lines.push(
      '',
      `<details><summary>${cosmetic.length} cosmetic change${cosmetic.length === 1 ? '' : 's'}</summary>`,
      '',
      ...HEADER,
      ...cosmetic.map((change) => rows.get(change) as string),
      '',
      '</details>',
    );
  }
  const left = sorted.length - shown.length;
  if (left > 0) {
    lines.push(
      '',
      `…and ${left} more change${left === 1 ? '' : 's'} not shown here: run \`pnpm spec:diff\`.`,
    );
  }
  if (sorted.length) lines.push('', footer);
  return `${lines.join('\n')}\n`;
}
