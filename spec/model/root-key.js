// @ts-check
// The one definition of "the root key" of a JSON body: an object with a single key
// that holds a resource or a collection (`{"database": {…}}`, `{"database_backups": […]}`),
// plus `meta` beside a list on paginated answers. `allOf` members are merged; a `oneOf`/`anyOf`
// is rooted when every branch is. A single key holding a scalar (`{"url": "…"}`) is a bare
// field, not a root: the API reference counts those answers as unrooted. Used by the lint rule
// (which resolves `$ref`s across the source files), the client generator, the mock and the
// tests (which resolve them in the bundle), so that all apply the same definition.

/**
 * @typedef {{ rooted: true, key: string } | { rooted: false, reason: string }} RootVerdict
 * @typedef {(node: unknown) => any} Resolver  returns the node a `$ref` points at (or the node itself)
 */

import { isObject } from './document.js';

/** @param {any} schema @returns {string[]} */
function typesOf(schema) {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((/** @type {unknown} */ t) => t !== 'null');
  return [];
}

/**
 * The properties an object schema declares, its own and those of its `allOf` members.
 * @param {any} schema @param {Resolver} resolve @param {number} depth
 * @returns {Record<string, unknown>}
 */
function declaredProperties(schema, resolve, depth) {
  /** @type {Record<string, unknown>} */
  const properties = { ...(isObject(schema.properties) ? schema.properties : {}) };
  if (Array.isArray(schema.allOf) && depth < 16) {
    for (const member of schema.allOf) {
      const resolved = resolve(member);
      if (isObject(resolved)) Object.assign(properties, declaredProperties(resolved, resolve, depth + 1));
    }
  }
  return properties;
}

/** @param {unknown} schema @param {Resolver} resolve */
function isArraySchema(schema, resolve) {
  const resolved = resolve(schema);
  return isObject(resolved) && (typesOf(resolved).includes('array') || resolved.items !== undefined);
}

/**
 * Whether a schema describes a resource or a collection (an object or an array), as opposed
 * to a scalar field.
 * @param {unknown} schema @param {Resolver} resolve @param {number} depth
 * @returns {boolean}
 */
function isResourceSchema(schema, resolve, depth) {
  const resolved = resolve(schema);
  if (!isObject(resolved) || depth >= 16) return false;
  const types = typesOf(resolved);
  if (types.includes('object') || types.includes('array')) return true;
  if (types.length > 0) return false;
  if (isObject(resolved.properties) || resolved.items !== undefined) return true;
  for (const keyword of ['oneOf', 'anyOf']) {
    const branches = resolved[keyword];
    if (Array.isArray(branches) && branches.length > 0) {
      return branches.every((branch) => isResourceSchema(branch, resolve, depth + 1));
    }
  }
  if (Array.isArray(resolved.allOf)) {
    return resolved.allOf.some((/** @type {unknown} */ member) =>
      isResourceSchema(member, resolve, depth + 1),
    );
  }
  return false;
}

/**
 * @param {unknown} schema the schema of a 2xx JSON response (possibly a `$ref`)
 * @param {Resolver} resolve
 * @param {number} [depth]
 * @returns {RootVerdict}
 */
export function classifyRoot(schema, resolve, depth = 0) {
  const resolved = resolve(schema);
  if (!isObject(resolved)) return { rooted: false, reason: 'the body has no schema' };
  for (const keyword of ['oneOf', 'anyOf']) {
    const branches = resolved[keyword];
    if (!Array.isArray(branches) || depth >= 16) continue;
    /** @type {string[]} */
    const keys = [];
    for (const [index, branch] of branches.entries()) {
      const verdict = classifyRoot(branch, resolve, depth + 1);
      if (!verdict.rooted) return { rooted: false, reason: `${keyword}[${index}]: ${verdict.reason}` };
      keys.push(verdict.key);
    }
    if (keys.length > 0) return { rooted: true, key: [...new Set(keys)].join(' | ') };
  }
  const types = typesOf(resolved);
  if (types.includes('array') || resolved.items !== undefined || resolved.prefixItems !== undefined) {
    return { rooted: false, reason: 'the body is an array at the root' };
  }
  if (types.length > 0 && !types.includes('object')) {
    return { rooted: false, reason: `the body is a ${types.join(' or ')} at the root` };
  }
  const keys = Object.keys(declaredProperties(resolved, resolve, depth));
  if (keys.length === 0) return { rooted: false, reason: 'the body is an object with no declared root key' };
  const others = keys.filter((key) => key !== 'meta');
  if (others.length === 1 && others[0] !== undefined) {
    const key = others[0];
    const properties = declaredProperties(resolved, resolve, depth);
    if (!isResourceSchema(properties[key], resolve, depth + 1)) {
      return { rooted: false, reason: `its only key \`${key}\` is a bare field, not a resource or a list` };
    }
    if (keys.length === 1) return { rooted: true, key };
    if (isArraySchema(properties[key], resolve)) return { rooted: true, key };
    return { rooted: false, reason: `\`meta\` sits beside \`${key}\`, which is not a list` };
  }
  return {
    rooted: false,
    reason: `the body has ${keys.length} top-level keys (${keys.map((key) => `\`${key}\``).join(', ')})`,
  };
}

/** Whether an object schema declares `meta` (beside the root key of a paginated list). @param {unknown} schema @param {Resolver} resolve */
function hasMeta(schema, resolve) {
  const resolved = resolve(schema);
  return isObject(resolved) && 'meta' in declaredProperties(resolved, resolve, 0);
}

/**
 * A body offered in several forms lists the preferred one first (`oneOf`): the client sends
 * that one, so its shape is the body's.
 * @param {unknown} schema @param {Resolver} resolve
 */
export function preferredForm(schema, resolve) {
  const resolved = resolve(schema);
  return isObject(resolved) && Array.isArray(resolved.oneOf) && !resolved.properties
    ? resolve(resolved.oneOf[0])
    : resolved;
}

/**
 * The root key of a request body: that of its preferred form, when it has a single one.
 * @param {unknown} schema @param {Resolver} resolve @returns {string | undefined}
 */
export function requestRootKey(schema, resolve) {
  const preferred = preferredForm(schema, resolve);
  const verdict = classifyRoot(preferred, resolve);
  return verdict.rooted && !verdict.key.includes(' | ') && !hasMeta(preferred, resolve)
    ? verdict.key
    : undefined;
}

/**
 * The root key of an answer accepted rooted (the preferred form, first) or as the bare resource
 * its root key holds (`oneOf: [FooEnvelope, Foo]`), or undefined for any other shape.
 * @param {unknown} schema @param {Resolver} resolve @returns {string | undefined}
 */
export function rootedOrBareKey(schema, resolve) {
  const resolved = resolve(schema);
  if (!isObject(resolved) || !Array.isArray(resolved.oneOf) || resolved.oneOf.length < 2) return undefined;
  const [first, ...others] = resolved.oneOf;
  const verdict = classifyRoot(first, resolve);
  if (!verdict.rooted || hasMeta(first, resolve) || verdict.key.includes(' | ')) return undefined;
  const wrapped = declaredProperties(resolve(first), resolve, 0)[verdict.key];
  const same = (/** @type {any} */ branch) =>
    isObject(branch) && typeof branch.$ref === 'string'
      ? branch.$ref === /** @type {any} */ (wrapped)?.$ref
      : resolve(branch) === resolve(wrapped);
  return others.every(same) ? verdict.key : undefined;
}

/**
 * The fields a JSON request body declares under its root key (or at its top when it has none),
 * its `allOf` members merged: what a request may set, e.g. the settings of `updateDatabase`.
 * @param {unknown} schema the request body's schema (possibly a `$ref`) @param {Resolver} resolve
 * @returns {string[]}
 */
export function requestFields(schema, resolve) {
  const preferred = preferredForm(schema, resolve);
  const key = requestRootKey(schema, resolve);
  const target = key === undefined ? preferred : resolve(declaredProperties(preferred, resolve, 0)[key]);
  return isObject(target) ? Object.keys(declaredProperties(target, resolve, 0)) : [];
}
