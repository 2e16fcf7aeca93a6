import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirForTest } from '../scripts/temp-dir.js';

describe('tempDirForTest', () => {
  let made = '';
  it('gives a new directory for the test', () => {
    made = tempDirForTest('temp-dir-test-');
    writeFileSync(join(made, 'file.txt'), 'kept until the test ends');
    expect(existsSync(join(made, 'file.txt'))).toBe(true);
  });

  it('removes it, files included, once that test has finished', () => {
    expect(made).not.toBe('');
    expect(existsSync(made)).toBe(false);
  });
});
