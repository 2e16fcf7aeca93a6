import { FINAL, finalProblems } from '../model/extensions.js';

/**
 * `x-scalingo-final` on a status enumeration is `{success, failure}`: two non-empty lists of
 * values of its `enum` that do not overlap (the model's `finalProblems`).
 */
export default function FinalStatusesShape() {
  return {
    Schema: {
      enter(/** @type {any} */ schema, /** @type {any} */ ctx) {
        if (!(FINAL in schema)) return;
        for (const problem of finalProblems(schema)) {
          ctx.report({ message: `${problem}.`, location: ctx.location.child(FINAL) });
        }
      },
    },
  };
}
