import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Recorded {
  method: string;
  /** The raw request target, as it arrived on the wire (not decoded). */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Recorded, res: ServerResponse, n: number) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `<origin>/api`, the base URL to give the client. */
  baseUrl: string;
  requests: Recorded[];
  /** Whether the connection that carried `requests[index]` has closed (the client stopped it, say). */
  connectionClosed(index: number): boolean;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records every request and answers with `handler`. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: Recorded[] = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const recorded: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      sockets.push(req.socket);
      try {
        await handler(recorded, res, requests.length);
      } catch (error) {
        if (!res.headersSent) res.writeHead(599);
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/api`,
    requests,
    connectionClosed: (index) => sockets[index]?.destroyed === true,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export const DB = 'ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71';

/** A database as the API sends it (enough fields for the tests). */
export function database(overrides: Record<string, unknown> = {}) {
  return { id: DB, app_name: 'shop-production', status: 'running', type_name: 'postgresql', ...overrides };
}
