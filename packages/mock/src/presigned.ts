// The object store behind the pre-signed URLs the API hands out (backup archives, live logs, log
// archives). The mock serves them itself, on its own host and port but outside the API's base
// path, so that a URL it returns can be fetched as is. These routes belong to the store, not to
// the Database API: they are not in the OpenAPI description and are not validated against it.
//
// Like a real pre-signed store, a URL carries its own credentials (an expiry and a signature over
// path + expiry, keyed by a per-mock secret) and the store refuses a request that also carries an
// `Authorization` header. Every answer is generated from the state and is deterministic for a
// given URL.
import type { EngineRequest, EngineResponse } from './engine.js';
import { type Backup, type DatabaseState, fnv1a, isoDate, type Store } from './state.js';

/** The path under which the mock serves its pre-signed objects. */
export const PRESIGNED_PREFIX = '/_presigned';
/** Largest backup archive served, in bytes; a bigger backup is served cut to this length. */
export const DEFAULT_ARCHIVE_MAX_BYTES = 16 * 1024 * 1024;
/** How long a pre-signed URL stays valid, in seconds of the mock's clock. */
export const PRESIGNED_TTL_SECONDS = 600;

const CHUNK_BYTES = 64 * 1024;
const DAY_MS = 86_400_000;

export interface PresignedOptions {
  /** The key of the signatures. */
  secret: string;
  /** Largest backup archive served, in bytes. */
  archiveMaxBytes: number;
}

/** The pre-signed URLs of the mock and the routes that serve them. */
export class PresignedObjects {
  constructor(
    private readonly store: Store,
    private readonly options: PresignedOptions,
  ) {}

  /** The URL of a backup's archive, valid for {@link PRESIGNED_TTL_SECONDS}. */
  backupUrl(baseUrl: string, addonId: string, backup: Backup): string {
    const path = `${PRESIGNED_PREFIX}/backups/${enc(addonId)}/${enc(backup.id)}.tar.gz`;
    const expires = this.nowSeconds() + PRESIGNED_TTL_SECONDS;
    return `${originOf(baseUrl)}${path}?expires=${expires}&signature=${this.sign(path, expires)}`;
  }

  /** The live logs URL: like the real one, it carries the time it was issued and a token. */
  logsUrl(baseUrl: string, addonId: string): string {
    const path = `${PRESIGNED_PREFIX}/logs/${enc(addonId)}`;
    const timestamp = this.nowSeconds();
    return `${originOf(baseUrl)}${path}?timestamp=${timestamp}&token=${this.sign(path, timestamp)}`;
  }

  /** The URL and size of the log archive of one UTC day (`fromMs` is that day's midnight). */
  logsArchive(baseUrl: string, state: DatabaseState, fromMs: number): { url: string; size: number } {
    const day = isoDate(fromMs).slice(0, 10);
    const path = `${PRESIGNED_PREFIX}/logs/${enc(state.addonId)}/archives/${day}.log.gz`;
    const expires = this.nowSeconds() + PRESIGNED_TTL_SECONDS;
    return {
      url: `${originOf(baseUrl)}${path}?expires=${expires}&signature=${this.sign(path, expires)}`,
      size: gzipStored(archiveLines(state, fromMs)).length,
    };
  }

  /** Whether a path is one of the store's (everything else goes to the API). */
  matches(pathname: string): boolean {
    return pathname === PRESIGNED_PREFIX || pathname.startsWith(`${PRESIGNED_PREFIX}/`);
  }

  serve(request: EngineRequest): EngineResponse {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        status: 405,
        headers: { allow: 'GET, HEAD' },
        json: { error: `method ${method} is not allowed on a pre-signed URL; use GET or HEAD` },
      };
    }
    if (request.headers.authorization !== undefined) {
      return refuse(
        400,
        'authorization_not_allowed',
        'a pre-signed URL carries its own credentials: send it without an Authorization header ' +
          '(the storage refuses a request that combines two authentication mechanisms)',
      );
    }
    const url = new URL(request.url, request.origin);
    const route = parseRoute(url.pathname);
    if (!route) return refuse(404, 'no_such_object', `no pre-signed object at ${url.pathname}`);

    const live = route.kind === 'logs';
    const [timeName, signatureName] = live ? ['timestamp', 'token'] : ['expires', 'signature'];
    const timeText = url.searchParams.get(timeName);
    const signature = url.searchParams.get(signatureName);
    if (timeText === null || signature === null) {
      return refuse(
        403,
        'missing_signature',
        `the URL lacks its ${timeName} and ${signatureName} parameters`,
      );
    }
    const time = /^\d{1,12}$/.test(timeText) ? Number(timeText) : Number.NaN;
    if (Number.isNaN(time) || signature !== this.sign(url.pathname, time)) {
      return refuse(403, 'signature_mismatch', 'the signature does not match the path and expiry of the URL');
    }
    const expiresAt = (live ? time + PRESIGNED_TTL_SECONDS : time) * 1000;
    if (this.store.now() >= expiresAt) {
      return refuse(403, 'expired', `the URL expired at ${isoDate(expiresAt)}; ask the API for a new one`);
    }

    const state = this.store.databases.get(route.addonId);
    if (!state) return refuse(404, 'no_such_object', `no object for database ${route.addonId}`);
    const head = method === 'HEAD';
    if (route.kind === 'backup') {
      const backup = state.backups.find((b) => b.id === route.backupId);
      if (backup?.status !== 'done') {
        const why = backup ? `backup ${backup.id} is ${backup.status}` : `no backup ${route.backupId}`;
        return refuse(404, 'no_such_object', `no archive here: ${why}`);
      }
      const declared = Math.max(0, Math.floor(backup.size ?? 0));
      const length = Math.min(declared, this.options.archiveMaxBytes);
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        'content-length': String(length),
        'content-disposition': `attachment; filename="${backup.name}.tar.gz"`,
        'cache-control': 'private, no-store',
      };
      if (length < declared) headers['x-mock-backup-size'] = String(declared);
      return {
        status: 200,
        headers,
        bytes: head ? undefined : { length, chunks: () => pseudoRandomChunks(fnv1a(backup.id), length) },
      };
    }
    if (route.kind === 'logs') {
      const text = liveLines(state, time * 1000);
      const headers = {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(new TextEncoder().encode(text).length),
      };
      return head ? { status: 200, headers } : { status: 200, headers, text };
    }
    const from = Date.parse(`${route.day}T00:00:00Z`);
    if (Number.isNaN(from)) return refuse(404, 'no_such_object', `no log archive for ${route.day}`);
    const gz = gzipStored(archiveLines(state, from));
    return {
      status: 200,
      headers: {
        'content-type': 'application/gzip',
        'content-length': String(gz.length),
        'content-disposition': `attachment; filename="${route.day}.log.gz"`,
      },
      bytes: head ? undefined : { length: gz.length, chunks: () => [gz] },
    };
  }

  private nowSeconds(): number {
    return Math.floor(this.store.now() / 1000);
  }

  /** 128 bits of FNV-1a over secret, path and time: enough for a mock, not a real MAC. */
  private sign(path: string, time: number): string {
    return [1, 2, 3, 4]
      .map((round) => fnv1a(`${round}:${this.options.secret}:${path}:${time}`).toString(16).padStart(8, '0'))
      .join('');
  }
}

type Route =
  | { kind: 'backup'; addonId: string; backupId: string }
  | { kind: 'logs'; addonId: string }
  | { kind: 'logs-archive'; addonId: string; day: string };

function parseRoute(pathname: string): Route | undefined {
  const rest = pathname.slice(PRESIGNED_PREFIX.length);
  let m = /^\/backups\/([^/]+)\/([^/]+)\.tar\.gz$/.exec(rest);
  if (m) return { kind: 'backup', addonId: dec(m[1]), backupId: dec(m[2]) };
  m = /^\/logs\/([^/]+)$/.exec(rest);
  if (m) return { kind: 'logs', addonId: dec(m[1]) };
  m = /^\/logs\/([^/]+)\/archives\/(\d{4}-\d{2}-\d{2})\.log\.gz$/.exec(rest);
  if (m) return { kind: 'logs-archive', addonId: dec(m[1]), day: m[2] as string };
  return undefined;
}

function refuse(status: number, code: string, error: string): EngineResponse {
  return { status, headers: {}, json: { error, code } };
}

const enc = encodeURIComponent;
function dec(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return '';
  }
}

function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/** Deterministic filler bytes (xorshift32), in chunks of 64 KiB. */
export function* pseudoRandomChunks(seed: number, length: number): Generator<Uint8Array> {
  let x = seed >>> 0 || 0x9e3779b9;
  for (let offset = 0; offset < length; offset += CHUNK_BYTES) {
    const chunk = new Uint8Array(Math.min(CHUNK_BYTES, length - offset));
    for (let i = 0; i < chunk.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      // Writes past the end of the last chunk are dropped by the typed array.
      chunk[i] = x;
      chunk[i + 1] = x >>> 8;
      chunk[i + 2] = x >>> 16;
      chunk[i + 3] = x >>> 24;
    }
    yield chunk;
  }
}

const LOG_MESSAGES: Record<string, string[]> = {
  postgresql: [
    'LOG:  checkpoint starting: time',
    'LOG:  checkpoint complete: wrote 318 buffers (1.9%); 0 WAL file(s) added',
    'LOG:  automatic vacuum of table "app.public.orders": index scans: 1',
    'LOG:  connection authorized: user=app database=app SSL enabled',
    'LOG:  duration: 1204.512 ms  statement: SELECT count(*) FROM events',
  ],
  mysql: [
    '[Note] [MY-010914] [Server] Aborted connection 2211 to db: app (Got timeout reading communication packets)',
    '[Note] [MY-013602] [Server] Channel mysql_main configured to support TLS',
    '[Warning] [MY-010055] [Server] IP address could not be resolved',
    '[Note] [MY-011071] [Server] InnoDB: page cleaner took 4213ms to flush 512 pages',
  ],
  redis: [
    '* Background saving started by pid 4812',
    '* DB saved on disk',
    '* 100 changes in 300 seconds. Saving...',
    '* Background saving terminated with success',
  ],
  mongodb: [
    '{"s":"I","c":"NETWORK","msg":"Connection accepted","attr":{"connectionCount":12}}',
    '{"s":"I","c":"STORAGE","msg":"WiredTiger message","attr":{"message":"checkpoint"}}',
    '{"s":"I","c":"COMMAND","msg":"Slow query","attr":{"durationMillis":842}}',
  ],
  opensearch: [
    '[INFO ][o.o.c.r.a.AllocationService] Cluster health status changed from [YELLOW] to [GREEN]',
    '[INFO ][o.o.m.j.JvmGcMonitorService] [gc][8412] overhead, spent [312ms] collecting in the last [1s]',
    '[WARN ][o.o.c.r.a.DiskThresholdMonitor] high disk watermark [90%] exceeded',
  ],
  influxdb: [
    'lvl=info msg="Executing query" service=query query="SELECT mean(value) FROM cpu"',
    'lvl=info msg="Cache snapshot (start)" service=storage-engine',
    'lvl=info msg="Compacting file" service=storage-engine tsm1_level=1',
  ],
};

function logLine(state: DatabaseState, at: number): string {
  const messages = LOG_MESSAGES[state.database.type_name] ?? ['service running'];
  const instances = state.database.instances;
  const pick = fnv1a(`${state.addonId}:${at}`);
  const instance = instances[pick % Math.max(1, instances.length)]?.id ?? `${state.addonId}-0`;
  return `${isoDate(at)} [${instance}] ${messages[pick % messages.length]}`;
}

/** The last half hour before `at`, one line a minute. */
function liveLines(state: DatabaseState, at: number): string {
  const lines: string[] = [];
  for (let i = 29; i >= 0; i--) lines.push(logLine(state, at - i * 60_000));
  return `${lines.join('\n')}\n`;
}

/** A day of logs, one line every half hour. */
function archiveLines(state: DatabaseState, from: number): string {
  const lines: string[] = [];
  for (let at = from; at < from + DAY_MS; at += 1_800_000) lines.push(logLine(state, at));
  return `${lines.join('\n')}\n`;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A valid gzip file whose deflate stream uses stored (uncompressed) blocks: any gunzip reads it,
 * and it needs no compression library, so it is built the same way in Node and in browsers.
 */
export function gzipStored(text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  const blocks = Math.max(1, Math.ceil(data.length / 65_535));
  const out = new Uint8Array(10 + data.length + blocks * 5 + 8);
  const view = new DataView(out.buffer);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
  let at = 10;
  for (let b = 0; b < blocks; b++) {
    const part = data.subarray(b * 65_535, (b + 1) * 65_535);
    out[at] = b === blocks - 1 ? 1 : 0;
    view.setUint16(at + 1, part.length, true);
    view.setUint16(at + 3, ~part.length & 0xffff, true);
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  view.setUint32(at, crc32(data), true);
  view.setUint32(at + 4, data.length >>> 0, true);
  return out;
}
