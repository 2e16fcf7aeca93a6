import { readFileSync, writeFileSync } from 'node:fs';
import { RULES, type Side } from './rules.js';

export const TABLE_START =
  '<!-- rules-table:start (generated from packages/contract-review/src/rules.ts) -->';
export const TABLE_END = '<!-- rules-table:end -->';

const SECTIONS: Array<[Side, string]> = [
  ['request', 'What clients send (requests, parameters, authentication)'],
  ['response', 'What clients read (responses)'],
  ['both', 'Both sides, and the document as a whole'],
];

const SEVERITY: Record<string, string> = {
  breaking: '**breaking**',
  additive: 'additive',
  cosmetic: 'cosmetic',
};

/** A Markdown table with padded columns, the way Biome formats Markdown tables. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, 3, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/**
 * The anchor of a rule's row in the rules guide (`#rule-operation-removed`). The row carries it
 * as an empty `<a id>` at the start of its "change" cell, so that a report can link to the rule
 * while the "rule" cell stays the bare id.
 */
export const ruleAnchor = (id: string): string => `rule-${id}`;

/** The rules as Markdown tables, one per side of the exchange. */
export function rulesTable(): string {
  const out: string[] = [];
  for (const [side, title] of SECTIONS) {
    const rows = RULES.filter((r) => r.side === side).map((rule) => [
      `\`${rule.id}\``,
      SEVERITY[rule.severity] ?? rule.severity,
      `<a id="${ruleAnchor(rule.id)}"></a>${rule.change}`,
      rule.why,
    ]);
    out.push(`### ${title}`, '', ...table(['rule', 'severity', 'change', 'why'], rows), '');
  }
  return out.join('\n').trimEnd();
}

/** The guide's text with the generated tables between the markers. */
export function withRulesTable(guide: string, file: string): string {
  const start = guide.indexOf(TABLE_START);
  const end = guide.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`${file}: the markers ${TABLE_START} … ${TABLE_END} are missing`);
  return `${guide.slice(0, start + TABLE_START.length)}\n\n${rulesTable()}\n\n${guide.slice(end)}`;
}

export function writeRulesGuide(file: string): boolean {
  const guide = readFileSync(file, 'utf8');
  const next = withRulesTable(guide, file);
  if (next === guide) return false;
  writeFileSync(file, next);
  return true;
}
