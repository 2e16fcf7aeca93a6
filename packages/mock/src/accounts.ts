// Scalingo accounts of the mock: each has an API token and the databases it can reach. The seed
// lists them in `accounts`; without it, one default account owns every seeded database. An
// account's API token is exchanged for a user token (tokens.ts), which opens its databases.
import type { JsonObject } from './openapi.js';
import type { SeedFile } from './seed.js';
import { fnv1a } from './state.js';

export interface SeedAccount {
  /** The Scalingo API token of the account, as `POST /v1/tokens/exchange` takes it. */
  api_token: string;
  /** The `addon_id`s of the seeded databases the account can reach. */
  databases: string[];
}

export interface Account {
  apiToken: string;
  databases: ReadonlySet<string>;
}

/** The JSON Schema of the seed's `accounts` list. */
export const accountsSchema: JsonObject = {
  type: 'array',
  maxItems: 1000,
  items: {
    type: 'object',
    required: ['api_token', 'databases'],
    additionalProperties: false,
    properties: {
      api_token: { type: 'string', minLength: 4, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' },
      databases: { type: 'array', maxItems: 10000, items: { type: 'string', minLength: 1 } },
    },
  },
};

/** The API token of the default account: stable across runs, so the CLI's can be reused. */
export function defaultApiToken(): string {
  const hash = (round: number) =>
    fnv1a(`scalingo-db-api-mock:account:${round}`).toString(16).padStart(8, '0');
  return `tk-us-mock-${hash(1)}${hash(2)}${hash(3)}`;
}

/**
 * The accounts of a seed already validated against the schema, and the problems a schema
 * cannot see, each with its JSON path: a database the seed does not have, a database listed
 * twice by one account, an API token shared by two accounts.
 */
export function accountsOf(seed: SeedFile): {
  accounts: Account[];
  problems: { path: string; message: string }[];
} {
  const addonIds = new Set(seed.databases.map((entry) => entry.addon_id));
  if (seed.accounts === undefined) {
    return { accounts: [{ apiToken: defaultApiToken(), databases: addonIds }], problems: [] };
  }
  const problems: { path: string; message: string }[] = [];
  const tokens = new Map<string, number>();
  const accounts = seed.accounts.map((account, i) => {
    const at = `$.accounts[${i}]`;
    const other = tokens.get(account.api_token);
    if (other !== undefined)
      problems.push({ path: `${at}.api_token`, message: `duplicates $.accounts[${other}].api_token` });
    tokens.set(account.api_token, i);
    const seen = new Set<string>();
    account.databases.forEach((addonId, j) => {
      if (!addonIds.has(addonId)) {
        problems.push({
          path: `${at}.databases[${j}]`,
          message: `no seeded database has the addon_id ${JSON.stringify(addonId)}`,
        });
      } else if (seen.has(addonId)) {
        problems.push({ path: `${at}.databases[${j}]`, message: `lists ${JSON.stringify(addonId)} twice` });
      }
      seen.add(addonId);
    });
    return { apiToken: account.api_token, databases: seen };
  });
  return { accounts, problems };
}
