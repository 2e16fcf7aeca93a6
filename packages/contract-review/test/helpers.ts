import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unescapePointer } from '@scalingo-db-api/openapi/model';
import { parse, stringify } from 'yaml';
import { loadSpec, type OpenApiDocument } from '../src/load.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** The root of the workspace. */
export const WORKSPACE_ROOT = join(import.meta.dirname, '..', '..', '..');

export interface PublishedPackage {
  dir: string;
  manifest: Record<string, unknown> & { name: string; version: string };
}

/** Every workspace package that is not private, i.e. every package `changeset publish` publishes. */
export function publishedPackages(): PublishedPackage[] {
  const dirs = [
    'spec',
    ...['packages', 'apps'].flatMap((group) =>
      readdirSync(join(WORKSPACE_ROOT, group)).map((name) => `${group}/${name}`),
    ),
  ].filter((dir) => existsSync(join(WORKSPACE_ROOT, dir, 'package.json')));
  return dirs
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(WORKSPACE_ROOT, dir, 'package.json'), 'utf8')),
    }))
    .filter((pkg) => pkg.manifest.private !== true);
}

export type PatchOp =
  | { op: 'add' | 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

type Container = Record<string, unknown> | unknown[];

function split(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer "${pointer}" must start with /`);
  return pointer.slice(1).split('/').map(unescapePointer);
}

function parentOf(doc: unknown, pointer: string): { parent: Container; key: string } {
  const parts = split(pointer);
  const key = parts.pop() as string;
  let node = doc;
  for (const part of parts) {
    node = (node as Record<string, unknown>)[part];
    if (node === undefined || node === null || typeof node !== 'object') {
      throw new Error(`JSON pointer ${pointer}: nothing at "${part}"`);
    }
  }
  return { parent: node as Container, key };
}

function get(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(doc, pointer);
  const value = (parent as Record<string, unknown>)[key];
  if (value === undefined) throw new Error(`JSON pointer ${pointer}: nothing there`);
  return value;
}

function remove(doc: unknown, pointer: string): unknown {
  const value = get(doc, pointer);
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return value;
}

function add(doc: unknown, pointer: string, value: unknown) {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) {
    if (key === '-') parent.push(value);
    else parent.splice(Number(key), 0, value);
  } else parent[key] = value;
}

/** Applies a JSON Patch (add, remove, replace, move, copy) to a copy of `doc`. */
export function applyPatch<T>(doc: T, ops: PatchOp[]): T {
  const copy = structuredClone(doc);
  for (const op of ops) {
    if (op.op === 'add') add(copy, op.path, structuredClone(op.value));
    else if (op.op === 'remove') remove(copy, op.path);
    else if (op.op === 'replace') {
      get(copy, op.path);
      const { parent, key } = parentOf(copy, op.path);
      (parent as Record<string, unknown>)[key] = structuredClone(op.value);
    } else if (op.op === 'move') add(copy, op.path, remove(copy, op.from));
    else if (op.op === 'copy') add(copy, op.path, structuredClone(get(copy, op.from)));
  }
  return copy;
}

export function readYaml(file: string): unknown {
  return parse(readFileSync(file, 'utf8'));
}

/** Writes the documents as YAML files in a temporary directory and bundles them. */
export async function bundlePair(
  base: unknown,
  head: unknown,
): Promise<{ base: OpenApiDocument; head: OpenApiDocument }> {
  const dir = mkdtempSync(join(tmpdir(), 'contract-review-pair-'));
  try {
    writeFileSync(join(dir, 'base.yaml'), stringify(base));
    writeFileSync(join(dir, 'head.yaml'), stringify(head));
    return { base: await loadSpec(join(dir, 'base.yaml')), head: await loadSpec(join(dir, 'head.yaml')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RuleFixture {
  rule: string;
  name?: string;
  edit: PatchOp[];
  expect?: string[];
}

export function ruleFixtures(): RuleFixture[] {
  return readYaml(join(FIXTURES, 'rules.yaml')) as RuleFixture[];
}

/** A throwaway git repository holding `spec/openapi.yaml` (the fixture base) on branch main. */
export function tempRepo(): {
  root: string;
  git: (...args: string[]) => string;
  write: (file: string, text: string) => void;
  writeSpec: (doc: unknown) => void;
  cleanup: () => void;
} {
  const root = mkdtempSync(join(tmpdir(), 'contract-review-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.test',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.test',
      },
    }).trim();
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  const writeSpec = (doc: unknown) => write('spec/openapi.yaml', stringify(doc));
  git('init', '-q', '-b', 'main');
  writeSpec(readYaml(join(FIXTURES, 'base.yaml')));
  write(
    'spec/package.json',
    `${JSON.stringify({ name: '@scalingo-db-api/openapi', version: '1.4.0' }, null, 2)}\n`,
  );
  write('.changeset/README.md', '# Changesets\n');
  write('.changeset/config.json', '{}\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial contract');
  return { root, git, write, writeSpec, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A throwaway repository whose spec/ is the split fixture (openapi.yaml, paths/, components/). */
export function splitRepo() {
  const repo = tempRepo();
  rmSync(join(repo.root, 'spec', 'openapi.yaml'));
  cpSync(join(FIXTURES, 'split'), join(repo.root, 'spec'), { recursive: true });
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'split spec');
  const edit = (file: string, from: string, to: string) =>
    repo.write(file, readFileSync(join(repo.root, file), 'utf8').replace(from, to));
  return { ...repo, edit };
}
