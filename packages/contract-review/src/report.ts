import type { Change, DiffResult } from './diff.js';
import type { Severity } from './rules.js';

export interface ReportContext {
  /** What the head was compared with, e.g. `main (merge base 1a2b3c4)`. */
  base: string;
  /** What was compared, e.g. `working tree`. */
  head: string;
}

const ICON: Record<Severity, string> = {
  breaking: '🔴 breaking',
  additive: '🟢 additive',
  cosmetic: '⚪ cosmetic',
};
const ORDER: Record<Severity, number> = { breaking: 0, additive: 1, cosmetic: 2 };

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function verdict(result: DiffResult): string {
  const { counts } = result;
  if (result.changes.length === 0) return 'no change to the contract';
  const worst: Severity = counts.breaking ? 'breaking' : counts.additive ? 'additive' : 'cosmetic';
  return `${worst}: ${counts.breaking} breaking, ${counts.additive} additive, ${counts.cosmetic} cosmetic`;
}

/** The review report, grouped by operation, worst changes first within each operation. */
export function toMarkdown(result: DiffResult, context: ReportContext): string {
  const lines: string[] = [];
  lines.push('# Contract diff', '');
  lines.push(`Base: ${context.base}  `, `Head: ${context.head}`, '');
  lines.push(
    `**Verdict: ${verdict(result)}.** Changeset bump for \`@scalingo-db-api/openapi\`: **${result.bump}**.`,
  );
  if (result.changes.length === 0) return `${lines.join('\n')}\n`;
  lines.push('');
  const groups = new Map<string, Change[]>();
  for (const change of result.changes) {
    const title =
      change.operation === null
        ? 'Whole document'
        : `${change.operation}${change.operationId ? ` (\`${change.operationId}\`)` : ''}`;
    const list = groups.get(title) ?? [];
    list.push(change);
    groups.set(title, list);
  }
  for (const [title, changes] of groups) {
    lines.push(`## ${title}`, '');
    lines.push('| severity | rule | where | change |', '| --- | --- | --- | --- |');
    const sorted = [...changes].sort((x, y) => ORDER[x.severity] - ORDER[y.severity]);
    for (const change of sorted) {
      lines.push(
        `| ${ICON[change.severity]} | \`${change.rule}\` | ${cell(change.where)} | ${cell(describeChange(change))} |`,
      );
    }
    lines.push('');
  }
  lines.push('The rules: apps/docs/guides/contract-changes.md.');
  return `${lines.join('\n')}\n`;
}

/** What a change did, in one line (a changed text shows both versions, shortened). */
export function describeChange(change: Change): string {
  if (
    change.rule === 'documentation-changed' &&
    typeof change.before === 'string' &&
    typeof change.after === 'string'
  ) {
    return `${change.message}: “${shorten(change.before)}” → “${shorten(change.after)}”`;
  }
  return change.message;
}

function shorten(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

export function toJson(result: DiffResult, context: ReportContext): string {
  return `${JSON.stringify(
    {
      base: context.base,
      head: context.head,
      verdict: verdict(result),
      bump: result.bump,
      counts: result.counts,
      changes: result.changes,
    },
    null,
    2,
  )}\n`;
}
