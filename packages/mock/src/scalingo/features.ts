// Database features: enabling and disabling them, on the engines the spec says each is for.
import { featureEngines } from '@scalingo-db-api/openapi/model';
import { FieldError } from '../engine.js';
import { conflict, type Handlers, type ScalingoContext } from './context.js';

export function featureHandlers(c: ScalingoContext) {
  const { store, db, model } = c;
  const t = store.timings;
  // The spec's `x-scalingo-feature-engines` (throws, naming it, on an unknown engine).
  const engines = featureEngines(model.document, 'FeatureEnable');
  return {
    enableDatabaseFeature: (ctx) => {
      const state = db(ctx);
      const database = state.database;
      const name = (ctx.body as { name: string }).name;
      const allowed = engines.get(name);
      if (allowed === undefined)
        throw new FieldError({ name: [`is not a known feature (${[...engines.keys()].join(', ')})`] });
      if (allowed !== 'all' && !allowed.includes(database.type_name)) {
        throw new FieldError({ name: [`is not available for ${database.type_name} databases`] });
      }
      if (name === 'publicly-available') {
        const ssl = database.features.find((f) => f.name === 'force-ssl');
        if (ssl?.status !== 'ACTIVATED')
          throw new FieldError({ name: ['needs the force-ssl feature activated first'] });
      }
      const existing = database.features.find((f) => f.name === name);
      if (existing?.status === 'ACTIVATED') {
        return { name, status: 'ACTIVATED', message: `feature ${name} is already activated` };
      }
      if (existing?.status === 'PENDING_TO_REMOVE') throw conflict(`feature ${name} is being disabled`);
      if (existing?.status === 'PENDING_TO_ACTIVATE' || existing?.status === 'PENDING') {
        return { name, status: existing.status, message: `feature ${name} is being activated` };
      }
      const feature = existing ?? { name, status: 'PENDING_TO_ACTIVATE' as const };
      feature.status = 'PENDING_TO_ACTIVATE';
      if (!existing) database.features.push(feature);
      store.schedule('feature', t.featurePendingMs, () => {
        if (feature.status === 'PENDING_TO_ACTIVATE') feature.status = 'ACTIVATED';
      });
      return { name, status: feature.status, message: `feature ${name} is being activated` };
    },
    disableDatabaseFeature: (ctx) => {
      const database = db(ctx).database;
      const name = String(ctx.query.feature);
      const feature = database.features.find((f) => f.name === name);
      // The spec's 422: the feature is not enabled, or cannot be removed (its example: force-ssl
      // under publicly-available); a feature still being activated is a state conflict (409).
      if (!feature) throw new FieldError({ feature: [`${name} is not enabled on this database`] });
      if (feature.status === 'PENDING_TO_REMOVE') {
        return { message: `feature ${name} is being disabled` };
      }
      if (feature.status !== 'ACTIVATED' && feature.status !== 'FAILED')
        throw conflict(`feature ${name} is being activated`);
      if (name === 'force-ssl' && database.features.some((f) => f.name === 'publicly-available')) {
        throw new FieldError({
          feature: ['force-ssl cannot be disabled while publicly-available is activated'],
        });
      }
      feature.status = 'PENDING_TO_REMOVE';
      store.schedule('feature', t.featurePendingMs, () => {
        const index = database.features.indexOf(feature);
        if (index >= 0 && feature.status === 'PENDING_TO_REMOVE') database.features.splice(index, 1);
      });
      return { message: `feature ${name} is being disabled` };
    },
  } satisfies Handlers;
}
