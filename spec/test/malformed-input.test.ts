// A broken input must fail the lint and the bundle with a message that names the file and the
// line (or, for the example check on the bundle, the JSON pointer), not pass or fail vaguely.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { checkExamples, describeFailure } from './support/examples.js';
import { bundle, lint, whereOf } from './support/redocly.js';
import { fixturesDir, operationFiles, readBundle, specDir } from './support/spec.js';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the tiny "good" lint fixture, or of the whole spec, in a temporary folder. */
function copyOf(what: 'tiny' | 'spec'): string {
  const dir = mkdtempSync(join(tmpdir(), `spec-malformed-${what}-`));
  temporary.push(dir);
  if (what === 'tiny') cpSync(join(fixturesDir, 'lint', 'good'), dir, { recursive: true });
  else {
    for (const entry of ['openapi.yaml', 'redocly.yaml', 'paths', 'components', 'rules']) {
      cpSync(join(specDir, entry), join(dir, entry), { recursive: true });
    }
  }
  return dir;
}

/** Replaces `from` by `to` in a file (fails if `from` is not there); returns the 1-based line. */
function edit(file: string, from: string, to: string): number {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(from);
  if (at === -1) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  writeFileSync(file, text.replace(from, to));
  return text.slice(0, at).split('\n').length;
}

describe('a YAML syntax error in an operation file', () => {
  const dir = copyOf('tiny');
  // The unclosed flow sequence is reported where the parser gives up: the next line.
  const line =
    edit(join(dir, 'paths', 'getWidget.yaml'), 'summary: Get a widget', 'summary: [Get a widget') + 1;

  it('fails the bundle, naming the file and the line', () => {
    const run = bundle(dir, join(dir, 'dist'));
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(new RegExp(`paths/getWidget\\.yaml:${line}:\\d+\\s+Failed to parse`));
  });

  it('fails the lint, naming the file and the line', () => {
    const result = lint('openapi.yaml', { cwd: dir });
    expect(result.status).not.toBe(0);
    const parseErrors = result.problems.filter((problem) => /Failed to parse/.test(problem.message));
    expect(parseErrors.map(whereOf)).toContain(`paths/getWidget.yaml:${line}`);
  });
});

describe('a $ref to a missing file', () => {
  const dir = copyOf('tiny');
  const line = edit(
    join(dir, 'paths', 'getWidget.yaml'),
    'schemas/WidgetEnvelope.yaml',
    'schemas/WidgetEnvelop.yaml',
  );

  it('fails the bundle, naming the file, the line and the missing target', () => {
    const run = bundle(dir, join(dir, 'dist'));
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(
      new RegExp(`paths/getWidget\\.yaml:${line}:\\d+\\s+Can't resolve \\$ref: .*WidgetEnvelop\\.yaml`),
    );
  });

  it('fails the lint with no-unresolved-refs, naming the file and the line', () => {
    const result = lint('openapi.yaml', { cwd: dir });
    expect(result.status).not.toBe(0);
    expect(
      result.problems.filter((problem) => problem.ruleId === 'no-unresolved-refs').map(whereOf),
    ).toContain(`paths/getWidget.yaml:${line}`);
  });
});

describe('an example that violates its schema', () => {
  const dir = copyOf('spec');
  // Break one field of a shared example: the PostgreSQL database's status becomes a number.
  const file = join(dir, 'components', 'examples', 'DatabasePostgresql.yaml');
  const document = parseDocument(readFileSync(file, 'utf8'));
  const path = ['value', 'database', 'status'];
  if (!document.hasIn(path)) throw new Error(`${file} has no ${path.join('.')}`);
  document.setIn(path, 42);
  writeFileSync(file, document.toString());
  const lines = new LineCounter();
  const reparsed = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  const database = reparsed.getIn(['value', 'database'], true);
  const pair = isMap(database) ? database.items.find((item) => String(item.key) === 'status') : undefined;
  const line = lines.linePos((pair?.key as { range?: [number] } | undefined)?.range?.[0] ?? 0).line;

  it('fails the lint with no-invalid-media-type-examples, naming the example file and the line', () => {
    const result = lint('openapi.yaml', { cwd: dir });
    expect(result.status).not.toBe(0);
    const invalid = result.problems.filter((problem) => problem.ruleId === 'no-invalid-media-type-examples');
    expect(invalid.map(whereOf)).toContain(`components/examples/DatabasePostgresql.yaml:${line}`);
    expect(invalid.map((problem) => problem.message).join('\n')).toMatch(/status/);
  });

  it('fails the Ajv example check on the bundle, naming the file and the JSON pointer', () => {
    const run = bundle(dir, join(dir, 'dist'));
    expect(run.status, run.output).toBe(0);
    const { failures } = checkExamples(readBundle(join(dir, 'dist', 'openapi.json')));
    const messages = failures.map((failure) => describeFailure(failure, operationFiles(dir)));
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message).toMatch(
        /^components\/examples\/DatabasePostgresql\.yaml: example #\/paths\/.* -> #\/components\/examples\/DatabasePostgresql\/value does not match schema #\/components\/schemas\/DatabaseEnvelope: \/database\/status must be string/,
      );
    }
  });
});
