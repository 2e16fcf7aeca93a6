// The Node HTTP adapter: reads a request, applies the injected faults, hands it to the engine
// and writes the engine's answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine, EngineRequest, EngineResponse } from './engine.js';
import type { FaultInjector } from './faults.js';
import { faultResponse, operationOf, sleep } from './transport.js';

const MAX_BODY_BYTES = 1024 * 1024;

export interface Listening {
  server: Server;
  host: string;
  port: number;
  /** Scheme, host and port, e.g. `http://127.0.0.1:4010`. */
  origin: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined));
    req.on('error', reject);
  });
}

/** Resolves when the socket can take more, or has closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function write(res: ServerResponse, response: EngineResponse): Promise<void> {
  let payload: string | undefined;
  const headers: Record<string, string> = { ...response.headers };
  if (response.bytes !== undefined) {
    headers['content-length'] = String(response.bytes.length);
    res.writeHead(response.status, headers);
    for (const chunk of response.bytes.chunks()) {
      if (res.destroyed) return;
      // Wait for the socket to drain (or close) rather than buffer the whole archive.
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
    return;
  }
  if (response.text !== undefined) {
    payload = response.text;
  } else if (response.json !== undefined) {
    payload = JSON.stringify(response.json);
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

export function listen(
  engine: Engine,
  faults: FaultInjector,
  options: {
    port: number;
    host: string;
    onError?: (error: Error) => void;
    /** Answers a request; default `engine.handle` (the mock adds its pre-signed objects). */
    handle?: (request: EngineRequest) => EngineResponse;
  },
): Promise<Listening> {
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => {
      options.onError?.(error);
      if (!res.headersSent)
        void write(res, { status: 500, headers: {}, json: { error: `the mock failed: ${error.message}` } });
      else res.destroy();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    // Browsers (documentation samples, web apps) call the mock from another origin.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', 'location, retry-after');
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers':
          req.headers['access-control-request-headers'] ?? 'authorization, content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const rawUrl = req.url ?? '/';
    const host = req.headers.host ?? `${options.host}:${(server.address() as AddressInfo).port}`;
    const origin = `http://${host}`;
    const pathname = rawUrl.split('?')[0] ?? '/';
    const operation = operationOf(engine, method, pathname);
    const decision = faults.decide(method, operation?.path, operation?.operationId);
    let body: string | undefined;
    try {
      body = await readBody(req);
    } catch (error) {
      await write(res, { status: 400, headers: {}, json: { error: (error as Error).message } });
      return;
    }
    await sleep(decision.latencyMs);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const request: EngineRequest = { method, url: rawUrl, headers, body, origin };
    if (decision.outcome?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const response = decision.outcome
      ? faultResponse(engine, operation, request, decision.outcome)
      : (options.handle ?? ((r: EngineRequest) => engine.handle(r)))(request);
    await write(res, response);
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        host: address.address,
        port: address.port,
        origin: `http://${hostForUrl}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
