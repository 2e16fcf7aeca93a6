// @ts-check
// Decorates a copy of the bundle for Redocly: code samples on every operation, and the
// x-scalingo-discrepancy / x-scalingo-evidence / x-scalingo-sources / x-scalingo-inferred
// extensions turned into text readers see, each claim with the place a reviewer checks it.
import { EVIDENCE, escapePointer } from '@scalingo-db-api/openapi/model';
import { buildSamples } from './samples.mjs';
import { listOperations, listRegions } from './spec.mjs';

/** What each `x-scalingo-evidence` value means, in the words shown to readers (the model's vocabulary). */
export const EVIDENCE_LABELS = Object.fromEntries(
  Object.entries(EVIDENCE).map(([name, { label }]) => [name, label]),
);

/** The sources a reference can cite, each with its name and its repository. */
const CITABLE = /** @type {[string, { source: string, repository: string }][]} */ (
  Object.entries(EVIDENCE).flatMap(([name, entry]) => ('source' in entry ? [[name, entry]] : []))
);

/** Names of the sources a discrepancy can cite. */
const SOURCE_NAMES = Object.fromEntries(CITABLE.map(([name, entry]) => [name, entry.source]));

/**
 * @param {unknown} value
 * @param {string} where
 * @returns {string[]}
 */
export function evidenceList(value, where) {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(
      `docs: x-scalingo-evidence at ${where} must be a source name or a non-empty list of them`,
    );
  }
  for (const item of list) {
    if (typeof item !== 'string' || !(item in EVIDENCE_LABELS)) {
      throw new Error(
        `docs: x-scalingo-evidence at ${where} has unknown source ${JSON.stringify(item)} (known: ${Object.keys(EVIDENCE_LABELS).join(', ')})`,
      );
    }
  }
  return list;
}

/** What each source of a reference is called, with its version: `go-scalingo v11.3.0`. */
const REPOSITORIES = Object.fromEntries(CITABLE.map(([name, entry]) => [name, entry.repository]));

/**
 * A source reference (`{source, version, file, function|heading}`, spec/rules/lib/source-ref.js)
 * as readers see it: `go-scalingo v11.3.0, databases.go, DatabaseShow`.
 * @param {unknown} ref @param {string} where
 */
export function sourceReference(ref, where) {
  const r = /** @type {any} */ (ref);
  const at = r && typeof r === 'object' ? (r.function ?? (r.heading && `"${r.heading}"`)) : undefined;
  if (!r || typeof r !== 'object' || !(r.source in REPOSITORIES) || !r.version || !r.file || !at) {
    throw new Error(
      `docs: a source reference at ${where} must be {source, version, file, function|heading}, got ${JSON.stringify(ref)}`,
    );
  }
  return `${REPOSITORIES[/** @type {keyof typeof REPOSITORIES} */ (r.source)]} ${r.version}, ${r.file}, ${at}`;
}

/**
 * The evidence line: each source with the references that back it (`x-scalingo-sources`).
 * @param {string[]} sources @param {unknown} [refs] @param {string} [where]
 */
export function evidenceCallout(sources, refs = [], where = '/') {
  const list = Array.isArray(refs) ? refs : [];
  const labels = sources.map((s) => {
    const label = EVIDENCE_LABELS[/** @type {keyof typeof EVIDENCE_LABELS} */ (s)];
    const cited = list
      .filter((r) => r && typeof r === 'object' && r.source === s)
      .map((r) => sourceReference(r, where));
    return cited.length ? `${label} (${cited.join('; ')})` : label;
  });
  return `**Evidence:** ${labels.join('; ')}.`;
}

/**
 * The "Inferred" callouts of one `x-scalingo-inferred` list: what is inferred, why, and from what.
 * @param {unknown} value @param {string} where
 */
export function inferredCallouts(value, where) {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(`docs: x-scalingo-inferred at ${where} must be a non-empty list`);
  }
  return value.map((entry) => {
    const { subject, reason, basis } = /** @type {any} */ (entry ?? {});
    if (typeof subject !== 'string' || typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`docs: x-scalingo-inferred at ${where} needs a "subject" and a "reason"`);
    }
    const from = Array.isArray(basis)
      ? ` (from ${basis.map((r) => sourceReference(r, where)).join('; ')})`
      : '';
    return `> **Inferred (${subject}).** ${reason.trim()}${from}`;
  });
}

/**
 * @param {unknown} sources
 * @param {string} where
 * @returns {{ source: string, claim: string | undefined, ref?: string }[]}
 */
function discrepancySources(sources, where) {
  if (Array.isArray(sources)) {
    return sources.map((s) => {
      if (typeof s === 'string') return { source: s, claim: undefined };
      if (s && typeof s === 'object' && typeof s.source === 'string') {
        const claim = typeof s.claim === 'string' ? s.claim : undefined;
        // A full reference (file, function or heading) is shown with the claim.
        return s.file
          ? { source: s.source, claim, ref: sourceReference(s, where) }
          : { source: s.source, claim };
      }
      throw new Error(`docs: x-scalingo-discrepancy at ${where}: a source must be a name or {source, claim}`);
    });
  }
  if (sources && typeof sources === 'object') {
    return Object.entries(sources).map(([source, claim]) => {
      if (typeof claim !== 'string') {
        throw new Error(`docs: x-scalingo-discrepancy at ${where}: what ${source} says must be a string`);
      }
      return { source, claim };
    });
  }
  throw new Error(`docs: x-scalingo-discrepancy at ${where} has no "sources"`);
}

/**
 * The "Known discrepancy" callouts for one `x-scalingo-discrepancy` value (an item or a list).
 * @param {unknown} value
 * @param {string} where
 */
export function discrepancyCallouts(value, where) {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw new Error(`docs: x-scalingo-discrepancy at ${where} is an empty list`);
  return items.map((item) => {
    if (!item || typeof item !== 'object')
      throw new Error(`docs: x-scalingo-discrepancy at ${where} is not an object`);
    const { number, sources, resolution } = /** @type {any} */ (item);
    if (!Number.isInteger(number))
      throw new Error(`docs: x-scalingo-discrepancy at ${where} has no integer "number"`);
    if (typeof resolution !== 'string' || resolution.trim() === '') {
      throw new Error(`docs: x-scalingo-discrepancy #${number} at ${where} has no "resolution"`);
    }
    const lines = [`> **Known discrepancy #${number}.**`];
    if (typeof sources === 'string') {
      if (sources.trim() === '')
        throw new Error(`docs: x-scalingo-discrepancy #${number} at ${where} has empty "sources"`);
      lines[0] += ` ${sources.trim()}`;
    } else {
      for (const { source, claim, ref } of discrepancySources(sources, where)) {
        const name = SOURCE_NAMES[/** @type {keyof typeof SOURCE_NAMES} */ (source)] ?? source;
        lines.push(`> - ${name}${ref ? ` (${ref})` : ''}${claim ? `: ${claim.trim()}` : ''}`);
      }
    }
    lines.push('>', `> **This document:** ${resolution.trim()}`);
    return lines.join('\n');
  });
}

/**
 * @param {any} target
 * @param {string[]} blocks
 */
function appendToDescription(target, blocks) {
  if (blocks.length === 0) return;
  const base = typeof target.description === 'string' ? target.description.trimEnd() : '';
  target.description = [base, ...blocks].filter((s) => s !== '').join('\n\n');
}

/**
 * Walks the document and appends the callouts to the description of every object (operation,
 * schema, property, parameter) that carries the extensions, then removes the `x-scalingo-*`
 * extensions from the page's copy: Redoc does not show extensions (`showExtensions` is off),
 * the callouts carry the ones readers need as text, and the site's openapi.json and
 * openapi.yaml keep them all. Example values are data, left as they are.
 * @param {any} node
 * @param {string} pointer
 */
function addCallouts(node, pointer) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) addCallouts(child, `${pointer}/${i}`);
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    if (
      key === 'x-scalingo-discrepancy' ||
      key === 'x-scalingo-evidence' ||
      key === 'x-scalingo-sources' ||
      key === 'x-scalingo-inferred' ||
      key === 'example' ||
      key === 'examples'
    ) {
      continue;
    }
    addCallouts(child, `${pointer}/${escapePointer(key)}`);
  }
  const blocks = [];
  if (node['x-scalingo-discrepancy'] !== undefined) {
    blocks.push(...discrepancyCallouts(node['x-scalingo-discrepancy'], pointer || '/'));
  }
  if (node['x-scalingo-inferred'] !== undefined) {
    blocks.push(...inferredCallouts(node['x-scalingo-inferred'], pointer || '/'));
  }
  if (node['x-scalingo-evidence'] !== undefined) {
    const where = pointer || '/';
    blocks.push(
      evidenceCallout(evidenceList(node['x-scalingo-evidence'], where), node['x-scalingo-sources'], where),
    );
  }
  appendToDescription(node, blocks);
  for (const key of Object.keys(node)) if (key.startsWith('x-scalingo-')) delete node[key];
}

/**
 * A decorated deep copy of the bundle; the bundle itself is left as it is.
 * @param {any} bundle
 * @param {{ facadeMethods: Record<string, string>, operations: Record<string, { body: 'json' | 'empty' | null, bodyRoot: string | null }> }} client
 *   what the built client says about its facade: operationId → "group.method", and how each
 *   operation takes its body
 */
export function decorate(bundle, client) {
  const doc = structuredClone(bundle);
  const [first] = listRegions(doc);
  if (!first) throw new Error('docs: the spec lists no servers');
  const missing = [];
  for (const op of listOperations(doc)) {
    const id = op.operation.operationId;
    const facadeMethod = client.facadeMethods[id];
    const clientOp = client.operations[id];
    if (typeof facadeMethod !== 'string' || !clientOp) {
      missing.push(id);
      continue;
    }
    const { curl, typescript } = buildSamples(doc, op, {
      baseUrl: first.url,
      region: first.region,
      facadeMethod,
      body: clientOp.body,
      bodyRoot: clientOp.bodyRoot,
    });
    const existing = Array.isArray(op.operation['x-codeSamples']) ? op.operation['x-codeSamples'] : [];
    op.operation['x-codeSamples'] = [
      { lang: 'Shell', label: 'curl', source: curl },
      { lang: 'TypeScript', label: 'TypeScript', source: typescript },
      ...existing,
    ];
  }
  if (missing.length > 0) {
    throw new Error(
      `docs: the built client has no facade method for ${missing.join(', ')}; rebuild @scalingo-db-api/client from the current spec`,
    );
  }
  addCallouts(doc, '');
  return doc;
}
