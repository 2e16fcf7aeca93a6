import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDir, requireDist } from './support.js';

describe('pnpm preview', () => {
  it('serves the built site on 127.0.0.1 and prints its URL', async () => {
    requireDist();
    const child = spawn(process.execPath, [join(appDir, 'scripts/preview.mjs'), '--port', '0'], {
      stdio: 'pipe',
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
          if (match) resolve(match[0]);
        });
        child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${out}`)));
      });
      const response = await fetch(`${url}index.html`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('href="reference.html"');
    } finally {
      child.kill();
    }
  });

  it('refuses a port that is not a number, naming it', async () => {
    const child = spawn(process.execPath, [join(appDir, 'scripts/preview.mjs'), '--port', 'abc'], {
      stdio: 'pipe',
    });
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--port must be an integer from 0 to 65535, got "abc"');
  });
});
