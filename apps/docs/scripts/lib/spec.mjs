// @ts-check
// Reading the bundled OpenAPI document: where it is, its operations, its regions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as model from '@scalingo-db-api/openapi/model';

const require = createRequire(import.meta.url);

export const HTTP_METHODS = model.HTTP_METHODS;

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
      `docs: the bundled spec ${file} does not exist; run "pnpm --filter @scalingo-db-api/openapi build" first`,
    );
  }
  const doc = JSON.parse(text);
  if (!doc || typeof doc !== 'object' || typeof doc.paths !== 'object') {
    throw new Error(`docs: ${file} is not an OpenAPI document (no "paths")`);
  }
  return doc;
}

/**
 * Follows a local JSON reference ("#/components/…") inside the document (the shared model's).
 * @param {any} doc
 * @param {any} value
 */
export function deref(doc, value) {
  try {
    return model.resolver(doc)(value);
  } catch (error) {
    throw new Error(`docs: ${/** @type {Error} */ (error).message}`);
  }
}

/**
 * Every operation of the document, in document order, its parameters merged (the model's list).
 * @param {any} doc
 * @returns {{ path: string, method: string, operation: any, parameters: any[] }[]}
 */
export function listOperations(doc) {
  let operations;
  try {
    operations = model.listOperations(doc, { strict: true });
  } catch (error) {
    throw new Error(`docs: ${/** @type {Error} */ (error).message}`);
  }
  return operations.map((op) => ({
    path: op.path,
    method: op.method,
    operation: op.raw,
    parameters: op.parameters.map((p) => p.node),
  }));
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

/** Path parameter names in the order they appear in the path template. */
export const pathParamOrder = model.pathParameterNames;
