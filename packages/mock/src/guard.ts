// What a request must pass before any route reads it, whatever the route (the API, the
// pre-signed objects, or any other the server adds): a Host header that is a host, a path whose
// dot and empty segments stay unresolved (they match nothing), a body within the size limit and,
// for the API, of a JSON type. Every refusal carries a JSON error body.
import type { EngineResponse } from './engine.js';

/** The largest request body the server reads by default, in bytes (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function refusal(status: number, error: string, code: string): EngineResponse {
  return { status, headers: {}, json: { error, code } };
}

const REG_NAME = /^[A-Za-z0-9._~-]+$/;

function isIPv6Literal(bracketed: string): boolean {
  if (!/^\[[0-9A-Fa-f:.]+\]$/.test(bracketed)) return false;
  try {
    return new URL(`http://${bracketed}/`).hostname !== '';
  } catch {
    return false;
  }
}

/** Why a Host header value is not `host[:port]`, or undefined when it is (or is absent). */
export function hostProblem(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d*))?$/.exec(host);
  const name = m?.[1] ?? '';
  const port = m?.[2];
  const nameOk = name.startsWith('[') ? isIPv6Literal(name) : REG_NAME.test(name);
  if (!m || !nameOk) return 'is not a host name or address';
  if (port !== undefined && port !== '' && !(port.length <= 5 && Number(port) <= 65535))
    return 'has a port outside 0-65535';
  return undefined;
}

/** A request target in origin form (`/path?query`): an absolute form loses its scheme and host. */
export function originForm(target: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  return absolute ? target.slice(absolute[0].length) || '/' : target;
}

/** The path of a request target, as sent. */
export function rawPathOf(target: string): string {
  return originForm(target).split(/[?#]/, 1)[0] ?? '';
}

/**
 * Why the path cannot name a resource: a `.` or `..` segment (also percent-encoded), an empty
 * segment (`//`, a trailing `/`) or a backslash, which URL parsers would resolve or fold into
 * another path. Undefined for a clean path.
 */
export function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'does not start with /';
  if (path.includes('\\')) return 'contains a backslash';
  if (path === '/') return undefined;
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') return 'has an empty segment';
    const bare = segment.replace(/%2e/gi, '.');
    if (bare === '.' || bare === '..') return `has a "${segment}" segment`;
  }
  return undefined;
}

/** The refusal of a request whose Host or path is unusable, or undefined. */
export function refuseTarget(host: string | undefined, target: string): EngineResponse | undefined {
  const hostIssue = hostProblem(host);
  if (hostIssue) return refusal(400, `the Host header ${hostIssue}`, 'invalid_host');
  const path = rawPathOf(target);
  const pathIssue = pathProblem(path);
  if (pathIssue) {
    return refusal(404, `no resource at this path: it ${pathIssue}, which is never resolved`, 'not_found');
  }
  return undefined;
}

export function bodyTooLarge(limit: number): EngineResponse {
  return refusal(
    413,
    `the request body is larger than ${limit} bytes, the most this server reads`,
    'payload_too_large',
  );
}

/** Whether a Content-Type names JSON: `application/json` or `application/<x>+json`, any parameters. */
export function isJsonContentType(value: string | undefined): boolean {
  const base = value?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return base === 'application/json' || /^application\/[\w.-]+\+json$/.test(base);
}

/** A 415 for a body that is not declared as JSON, or undefined when there is none or it is JSON. */
export function refuseBodyType(body: string | undefined, contentType: string | undefined) {
  if (body === undefined || body === '' || isJsonContentType(contentType)) return undefined;
  const sent = contentType?.split(';', 1)[0]?.trim();
  return refusal(
    415,
    `the request body must be JSON sent as Content-Type: application/json (${sent ? `got ${sent}` : 'no Content-Type was sent'})`,
    'unsupported_media_type',
  );
}
