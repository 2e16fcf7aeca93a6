// Point-in-time recovery: the recovery window and restoring to a moment inside it.
import { FieldError } from '../engine.js';
import { conflict, type Handlers, type ScalingoContext } from './context.js';

export function pitrHandlers(c: ScalingoContext) {
  const { db, recoveryWindow, runningOperation, startOperation } = c;
  return {
    restoreToPointInTime: (ctx) => {
      const state = db(ctx);
      const restoreTime = (ctx.body as { restore_time: string }).restore_time;
      const window = recoveryWindow(state);
      if (window.earliest_recoverable_at == null || window.latest_recoverable_at == null) {
        throw new FieldError({ restore_time: ['cannot be used: this database has no recovery window'] });
      }
      const at = Date.parse(restoreTime);
      if (at < Date.parse(window.earliest_recoverable_at) || at > Date.parse(window.latest_recoverable_at)) {
        throw new FieldError({
          restore_time: [
            `must be inside the recovery window (${window.earliest_recoverable_at} to ${window.latest_recoverable_at})`,
          ],
        });
      }
      if (runningOperation(state)) throw conflict('an operation is already running on this database');
      const operation = startOperation(state, 'pitr_restore', {});
      return operation;
    },
    getRecoveryWindow: (ctx) => recoveryWindow(db(ctx)),
  } satisfies Handlers;
}
