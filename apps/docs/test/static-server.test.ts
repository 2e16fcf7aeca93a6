import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRequestPath, startStaticServer } from '../scripts/lib/static-server.mjs';

/** A raw GET, so that "../" reaches the server as sent. */
function rawGet(url: string, path: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the static server', () => {
  let root: string;
  let server: { url: string; close: () => Promise<unknown> };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'docs-static-'));
    mkdirSync(join(root, 'site/assets'), { recursive: true });
    writeFileSync(join(root, 'secret.txt'), 'outside');
    writeFileSync(join(root, 'site/index.html'), '<h1>home</h1>');
    writeFileSync(join(root, 'site/assets/site.css'), 'body{}');
    server = (await startStaticServer({ root: join(root, 'site') })) as typeof server;
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and serves files with their content type', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await rawGet(server.url, '/');
    expect(home).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<h1>home</h1>' });
    expect((await rawGet(server.url, '/assets/site.css?v=1')).type).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for a missing file and for paths that leave the root', async () => {
    expect((await rawGet(server.url, '/nope.html')).status).toBe(404);
    expect((await rawGet(server.url, '/../secret.txt')).status).toBe(404);
    expect((await rawGet(server.url, '/%2e%2e/secret.txt')).status).toBe(404);
    expect(resolveRequestPath(join(root, 'site'), '/assets/../../secret.txt')).toBeUndefined();
  });
});
