// Operations: one of a database, or any the principal may see.
import { opens } from './auth.js';
import { type Handlers, notFound, pick, type ScalingoContext } from './context.js';

export function operationHandlers(c: ScalingoContext) {
  const { store, db } = c;
  return {
    getDatabaseOperation: (ctx) => {
      const operation = pick(db(ctx).operations, (o) => o.id === ctx.params.operation_id, 'operation');
      return operation;
    },
    getOperation: (ctx) => {
      const found = store.findOperation(String(ctx.params.operation_id));
      if (!found || !opens(ctx.principal, found.db.addonId)) throw notFound('operation');
      return found.operation;
    },
  } satisfies Handlers;
}
