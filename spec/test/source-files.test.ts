// The source files of the description, before bundling (spec/model/source-files.js).
import { describe, expect, it } from 'vitest';
import { derefInFiles, joinRefPath, splitRef } from '../model/index.js';

describe('splitRef and joinRefPath', () => {
  it('split a reference into its file and its pointer', () => {
    expect(splitRef('../schemas/Backup.yaml#/properties/id')).toEqual({
      file: '../schemas/Backup.yaml',
      pointer: '#/properties/id',
    });
    expect(splitRef('./Backup.yaml')).toEqual({ file: './Backup.yaml', pointer: '#' });
    expect(splitRef('#/components/schemas/X')).toEqual({ file: '', pointer: '#/components/schemas/X' });
  });

  it('resolve a file from the one that names it, inside the tree only', () => {
    expect(joinRefPath('paths/backups/getBackup.yaml', '../../components/schemas/Backup.yaml')).toBe(
      'components/schemas/Backup.yaml',
    );
    expect(joinRefPath('openapi.yaml', 'paths/a.yaml')).toBe('paths/a.yaml');
    expect(joinRefPath('components/schemas/A.yaml', './B.yaml')).toBe('components/schemas/B.yaml');
    expect(joinRefPath('components/schemas/A.yaml', '')).toBe('components/schemas/A.yaml');
    expect(joinRefPath('openapi.yaml', '../secret.yaml')).toBeNull();
    expect(joinRefPath('openapi.yaml', '/etc/passwd')).toBeNull();
    expect(joinRefPath('openapi.yaml', 'https://example.test/x.yaml')).toBeNull();
  });
});

describe('derefInFiles', () => {
  const files: Record<string, unknown> = {
    'openapi.yaml': { paths: { '/a': { get: { $ref: 'paths/get.yaml' } } } },
    'paths/get.yaml': { responses: { '200': { $ref: '../components/R.yaml#/ok' } } },
    'components/R.yaml': { ok: { $ref: '#/real' }, real: { description: 'fine' } },
    'loop/a.yaml': { $ref: './b.yaml' },
    'loop/b.yaml': { $ref: './a.yaml' },
  };
  const load = (file: string) => files[file];

  it('follows references across files and inside one, to where they end', () => {
    const start = { $ref: '../components/R.yaml#/ok' };
    expect(derefInFiles(load, 'paths/get.yaml', start, '#/responses/200')).toEqual({
      file: 'components/R.yaml',
      pointer: '#/real',
      node: { description: 'fine' },
    });
  });

  it('gives back a node that is not a reference as it is', () => {
    expect(derefInFiles(load, 'openapi.yaml', { a: 1 }, '#/x')).toEqual({
      file: 'openapi.yaml',
      pointer: '#/x',
      node: { a: 1 },
    });
  });

  it('names the reference that is missing, circular or outside the tree', () => {
    expect(() => derefInFiles(load, 'openapi.yaml', { $ref: 'nope.yaml' })).toThrow(
      'unresolved $ref nope.yaml in openapi.yaml',
    );
    expect(() => derefInFiles(load, 'loop/a.yaml', { $ref: './b.yaml' })).toThrow('circular $ref');
    expect(() => derefInFiles(load, 'openapi.yaml', { $ref: '../up.yaml' })).toThrow(
      "$ref ../up.yaml in openapi.yaml leaves the description's files",
    );
  });
});
