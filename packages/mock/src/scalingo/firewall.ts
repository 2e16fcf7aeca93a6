// Firewall rules (custom CIDR ranges and managed ranges) and the managed ranges.
import { FieldError, type HandlerContext } from '../engine.js';
import type { JsonObject } from '../openapi.js';
import { type DatabaseState, type FirewallRule, isoDate } from '../state.js';
import { cidrProblem } from './cidr.js';
import { type Handlers, pick, type ScalingoContext } from './context.js';

export function firewallHandlers(c: ScalingoContext) {
  const { store, db } = c;
  const findRule = (state: DatabaseState, ctx: HandlerContext): FirewallRule => {
    const rule = pick(state.firewallRules, (r) => r.id === ctx.params.rule_id, 'firewall_rule');
    return rule;
  };

  return {
    listFirewallRules: (ctx) => db(ctx).firewallRules,
    createFirewallRule: (ctx) => {
      const state = db(ctx);
      // Sent rooted (preferred) or, as the Go client sends it, unrooted: the engine gives the rule.
      const body = ctx.body as JsonObject;
      const now = isoDate(store.now());
      const rule: FirewallRule = {
        id: store.newId(),
        database_id: state.database.id,
        type: body.type as FirewallRule['type'],
      };
      if (body.type === 'custom_range') {
        const cidr = String(body.cidr);
        const problem = cidrProblem(cidr);
        if (problem) throw new FieldError({ cidr: [problem] });
        if (state.firewallRules.some((r) => r.cidr === cidr))
          throw new FieldError({ cidr: ['is already allowed by another rule'] });
        rule.cidr = cidr;
      } else {
        const rangeId = String(body.range_id);
        if (!store.catalogue.managedRanges.some((r) => r.id === rangeId)) {
          throw new FieldError({ range_id: ['is not a managed range (see listManagedRanges)'] });
        }
        if (state.firewallRules.some((r) => r.range_id === rangeId)) {
          throw new FieldError({ range_id: ['is already allowed by another rule'] });
        }
        rule.range_id = rangeId;
      }
      if (typeof body.label === 'string') rule.label = body.label;
      rule.created_at = now;
      rule.updated_at = now;
      state.firewallRules.push(rule);
      return rule;
    },
    updateFirewallRule: (ctx) => {
      const rule = findRule(db(ctx), ctx);
      const { label } = ctx.body as { label?: string };
      if (label !== undefined) rule.label = label;
      rule.updated_at = isoDate(store.now());
      return rule;
    },
    deleteFirewallRule: (ctx) => {
      const state = db(ctx);
      const rule = findRule(state, ctx);
      state.firewallRules.splice(state.firewallRules.indexOf(rule), 1);
      return undefined;
    },
    listManagedRanges: () => store.catalogue.managedRanges,
  } satisfies Handlers;
}
