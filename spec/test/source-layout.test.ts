import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Doc,
  expectedOperations,
  filesUnder,
  operationFiles,
  readYaml,
  specDir,
} from './support/spec.js';

/** Every `$ref` to another file in a parsed YAML document. */
function fileRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) fileRefs(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#'))
        found.push(value.split('#')[0] ?? value);
      else fileRefs(value, found);
    }
  }
  return found;
}

/** The files reachable from openapi.yaml through `$ref`s, relative to spec/. */
function reachableFiles(): Set<string> {
  const seen = new Set<string>();
  const queue = ['openapi.yaml'];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(join(specDir, file))) continue; // a broken $ref: the lint reports it
    for (const ref of fileRefs(readYaml(join(specDir, file)))) {
      queue.push(relative(specDir, normalize(join(specDir, dirname(file), ref))));
    }
  }
  return seen;
}

describe('the source files', () => {
  it('keep each operation at paths/<tag-dir>/<operationId>.yaml', () => {
    const files = operationFiles();
    const misplaced: string[] = [];
    for (const { method, path, operationId, tagDir } of expectedOperations()) {
      const expected = `paths/${tagDir}/${operationId}.yaml`;
      const actual = files.get(`${method} ${path}`);
      if (actual !== expected)
        misplaced.push(`${method} ${path}: openapi.yaml points at ${actual}, expected ${expected}`);
      else {
        const operation = readYaml(join(specDir, expected)) as Doc;
        if (operation.operationId !== operationId) {
          misplaced.push(`${expected} holds operationId ${operation.operationId}, expected ${operationId}`);
        }
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('put the operations of one tag folder under one tag', () => {
    const tagsByDir = new Map<string, Set<string>>();
    for (const { tagDir, operationId } of expectedOperations()) {
      const operation = readYaml(join(specDir, 'paths', tagDir, `${operationId}.yaml`)) as Doc;
      const tags = tagsByDir.get(tagDir) ?? new Set<string>();
      for (const tag of operation.tags ?? []) tags.add(tag);
      tagsByDir.set(tagDir, tags);
    }
    const mixed = [...tagsByDir]
      .filter(([, tags]) => tags.size !== 1)
      .map(([dir, tags]) => `${dir}: ${[...tags]}`);
    expect(mixed).toEqual([]);
  });

  it('have no operation file that openapi.yaml does not reference', () => {
    const referenced = new Set(operationFiles().values());
    expect(filesUnder('paths').filter((file) => !referenced.has(file))).toEqual([]);
  });

  it('have no orphan under components/: every file is reachable from openapi.yaml', () => {
    const reachable = reachableFiles();
    expect(filesUnder('components').filter((file) => !reachable.has(file))).toEqual([]);
  });

  it('are all valid YAML', () => {
    const broken: string[] = [];
    for (const file of ['openapi.yaml', ...filesUnder('paths'), ...filesUnder('components')]) {
      try {
        readYaml(join(specDir, file));
      } catch (error) {
        broken.push(`${file}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(broken).toEqual([]);
    expect(readFileSync(join(specDir, 'openapi.yaml'), 'utf8')).toMatch(/^openapi: 3\.1\./);
  });
});
