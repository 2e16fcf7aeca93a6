/**
 * The shape of one classification rule. Each checker under `checkers/` declares the rules it
 * fires with `rule()`; `rules.ts` lists them all.
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

/** A rule whose id keeps its literal type, so that firing an unknown id does not compile. */
export const rule = <Id extends string>(
  id: Id,
  severity: Severity,
  side: Side,
  change: string,
  why: string,
): Rule & { readonly id: Id } => ({ id, severity, side, change, why });
