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

export type Severity = 'breaking' | 'additive' | 'cosmetic';

/** Who is affected by the rule: the client sending requests, reading responses, or both. */
export type Side = 'request' | 'response' | 'both';

export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly side: Side;
  /** What changed, in a few words. */
  readonly change: string;
  /** Why it has this severity. */
  readonly why: string;
}

const rule = (id: string, severity: Severity, side: Side, change: string, why: string): Rule => ({
  id,
  severity,
  side,
  change,
  why,
});

export const RULES = [
  // Servers and security.
  rule(
    'server-removed',
    'breaking',
    'both',
    'a server (base URL) is no longer listed',
    'clients configured with that host lose the API',
  ),
  rule(
    'server-added',
    'additive',
    'both',
    'a new server (base URL), e.g. a new region',
    'existing hosts keep working; the new one is an extra choice',
  ),
  rule(
    'security-scheme-changed',
    'breaking',
    'request',
    'a security scheme in use changes its type, scheme, location or name',
    'credentials sent the old way are refused',
  ),
  rule(
    'security-alternative-removed',
    'breaking',
    'request',
    'an operation no longer accepts one of its ways to authenticate (including a public operation that now needs a token)',
    'clients authenticating that way are refused',
  ),
  rule(
    'security-alternative-added',
    'additive',
    'request',
    'an operation accepts a new way to authenticate (or no authentication)',
    'existing credentials keep working',
  ),
  // Operations.
  rule(
    'operation-removed',
    'breaking',
    'both',
    'an operation (method and path) is removed',
    'every call to it fails',
  ),
  rule('operation-added', 'additive', 'both', 'a new operation', 'nothing existing changes'),
  rule(
    'operation-id-changed',
    'breaking',
    'request',
    'an operationId changes',
    'generated clients name their methods after it',
  ),
  rule(
    'path-parameter-renamed',
    'breaking',
    'request',
    'a path parameter is renamed (same URL shape)',
    'typed clients pass path parameters by name',
  ),
  rule(
    'deprecated',
    'additive',
    'both',
    'an operation, parameter or property is newly marked deprecated',
    'it still works; semver counts a deprecation as a minor change',
  ),
  // Parameters.
  rule(
    'parameter-removed',
    'breaking',
    'request',
    'a parameter is removed',
    'typed clients that set it no longer compile; the server may reject or ignore it',
  ),
  rule(
    'required-parameter-added',
    'breaking',
    'request',
    'a new required parameter',
    'existing calls lack it',
  ),
  rule(
    'optional-parameter-added',
    'additive',
    'request',
    'a new optional parameter',
    'existing calls stay valid',
  ),
  rule(
    'parameter-became-required',
    'breaking',
    'request',
    'an optional parameter becomes required',
    'calls that omit it are refused',
  ),
  rule(
    'parameter-became-optional',
    'additive',
    'request',
    'a required parameter becomes optional',
    'every existing call stays valid',
  ),
  rule(
    'parameter-serialization-changed',
    'breaking',
    'request',
    'a parameter changes its style, explode or allowReserved setting',
    'clients serialise the value the old way',
  ),
  // Request bodies.
  rule(
    'request-body-removed',
    'breaking',
    'request',
    'an operation no longer takes a request body',
    'clients sending one may be refused and typed clients no longer compile',
  ),
  rule(
    'required-request-body-added',
    'breaking',
    'request',
    'an operation now requires a body it did not take',
    'existing calls send none',
  ),
  rule(
    'optional-request-body-added',
    'additive',
    'request',
    'an operation accepts an optional body',
    'existing calls stay valid',
  ),
  rule(
    'request-body-became-required',
    'breaking',
    'request',
    'an optional request body becomes required',
    'calls without a body are refused',
  ),
  rule(
    'request-body-became-optional',
    'additive',
    'request',
    'a required request body becomes optional',
    'existing calls stay valid',
  ),
  rule(
    'request-media-type-removed',
    'breaking',
    'request',
    'a request content type is no longer accepted',
    'clients sending it are refused',
  ),
  rule(
    'request-media-type-added',
    'additive',
    'request',
    'a new request content type is accepted',
    'existing calls stay valid',
  ),
  // Responses.
  rule(
    'success-status-removed',
    'breaking',
    'response',
    'a 2xx status code is removed (typically replaced by another)',
    'clients expecting it, and its body, miss it',
  ),
  rule(
    'success-status-added',
    'breaking',
    'response',
    'an existing operation may answer a new 2xx status code',
    'clients read a success body they do not know',
  ),
  rule(
    'error-status-added',
    'additive',
    'response',
    'a new documented error status (4xx, 5xx)',
    'clients already handle unexpected errors generically; the contract now names this one',
  ),
  rule(
    'error-status-removed',
    'additive',
    'response',
    'an error status is no longer documented',
    'the server sends less than before; nobody relies on an error',
  ),
  rule(
    'response-media-type-removed',
    'breaking',
    'response',
    'a response content type is no longer sent',
    'clients asking for it get nothing they can read',
  ),
  rule(
    'response-media-type-added',
    'additive',
    'response',
    'a response may also be sent in a new content type',
    'content negotiation keeps existing clients on the type they ask for',
  ),
  rule(
    'response-header-removed',
    'breaking',
    'response',
    'a documented response header is removed',
    'clients reading it (e.g. Retry-After) lose it',
  ),
  rule(
    'response-header-added',
    'additive',
    'response',
    'a new documented response header',
    'clients ignore headers they do not read',
  ),
  // Schemas of what clients send.
  rule(
    'request-property-removed',
    'breaking',
    'request',
    'a property clients could send is removed',
    'typed clients that set it no longer compile; the server may reject it',
  ),
  rule(
    'required-request-property-added',
    'breaking',
    'request',
    'a new required request property',
    'existing requests lack it',
  ),
  rule(
    'optional-request-property-added',
    'additive',
    'request',
    'a new optional request property',
    'existing requests stay valid',
  ),
  rule(
    'request-property-became-required',
    'breaking',
    'request',
    'an optional request property becomes required',
    'requests that omit it are refused',
  ),
  rule(
    'request-property-became-optional',
    'additive',
    'request',
    'a required request property becomes optional',
    'existing requests stay valid',
  ),
  rule(
    'request-type-narrowed',
    'breaking',
    'request',
    'a request value loses a type it accepted (type changed, null no longer allowed)',
    'values of the old type are refused',
  ),
  rule(
    'request-type-widened',
    'additive',
    'request',
    'a request value accepts an extra type (e.g. null, or number besides integer)',
    'existing values stay valid',
  ),
  rule(
    'request-enum-narrowed',
    'breaking',
    'request',
    'a request enumeration loses a value (or a free value becomes an enumeration)',
    'requests with the removed value are refused',
  ),
  rule(
    'request-enum-widened',
    'additive',
    'request',
    'a request enumeration gains a value (or stops being an enumeration)',
    'existing values stay valid',
  ),
  rule(
    'request-format-restricted',
    'breaking',
    'request',
    'a request value gains a format or changes it',
    'values that do not match the new format are refused',
  ),
  rule(
    'request-format-relaxed',
    'additive',
    'request',
    'a request value loses its format',
    'existing values stay valid',
  ),
  rule(
    'request-constraint-tightened',
    'breaking',
    'request',
    'a request limit tightens: a higher minimum, lower maximum, new or changed pattern, fewer items, no extra properties',
    'values the old limit allowed are refused (e.g. a longer minimum password)',
  ),
  rule(
    'request-constraint-relaxed',
    'additive',
    'request',
    'a request limit loosens',
    'existing values stay valid',
  ),
  rule(
    'request-variant-removed',
    'breaking',
    'request',
    'a request oneOf/anyOf loses a branch',
    'requests shaped like that branch are refused',
  ),
  rule(
    'request-variant-added',
    'additive',
    'request',
    'a request oneOf/anyOf gains a branch (e.g. a new database action)',
    'existing requests stay valid',
  ),
  rule(
    'request-default-changed',
    'additive',
    'request',
    'the default of a request value changes',
    'no request becomes invalid, but clients that omit the value get a different behaviour: say so in the changeset',
  ),
  // Schemas of what clients read.
  rule(
    'response-property-removed',
    'breaking',
    'response',
    'a response property is removed',
    'clients reading it get undefined',
  ),
  rule(
    'response-property-added',
    'additive',
    'response',
    'a new response property (optional or required)',
    'clients ignore properties they do not know',
  ),
  rule(
    'response-property-became-optional',
    'breaking',
    'response',
    'a response property that was always sent may now be absent',
    'clients reading it may get undefined',
  ),
  rule(
    'response-property-became-required',
    'additive',
    'response',
    'a response property that could be absent is now always sent',
    'clients already handle it being present',
  ),
  rule(
    'response-type-widened',
    'breaking',
    'response',
    'a response value may have a new type (type changed, may now be null)',
    'clients parse a type they did not expect',
  ),
  rule(
    'response-type-narrowed',
    'additive',
    'response',
    'a response value loses one of its possible types (e.g. no longer null)',
    'clients already handle the remaining types',
  ),
  rule(
    'response-enum-widened',
    'breaking',
    'response',
    'a closed response enumeration gains a value (or stops being an enumeration)',
    'clients that switch over the known values meet one they do not know',
  ),
  rule(
    'response-open-enum-widened',
    'additive',
    'response',
    'an open response enumeration (`x-scalingo-open-enum: true`, as all of ours are) gains a value',
    'the contract tells clients to accept unknown values, and the generated types do (`(string & {})`)',
  ),
  rule(
    'response-enum-narrowed',
    'additive',
    'response',
    'a response enumeration loses a value',
    'the server sends fewer values than clients handle',
  ),
  rule(
    'response-enum-opened',
    'breaking',
    'response',
    'a closed response enumeration is marked open',
    'clients generated from the old contract treat it as closed, and later values arrive without a major release',
  ),
  rule(
    'response-enum-closed',
    'additive',
    'response',
    'an open response enumeration is marked closed',
    'clients that accepted unknown values still read every known one',
  ),
  rule(
    'response-format-changed',
    'breaking',
    'response',
    'a response value changes or loses its format',
    'clients parsing the old format (a date, a URI) fail',
  ),
  rule(
    'response-format-added',
    'additive',
    'response',
    'a response value gains a format',
    'the value was already a string of that shape or more',
  ),
  rule(
    'response-constraint-relaxed',
    'breaking',
    'response',
    'a response limit loosens (longer strings, larger numbers, a changed pattern, extra properties)',
    'clients sized or validated for the old limit receive values outside it',
  ),
  rule(
    'response-constraint-tightened',
    'additive',
    'response',
    'a response limit tightens',
    'every value the server sends was already allowed',
  ),
  rule(
    'response-variant-added',
    'breaking',
    'response',
    'a response oneOf/anyOf gains a branch (or a plain body becomes one of several shapes)',
    'clients receive a shape they do not know',
  ),
  rule(
    'response-variant-removed',
    'additive',
    'response',
    'a response oneOf/anyOf loses a branch',
    'clients already handle the remaining shapes',
  ),
  // Everything else.
  rule(
    'documentation-changed',
    'cosmetic',
    'both',
    'descriptions, summaries, titles, examples, tags, external docs, `x-` extensions other than x-scalingo-open-enum, info (except the version)',
    'the wire format is unchanged',
  ),
  rule(
    'unclassified-change',
    'breaking',
    'both',
    'a keyword the diff does not model changed (e.g. discriminator, not, if/then/else, links, callbacks, webhooks)',
    'to be safe it counts as breaking until a reviewer reads it',
  ),
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
