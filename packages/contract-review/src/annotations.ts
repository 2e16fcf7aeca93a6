import type { Change, DiffResult } from './diff.js';
import { describeChange, verdict } from './report.js';
import type { Severity } from './rules.js';
import type { SourceLocation } from './source-map.js';

/** GitHub keeps 10 annotations of each kind (error, warning, notice) per step: more are dropped. */
export const MAX_PER_KIND = 10;
/** The longest message of one annotation, in characters, before escaping. */
export const MAX_MESSAGE_CHARS = 1000;

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  breaking: 'error',
  additive: 'warning',
  cosmetic: 'notice',
};
const ORDER: Severity[] = ['breaking', 'additive', 'cosmetic'];

/** The message of a workflow command: `%`, CR and LF are escaped, so that it stays one command. */
export const escapeData = (text: string): string =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A property of a workflow command (`file=…`): also `:` and `,`, which end a property. */
export const escapeProperty = (text: string): string =>
  escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const bounded = (text: string, max: number) =>
  [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;

/** One GitHub workflow annotation for a change, at its line of the head's spec. */
export function annotation(change: Change, at: SourceLocation): string {
  const operation =
    change.operation === null
      ? 'whole document'
      : `${change.operation}${change.operationId ? ` (${change.operationId})` : ''}`;
  const properties = [
    `file=${escapeProperty(bounded(at.file, 300))}`,
    `line=${at.line}`,
    `title=${escapeProperty(`${change.severity}: ${change.rule}`)}`,
  ].join(',');
  const message = bounded(`${operation} › ${change.where}: ${describeChange(change)}`, MAX_MESSAGE_CHARS);
  return `::${COMMAND[change.severity]} ${properties}::${escapeData(message)}`;
}

/**
 * The report as GitHub workflow commands: one annotation per change, breaking (`::error`) first,
 * then additive (`::warning`) and cosmetic (`::notice`), as many of each as GitHub keeps, then one
 * plain line with the verdict and how many changes were left without an annotation.
 */
export function toAnnotations(result: DiffResult, locate: (change: Change) => SourceLocation): string {
  const shown = ORDER.flatMap((severity) =>
    result.changes.filter((c) => c.severity === severity).slice(0, MAX_PER_KIND),
  );
  const lines = shown.map((change) => annotation(change, locate(change)));
  const left = result.changes.length - shown.length;
  const rest = left > 0 ? ` (${left} more not annotated: see the report)` : '';
  lines.push(
    `Contract review: ${escapeData(verdict(result))}; changeset bump for @scalingo-db-api/openapi: ${result.bump}${rest}.`,
  );
  return `${lines.join('\n')}\n`;
}
