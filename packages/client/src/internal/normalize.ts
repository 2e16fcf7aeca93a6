// The spec accepts several forms of some answers and request fields, because Scalingo's sources
// show several (see each schema's x-scalingo-discrepancy); the facade hands its users one form,
// the preferred one, and sends the preferred one. Each function turns every accepted form of one
// field into the preferred form and leaves a value already in that form as it is.
import type { OperationId } from '../generated/operations.js';

type Json = Record<string, unknown>;
type Normalize = (data: Json) => Json;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `instances_metrics`: an object keyed by instance id (preferred), not a list; not `instance_metrics`. */
const metrics: Normalize = ({ instance_metrics: alias, ...data }) => {
  const entries = data.instances_metrics ?? alias;
  if (Array.isArray(entries)) {
    data.instances_metrics = Object.fromEntries(
      entries.map((entry, index) => [(isObject(entry) && entry.instance_id) || index, entry]),
    );
  } else if (entries !== undefined) data.instances_metrics = entries;
  return data;
};

/**
 * `allowed_plugins`: objects (preferred), not names. Which of a plugin's names the JavaScript
 * client's strings hold is not documented: the name fills `id`, `install_name` and
 * `display_name`, the rest is empty. `next_upgrade`, when it is a version, too.
 */
const version: Normalize = (data) => {
  const out = { ...data };
  if (Array.isArray(data.allowed_plugins)) {
    out.allowed_plugins = data.allowed_plugins.map((p) =>
      typeof p === 'string'
        ? { id: p, feature_name: '', install_name: p, display_name: p, description: '' }
        : p,
    );
  }
  if (isObject(data.next_upgrade)) out.next_upgrade = version(data.next_upgrade);
  return out;
};

/** The health report's numbers as strings of digits (preferred, the reference's example), not integers. */
const health: Normalize = (data) => {
  const out = { ...data };
  for (const field of ['epoch', 'shards', 'pending_tasks']) {
    if (typeof out[field] === 'number') out[field] = String(out[field]);
  }
  return out;
};

/** `periodic_backups_scheduled_at`: an array of hours (preferred), not a bare integer. */
const databaseUpdate: Normalize = (body) => {
  const hours = body.periodic_backups_scheduled_at;
  return typeof hours === 'number' ? { ...body, periodic_backups_scheduled_at: [hours] } : body;
};

const ANSWERS: { [K in OperationId]?: Normalize } = {
  getDatabaseMetrics: metrics,
  getDatabaseTypeVersion: version,
  upgradeDatabase: version,
  getDatabaseHealth: health,
};
const REQUESTS: { [K in OperationId]?: Normalize } = {
  updateDatabase: databaseUpdate,
  replaceDatabase: databaseUpdate,
};

const apply = (table: { [K in OperationId]?: Normalize }, operationId: OperationId, value: unknown) => {
  const normalize = table[operationId];
  return normalize && isObject(value) ? normalize(value) : value;
};

/** The facade's answer of `operationId` (already without its root key) in the preferred form. */
export const normalizeAnswer = (operationId: OperationId, data: unknown): unknown =>
  apply(ANSWERS, operationId, data);

/** The body the facade sends for `operationId` (without its root key), in the preferred form. */
export const normalizeRequest = (operationId: OperationId, body: unknown): unknown =>
  apply(REQUESTS, operationId, body);
