import { FACADE, facadeChecker } from '../model/extensions.js';
import { onEachOperation } from './lib/walk.js';

/**
 * Every operation names its method of the client's facade in `x-scalingo-facade`:
 * `group.method` in lowerCamelCase, used by no other operation, the group shared by the
 * operations of its tag (the model's `facadeChecker`, which the client generator reads too).
 */
export default function OperationFacade() {
  const check = facadeChecker();
  return onEachOperation((operation, ctx, { label }) => {
    const value = operation[FACADE];
    const tag =
      Array.isArray(operation.tags) && typeof operation.tags[0] === 'string' ? operation.tags[0] : undefined;
    const location = value === undefined ? ctx.location.key() : ctx.location.child(FACADE);
    for (const problem of check(label, value, tag))
      ctx.report({ message: `${label}: ${problem}.`, location });
  });
}
