// Fault injection for resilience tests: latency, 429 with Retry-After, 500, 503 and dropped
// connections, chosen per route (operationId or `METHOD /path/template`) or by a rate.
// Draws come from a seeded generator so that a run with the same seed injects the same faults.

export type FaultKind = 'latency' | 'rate-limit' | 'server-error' | 'unavailable' | 'drop';

export interface FaultRule {
  /** What the rule applies to: operationIds or `METHOD /path/{template}` (or `*`). Default: every route. */
  match?: string | string[];
  kind: FaultKind;
  /** Probability (0–1) that a matching request gets the fault. Default 1. */
  rate?: number;
  /** Apply to this many matching requests, then stop. Default: no limit. */
  times?: number;
  /** For `latency`: a delay in ms, or `[min, max]` for a uniform draw. */
  latencyMs?: number | [number, number];
  /** For `rate-limit`: the `Retry-After` value (seconds or an HTTP date). Default `1`. */
  retryAfter?: number | string;
  /** For `rate-limit`: answer with the plain-text body `Retry later` instead of JSON. */
  plainText?: boolean;
}

export interface FaultDecision {
  latencyMs: number;
  /** The fault that replaces the answer, if any. */
  outcome?:
    | { kind: 'rate-limit'; retryAfter: string; plainText: boolean }
    | { kind: 'server-error' }
    | { kind: 'unavailable' }
    | { kind: 'drop' };
}

const KINDS: FaultKind[] = ['latency', 'rate-limit', 'server-error', 'unavailable', 'drop'];

/**
 * Checks a rule and names the first field that is wrong. With `routes` (operationIds and
 * `METHOD /path/{template}` of the document), a `match` that names no route is refused: a typo
 * would otherwise leave the fault silently unused.
 */
export function validateFaultRule(rule: unknown, where: string, routes?: ReadonlySet<string>): FaultRule {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
    throw new Error(`${where}: a fault rule must be an object`);
  }
  const r = rule as Record<string, unknown>;
  if (!KINDS.includes(r.kind as FaultKind)) {
    throw new Error(`${where}.kind: must be one of ${KINDS.join(', ')} (got ${JSON.stringify(r.kind)})`);
  }
  if (r.rate !== undefined && (typeof r.rate !== 'number' || !(r.rate >= 0 && r.rate <= 1))) {
    throw new Error(`${where}.rate: must be a number between 0 and 1`);
  }
  if (r.times !== undefined && (!Number.isInteger(r.times) || (r.times as number) < 0)) {
    throw new Error(`${where}.times: must be a non-negative integer`);
  }
  if (r.match !== undefined) {
    const list = Array.isArray(r.match) ? r.match : [r.match];
    if (!list.every((m) => typeof m === 'string' && m.length > 0)) {
      throw new Error(`${where}.match: must be a non-empty string or a list of them`);
    }
    const unknown = routes ? list.find((m) => m !== '*' && !routes.has(m as string)) : undefined;
    if (unknown !== undefined) {
      throw new Error(
        `${where}.match: ${JSON.stringify(unknown)} names no operation (use an operationId such as getDatabase, or METHOD /path/{template}, or *)`,
      );
    }
  }
  const latency = r.latencyMs;
  if (latency !== undefined) {
    const ok =
      (typeof latency === 'number' && latency >= 0) ||
      (Array.isArray(latency) &&
        latency.length === 2 &&
        latency.every((n) => typeof n === 'number' && n >= 0) &&
        (latency[0] as number) <= (latency[1] as number));
    if (!ok) throw new Error(`${where}.latencyMs: must be a number >= 0 or [min, max]`);
  } else if (r.kind === 'latency') {
    throw new Error(`${where}.latencyMs: is required for a latency fault`);
  }
  if (r.retryAfter !== undefined && typeof r.retryAfter !== 'number' && typeof r.retryAfter !== 'string') {
    throw new Error(`${where}.retryAfter: must be a number of seconds or an HTTP date`);
  }
  return r as unknown as FaultRule;
}

/** mulberry32: a small, well-known seeded generator. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(
    rules: FaultRule[] = [],
    /** Applied to every request, before any rule. */
    public latencyMs: number | [number, number] = 0,
    seed = 1,
    /** The operationIds and `METHOD /path/{template}` a `match` may name; any when absent. */
    private readonly routes?: ReadonlySet<string>,
  ) {
    this.random = generator(seed);
    this.set(rules);
  }

  /** Replaces every rule. */
  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule, i) => ({
      rule: validateFaultRule(rule, `faults[${i}]`, this.routes),
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
    }));
  }

  add(rule: FaultRule): void {
    this.rules.push({
      rule: validateFaultRule(rule, `faults[${this.rules.length}]`, this.routes),
      remaining: rule.times ?? Infinity,
    });
  }

  clear(): void {
    this.rules = [];
  }

  reseed(seed: number): void {
    this.random = generator(seed);
  }

  get active(): FaultRule[] {
    return this.rules.filter((r) => r.remaining > 0).map((r) => r.rule);
  }

  private delay(latency: number | [number, number]): number {
    if (typeof latency === 'number') return latency;
    return Math.round(latency[0] + this.random() * (latency[1] - latency[0]));
  }

  /**
   * Decides the faults of one request. `operationId` is undefined for a path the document does not
   * know; `template` is the matched path template (`/databases/{database_id}`).
   */
  decide(method: string, template: string | undefined, operationId: string | undefined): FaultDecision {
    const decision: FaultDecision = { latencyMs: this.delay(this.latencyMs) };
    const route = template ? `${method.toUpperCase()} ${template}` : undefined;
    for (const active of this.rules) {
      if (active.remaining <= 0) continue;
      const { rule } = active;
      if (rule.match !== undefined) {
        const list = Array.isArray(rule.match) ? rule.match : [rule.match];
        if (!list.some((m) => m === '*' || m === operationId || m === route)) continue;
      }
      if (rule.kind !== 'latency' && decision.outcome) continue;
      if ((rule.rate ?? 1) < 1 && this.random() >= (rule.rate ?? 1)) continue;
      active.remaining -= 1;
      switch (rule.kind) {
        case 'latency':
          decision.latencyMs += this.delay(rule.latencyMs ?? 0);
          break;
        case 'rate-limit':
          decision.outcome = {
            kind: 'rate-limit',
            retryAfter: String(rule.retryAfter ?? 1),
            plainText: rule.plainText === true,
          };
          break;
        case 'server-error':
          decision.outcome = { kind: 'server-error' };
          break;
        case 'unavailable':
          decision.outcome = { kind: 'unavailable' };
          break;
        case 'drop':
          decision.outcome = { kind: 'drop' };
          break;
      }
    }
    return decision;
  }
}

/**
 * Parses the CLI shorthand `[match=]kind[:value][@rate]`, e.g. `getDatabase=rate-limit:30@0.5`,
 * `latency:200`, `drop@0.1`, `GET /databases/{database_id}=unavailable`.
 */
export function parseFaultShorthand(text: string): FaultRule {
  const at = text.lastIndexOf('@');
  const rate = at >= 0 ? Number(text.slice(at + 1)) : undefined;
  const rest = at >= 0 ? text.slice(0, at) : text;
  const eq = rest.indexOf('=');
  const match = eq >= 0 ? rest.slice(0, eq) : undefined;
  const spec = eq >= 0 ? rest.slice(eq + 1) : rest;
  const [kind, value] = spec.split(':', 2) as [string, string | undefined];
  const rule: Record<string, unknown> = { kind };
  if (match) rule.match = match;
  if (rate !== undefined) rule.rate = rate;
  if (kind === 'latency') {
    const range = value?.split('-').map(Number);
    rule.latencyMs = range && range.length === 2 ? range : Number(value);
  } else if (kind === 'rate-limit' && value !== undefined) {
    rule.retryAfter = /^\d+$/.test(value) ? Number(value) : value;
  }
  return validateFaultRule(rule, `--fault ${JSON.stringify(text)}`);
}
