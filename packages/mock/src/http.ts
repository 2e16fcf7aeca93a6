// The Node HTTP adapter: reads a request, applies the injected faults, hands it to the engine
// and writes the engine's answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Engine, EngineRequest, EngineResponse } from './engine.js';
import type { FaultInjector } from './faults.js';
import { bodyTooLarge, DEFAULT_MAX_BODY_BYTES, originForm, rawPathOf, refuseTarget } from './guard.js';
import { faultResponse, operationOf, sleep } from './transport.js';

/** How long the server keeps reading (and discarding) a body over the limit before it hangs up. */
const DRAIN_MS = 1000;

export interface Listening {
  server: Server;
  host: string;
  port: number;
  /** Scheme, host and port, e.g. `http://127.0.0.1:4010`. */
  origin: string;
  /** The origin the answers' absolute URLs start with (`publicOrigin`, or the listen address). */
  publicOrigin: string;
  close(): Promise<void>;
}

type ReadBody = { body: string | undefined } | { tooLarge: true };

/**
 * Reads the body, keeping at most `limit` bytes. A larger body is read on and discarded (for up
 * to DRAIN_MS) so that the client, still sending, gets the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > limit;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overflow = () => {
      tooLarge = true;
      chunks.length = 0;
      timer ??= setTimeout(() => resolve({ tooLarge: true }), DRAIN_MS);
    };
    if (tooLarge) overflow();
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) overflow();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (tooLarge) resolve({ tooLarge: true });
      else resolve({ body: chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
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

/** Writes an answer; for HEAD, its headers only (the length of the body GET would send included). */
async function write(res: ServerResponse, response: EngineResponse, head = false): Promise<void> {
  let payload: string | undefined;
  const headers: Record<string, string> = { ...response.headers };
  if (response.bytes !== undefined) {
    headers['content-length'] = String(response.bytes.length);
    res.writeHead(response.status, headers);
    if (head) {
      res.end();
      return;
    }
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
  res.end(head ? undefined : payload);
}

/** The origin a server listening on `address` names itself by: a wildcard address becomes loopback. */
function listenOrigin(address: AddressInfo): string {
  const ip = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return `http://${address.family === 'IPv6' ? `[${ip}]` : ip}:${address.port}`;
}

/** Why an answer failed, as its body says. */
function reasonOf(response: EngineResponse): string {
  const error = (response.json as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? error : `status ${response.status}`;
}

export function listen(
  engine: Engine,
  faults: FaultInjector,
  options: {
    port: number;
    host: string;
    /**
     * The origin every absolute URL the mock answers starts with (default: the listen address).
     * The Host header of a request never changes it.
     */
    publicOrigin?: string;
    /** The largest request body read, in bytes (default 1 MiB); a larger one is a 413. */
    maxBodyBytes?: number;
    /** Receives a line for each 500 answered, naming the operation and the reason (default: stderr). */
    log?: (line: string) => void;
    /** Answers a request; default `engine.handle` (the mock adds its pre-signed objects). */
    handle?: (request: EngineRequest) => EngineResponse;
  },
): Promise<Listening> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let publicOrigin = options.publicOrigin;
  const report = (req: IncomingMessage, response: EngineResponse) => {
    if (response.status !== 500) return;
    // The path only: a query may hold a pre-signed URL's signature.
    const where = `${req.method} ${rawPathOf(req.url ?? '/')}`;
    log(
      `scalingo-db-api-mock: 500 on ${response.operationId ?? 'no operation'} (${where}): ${reasonOf(response)}`,
    );
  };
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => {
      const response = { status: 500, headers: {}, json: { error: `the mock failed: ${error.message}` } };
      report(req, response);
      if (!res.headersSent) void write(res, response);
      else res.destroy();
    });
  });

  // A request Node cannot parse (an unknown method, oversized headers) gets a JSON error too; the
  // rest of what the client sends is read and dropped for a moment so that it sees the answer.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const [status, text] =
      error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    const body = JSON.stringify({
      error: `the request could not be parsed (${error.code ?? error.message})`,
      code: 'bad_request',
    });
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    socket.resume();
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    // Browsers (documentation samples, web apps) call the mock from another origin.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', 'location, retry-after');
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers':
          req.headers['access-control-request-headers'] ?? 'authorization, content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const rawUrl = req.url ?? '/';
    // Whatever the Host says, URLs start with the origin fixed at start.
    const origin = publicOrigin ?? listenOrigin(server.address() as AddressInfo);
    const read = await readBody(req, maxBodyBytes).catch(() => undefined);
    if (!read) {
      // The client went away while sending: nobody is left to answer.
      req.destroy();
      return;
    }
    if ('tooLarge' in read) {
      res.setHeader('connection', 'close');
      await write(res, bodyTooLarge(maxBodyBytes), head);
      return;
    }
    const { body } = read;
    const refused = refuseTarget(req.headers.host, rawUrl);
    if (refused) {
      await write(res, refused, head);
      return;
    }
    const pathname = rawPathOf(rawUrl);
    const operation = operationOf(engine, method, pathname);
    const decision = faults.decide(method, operation?.path, operation?.operationId);
    await sleep(decision.latencyMs);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const request: EngineRequest = { method, url: originForm(rawUrl), headers, body, origin };
    if (decision.outcome?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const response = decision.outcome
      ? faultResponse(engine, operation, request, decision.outcome)
      : (options.handle ?? ((r: EngineRequest) => engine.handle(r)))(request);
    report(req, response);
    await write(res, response, head);
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      publicOrigin ??= listenOrigin(address);
      const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        host: address.address,
        port: address.port,
        origin: `http://${hostForUrl}:${address.port}`,
        publicOrigin,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
