import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { publishedPackages } from './helpers.js';

const root = join(import.meta.dirname, '..', '..', '..');
const manifest = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
const syncScript = join(import.meta.dirname, '..', 'scripts', 'sync-spec-version.mjs');

describe('one version names one contract', () => {
  const specVersion: string = manifest('spec').version;

  it('spec/openapi.yaml says the version of spec/package.json in info.version', () => {
    const source = parse(readFileSync(join(root, 'spec', 'openapi.yaml'), 'utf8'));
    expect(source.info.version, 'run pnpm version-packages, or fix info.version by hand').toBe(specVersion);
  });

  it('the bundle (spec/dist) says the same version', () => {
    const dist = join(root, 'spec', 'dist', 'openapi.json');
    // pnpm test bundles first (turbo); run on its own, this test says when the bundle is stale.
    const stale =
      !existsSync(dist) ||
      statSync(dist).mtimeMs < statSync(join(root, 'spec', 'openapi.yaml')).mtimeMs ||
      statSync(dist).mtimeMs < statSync(join(root, 'spec', 'package.json')).mtimeMs;
    expect(
      stale,
      'spec/dist is missing or older than the spec: run pnpm --filter @scalingo-db-api/openapi bundle',
    ).toBe(false);
    expect(JSON.parse(readFileSync(dist, 'utf8')).info.version).toBe(specVersion);
    expect(parse(readFileSync(join(root, 'spec', 'dist', 'openapi.yaml'), 'utf8')).info.version).toBe(
      specVersion,
    );
  });

  it('every published package carries that version', () => {
    const published = publishedPackages();
    expect(published.map((pkg) => pkg.manifest.name).sort()).toEqual([
      '@scalingo-db-api/client',
      '@scalingo-db-api/mock',
      '@scalingo-db-api/openapi',
      '@scalingo-db-api/verify',
    ]);
    for (const { manifest: pkg } of published)
      expect(`${pkg.name}@${pkg.version}`).toBe(`${pkg.name}@${specVersion}`);
  });

  it('changesets release the published packages as one fixed group', () => {
    const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8'));
    const names = publishedPackages()
      .map((pkg) => pkg.manifest.name)
      .sort();
    expect(config.fixed.map((group: string[]) => [...group].sort())).toContainEqual(names);
    expect(config.access).toBe('public');
  });

  it('version-packages writes the version from spec/package.json into info.version and nothing else', () => {
    const temp = mkdtempSync(join(tmpdir(), 'contract-review-sync-'));
    try {
      mkdirSync(join(temp, 'spec'));
      copyFileSync(join(root, 'spec', 'openapi.yaml'), join(temp, 'spec', 'openapi.yaml'));
      writeFileSync(join(temp, 'spec', 'package.json'), JSON.stringify({ version: '12.3.4' }));
      execFileSync(process.execPath, [syncScript, '--root', temp], { stdio: 'ignore' });
      const before = readFileSync(join(root, 'spec', 'openapi.yaml'), 'utf8').split('\n');
      const after = readFileSync(join(temp, 'spec', 'openapi.yaml'), 'utf8').split('\n');
      expect(parse(after.join('\n')).info.version).toBe('12.3.4');
      const changed = after.filter((line, i) => line !== before[i]);
      expect(changed).toEqual(['  version: 12.3.4']);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('version-packages refuses a spec whose info has no version line', () => {
    const temp = mkdtempSync(join(tmpdir(), 'contract-review-sync-'));
    try {
      mkdirSync(join(temp, 'spec'));
      writeFileSync(join(temp, 'spec', 'openapi.yaml'), 'openapi: 3.1.0\ninfo:\n  title: t\npaths: {}\n');
      writeFileSync(join(temp, 'spec', 'package.json'), JSON.stringify({ version: '1.0.0' }));
      expect(() => execFileSync(process.execPath, [syncScript, '--root', temp], { stdio: 'pipe' })).toThrow(
        /"info" has no "version:" line/,
      );
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('the root version-packages script runs changeset version, then writes info.version', () => {
    const script: string = manifest('.').scripts['version-packages'];
    expect(script).toBe('changeset version && node packages/contract-review/scripts/sync-spec-version.mjs');
  });
});
