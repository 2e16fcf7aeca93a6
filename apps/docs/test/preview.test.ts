import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDir, requireDist } from './support.js';

describe('pnpm preview', () => {
  /** Starts the preview with `args` and resolves with the URL it prints. */
  async function servedUrl(args: string[]): Promise<{ url: string; stop: () => void }> {
    const child = spawn(process.execPath, [join(appDir, 'scripts/preview.mjs'), ...args], {
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
      return { url, stop: () => child.kill() };
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  it('serves the built site on 127.0.0.1 and prints its URL', async () => {
    requireDist();
    const { url, stop } = await servedUrl(['--port', '0']);
    try {
      const response = await fetch(`${url}index.html`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('href="reference.html"');
    } finally {
      stop();
    }
  });

  it('takes the port after the `--` that `pnpm preview -- --port N` passes on', async () => {
    requireDist();
    const { url, stop } = await servedUrl(['--', '--port', '0']);
    stop();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/$/);
  });

  /** Runs the preview with `args` and resolves with its exit code and what it wrote to stderr. */
  async function refused(args: string[]): Promise<{ code: unknown; err: string }> {
    const child = spawn(process.execPath, [join(appDir, 'scripts/preview.mjs'), ...args], { stdio: 'pipe' });
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    return { code, err };
  }

  it('refuses a port that is not a number, naming it', async () => {
    const { code, err } = await refused(['--port', 'abc']);
    expect(code).toBe(2);
    expect(err).toContain('--port must be an integer from 0 to 65535, got "abc"');
  });

  it('answers an unknown option with one line naming it, not a stack trace', async () => {
    const { code, err } = await refused(['--prot', '1']);
    expect(code).toBe(2);
    expect(err).toContain("preview: Unknown option '--prot'");
    expect(err).toContain('usage: preview [--port N]');
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});
