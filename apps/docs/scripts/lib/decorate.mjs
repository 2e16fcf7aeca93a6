// @ts-check
// Decorates a copy of the bundle for Redocly: code samples on every operation, and the
// x-scalingo-discrepancy / x-scalingo-evidence extensions turned into text readers see.
import { buildSamples } from './samples.mjs';
import { listOperations, listRegions } from './spec.mjs';

/** What each `x-scalingo-evidence` value means, in the words shown to readers. */
export const EVIDENCE_LABELS = {
  docs: "Scalingo's public Database API reference",
  'go-client': "Scalingo's official Go client (go-scalingo)",
  'js-client': "Scalingo's official JavaScript client (scalingo on npm)",
  inferred: 'inferred: no source documents it, this is the most likely reading',
  'client-only': "the official clients only: Scalingo's public reference does not document it",
};

/** Names of the sources a discrepancy can cite. */
const SOURCE_NAMES = {
  docs: 'Public reference',
  'go-client': 'Go client',
  'js-client': 'JavaScript client',
};

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

/** @param {string[]} sources */
export function evidenceCallout(sources) {
  const labels = sources.map((s) => EVIDENCE_LABELS[/** @type {keyof typeof EVIDENCE_LABELS} */ (s)]);
  return `**Evidence:** ${labels.join('; ')}.`;
}

/**
 * @param {unknown} sources
 * @param {string} where
 * @returns {{ source: string, claim: string | undefined }[]}
 */
function discrepancySources(sources, where) {
  if (Array.isArray(sources)) {
    return sources.map((s) => {
      if (typeof s === 'string') return { source: s, claim: undefined };
      if (s && typeof s === 'object' && typeof s.source === 'string') {
        return { source: s.source, claim: typeof s.claim === 'string' ? s.claim : undefined };
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
      for (const { source, claim } of discrepancySources(sources, where)) {
        const name = SOURCE_NAMES[/** @type {keyof typeof SOURCE_NAMES} */ (source)] ?? source;
        lines.push(`> - ${name}${claim ? `: ${claim.trim()}` : ''}`);
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
 * schema, property, parameter) that carries the extensions.
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
      key === 'example' ||
      key === 'examples'
    ) {
      continue;
    }
    addCallouts(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
  const blocks = [];
  if (node['x-scalingo-discrepancy'] !== undefined) {
    blocks.push(...discrepancyCallouts(node['x-scalingo-discrepancy'], pointer || '/'));
  }
  if (node['x-scalingo-evidence'] !== undefined) {
    blocks.push(evidenceCallout(evidenceList(node['x-scalingo-evidence'], pointer || '/')));
  }
  appendToDescription(node, blocks);
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
