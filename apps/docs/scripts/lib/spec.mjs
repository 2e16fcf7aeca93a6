// @ts-check
// Reading the bundled OpenAPI document: where it is, its operations, its regions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'options', 'head', 'trace'];

/** Paths of the spec package's published files (the bundle and the API changelog). */
export function specPackageFiles() {
  const pkgDir = dirname(require.resolve('@scalingo-db-api/openapi/package.json'));
  return {
    json: join(pkgDir, 'dist/openapi.json'),
    yaml: join(pkgDir, 'dist/openapi.yaml'),
    changelog: join(pkgDir, 'CHANGELOG.md'),
  };
}

/** @param {string} file */
export function loadBundle(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `docs: the bundled spec ${file} does not exist; run "pnpm --filter @scalingo-db-api/openapi bundle" first`,
    );
  }
  const doc = JSON.parse(text);
  if (!doc || typeof doc !== 'object' || typeof doc.paths !== 'object') {
    throw new Error(`docs: ${file} is not an OpenAPI document (no "paths")`);
  }
  return doc;
}

/**
 * Follows a local JSON reference ("#/components/…") inside the document.
 * @param {any} doc
 * @param {any} value
 */
export function deref(doc, value) {
  let current = value;
  const seen = new Set();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`docs: circular $ref ${ref}`);
    seen.add(ref);
    if (!ref.startsWith('#/')) throw new Error(`docs: only local references are supported, found ${ref}`);
    let target = doc;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = target?.[key];
    }
    if (target === undefined) throw new Error(`docs: unresolved reference ${ref}`);
    current = target;
  }
  return current;
}

/**
 * Every operation of the document, in document order.
 * @param {any} doc
 * @returns {{ path: string, method: string, operation: any, parameters: any[] }[]}
 */
export function listOperations(doc) {
  const out = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (typeof operation.operationId !== 'string' || operation.operationId === '') {
        throw new Error(`docs: ${method.toUpperCase()} ${path} has no operationId`);
      }
      // Operation parameters override path-item parameters with the same name and location.
      const byKey = new Map();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const param = deref(doc, p);
        byKey.set(`${param.in}:${param.name}`, param);
      }
      out.push({ path, method, operation, parameters: [...byKey.values()] });
    }
  }
  return out;
}

/**
 * The regions the spec serves, from its servers (`x-scalingo-region` names the region).
 * @param {any} doc
 * @returns {{ region: string, url: string, host: string, description: string }[]}
 */
export function listRegions(doc) {
  /** @type {any[]} */
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  if (servers.length === 0) throw new Error('docs: the spec lists no servers');
  return servers.map((server, index) => {
    if (typeof server.url !== 'string') throw new Error(`docs: servers[${index}] has no url`);
    const region = server['x-scalingo-region'];
    if (typeof region !== 'string' || region === '') {
      throw new Error(`docs: servers[${index}] (${server.url}) has no x-scalingo-region`);
    }
    return {
      region,
      url: server.url,
      host: new URL(server.url).host,
      description: typeof server.description === 'string' ? server.description : region,
    };
  });
}

/** Path parameter names in the order they appear in the path template. @param {string} path */
export function pathParamOrder(path) {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => /** @type {string} */ (m[1]));
}
