// Type-level checks of what a generated client makes of the contract's unions and enumerations.
// scripts/generate.mjs copies this file beside each tool's output, next to a tool-types.ts that
// names the tool's types; test/typecheck.test.ts compiles them with `tsc --strict` and reports,
// per tool, which `// check:` sections compile. A failing check is a type error in its section.
import type { DatabaseAction, DatabaseStatus, FirewallRuleCreate } from './tool-types';

// check: action-narrows
// A discriminated action narrows on `action_name` to its own params.
export function cancelledPid(action: DatabaseAction): number | undefined {
  if (action.action_name === 'pg-cancel-query') return action.params.pid;
  return undefined;
}
// @ts-expect-error pg-cancel-query needs params.pid
export const missingPid: DatabaseAction = { action_name: 'pg-cancel-query', params: {} };

// check: action-name-closed
// A request enumeration is closed: an action the API does not have is refused.
// @ts-expect-error no such action
export const unknownAction: DatabaseAction = { action_name: 'pg-drop-everything' };

// check: firewall-rule-narrows
// A firewall rule is discriminated by `type`, and a custom range's `cidr` is a string.
export const customRule: FirewallRuleCreate = { type: 'custom_range', cidr: '203.0.113.0/24' };
// @ts-expect-error cidr is a string
export const numericCidr: FirewallRuleCreate = { type: 'custom_range', cidr: 42 };

// check: firewall-type-closed
// A rule of a kind the API does not have is refused.
// @ts-expect-error no such kind of rule
export const otherKind: FirewallRuleCreate = { type: 'another_range', cidr: '203.0.113.0/24' };

// check: status-open
// An open response enumeration takes a value a later server may send.
export const laterStatus: DatabaseStatus = 'hibernating';
export const knownStatus: DatabaseStatus = 'running';

// check: status-known-values
// The known values stay in the type (completion, exhaustive switches): true of
// `'a' | 'b' | (string & {})`, false once a tool writes `'a' | 'b' | string`, which is `string`.
type Known = DatabaseStatus extends infer S
  ? S extends string
    ? string extends S
      ? never
      : S
    : never
  : never;
export const known: Known = 'running';
