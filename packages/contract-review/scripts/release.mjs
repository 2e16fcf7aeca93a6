#!/usr/bin/env node
// `pnpm release [--dry-run] [-- <changeset publish options>]`
//
// Builds the published packages, then runs `changeset publish`, which publishes every public
// workspace package whose version is not on the registry yet. `changeset publish` has no dry
// run, so `--dry-run` packs each public package instead (`pnpm pack --dry-run`) and lists
// exactly the files that would go out, without contacting the registry.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const dryRun = args.includes('--dry-run');
const noBuild = args.includes('--no-build');
const passThrough = args.filter((arg) => arg !== '--dry-run' && arg !== '--no-build');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', REDOCLY_TELEMETRY: 'off' };

const run = (command, commandArgs, options = {}) => {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.status !== 0) {
    console.error(`release: ${command} ${commandArgs.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
};

const workspace = JSON.parse(
  execFileSync('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8', env }),
);
const published = workspace.filter((pkg) => pkg.private === false && pkg.path !== root);
if (published.length === 0) {
  console.error('release: no public workspace package');
  process.exit(1);
}
const versions = new Set(published.map((pkg) => pkg.version));
if (versions.size !== 1) {
  console.error(
    `release: the fixed group must share one version, found ${published.map((p) => `${p.name}@${p.version}`).join(', ')}`,
  );
  process.exit(1);
}

if (!noBuild) {
  // Everything a tarball contains (spec/dist, packages/*/dist) comes out of the build.
  run('pnpm', ['exec', 'turbo', 'run', 'build', ...published.map((pkg) => `--filter=${pkg.name}`)], {
    stdio: ['ignore', 2, 2],
  });
}

if (!dryRun) {
  run('pnpm', ['exec', 'changeset', 'publish', ...passThrough]);
  process.exit(0);
}

const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8'));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
console.log(
  `release --dry-run: changeset publish would publish these ${published.length} packages with access "${config.access ?? 'restricted'}" and tag "latest",\n` +
    'skipping any version already on the registry (not asked here: this run stays offline).\n',
);
let total = 0;
for (const pkg of published) {
  const packed = JSON.parse(
    execFileSync('pnpm', ['pack', '--dry-run', '--json'], { cwd: pkg.path, encoding: 'utf8', env }),
  );
  const files = packed.files.map((file) => {
    const local = join(pkg.path, file.path);
    // pnpm adds the workspace root's LICENSE to packages that have none of their own.
    const onDisk = existsSync(local) ? local : join(root, file.path);
    const size = existsSync(onDisk) ? statSync(onDisk).size : 0;
    return { path: file.path, size };
  });
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  total += bytes;
  console.log(
    `${packed.name}@${packed.version}  (${packed.filename}, ${files.length} files, ${kb(bytes)} unpacked)`,
  );
  for (const file of files) console.log(`  ${file.path.padEnd(48)} ${kb(file.size).padStart(10)}`);
  console.log('');
}
console.log(
  `release --dry-run: ${published.length} packages, ${kb(total)} unpacked in all; nothing was published.`,
);
