// The behaviour of the Database API, one module per resource (scalingo/*.ts) over a shared
// context, merged into one handler per operationId. The engine has already routed and validated
// the request against the spec; handlers add the rules a schema cannot express (duplicates,
// protected users, recovery windows, state machines) and build answers that the engine validates
// again before they leave. An operation of the spec without a handler here fails to compile.
import type { Handler } from './engine.js';
import type { ApiModel } from './openapi.js';
import type { PresignedObjects } from './presigned.js';
import { actionHandlers } from './scalingo/actions.js';
import { backupHandlers } from './scalingo/backups.js';
import { catalogueHandlers } from './scalingo/catalogue.js';
import { createContext, type OperationId } from './scalingo/context.js';
import { databaseHandlers } from './scalingo/databases.js';
import { featureHandlers } from './scalingo/features.js';
import { firewallHandlers } from './scalingo/firewall.js';
import { logHandlers } from './scalingo/logs.js';
import { maintenanceHandlers } from './scalingo/maintenance.js';
import { metricHandlers } from './scalingo/metrics.js';
import { operationHandlers } from './scalingo/operations.js';
import { pitrHandlers } from './scalingo/pitr.js';
import { userHandlers } from './scalingo/users.js';
import type { Store } from './state.js';

export { type AuthOptions, authenticator, type Principal } from './scalingo/auth.js';
export { cidrProblem } from './scalingo/cidr.js';
export type { OperationId } from './scalingo/context.js';

export function createHandlers(
  store: Store,
  model: ApiModel,
  presigned: PresignedObjects,
): Record<OperationId, Handler> {
  const c = createContext(store, model, presigned);
  return {
    ...databaseHandlers(c),
    ...featureHandlers(c),
    ...actionHandlers(c),
    ...pitrHandlers(c),
    ...operationHandlers(c),
    ...backupHandlers(c),
    ...userHandlers(c),
    ...maintenanceHandlers(c),
    ...firewallHandlers(c),
    ...metricHandlers(c),
    ...logHandlers(c),
    ...catalogueHandlers(c),
  } satisfies Record<OperationId, Handler>;
}
