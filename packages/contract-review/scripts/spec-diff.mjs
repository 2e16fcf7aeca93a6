#!/usr/bin/env node
// `pnpm spec:diff`: runs the compiled CLI, compiling it first when a source file is newer than
// the build (so that the command works on a fresh clone without a separate build step), and the
// declarations of the spec package's model, which the CLI's types import, when they are missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli-main.js');

const newest = (dir) =>
  Math.max(
    0,
    ...readdirSync(dir, { recursive: true }).map((name) => statSync(join(dir, String(name))).mtimeMs),
  );
const stale =
  !existsSync(entry) ||
  Math.max(newest(join(root, 'src')), statSync(join(root, 'tsconfig.build.json')).mtimeMs) >
    statSync(entry).mtimeMs;
if (stale) {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  const spec = dirname(require.resolve('@scalingo-db-api/openapi/package.json'));
  const projects = [
    ...(existsSync(join(spec, 'dist', 'model', 'index.d.ts')) ? [] : [join(spec, 'tsconfig.model.json')]),
    join(root, 'tsconfig.build.json'),
  ];
  try {
    for (const project of projects) {
      execFileSync(process.execPath, [tsc, '-p', project], { stdio: ['ignore', 2, 2] });
    }
  } catch {
    console.error('spec:diff: could not compile packages/contract-review (see above)');
    process.exit(2);
  }
}
await import(entry);
