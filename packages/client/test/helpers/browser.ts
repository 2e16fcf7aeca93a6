// Helpers of the browser test: the published entry built and bundled for the browser, and a
// static server to serve it from its own origin.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { buildIfStale } from '../../../../scripts/build-if-stale.js';

export const packageRoot = join(import.meta.dirname, '..', '..');

/** The file the package's `exports["."]` points at, e.g. `<root>/dist/index.js`. */
export function browserEntry(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    exports?: Record<string, string | { default?: string }>;
  };
  const dot = manifest.exports?.['.'];
  const target = typeof dot === 'string' ? dot : dot?.default;
  if (!target) throw new Error('package.json has no exports["."].default: there is no browser entry to test');
  return join(packageRoot, target);
}

/**
 * The path of the built browser entry, built first (with Turborepo, dependencies included) when it
 * is missing or older than the sources. The build holds a lock so that two test files never
 * write dist at the same time.
 */
export function builtBrowserEntry(): string {
  return buildIfStale({
    entry: browserEntry(),
    inputs: [join(packageRoot, 'src')],
    filter: '@scalingo-db-api/client',
  });
}

export interface BrowserBundle {
  /** One ES module with every export of the entry. */
  code: string;
  /** `<importer> imports <specifier>` for each Node builtin the entry reaches (left out of the bundle). */
  nodeImports: string[];
}

const builtins = new Set(builtinModules);

/** Bundles `entry` for the browser into one ES module and reports the Node builtins it pulls in. */
export async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  const nodeImports: string[] = [];
  const recordBuiltins: Plugin = {
    name: 'record-node-builtins',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
        const bare = args.path.startsWith('node:') ? args.path.slice(5) : args.path;
        if (!args.path.startsWith('node:') && !builtins.has(bare.split('/')[0] ?? '')) return undefined;
        nodeImports.push(`${args.importer.replace(`${packageRoot}/`, '')} imports ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [recordBuiltins],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote no output for ${entry}`);
  return { code: output.text, nodeImports };
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** Serves fixed files on 127.0.0.1 (`{ '/index.html': { type, body } }`); anything else is 404. */
export async function startStaticServer(files: Record<string, { type: string; body: string }>) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files[path === '/' ? '/index.html' : path];
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`${req.method} ${path}: not served here`);
      return;
    }
    res
      .writeHead(200, {
        'content-type': file.type,
        'content-length': Buffer.byteLength(file.body),
        'cache-control': 'no-store',
      })
      .end(req.method === 'HEAD' ? undefined : file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies StaticServer;
}

export interface RefusingProxy {
  /** `http://127.0.0.1:<port>`, for Chromium's `--proxy-server`. */
  origin: string;
  /** What reached the proxy: absolute URLs of plain HTTP requests, `CONNECT host:port` for TLS. */
  refused: string[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 that refuses everything (403) and records what it was asked for. Given
 * to Chromium as its proxy, it stops every request to another host at the network level, where
 * (unlike a Playwright route) it does not change how the browser handles CORS.
 */
export async function startRefusingProxy(): Promise<RefusingProxy> {
  const refused: string[] = [];
  const server = createServer((req, res) => {
    refused.push(req.url ?? '');
    res.writeHead(403, { 'content-type': 'text/plain' }).end('no request leaves 127.0.0.1 in this test');
  });
  server.on('connect', (req, socket) => {
    refused.push(`CONNECT ${req.url ?? ''}`);
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
