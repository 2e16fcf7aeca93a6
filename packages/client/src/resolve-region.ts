import { AUTH_URL, requestJson, trimUrl } from './auth/auth-request.js';
import { DatabaseClientError } from './errors.js';
import { apiPrefix, type HostKind, hosts, regionsFields } from './generated/operations.js';
import { createRedactor } from './internal/redact.js';
import type { FetchLike } from './internal/transport.js';
import { requireMs, requireString } from './options.js';

export interface ResolveRegionOptions {
  /** The authentication API, which lists the regions (default `https://auth.scalingo.com/v1`). */
  authUrl?: string;
  fetch?: FetchLike;
  /** How long the request may take, in ms (default 30000). */
  timeoutMs?: number;
}

/** The base URL of the Database API on each kind of host of one region, `/api` included. */
export type RegionHosts = { readonly [kind in HostKind]: string };

/**
 * The base URLs of the Database API in a region, on each kind of host: from the spec for the
 * regions it lists (no request), otherwise from the authentication API's `GET /v1/regions`, whose
 * entries name each host in the field the spec's `x-scalingo-regions-field` gives (`database_api`,
 * `api`). So a region Scalingo opens after this release works: pass one of the URLs as `baseUrl`.
 * A listed host must be an origin (no path, query or fragment) over https, or over http only when
 * the authentication API itself is reached over http (a local mock).
 */
export async function resolveRegion(
  region: string,
  options: ResolveRegionOptions = {},
): Promise<RegionHosts> {
  const who = 'resolveRegion';
  requireString(who, 'region', region);
  const { timeoutMs = 30_000 } = options;
  requireMs(who, 'timeoutMs', timeoutMs);
  if (Object.hasOwn(hosts, region)) return hosts[region as keyof typeof hosts];
  const authUrl = trimUrl(options.authUrl ?? AUTH_URL);
  const summary = { method: 'GET', path: `${authUrl}/regions` };
  const settings = { fetch: options.fetch, timeoutMs, redactor: createRedactor() };
  const answer = (await requestJson(summary.path, summary, undefined, settings)) as {
    regions?: unknown;
  } | null;
  const fail = (why: string): never => {
    throw new DatabaseClientError(`${summary.path}: ${why}`, summary);
  };
  const list = Array.isArray(answer?.regions)
    ? (answer.regions as unknown[])
    : fail('the answer has no regions list');
  const entry = list.find((item) => (item as { name?: unknown } | null)?.name === region) as
    | Record<string, unknown>
    | undefined;
  if (!entry) {
    const names = list
      .map((item) => (item as { name?: unknown } | null)?.name)
      .filter((n) => typeof n === 'string');
    fail(`no region named "${region}" (listed: ${names.join(', ') || 'none'})`);
  }
  const allowed = new URL(authUrl).protocol === 'http:' ? ['https:', 'http:'] : ['https:'];
  const found: Record<string, string> = {};
  for (const [kind, field] of Object.entries(regionsFields)) {
    const value = (entry as Record<string, unknown>)[field];
    let url: URL | undefined;
    try {
      url = new URL(String(value));
    } catch {}
    if (
      typeof value !== 'string' ||
      !url ||
      !allowed.includes(url.protocol) ||
      url.username ||
      url.password ||
      url.pathname !== '/' ||
      url.search ||
      url.hash
    ) {
      fail(
        `region "${region}": \`${field}\` must be an ${allowed.join(' or ')} origin, got ${JSON.stringify(value)}`,
      );
    }
    found[kind] = `${(url as URL).origin}${apiPrefix}`;
  }
  return found as RegionHosts;
}
