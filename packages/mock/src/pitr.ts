// Point-in-time recovery: which databases have it and the window they can be restored to. Both
// facts come from the spec: a plan offers it when its `pitr_backup_days` is above 0 (the Plan
// schema says so), the engines that have it are those of the spec's database examples whose plan
// example offers it (the spec's prose: PostgreSQL only), and a database whose `first_pitr_backup`
// is `null` has nothing to restore yet (the RecoveryWindow schema: both bounds `null`).
import type { ApiModel, JsonObject } from './openapi.js';
import { examplesOf } from './seed.js';
import { type Database, isoDate, type Plan, type RecoveryWindow } from './state.js';

const DAY_MS = 86_400_000;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The single resource of a rooted example (`{"plan": {...}}` → the plan). */
function rooted(example: unknown): JsonObject | undefined {
  if (!isObject(example)) return undefined;
  const values = Object.values(example);
  return values.length === 1 && isObject(values[0]) ? values[0] : undefined;
}

/** The engines (`type_name`) whose plans offer point-in-time recovery, read from the spec's examples. */
export function pitrEngines(model: ApiModel): Set<string> {
  const plans = [
    ...Object.values(examplesOf(model, 'getDatabasePlan')),
    ...Object.values(examplesOf(model, 'getPlan')),
  ]
    .map(rooted)
    .filter((plan): plan is JsonObject => plan !== undefined);
  const engines = new Set<string>();
  for (const example of Object.values(examplesOf(model, 'getDatabase'))) {
    const database = rooted(example);
    const plan = plans.find((p) => p.name === database?.plan);
    if (database && Number(plan?.pitr_backup_days ?? 0) > 0) engines.add(String(database.type_name));
  }
  return engines;
}

/** Why a database has no point-in-time recovery, or undefined when it has it. */
export function withoutPitr(
  database: Database,
  plan: Plan,
  engines: ReadonlySet<string>,
): string | undefined {
  if (!engines.has(database.type_name))
    return `${database.type_name} databases have no point-in-time recovery (only ${[...engines].join(', ') || 'none'})`;
  if ((plan.pitr_backup_days ?? 0) <= 0)
    return `the plan ${plan.name} offers no point-in-time recovery (pitr_backup_days ${plan.pitr_backup_days ?? 'absent'})`;
  return undefined;
}

/**
 * The recovery window of a database that has none in its seed: the plan's `pitr_backup_days` up
 * to now, starting no earlier than the database's `first_pitr_backup`; both bounds `null` when the
 * database has no point-in-time recovery or its first base backup is not there yet.
 */
export function derivedRecoveryWindow(
  database: Database,
  plan: Plan,
  engines: ReadonlySet<string>,
  now: number,
): RecoveryWindow {
  const none: RecoveryWindow = { earliest_recoverable_at: null, latest_recoverable_at: null };
  if (withoutPitr(database, plan, engines) || database.first_pitr_backup === null) return none;
  const first =
    database.first_pitr_backup === undefined
      ? Number.NEGATIVE_INFINITY
      : Date.parse(database.first_pitr_backup);
  if (first > now) return none;
  const earliest = Math.max(now - (plan.pitr_backup_days ?? 0) * DAY_MS, first);
  return { earliest_recoverable_at: isoDate(earliest), latest_recoverable_at: isoDate(now) };
}
