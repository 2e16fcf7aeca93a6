// Shared by the docs tests: where things are, the bundle, the built client, and a TypeScript
// compiler run over snippets against the built packages.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listOperations, loadBundle, specPackageFiles } from '../scripts/lib/spec.mjs';

export const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(appDir, 'dist');
export const resultsDir = join(appDir, 'test-results');
const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is untyped JSON here.
export function bundle(): any {
  return loadBundle(specPackageFiles().json);
}

export function operations() {
  return listOperations(bundle());
}

/** The built site; the tests that read it fail with a clear message when it was not built. */
export function requireDist(): string {
  if (!existsSync(join(distDir, 'reference.html'))) {
    throw new Error(
      'apps/docs/dist is not built: run "pnpm turbo run build --filter @scalingo-db-api/docs" first',
    );
  }
  return distDir;
}

/** The facade description exported by the built client's `./meta` entry (what the docs build reads). */
export async function clientFacade() {
  const specifier = '@scalingo-db-api/client/meta';
  const client = (await import(specifier)) as {
    facadeMethods: Record<string, string>;
    operations: Record<string, { body: 'json' | 'empty' | null; bodyRoot: string | null }>;
  };
  return { facadeMethods: client.facadeMethods, operations: client.operations };
}

export interface CompileResult {
  ok: boolean;
  /** Compiler diagnostics, one per line, prefixed with the snippet's file name. */
  output: string;
}

/**
 * Type-checks snippets as ES modules (top-level await allowed) against the built packages the
 * docs depend on, with `tsc --noEmit` in strict mode. Each snippet is its own file.
 */
export function typecheckSnippets(snippets: Record<string, string>): CompileResult {
  mkdirSync(resultsDir, { recursive: true });
  // Inside apps/docs, so that @scalingo-db-api/* and @types/node resolve as for a user.
  const dir = mkdtempSync(join(resultsDir, 'typecheck-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      noUncheckedIndexedAccess: true,
    };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2),
    );
    for (const [name, source] of Object.entries(snippets)) writeFileSync(join(dir, `${name}.ts`), source);
    const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { stdio: 'pipe' });
      return { ok: true, output: '' };
    } catch (error) {
      const out = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
      return { ok: false, output: out.split(`${dir}/`).join('') };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fenced code blocks of a Markdown text in one language. */
export function codeBlocks(markdown: string, languages: string[]): string[] {
  const blocks: string[] = [];
  for (const match of markdown.matchAll(/^```([\w-]*)\n([\s\S]*?)^```/gm)) {
    if (languages.includes(match[1] ?? '')) blocks.push(match[2] ?? '');
  }
  return blocks;
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
