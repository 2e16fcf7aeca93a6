import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../scripts/lib/precompress.mjs';
import { acceptedEncodings, resolveRequestPath, startStaticServer } from '../scripts/lib/static-server.mjs';

interface Answer {
  status: number;
  type: string;
  body: string;
  bytes: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw request (no decoding, "../" reaches the server as sent). */
function rawRequest(url: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const type = String(res.headers['content-type']);
        resolve({
          status: res.statusCode ?? 0,
          type,
          body: bytes.toString('utf8'),
          bytes,
          headers: res.headers,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function rawGet(url: string, path: string) {
  const { status, type, body } = await rawRequest(url, path);
  return { status, type, body };
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
    writeFileSync(join(root, 'site/big.html'), `<p>${'compressible '.repeat(400)}</p>`);
    precompress([join(root, 'site/big.html'), join(root, 'site/assets/site.css')]);
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

  it('sends the precompressed copy the client accepts, with Content-Encoding and Vary', async () => {
    const plain = await rawRequest(server.url, '/big.html');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body).toContain('compressible');

    const br = await rawRequest(server.url, '/big.html', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', vary: 'Accept-Encoding' });
    expect(br.type).toBe('text/html; charset=utf-8');
    expect(Number(br.headers['content-length'])).toBe(br.bytes.length);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 10);

    const gz = await rawRequest(server.url, '/big.html', { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.bytes).toString('utf8')).toBe(plain.body);

    const none = await rawRequest(server.url, '/big.html', { 'accept-encoding': 'identity' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body).toBe(plain.body);
  });

  it('leaves small files uncompressed and without Vary', async () => {
    const css = await rawRequest(server.url, '/assets/site.css', { 'accept-encoding': 'br, gzip' });
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.headers.vary).toBeUndefined();
    expect(css.body).toBe('body{}');
  });

  it('reads Accept-Encoding with its q-values', () => {
    expect([...acceptedEncodings('gzip, deflate, br')]).toEqual(['gzip', 'deflate', 'br']);
    expect([...acceptedEncodings('BR;q=0.5, gzip;q=0')]).toEqual(['br']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });
});
