/**
 * The classification rules of the contract diff. Every change the diff reports names exactly one
 * of these rules, and each rule has exactly one severity, so that the table in
 * apps/docs/guides/contract-changes.md (generated from this list) is the whole story.
 *
 * Two kinds of client are considered:
 * - a client that SENDS requests breaks when the server stops accepting something it accepted
 *   (a new required field, a narrower enum, a tighter length limit);
 * - a client that READS responses breaks when the server may now send something the old contract
 *   ruled out, or stops sending something it promised (a removed field, a new type, a new value
 *   in a closed enum).
 */

import { rules as constraints } from './checkers/constraints.js';
import { rules as documentation } from './checkers/documentation.js';
import { rules as enums } from './checkers/enums.js';
import { rules as formats } from './checkers/formats.js';
import { rules as headers } from './checkers/headers.js';
import { rules as operations } from './checkers/operations.js';
import { rules as parameters } from './checkers/parameters.js';
import { rules as properties } from './checkers/properties.js';
import { rules as requestBodies } from './checkers/request-bodies.js';
import { rules as responses } from './checkers/responses.js';
import { rules as schemaTypes } from './checkers/schema-types.js';
import { rules as security } from './checkers/security.js';
import { rules as servers } from './checkers/servers.js';
import { rules as variants } from './checkers/variants.js';
import type { Rule, Severity } from './rule.js';
import { rules as catchAll } from './walker/catch-all.js';

export type { Rule, Severity, Side } from './rule.js';

/**
 * Every rule, each declared by the checker that fires it (the catch-all's by the walker), in the
 * order of the docs tables.
 */
export const RULES = [
  ...servers,
  ...security,
  ...operations,
  ...parameters,
  ...requestBodies,
  ...responses,
  ...headers,
  ...properties,
  ...schemaTypes,
  ...enums,
  ...formats,
  ...constraints,
  ...variants,
  ...documentation,
  ...catchAll,
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

const byId = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

export function getRule(id: RuleId): Rule {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown rule ${id}`);
  return found;
}

/** The semver bump a severity calls for. */
export type Bump = 'major' | 'minor' | 'patch' | 'none';

export const BUMP_FOR: Record<Severity, Bump> = {
  breaking: 'major',
  additive: 'minor',
  cosmetic: 'patch',
};

const BUMP_ORDER: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function maxBump(a: Bump, b: Bump): Bump {
  return BUMP_ORDER[a] >= BUMP_ORDER[b] ? a : b;
}

export function bumpAtLeast(actual: Bump, needed: Bump): boolean {
  return BUMP_ORDER[actual] >= BUMP_ORDER[needed];
}
