// The catalogue: database types, versions, plans and the CA certificate.
import { FieldError } from '../engine.js';
import { type Handlers, pick, type ScalingoContext } from './context.js';

export function catalogueHandlers(c: ScalingoContext) {
  const { store } = c;
  return {
    listDatabaseTypes: () => store.catalogue.databaseTypes,
    getDatabaseType: (ctx) => {
      const id = ctx.params.type_id;
      const type = pick(store.catalogue.databaseTypes, (x) => x.id === id || x.name === id, 'database_type');
      return type;
    },
    getDatabaseTypeVersion: (ctx) => {
      const version = pick(
        store.catalogue.versions,
        (v) => v.id === ctx.params.version_id,
        'database_type_version',
      );
      return version;
    },
    getPlan: (ctx) => {
      // `type` names the database type the plan belongs to: one the catalogue does not know is 422.
      if (!store.catalogue.databaseTypes.some((type) => type.name === ctx.query.type))
        throw new FieldError({ type: ['is not the name of a database type (see listDatabaseTypes)'] });
      // By name (as the JS client passes it) or by id.
      const plan = pick(
        store.catalogue.plans,
        (p) => p.name === ctx.params.plan_id || p.id === ctx.params.plan_id,
        'plan',
      );
      return plan;
    },
    getCaCertificate: () => store.catalogue.caCertificate,
  } satisfies Handlers;
}
