// The catalogue: database types, versions, plans and the CA certificate.
import { FieldError } from '../engine.js';
import { type Handlers, notFound, type ScalingoContext } from './context.js';

export function catalogueHandlers(c: ScalingoContext) {
  const { store } = c;
  return {
    listDatabaseTypes: () => store.catalogue.databaseTypes,
    getDatabaseType: (ctx) => {
      const id = ctx.params.type_id;
      const type = store.catalogue.databaseTypes.find((x) => x.id === id || x.name === id);
      if (!type) throw notFound('database_type');
      return type;
    },
    getDatabaseTypeVersion: (ctx) => {
      const version = store.catalogue.versions.find((v) => v.id === ctx.params.version_id);
      if (!version) throw notFound('database_type_version');
      return version;
    },
    getPlan: (ctx) => {
      // `type` names the database type the plan belongs to: one the catalogue does not know is 422.
      if (!store.catalogue.databaseTypes.some((type) => type.name === ctx.query.type))
        throw new FieldError({ type: ['is not the name of a database type (see listDatabaseTypes)'] });
      // By name (as the JS client passes it) or by id.
      const plan = store.catalogue.plans.find(
        (p) => p.name === ctx.params.plan_id || p.id === ctx.params.plan_id,
      );
      if (!plan) throw notFound('plan');
      return plan;
    },
    getCaCertificate: () => store.catalogue.caCertificate,
  } satisfies Handlers;
}
