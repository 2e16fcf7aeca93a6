// Maintenance windows past and planned: a paginated list and one by id.
import { type Handlers, pick, type ScalingoContext } from './context.js';

export function maintenanceHandlers(c: ScalingoContext) {
  const { db } = c;
  return {
    listMaintenance: (ctx) => {
      const items = db(ctx).maintenance;
      const page = Number(ctx.query.page ?? 1);
      const perPage = Number(ctx.query.per_page ?? 20);
      const totalPages = Math.ceil(items.length / perPage);
      return {
        maintenance: items.slice((page - 1) * perPage, page * perPage),
        meta: {
          pagination: {
            current_page: page,
            prev_page: page > 1 ? Math.min(page - 1, Math.max(totalPages, 1)) : null,
            next_page: page < totalPages ? page + 1 : null,
            total_pages: totalPages,
            total_count: items.length,
          },
        },
      };
    },
    getMaintenance: (ctx) => {
      const item = pick(db(ctx).maintenance, (m) => m.id === ctx.params.maintenance_id, 'maintenance');
      return item;
    },
  } satisfies Handlers;
}
