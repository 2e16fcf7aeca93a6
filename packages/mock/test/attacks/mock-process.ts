// The attack suite's view of a mock running in a child process: raw HTTP requests (any method,
// path, Host and body, nothing normalised on the way) and, over IPC, its state and memory.
import { type ChildProcess, fork } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { ensureBuilt } from '../built.js';

export interface MockProcess {
  child: ChildProcess;
  /** e.g. `http://127.0.0.1:41234/api`. */
  url: string;
  publicUrl: string;
  port: number;
  tokens: Record<string, string>;
  /** Lines the mock logged (its 500s). */
  logs: string[];
  /** A fingerprint of the whole state. */
  state(): Promise<string>;
  memory(): Promise<{ rss: number; heapUsed: number }>;
  alive(): boolean;
  close(): Promise<void>;
}

export async function startMockProcess(options: Record<string, unknown> = {}): Promise<MockProcess> {
  ensureBuilt();
  const child = fork(join(import.meta.dirname, 'serve-built.mjs'), [JSON.stringify(options)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const logs: string[] = [];
  const waiting = new Map<number, (value: unknown) => void>();
  let ready: (info: {
    url: string;
    publicUrl: string;
    databases: { addonId: string; token: string }[];
  }) => void;
  const started = new Promise<Parameters<typeof ready>[0]>((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code} before it listened`)));
  });
  child.on('message', (message: { type: string; id?: number; value?: unknown; line?: string }) => {
    if (message.type === 'ready') ready(message as never);
    else if (message.type === 'log') logs.push(message.line as string);
    else waiting.get(message.id as number)?.(message.value);
  });
  let next = 0;
  const ask = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => reject(new Error(`the mock did not answer "${type}" within 2 s`)), 2000);
      waiting.set(id, (value) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(value as T);
      });
      child.send({ type, id });
    });
  const info = await started;
  return {
    child,
    url: info.url,
    publicUrl: info.publicUrl,
    port: Number(new URL(info.url).port),
    tokens: Object.fromEntries(info.databases.map((d) => [d.addonId, d.token])),
    logs,
    state: () => ask('state'),
    memory: () => ask('memory'),
    alive: () => child.exitCode === null && child.signalCode === null,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Bytes of the body (counted; `text` keeps the first MiB). */
  bytes: number;
  ms: number;
}

export interface RawRequest {
  method?: string;
  /** Sent as is: no dot segment is resolved, nothing is encoded. */
  path: string;
  headers?: Record<string, string>;
  /** Send no Host header of our own (give one in `headers` to send that one). */
  host?: string | null;
  body?: string | Buffer;
  timeoutMs?: number;
}

/** Sends one request over a fresh connection; rejects when no answer comes within `timeoutMs`. */
export function send(port: number, r: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const headers: Record<string, string> = { ...r.headers };
    if (r.host !== undefined && r.host !== null) headers.host = r.host;
    // Node sends the body of a GET or HEAD unframed unless told its length.
    if (r.body !== undefined && !headers['transfer-encoding'])
      headers['content-length'] ??= String(Buffer.byteLength(r.body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: r.method ?? 'GET',
        path: r.path,
        headers,
        agent: false,
        setHost: r.host === undefined,
      },
      (res) => {
        const kept: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes <= 1_048_576) kept.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(kept).toString('utf8'),
            bytes,
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(r.timeoutMs ?? 1000, () =>
      req.destroy(new Error(`no answer within ${r.timeoutMs ?? 1000} ms to ${r.method ?? 'GET'} ${r.path}`)),
    );
    req.on('error', reject);
    req.end(r.body);
  });
}
