import { ENGINE_SCHEMA, ENGINES, engineSetProblems, FEATURE_ENGINES } from '../model/extensions.js';
import { describeHolder } from './lib/extension-list.js';
import { reportSourceRefs, versionsOption } from './lib/source-ref.js';
import { isObject } from './lib/walk.js';

const ENGINE_FILE = new RegExp(`/components/schemas/${ENGINE_SCHEMA}\\.ya?ml$`);

/**
 * `x-scalingo-engines` (on a branch of an action union) is `{engines, sources}`: `engines` is
 * `all` or a non-empty list of engines of the `DatabaseEngine` enumeration, `sources` the source
 * references that say so. `x-scalingo-feature-engines` (on a feature name) gives one such object
 * per feature. The engines are checked once the whole document is read, against the values of
 * components/schemas/DatabaseEngine.yaml (the model's `engineSetProblems`).
 * @param {{ versions?: Record<string, string> }} options
 */
export default function EnginesShape(options) {
  const versions = versionsOption(options, 'engines-shape');
  /** @type {string[] | undefined} */
  let known;
  /** @type {{ value: unknown, location: any, what: string }[]} */
  const declared = [];
  return {
    Schema: {
      enter(/** @type {any} */ schema, /** @type {any} */ ctx) {
        if (ENGINE_FILE.test(ctx.location.source.absoluteRef) && ctx.location.pointer === '#/') {
          known = Array.isArray(schema.enum) ? schema.enum.map(String) : [];
        }
        const holder = describeHolder(schema, ctx);
        if (ENGINES in schema) {
          declared.push({
            value: schema[ENGINES],
            location: ctx.location.child(ENGINES),
            what: `${holder}: \`${ENGINES}\``,
          });
        }
        if (FEATURE_ENGINES in schema) {
          const location = ctx.location.child(FEATURE_ENGINES);
          const value = schema[FEATURE_ENGINES];
          if (!isObject(value) || Object.keys(value).length === 0) {
            ctx.report({
              message: `${holder}: \`${FEATURE_ENGINES}\` must map each feature name to {engines, sources}.`,
              location,
            });
            return;
          }
          for (const [feature, set] of Object.entries(value)) {
            declared.push({
              value: set,
              location: location.child(feature),
              what: `${holder}: \`${FEATURE_ENGINES}\` of ${feature}`,
            });
          }
        }
      },
    },
    Root: {
      leave(/** @type {any} */ _root, /** @type {any} */ ctx) {
        for (const { value, location, what } of declared) {
          if (known === undefined) {
            ctx.report({
              message: `${what} names engines, but no schema components/schemas/${ENGINE_SCHEMA}.yaml lists them.`,
              location,
            });
            continue;
          }
          const at = isObject(value) && 'engines' in value ? location.child('engines') : location;
          for (const problem of engineSetProblems(value, known)) {
            ctx.report({ message: `${what}: ${problem}.`, location: at });
          }
          if (isObject(value)) {
            reportSourceRefs(value.sources, versions, ctx, location.child('sources'), `${what}: \`sources\``);
          }
        }
      },
    },
  };
}
