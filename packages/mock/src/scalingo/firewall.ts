// Firewall rules (custom CIDR ranges and managed ranges) and the managed ranges.
import { FieldError, type HandlerContext } from '../engine.js';
import type { JsonObject } from '../openapi.js';
import { type DatabaseState, type FirewallRule, isoDate } from '../state.js';
import { cidrProblem } from './cidr.js';
import { type Handlers, notFound, type ScalingoContext } from './context.js';

export function firewallHandlers(c: ScalingoContext) {
  const { store, db } = c;
  const findRule = (state: DatabaseState, ctx: HandlerContext): FirewallRule => {
    const rule = state.firewallRules.find((r) => r.id === ctx.params.rule_id);
    if (!rule) throw notFound('firewall_rule');
    return rule;
  };

  return {
    listFirewallRules: (ctx) => ({ status: 200, json: { rules: db(ctx).firewallRules } }),
    createFirewallRule: (ctx) => {
      const state = db(ctx);
      // Rooted (preferred) or, as the Go client sends it, unrooted.
      const sent = ctx.body as JsonObject;
      const body = (sent.firewall_rule ?? sent) as JsonObject;
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
      return { status: 201, json: { rule } };
    },
    updateFirewallRule: (ctx) => {
      const rule = findRule(db(ctx), ctx);
      const { label } = (ctx.body as { firewall_rule: { label?: string } }).firewall_rule;
      if (label !== undefined) rule.label = label;
      rule.updated_at = isoDate(store.now());
      return { status: 200, json: { rule } };
    },
    deleteFirewallRule: (ctx) => {
      const state = db(ctx);
      const rule = findRule(state, ctx);
      state.firewallRules.splice(state.firewallRules.indexOf(rule), 1);
      return { status: 204 };
    },
    listManagedRanges: () => ({ status: 200, json: { ranges: store.catalogue.managedRanges } }),
  } satisfies Handlers;
}
