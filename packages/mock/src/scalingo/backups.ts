// Backups: listing, creating, reading, archive URLs, restorations.
import { createManualBackup, restorationConflict, scheduleRestoration } from '../backups.js';
import type { HandlerContext } from '../engine.js';
import { type Backup, type DatabaseState, isoDate } from '../state.js';
import { opens } from './auth.js';
import { conflict, type Handlers, notFound, pick, type ScalingoContext } from './context.js';

export function backupHandlers(c: ScalingoContext) {
  const { store, presigned, db, runningOperation } = c;
  const findBackup = (state: DatabaseState, ctx: HandlerContext): Backup => {
    const backup = pick(state.backups, (b) => b.id === ctx.params.backup_id, 'backup');
    return backup;
  };

  return {
    listBackups: (ctx) => db(ctx).backups,
    createBackup: (ctx) => {
      const state = db(ctx);
      const backup = createManualBackup(store, state, runningOperation(state) !== undefined);
      return backup;
    },
    getBackup: (ctx) => findBackup(db(ctx), ctx),
    getBackupById: (ctx) => {
      const found = store.findBackup(String(ctx.params.backup_id));
      if (!found || !opens(ctx.principal, found.db.addonId)) throw notFound('backup');
      return found.backup;
    },
    getBackupArchiveUrl: (ctx) => {
      const state = db(ctx);
      const backup = findBackup(state, ctx);
      if (backup.status !== 'done')
        throw conflict(`backup ${backup.id} is ${backup.status}: only done backups can be downloaded`);
      return { download_url: presigned.backupUrl(ctx.baseUrl, state.addonId, backup) };
    },
    restoreBackup: (ctx) => {
      const state = db(ctx);
      const backup = findBackup(state, ctx);
      if (backup.status !== 'done')
        throw conflict(`backup ${backup.id} is ${backup.status}: only done backups can be restored`);
      const busy = restorationConflict(state, runningOperation(state) !== undefined);
      if (busy) throw conflict(busy);
      const restoration = {
        id: store.newId(),
        database_id: state.database.id,
        source_backup_id: backup.id,
        method: 'backup' as const,
        status: 'scheduled' as 'scheduled' | 'running' | 'done' | 'error',
        created_at: isoDate(store.now()),
        started_at: null as string | null,
        ended_at: null as string | null,
      };
      state.restorations.push(restoration);
      scheduleRestoration(store, restoration);
      return restoration;
    },
    getBackupRestoration: (ctx) => {
      const restoration = pick(
        db(ctx).restorations,
        (r) => r.id === ctx.params.restoration_id,
        'backup_restoration',
      );
      return restoration;
    },
  } satisfies Handlers;
}
