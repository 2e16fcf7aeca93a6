import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPackages, WORKSPACE_ROOT } from './helpers.js';

const root = WORKSPACE_ROOT;

/** Every relative path an `exports`, `bin`, `main` or `types` field points at. */
function entryPoints(manifest: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.startsWith('./')) found.push(value.slice(2));
    } else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item);
  };
  walk(manifest.exports);
  walk(typeof manifest.bin === 'string' ? `./${manifest.bin.replace(/^\.\//, '')}` : manifest.bin);
  for (const key of ['main', 'types', 'module']) {
    const value = manifest[key];
    if (typeof value === 'string') found.push(value.replace(/^\.\//, ''));
  }
  return [...new Set(found)];
}

const packages = publishedPackages();
const temp = mkdtempSync(join(tmpdir(), 'contract-review-pack-'));
const tarballs = new Map<string, { files: string[]; dir: string }>();

beforeAll(() => {
  for (const pkg of packages) {
    const out = JSON.parse(
      execFileSync('pnpm', ['pack', '--pack-destination', temp, '--json'], {
        cwd: join(root, pkg.dir),
        encoding: 'utf8',
      }),
    );
    const tarball = resolve(temp, out.filename);
    const dir = join(temp, pkg.manifest.name.replace('/', '+'));
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line && !line.endsWith('/'))
      .map((line) => line.replace(/^package\//, ''))
      .sort();
    tarballs.set(pkg.manifest.name, { files, dir: join(dir, 'package') });
  }
}, 120_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('published packages', () => {
  it('are exactly the contract, the client, the mock and the verifier', () => {
    expect(packages.map((pkg) => pkg.manifest.name).sort()).toEqual([
      '@scalingo-db-api/client',
      '@scalingo-db-api/mock',
      '@scalingo-db-api/openapi',
      '@scalingo-db-api/verify',
    ]);
  });

  describe.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (name, pkg) => {
    it('declares files, exports, repository (with its folder) and license', () => {
      const { manifest } = pkg;
      expect(Array.isArray(manifest.files) && manifest.files.length > 0, 'files').toBe(true);
      expect(manifest.exports && typeof manifest.exports === 'object', 'exports').toBe(true);
      expect(manifest.repository).toMatchObject({ type: 'git', directory: pkg.dir });
      expect(String((manifest.repository as { url?: string }).url)).toMatch(/^git\+https:\/\//);
      expect(manifest.license).toBe('MIT');
    });

    it('ships a README, the license and every file its exports and bin point at', () => {
      const { files } = tarballs.get(name) ?? { files: [] };
      expect(files).toContain('package.json');
      expect(files, `${pkg.dir}/README.md`).toContain('README.md');
      expect(files).toContain('LICENSE');
      for (const entry of entryPoints(pkg.manifest)) {
        expect(files, `${entry} (run pnpm build first; pnpm test does)`).toContain(entry);
      }
    });

    it('ships no tests, fixtures, benchmarks or build leftovers', () => {
      const { files } = tarballs.get(name) ?? { files: [] };
      const unwanted = files.filter(
        (file) =>
          /(^|\/)(test|tests|__tests__|fixtures?|bench|coverage|\.turbo)\//.test(file) ||
          /\.(test|spec)\.[cm]?[jt]sx?$/.test(file) ||
          /\.tsbuildinfo$|(^|\/)vitest\.config\.|(^|\/)tsconfig(\.[a-z]+)?\.json$/.test(file),
      );
      expect(unwanted).toEqual([]);
    });

    it('has no source map pointing outside the package or at a file it does not ship', () => {
      const { files, dir } = tarballs.get(name) ?? { files: [], dir: '' };
      const problems: string[] = [];
      for (const file of files) {
        if (file.endsWith('.map')) {
          const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
          const sources: string[] = map.sources ?? [];
          sources.forEach((source, i) => {
            const target = resolve(dirname(join(dir, file)), map.sourceRoot ?? '', source);
            const inside = relative(dir, target);
            if (inside.startsWith('..')) problems.push(`${file}: ${source} is outside the package`);
            else if (!files.includes(inside) && !map.sourcesContent?.[i]) {
              problems.push(`${file}: ${source} is not in the tarball`);
            }
          });
        }
        if (/\.(m|c)?(js|ts)$/.test(file)) {
          const text = readFileSync(join(dir, file), 'utf8');
          for (const match of text.matchAll(/\/\/# sourceMappingURL=(\S+)/g)) {
            const url = match[1] ?? '';
            if (url.startsWith('data:')) continue;
            const target = relative(dir, resolve(dirname(join(dir, file)), url));
            if (!files.includes(target))
              problems.push(`${file}: sourceMappingURL ${url} is not in the tarball`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('leaves no workspace: protocol in the published package.json', () => {
      const { dir } = tarballs.get(name) ?? { dir: '' };
      expect(readFileSync(join(dir, 'package.json'), 'utf8')).not.toContain('workspace:');
    });
  });
});

describe('pnpm release --dry-run', () => {
  it('lists, for each published package, exactly the files of its tarball, and publishes nothing', () => {
    const out = execFileSync(
      process.execPath,
      [join(import.meta.dirname, '..', 'scripts', 'release.mjs'), '--dry-run', '--no-build'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out).toContain('nothing was published');
    for (const pkg of packages) {
      const header = `${pkg.manifest.name}@${pkg.manifest.version}  (`;
      const start = out.indexOf(header);
      expect(start, header).toBeGreaterThanOrEqual(0);
      const block = out.slice(start).split('\n\n')[0] ?? '';
      const listed = block
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/)[0] ?? '')
        .sort();
      expect(listed).toEqual(tarballs.get(pkg.manifest.name)?.files);
    }
  });
});
