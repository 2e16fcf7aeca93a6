// Generates a client from the bundle (@scalingo-db-api/openapi) with each of four mainstream
// tools, into generated/<tool>/, and records how long each took in generated/timings.json.
// Turbo caches generated/ keyed on the bundle (turbo.json), so a run with the same bundle
// restores it instead of generating again.
// Run: pnpm --filter @scalingo-db-api/interop generate
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const bundle = relative(root, require.resolve('@scalingo-db-api/openapi/openapi.json'));

/** The JavaScript file of a package's command. @param {string} pkg @param {string} [name] */
function bin(pkg, name) {
  const dir = join(root, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entry =
    typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name ?? Object.keys(manifest.bin)[0]];
  return join(dir, entry);
}

/** Each tool: the command that writes its client into generated/<name>/. */
export const TOOLS = {
  'hey-api': [
    bin('@hey-api/openapi-ts', 'openapi-ts'),
    '-i',
    bundle,
    '-o',
    'generated/hey-api',
    '-c',
    '@hey-api/client-fetch',
  ],
  orval: [bin('orval'), '--config', 'orval.config.cjs'],
  'openapi-zod-client': [
    bin('openapi-zod-client'),
    bundle,
    '-o',
    'generated/openapi-zod-client/api.ts',
    '--export-schemas',
  ],
  // Types only (its default runtime): its `-r zod` output does not type-check (see the guide).
  'typed-openapi': [bin('typed-openapi'), bundle, '-o', 'generated/typed-openapi/api.ts'],
};

/**
 * How each tool names the types checks/union-checks.ts needs (written as tool-types.ts beside
 * its output): the same component names everywhere, as types or as zod schemas.
 */
const NAMES = 'DatabaseAction, DatabaseStatus, FirewallRuleCreate';
export const TOOL_TYPES = {
  'hey-api': `export type { ${NAMES} } from './types.gen';\n`,
  orval: `export type { ${NAMES} } from './api';\n`,
  'openapi-zod-client': [
    "import type { z } from 'zod';",
    "import type { schemas } from './api';",
    ...NAMES.split(', ').map((name) => `export type ${name} = z.infer<typeof schemas.${name}>;`),
    '',
  ].join('\n'),
  'typed-openapi': [
    "import type { Schemas } from './api';",
    ...NAMES.split(', ').map((name) => `export type ${name} = Schemas.${name};`),
    '',
  ].join('\n'),
};

rmSync(join(root, 'generated'), { recursive: true, force: true });
/** @type {Record<string, number>} */
const timings = {};
for (const [tool, args] of Object.entries(TOOLS)) {
  mkdirSync(join(root, 'generated', tool), { recursive: true });
  const started = performance.now();
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  timings[tool] = Math.round(performance.now() - started);
  if (run.status !== 0) {
    console.error(`${run.stdout}\n${run.stderr}`);
    console.error(`generate: ${tool} failed (exit ${run.status}) on ${bundle}`);
    process.exit(1);
  }
  const header = '// Written by scripts/generate.mjs: the names checks/union-checks.ts reads.\n';
  writeFileSync(join(root, 'generated', tool, 'tool-types.ts'), header + TOOL_TYPES[tool]);
  copyFileSync(join(root, 'checks/union-checks.ts'), join(root, 'generated', tool, 'union-checks.ts'));
  console.log(`generate: ${tool} wrote generated/${tool}/ in ${timings[tool]} ms`);
}
writeFileSync(join(root, 'generated/timings.json'), `${JSON.stringify({ bundle, timings }, null, 2)}\n`);
