import type { Redactor } from './redact.js';

/** What `getToken` gives back: the token, or the token and the moment it expires. */
export type TokenResult = string | { token: string; expiresAt?: Date | number | undefined };

export interface GetTokenContext {
  /** True after the API refused the last token (401): do not return a cached token. */
  forceRefresh: boolean;
  signal?: AbortSignal | undefined;
}

/** Gives the client a database token. Called once, again before `expiresAt`, and after a 401. */
export type GetToken = (context: GetTokenContext) => TokenResult | Promise<TokenResult>;

/** A token is asked for again this long (5 minutes) before the `expiresAt` its provider announced. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

interface Held {
  token: string;
  expiresAt: number | undefined;
}

/** Holds the current token: one request for a new one at a time, shared by concurrent calls. */
export class TokenCache {
  readonly #getToken: GetToken | undefined;
  readonly #redactor: Redactor;
  #held: Held | undefined;
  #pending: Promise<Held> | undefined;

  constructor(source: { token?: string | undefined; getToken?: GetToken | undefined }, redactor: Redactor) {
    this.#redactor = redactor;
    this.#getToken = source.getToken;
    if (source.token !== undefined) {
      this.#held = { token: source.token, expiresAt: undefined };
      redactor.add(source.token);
    }
  }

  /** Whether a refused token can be replaced (only with `getToken`). */
  get refreshable(): boolean {
    return this.#getToken !== undefined;
  }

  /** The token to send now. Synchronous when one is held and fresh (the common case). */
  current(signal?: AbortSignal): string | Promise<string> {
    const held = this.#held;
    if (held && (held.expiresAt === undefined || held.expiresAt - Date.now() > EXPIRY_MARGIN_MS)) {
      return held.token;
    }
    return this.#fetch(false, signal).then((h) => h.token);
  }

  /** After a 401 with `refused`: a new token, unless another call already replaced it. */
  async refresh(refused: string, signal?: AbortSignal): Promise<string> {
    if (this.#held && this.#held.token !== refused) return this.#held.token;
    return (await this.#fetch(true, signal)).token;
  }

  #fetch(forceRefresh: boolean, signal: AbortSignal | undefined): Promise<Held> {
    if (this.#pending) return this.#pending;
    const getToken = this.#getToken;
    if (!getToken) {
      // A fixed token that has expired cannot be renewed; keep using it and let the API say so.
      return Promise.resolve(this.#held as Held);
    }
    const pending = (async () => {
      try {
        const result = await getToken({ forceRefresh, signal });
        const held = normalise(result);
        this.#redactor.add(held.token);
        this.#held = held;
        return held;
      } finally {
        this.#pending = undefined;
      }
    })();
    this.#pending = pending;
    return pending;
  }
}

function normalise(result: TokenResult): Held {
  if (typeof result === 'string' && result) return { token: result, expiresAt: undefined };
  if (result && typeof result === 'object' && typeof result.token === 'string' && result.token) {
    const { expiresAt } = result;
    const at = expiresAt instanceof Date ? expiresAt.getTime() : expiresAt;
    if (at !== undefined && !Number.isFinite(at)) {
      throw new TypeError('getToken returned an `expiresAt` that is not a valid date');
    }
    return { token: result.token, expiresAt: at };
  }
  throw new TypeError('getToken must return a non-empty string or { token: string, expiresAt? }');
}
