// The spec accepts several forms of some answers and request fields, because Scalingo's sources
// show several (see each schema's x-scalingo-discrepancy); the facade hands its users one form,
// the preferred one, and sends the preferred one. Each function below turns every accepted form
// of one field into the preferred form and leaves a value already in that form as it is.
import type { OperationId } from './generated/operations.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `instances_metrics`: an object keyed by instance id (preferred), not a list; not `instance_metrics`. */
function metrics(data: Json): Json {
  const { instance_metrics: alias, ...rest } = data;
  const entries = rest.instances_metrics ?? alias;
  if (Array.isArray(entries)) {
    rest.instances_metrics = Object.fromEntries(
      entries.map((entry, index) => [
        isObject(entry) ? String(entry.instance_id ?? index) : String(index),
        entry,
      ]),
    );
  } else if (entries !== undefined) rest.instances_metrics = entries;
  return rest;
}

/**
 * `allowed_plugins`: objects (preferred), not names. Which of a plugin's names the JavaScript
 * client's strings hold is not documented: the name fills `id`, `install_name` and
 * `display_name`, and the rest is empty. `next_upgrade`, when it is a version, too.
 */
function version(data: Json): Json {
  const out: Json = { ...data };
  if (Array.isArray(data.allowed_plugins)) {
    out.allowed_plugins = data.allowed_plugins.map((plugin) =>
      typeof plugin === 'string'
        ? { id: plugin, feature_name: '', install_name: plugin, display_name: plugin, description: '' }
        : plugin,
    );
  }
  if (isObject(data.next_upgrade)) out.next_upgrade = version(data.next_upgrade);
  return out;
}

const HEALTH_NUMBERS = ['epoch', 'shards', 'pending_tasks'];

/** The health report's numbers as strings of digits (preferred, the reference's example), not integers. */
function health(data: Json): Json {
  const out: Json = { ...data };
  for (const field of HEALTH_NUMBERS) {
    if (typeof out[field] === 'number') out[field] = String(out[field]);
  }
  return out;
}

const ANSWERS: Partial<Record<OperationId, (data: Json) => Json>> = {
  getDatabaseMetrics: metrics,
  getDatabaseTypeVersion: version,
  upgradeDatabase: version,
  getDatabaseHealth: health,
};

/** The facade's answer of `operationId` (already without its root key) in the preferred form. */
export function normalizeAnswer(operationId: OperationId, data: unknown): unknown {
  const normalize = ANSWERS[operationId];
  return normalize && isObject(data) ? normalize(data) : data;
}

/** `periodic_backups_scheduled_at`: an array of hours (preferred), not a bare integer. */
function databaseUpdate(body: Json): Json {
  const hours = body.periodic_backups_scheduled_at;
  return typeof hours === 'number' ? { ...body, periodic_backups_scheduled_at: [hours] } : body;
}

const REQUESTS: Partial<Record<OperationId, (body: Json) => Json>> = {
  updateDatabase: databaseUpdate,
  replaceDatabase: databaseUpdate,
};

/** The body the facade sends for `operationId` (without its root key), in the preferred form. */
export function normalizeRequest(operationId: OperationId, body: unknown): unknown {
  const normalize = REQUESTS[operationId];
  return normalize && isObject(body) ? normalize(body) : body;
}
