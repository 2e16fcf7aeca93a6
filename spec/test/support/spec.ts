// Where the spec lives and how tests read it: the bundle, the sources, and the oracle of
// expected operations (fixtures/operations.tsv).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { HTTP_METHODS } from '../../model/document.js';

export const specDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(specDir, 'test', 'fixtures');
export const bundlePath = join(specDir, 'dist', 'openapi.json');
export const METHODS = HTTP_METHODS;

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document read from JSON
export type Doc = Record<string, any>;

export function readBundle(path = bundlePath): Doc {
  return JSON.parse(readFileSync(path, 'utf8')) as Doc;
}

export function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}

/** The options spec/redocly.yaml gives the project's lint rule `scalingo/<name>`. */
export function ruleOptions(name: string): Doc | undefined {
  return (readYaml(join(specDir, 'redocly.yaml')) as Doc).rules?.[`scalingo/${name}`];
}

export interface ExpectedOperation {
  method: string;
  path: string;
  operationId: string;
  tagDir: string;
  /** The success statuses of the API reference, e.g. `['200']` or `['200', '201']`. */
  success: string[];
  /** The reference's evidence letters: D (docs), G (Go client), J (JavaScript client). */
  evidence: string;
}

/**
 * The 45 operations the contract must describe, as the API reference lists them: method, path,
 * operationId, tag folder, success statuses (`200/201`), evidence letters (`DGJ`).
 */
export function expectedOperations(): ExpectedOperation[] {
  return readFileSync(join(fixturesDir, 'operations.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const [method, path, operationId, tagDir, success, evidence, ...rest] = line.split('\t');
      if (!method || !path || !operationId || !tagDir || !success || !evidence || rest.length > 0) {
        throw new Error(
          `fixtures/operations.tsv line ${index + 1}: expected 6 tab-separated fields, got "${line}"`,
        );
      }
      if (!/^[1-5]\d\d(\/[1-5]\d\d)*$/.test(success) || !/^D?G?J?$/.test(evidence)) {
        throw new Error(
          `fixtures/operations.tsv line ${index + 1}: success statuses "${success}" or evidence "${evidence}" is malformed`,
        );
      }
      return { method, path, operationId, tagDir, success: success.split('/'), evidence };
    });
}

/** Every operation of a document: method, path, the operation object. */
export function operationsOf(doc: Doc): { method: string; path: string; operation: Doc }[] {
  const found: { method: string; path: string; operation: Doc }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Doc)[method];
      if (operation) found.push({ method, path, operation });
    }
  }
  return found;
}

/** `method path` -> the source file of the operation (relative to spec/), from openapi.yaml. */
export function operationFiles(root = specDir): Map<string, string> {
  const doc = readYaml(join(root, 'openapi.yaml')) as Doc;
  const files = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const ref = (item as Doc)[method]?.$ref;
      if (typeof ref === 'string') files.set(`${method} ${path}`, ref);
    }
  }
  return files;
}

/** Every file under a folder of spec/, relative to spec/. */
export function filesUnder(folder: string, root = specDir): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(relative(root, full));
    }
  };
  walk(join(root, folder));
  return found.sort();
}
