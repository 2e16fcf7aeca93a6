// Logs: the live logs URL and the daily archives, paginated by cursor.
import { HttpError } from '../engine.js';
import { isoDate } from '../state.js';
import type { Handlers, ScalingoContext } from './context.js';

function decodeCursor(cursor: string): string {
  try {
    return atob(cursor);
  } catch {
    return '';
  }
}

export function logHandlers(c: ScalingoContext) {
  const { store, presigned, db } = c;
  return {
    getLogsUrl: (ctx) => {
      const state = db(ctx);
      return { url: presigned.logsUrl(ctx.baseUrl, state.addonId) };
    },
    listLogsArchives: (ctx) => {
      const state = db(ctx);
      const pageSize = 2;
      const days = 5;
      let offset = 0;
      if (typeof ctx.query.cursor === 'string') {
        const decoded = /^o(\d+)$/.exec(decodeCursor(ctx.query.cursor));
        if (!decoded)
          throw new HttpError(400, {
            error: 'invalid query parameter cursor: not a cursor this API gave',
            code: 'invalid_parameter',
          });
        offset = Number(decoded[1]);
      } else if (ctx.query.page !== undefined) {
        offset = (Number(ctx.query.page) - 1) * pageSize;
      }
      const today = Math.floor(store.now() / 86_400_000) * 86_400_000;
      const archives = [];
      for (let i = offset; i < Math.min(days, offset + pageSize); i++) {
        const from = today - (i + 1) * 86_400_000;
        archives.push({
          ...presigned.logsArchive(ctx.baseUrl, state, from),
          from: isoDate(from),
          to: isoDate(from + 86_399_999),
        });
      }
      const hasMore = offset + pageSize < days;
      return {
        archives,
        next_cursor: hasMore ? btoa(`o${offset + pageSize}`).replace(/=+$/, '') : '',
        has_more: hasMore,
      };
    },
  } satisfies Handlers;
}
