// Who a request is: database tokens, user tokens (tokens.ts) or any token, and what each opens.
import { HttpError } from '../engine.js';
import type { Store, TokenGrant } from '../state.js';
import type { UserGrant } from '../tokens.js';

/**
 * Who a request is: the grant of its database token, the grant of a user token (its account's
 * databases, tokens.ts), or `any` when the mock accepts every token.
 */
export type Principal = TokenGrant | UserGrant | 'any';

export interface AuthOptions {
  /** Accept any non-empty bearer for every database (handy for documentation samples). */
  acceptAnyToken: boolean;
}

export function authenticator(store: Store, options: AuthOptions) {
  return (token: string): Principal => {
    const grant = store.tokens.get(token);
    if (!grant) {
      if (options.acceptAnyToken) return 'any';
      throw new HttpError(401, { error: 'invalid token: it opens no database of this mock' });
    }
    if (grant.expiresAt !== undefined && grant.expiresAt <= store.now()) {
      throw new HttpError(401, { error: 'token has expired' });
    }
    return grant;
  };
}

/** Whether a principal may see the database `addonId`. */
export function opens(principal: unknown, addonId: string): boolean {
  const grant = principal as Exclude<Principal, 'any'> | undefined;
  if (principal === 'any') return true;
  return grant !== undefined && ('kind' in grant ? grant.databases.has(addonId) : grant.addonId === addonId);
}
