// A local proxy for any client (the Scalingo CLI, a dashboard, curl): it forwards each request to
// the target, checks the request and the answer against the bundled spec, prints one line per
// problem and keeps every check for the reports written when it closes. Headers and bodies are
// never printed; every line goes through the redactor.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fieldErrors } from '@scalingo-db-api/mock/contract';
import { AnswerTooLargeError, answerLimit, readBounded } from './bounded.js';
import { ContractChecker, toPointer } from './check.js';
import type { FetchLike } from './gentle.js';
import type { Redactor } from './redact.js';
import { type OperationResult, problemLines, type RunResult } from './report.js';

const MAX_REQUEST_BYTES = 1024 * 1024;
/** Headers that belong to one connection, or that fetch sets itself. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
  'accept-encoding',
]);

export interface ProxyOptions {
  /** The API's base URL, `/api` included; clients use the proxy's URL with the same path. */
  target: string;
  port?: number;
  host?: string;
  redactor: Redactor;
  log?: (line: string) => void;
  fetch?: FetchLike;
  checker?: ContractChecker;
  /** The largest answer body read from the target, in bytes (default 16 MiB); a larger one is a 502. */
  maxAnswerBytes?: number;
}

export interface ValidatingProxy {
  /** The base URL to give clients, e.g. `http://127.0.0.1:4020/api`. */
  url: string;
  result: RunResult;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new Error(`the request body is larger than ${MAX_REQUEST_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startProxy(options: ProxyOptions): Promise<ValidatingProxy> {
  const checker = options.checker ?? new ContractChecker();
  const { redactor } = options;
  const log = (line: string) => options.log?.(redactor.text(line));
  const target = new URL(options.target);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`--target must be an http(s) URL (got ${target.protocol})`);
  }
  const prefix = target.pathname.replace(/\/+$/, '');
  const maxAnswerBytes = answerLimit(options.maxAnswerBytes);
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const result: RunResult = { mode: 'proxy', operations: [], skipped: [], problems: [] };
  const literals = new Set(
    [prefix, ...checker.model.operations.map((op) => op.path)].flatMap((path) =>
      path.split('/').filter((segment) => segment !== '' && !segment.startsWith('{')),
    ),
  );

  async function handle(
    req: IncomingMessage,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    const authorization = req.headers.authorization;
    if (typeof authorization === 'string') redactor.secret(authorization.replace(/^\S+\s+/, ''));
    const text = await readBody(req);
    redactor.learnText(text);
    const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : undefined;
    const match = rest === undefined ? undefined : checker.model.router.match(method, rest);
    const operation = match?.kind === 'operation' ? match.operation : undefined;
    const requestProblems: OperationResult['violations'] = [];
    if (match?.kind === 'operation') {
      for (const value of Object.values(match.params)) redactor.identifier(value);
    }
    if (!operation) {
      // Only the spec's own words of the path are shown: any other segment may be an id.
      const shown = url.pathname
        .split('/')
        .map((segment) =>
          segment === '' || literals.has(segment) || !redactor.redact ? segment : '[redacted]',
        )
        .join('/');
      const problem = `${method} ${shown}: no operation of the spec (under ${prefix || '/'}) matches this request`;
      result.problems.push(problem);
      log(problem);
    } else if (match?.kind === 'operation') {
      const compiled = checker.requestValidators(operation);
      const query: Record<string, unknown> = {};
      for (const key of new Set(url.searchParams.keys())) {
        query[key] = compiled.arrayQueryParams.has(key)
          ? url.searchParams.getAll(key)
          : url.searchParams.get(key);
      }
      const headers: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(req.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const checks: [string, Record<string, string[]> | undefined][] = [
        ['path parameter', compiled.path?.({ ...match.params })],
        ['query parameter', compiled.query?.(query)],
        ['header', compiled.header?.(headers)],
      ];
      if (compiled.body && (text.trim() !== '' || operation.requestBody?.required)) {
        let body: unknown;
        try {
          body = text.trim() === '' ? {} : JSON.parse(text);
          if (!compiled.body(body)) {
            checks.push(['request body', fieldErrors(compiled.body.errors, (s) => toPointer(s) || '(root)')]);
          }
        } catch {
          checks.push(['request body', { '(root)': ['is not valid JSON'] }]);
        }
      }
      for (const [what, problems] of checks) {
        for (const [field, messages] of Object.entries(problems ?? {})) {
          requestProblems.push({
            pointer: '',
            message: `the request's ${what} ${field} ${messages.join(', ')}`,
          });
        }
      }
    }
    const forwardHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined)
        forwardHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let response: Response;
    let body: Buffer;
    try {
      response = await fetchImpl(`${target.origin}${url.pathname}${url.search}`, {
        method,
        headers: forwardHeaders,
        body: text === '' || method === 'GET' || method === 'HEAD' ? undefined : text,
        redirect: 'manual',
        signal: AbortSignal.timeout(60_000),
      });
      body = await readBounded(response, maxAnswerBytes);
    } catch (error) {
      const why =
        error instanceof AnswerTooLargeError
          ? error.message
          : `the target did not answer (${(error as Error).name})`;
      const problem = `${operation?.operationId ?? method} ${operation?.path ?? ''}: ${why}`;
      result.problems.push(problem);
      log(problem);
      return {
        status: 502,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ error: why })),
      };
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') headers[name.toLowerCase()] = value;
    });
    if (operation) {
      const answerText = body.toString('utf8');
      redactor.learnText(answerText);
      const found = checker.check(operation, { status: response.status, headers, text: answerText });
      const op: OperationResult = {
        operationId: operation.operationId,
        method,
        path: operation.path,
        status: response.status,
        notes: [],
        ...found,
        violations: [...requestProblems, ...found.violations],
      };
      result.operations.push(op);
      for (const line of problemLines(op)) log(line);
    }
    return { status: response.status, headers, body };
  }

  const server: Server = createServer((req, res) => {
    handle(req).then(
      ({ status, headers, body }) => {
        res.writeHead(status, { ...headers, 'content-length': String(body.length) });
        res.end(body);
      },
      (error: Error) => {
        log(`the proxy failed on a request: ${error.message}`);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'the validating proxy failed on this request' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}${prefix}`,
    result,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
