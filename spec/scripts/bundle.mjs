// Bundles spec/openapi.yaml and every file it references into dist/openapi.json and
// dist/openapi.yaml (components named after their files, by `redocly bundle`).
//
// - Standard: the source's open enumerations and discriminator `const`s are rewritten into the
//   JSON Schema every tool reads (lib/standard-forms.js says how and why).
// - Deterministic: the same input gives byte-identical files (the YAML is written from the
//   JSON, keys in the order of the sources).
// - A broken input (YAML syntax error, `$ref` to a missing file or pointer) fails with the
//   file, line and column of the problem, and leaves the previous dist/ files untouched.
// - Outputs are replaced atomically, so a reader never sees a half-written bundle.
//
// Usage: node scripts/bundle.mjs [--root <dir with openapi.yaml>] [--out <dir>]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { standardise } from '../lib/standard-forms.js';
import { listOperations, refsOf } from '../model/document.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(packageRoot, 'node_modules/@redocly/cli/bin/cli.js');

/** @param {string} name @param {string} fallback */
function option(name, fallback) {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? undefined : process.argv[index + 1];
  return value === undefined ? fallback : resolve(value);
}

const root = option('--root', packageRoot);
const dist = option('--out', join(root, 'dist'));

/**
 * Redocly prints a boxed Node.js deprecation notice on Node 20; it says nothing about the spec.
 * @param {string} text
 */
function withoutBanner(text) {
  return text
    .split('\n')
    .filter((line) => !/^\s*[╔║╚]/.test(line))
    .join('\n')
    .trim();
}

/**
 * The problems of a failed `redocly bundle`, one line each: `file:line:col message`.
 * @param {string} output
 */
function summarise(output) {
  const lines = output.split('\n');
  /** @type {string[]} */
  const problems = [];
  for (const [index, line] of lines.entries()) {
    const header = /^\[\d+\]\s+(\S+:\d+:\d+)/.exec(line);
    if (!header) continue;
    const message = lines.slice(index + 1).find((next) => next.trim() !== '');
    problems.push(`${relative(process.cwd(), resolve(root, header[1] ?? ''))}  ${message?.trim() ?? ''}`);
  }
  if (problems.length > 0) return problems;
  // A root document that does not parse is reported as `<message> in "<file>" (<line>:<col>)`.
  for (const line of lines) {
    const parse = /^\s*(?:-\s*)?(.+?) in "([^"]+)" \((\d+):(\d+)\)\s*$/.exec(line);
    if (parse)
      problems.push(
        `${relative(process.cwd(), resolve(root, parse[2] ?? ''))}:${parse[3]}:${parse[4]}  ${parse[1]}`,
      );
  }
  return problems;
}

const work = mkdtempSync(join(tmpdir(), 'openapi-bundle-'));
try {
  const raw = join(work, 'openapi.json');
  const run = spawnSync(process.execPath, [cli, 'bundle', 'openapi.yaml', '--output', raw], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let text = '';
  try {
    text = readFileSync(raw, 'utf8');
  } catch {
    // no bundle: reported below
  }
  if (run.status !== 0 || text === '') {
    const output = withoutBanner(`${run.stdout}\n${run.stderr}`);
    console.error(output);
    const problems = summarise(output);
    console.error(`\nbundle: ${join(relative(process.cwd(), root) || '.', 'openapi.yaml')} was not bundled:`);
    for (const problem of problems.length > 0 ? problems : ['(see the output above)'])
      console.error(`  ${problem}`);
    process.exitCode = 1;
  } else {
    const doc = standardise(JSON.parse(text));
    const external = refsOf(doc)
      .filter(({ ref }) => !ref.startsWith('#'))
      .map(({ pointer, ref }) => `${pointer}: ${ref}`);
    if (external.length > 0) {
      console.error(`bundle: the bundle still points outside itself:\n  ${external.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      mkdirSync(dist, { recursive: true });
      const outputs = {
        'openapi.json': `${JSON.stringify(doc, null, 2)}\n`,
        'openapi.yaml': stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }),
      };
      for (const [name, content] of Object.entries(outputs)) {
        const staged = join(work, name);
        writeFileSync(staged, content);
        try {
          renameSync(staged, join(dist, name));
        } catch {
          // another file system: write beside the target, then rename
          const beside = join(dist, `.${name}.${process.pid}.tmp`);
          writeFileSync(beside, content);
          renameSync(beside, join(dist, name));
        }
      }
      const operations = listOperations(doc).length;
      console.log(
        `bundle: ${Object.keys(doc.paths ?? {}).length} paths, ${operations} operations -> ${relative(process.cwd(), dist) || '.'}/openapi.{json,yaml}`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
