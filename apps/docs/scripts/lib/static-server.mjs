// @ts-check
// A small static file server for the built site, bound to the loopback interface.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * The file a request path names under root, or undefined when it names none (or escapes root).
 * @param {string} root
 * @param {string} urlPath
 */
export function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  let file = resolve(join(base, decoded));
  if (file !== base && !file.startsWith(base + sep)) return undefined;
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The precompressed copies the build writes next to large files, best first. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
];

/**
 * The content codings an `Accept-Encoding` header accepts (lower case; `*` stands for any),
 * leaving out those with `q=0`.
 * @param {string | undefined} header
 */
export function acceptedEncodings(header) {
  const accepted = new Set();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * The file to send for `file`: its best precompressed copy the client accepts, if the build
 * wrote one. `vary` says whether the answer depends on Accept-Encoding (the file has copies).
 * @param {string} file
 * @param {string | undefined} acceptEncoding
 */
export function pickEncoding(file, acceptEncoding) {
  const copies = ENCODINGS.filter((e) => existsSync(file + e.suffix));
  const accepted = acceptedEncodings(acceptEncoding);
  const best = copies.find((e) => accepted.has(e.name) || accepted.has('*'));
  return { path: best ? file + best.suffix : file, encoding: best?.name, vary: copies.length > 0 };
}

/**
 * Serves `root` on 127.0.0.1. Resolves once listening. A file with precompressed copies
 * (`x.html.br`, `x.html.gz`) is sent as the copy the client accepts, with Content-Encoding
 * and `Vary: Accept-Encoding`.
 * @param {{ root: string, port?: number, host?: string }} options
 */
export function startStaticServer({ root, port = 0, host = '127.0.0.1' }) {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveRequestPath(root, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const type = CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (extname(file).toLowerCase())];
    const sent = pickEncoding(file, req.headers['accept-encoding']);
    res.writeHead(200, {
      'content-type': type ?? 'application/octet-stream',
      'content-length': statSync(sent.path).size,
      'cache-control': 'no-cache',
      ...(sent.encoding ? { 'content-encoding': sent.encoding } : {}),
      ...(sent.vary ? { vary: 'Accept-Encoding' } : {}),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(sent.path).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('static server: no TCP address');
      resolvePromise({
        server,
        url: `http://${host}:${address.port}/`,
        close: () => new Promise((done) => server.close(() => done(undefined))),
      });
    });
  });
}
