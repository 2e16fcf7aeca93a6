// A broken input must fail the lint and the bundle with a message that names the file and the
// line (or, for the example check on the bundle, the JSON pointer), not pass or fail vaguely.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { checkExamples, describeFailure } from './support/examples.js';
import { bundle, type LintResult, lint, whereOf } from './support/redocly.js';
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
    for (const entry of ['openapi.yaml', 'redocly.yaml', 'paths', 'components', 'rules', 'model', 'lib']) {
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

/** Bundles and lints a broken copy at the same time. */
function bundleAndLint(dir: string) {
  const results: { bundle?: { status: number; output: string }; lint?: LintResult } = {};
  beforeAll(async () => {
    [results.bundle, results.lint] = await Promise.all([
      bundle(dir, join(dir, 'dist')),
      lint('openapi.yaml', { cwd: dir }),
    ]);
  });
  return results as Required<typeof results>;
}

describe('a YAML syntax error in an operation file', () => {
  const dir = copyOf('tiny');
  // The unclosed flow sequence is reported where the parser gives up: the next line.
  const line =
    edit(join(dir, 'paths', 'getWidget.yaml'), 'summary: Get a widget', 'summary: [Get a widget') + 1;
  const results = bundleAndLint(dir);

  it('fails the bundle, naming the file and the line', () => {
    expect(results.bundle.status).not.toBe(0);
    expect(results.bundle.output).toMatch(
      new RegExp(`paths/getWidget\\.yaml:${line}:\\d+\\s+Failed to parse`),
    );
  });

  it('fails the lint, naming the file and the line', () => {
    expect(results.lint.status).not.toBe(0);
    const parseErrors = results.lint.problems.filter((problem) => /Failed to parse/.test(problem.message));
    expect(parseErrors.map(whereOf)).toContain(`paths/getWidget.yaml:${line}`);
  });
});

describe('a YAML syntax error in openapi.yaml', () => {
  const dir = copyOf('tiny');
  const line = edit(join(dir, 'openapi.yaml'), 'paths:', 'paths: [');

  it('fails the bundle, naming the file and the line', async () => {
    const run = await bundle(dir, join(dir, 'dist'));
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/bundle: openapi\.yaml was not bundled:\n\s+openapi\.yaml:\d+:\d+\s+\S/);
    const reported = Number(/\n\s+openapi\.yaml:(\d+):/.exec(run.output)?.[1]);
    expect(reported).toBeGreaterThanOrEqual(line);
  });
});

describe('a $ref to a missing file', () => {
  const dir = copyOf('tiny');
  const line = edit(
    join(dir, 'paths', 'getWidget.yaml'),
    'schemas/WidgetEnvelope.yaml',
    'schemas/WidgetEnvelop.yaml',
  );
  const results = bundleAndLint(dir);

  it('fails the bundle, naming the file, the line and the missing target', () => {
    expect(results.bundle.status).not.toBe(0);
    expect(results.bundle.output).toMatch(
      new RegExp(`paths/getWidget\\.yaml:${line}:\\d+\\s+Can't resolve \\$ref: .*WidgetEnvelop\\.yaml`),
    );
  });

  it('fails the lint with no-unresolved-refs, naming the file and the line', () => {
    expect(results.lint.status).not.toBe(0);
    const unresolved = results.lint.problems.filter((problem) => problem.ruleId === 'no-unresolved-refs');
    expect(unresolved.map(whereOf)).toContain(`paths/getWidget.yaml:${line}`);
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
  const results = bundleAndLint(dir);

  it('fails the lint with no-invalid-media-type-examples, naming the example file and the line', () => {
    expect(results.lint.status).not.toBe(0);
    const invalid = results.lint.problems.filter(
      (problem) => problem.ruleId === 'no-invalid-media-type-examples',
    );
    expect(invalid.map(whereOf)).toContain(`components/examples/DatabasePostgresql.yaml:${line}`);
    expect(invalid.map((problem) => problem.message).join('\n')).toMatch(/status/);
  });

  it('fails the Ajv example check on the bundle, naming the file and the JSON pointer', () => {
    // The bundler does not validate examples: the broken one reaches the bundle.
    expect(results.bundle.status, results.bundle.output).toBe(0);
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
