import type { Redactor } from '../internal/redact.js';
import { abortable } from '../internal/transport.js';

/** What `getToken` gives back: the token, or the token and the moment it expires. */
export type TokenResult = string | { token: string; expiresAt?: Date | number | undefined };

export interface GetTokenContext {
  /** True after the API refused the last token (401): do not return a cached token. */
  forceRefresh: boolean;
}

/** Gives the client a database token. Called once, again before `expiresAt`, and after a 401. */
export type GetToken = (context: GetTokenContext) => TokenResult | Promise<TokenResult>;

export interface TokenCache {
  /** Whether a refused token can be replaced (only with `getToken`). */
  refreshable: boolean;
  /** The token to send now. */
  current(signal?: AbortSignal): string | Promise<string>;
  /** After a 401 with `refused`: a new token, unless another call already replaced it. */
  refresh(refused: string, signal?: AbortSignal): Promise<string>;
}

/** A token is asked for again this long (5 minutes) before the `expiresAt` its provider announced. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/** Holds the current token: one request for a new one at a time, shared by concurrent calls. */
export function createTokenCache(
  source: { token?: string | undefined; getToken?: GetToken | undefined },
  redactor: Redactor,
): TokenCache {
  const { getToken } = source;
  let token = source.token;
  let expiresAt: number | undefined;
  let pending: Promise<string> | undefined;
  redactor.add(token);

  // One request for a token serves every call waiting for it, so no single call's signal may
  // cancel it: each call stops waiting when its own signal aborts, and the others keep waiting.
  const ask = (forceRefresh: boolean, signal?: AbortSignal): Promise<string> => {
    // A fixed token cannot be renewed: keep sending it and let the API answer.
    if (!getToken) return Promise.resolve(token as string);
    pending ??= (async () => {
      try {
        const result = await getToken({ forceRefresh });
        const fresh = typeof result === 'string' ? result : result?.token;
        const at = typeof result === 'object' ? Number(result.expiresAt ?? Infinity) : undefined;
        if (!fresh || typeof fresh !== 'string' || Number.isNaN(at)) {
          throw new TypeError('getToken must return a non-empty string or { token, expiresAt? }');
        }
        redactor.add(fresh);
        token = fresh;
        expiresAt = at;
        return fresh;
      } finally {
        pending = undefined;
      }
    })();
    return signal ? abortable(pending, signal) : pending;
  };

  return {
    refreshable: getToken !== undefined,
    current: (signal) =>
      token !== undefined && (expiresAt === undefined || expiresAt - Date.now() > EXPIRY_MARGIN_MS)
        ? token
        : ask(false, signal),
    refresh: (refused, signal) => (token !== refused ? Promise.resolve(token as string) : ask(true, signal)),
  };
}
