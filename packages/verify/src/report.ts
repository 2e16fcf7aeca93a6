// The two reports of a run: JSON for tools (its shape is fixed, see README) and Markdown for a
// pull request: per operation what was checked, what broke the contract and what to change.
import type { Findings, UnknownEnumValue, Violation } from './check.js';
import type { Redactor } from './redact.js';

export interface OperationResult extends Findings {
  operationId: string;
  method: string;
  /** The templated path (ids never appear in it). */
  path: string;
  status: number;
  /** What happened on the way (429 waits, writes undone). */
  notes: string[];
}

export interface RunResult {
  /** What kind of run: `read-only`, `read-only and reversible writes`, `proxy`. */
  mode: string;
  operations: OperationResult[];
  /** Operations not called, with why. */
  skipped: { operationId: string; reason: string }[];
  /** Why the run stopped early, when it did. */
  stopped?: string;
  /** Problems outside any operation (a request the spec has no operation for). */
  problems: string[];
}

export interface JsonReport {
  summary: { checked: number; violations: number; unknownProperties: number; unknownEnumValues: number };
  operations: {
    operationId: string;
    status: number;
    violations: Violation[];
    unknownProperties: string[];
    unknownEnumValues: UnknownEnumValue[];
  }[];
}

export function jsonReport(result: RunResult, redactor: Redactor): JsonReport {
  const operations = result.operations.map((op) => ({
    operationId: op.operationId,
    status: op.status,
    violations: op.violations.map(({ pointer, message }) => ({ pointer, message })),
    unknownProperties: [...op.unknownProperties],
    unknownEnumValues: op.unknownEnumValues.map(({ pointer, value }) => ({ pointer, value })),
  }));
  const count = (pick: (op: JsonReport['operations'][number]) => unknown[]) =>
    operations.reduce((sum, op) => sum + pick(op).length, 0);
  return redactor.value({
    summary: {
      checked: operations.length,
      violations: count((op) => op.violations),
      unknownProperties: count((op) => op.unknownProperties),
      unknownEnumValues: count((op) => op.unknownEnumValues),
    },
    operations,
  });
}

/** Exit code of a run: 1 when an answer broke the contract, 0 otherwise. */
export function exitCode(report: JsonReport): 0 | 1 {
  return report.summary.violations > 0 ? 1 : 0;
}

const code = (text: string) => `\`${text.replaceAll('`', "'")}\``;

export function markdownReport(result: RunResult, redactor: Redactor, specVersion: string): string {
  const json = jsonReport(result, redactor);
  const { summary } = json;
  const lines = [
    '# Contract check of the Scalingo Database API',
    '',
    `Spec: \`@scalingo-db-api/openapi\` ${specVersion}. Run: ${result.mode}${redactor.redact ? ', ids, host names, passwords and URLs redacted' : ''}.`,
    '',
    `| checked | violations | unknown properties | unknown enum values |`,
    `| --- | --- | --- | --- |`,
    `| ${summary.checked} | ${summary.violations} | ${summary.unknownProperties} | ${summary.unknownEnumValues} |`,
    '',
  ];
  if (result.stopped) lines.push(`**The run stopped early:** ${result.stopped}`, '');
  if (summary.violations === 0 && summary.unknownProperties === 0 && summary.unknownEnumValues === 0) {
    lines.push('Every answer matched the contract: nothing to change in the spec.', '');
  }
  for (const op of result.operations) {
    const clean = op.violations.length + op.unknownProperties.length + op.unknownEnumValues.length === 0;
    lines.push(
      `## ${clean ? '✅' : op.violations.length > 0 ? '❌' : '⚠️'} ${code(op.operationId)} — ${op.method} ${code(op.path)} → ${op.status}`,
      '',
    );
    lines.push(`Checked: ${op.checked.join('; ')}.`, '');
    for (const note of op.notes) lines.push(`- ${note}`);
    if (op.notes.length > 0) lines.push('');
    if (op.violations.length > 0) {
      lines.push('Violations:', '');
      for (const v of op.violations) lines.push(`- ${code(v.pointer || '(answer)')}: ${v.message}`);
      lines.push('');
    }
    if (op.unknownProperties.length > 0) {
      lines.push(`Properties the contract does not know: ${op.unknownProperties.map(code).join(', ')}`, '');
    }
    if (op.unknownEnumValues.length > 0) {
      lines.push(
        `Values outside the known enumerations: ${op.unknownEnumValues.map((u) => `${code(u.pointer)} = ${code(u.value)}`).join(', ')}`,
        '',
      );
    }
    if (op.advice.length > 0) {
      lines.push('What to change in the spec:', '');
      for (const advice of [...new Set(op.advice)]) lines.push(`- ${advice}`);
      lines.push('');
    }
  }
  if (result.skipped.length > 0) {
    lines.push('## Not called', '');
    for (const s of result.skipped) lines.push(`- ${code(s.operationId)}: ${s.reason}`);
    lines.push('');
  }
  if (result.problems.length > 0) {
    lines.push('## Other problems', '');
    for (const p of result.problems) lines.push(`- ${p}`);
    lines.push('');
  }
  return redactor.text(lines.join('\n'));
}

/** One line per problem of an operation, for the terminal. */
export function problemLines(op: OperationResult): string[] {
  const head = `${op.method} ${op.path} ${op.status} ${op.operationId}`;
  return [
    ...op.violations.map((v) => `${head}: violation ${v.pointer || '(answer)'}: ${v.message}`),
    ...op.unknownProperties.map((p) => `${head}: unknown property ${p}`),
    ...op.unknownEnumValues.map(
      (u) => `${head}: unknown enum value ${u.pointer} = ${JSON.stringify(u.value)}`,
    ),
  ];
}
