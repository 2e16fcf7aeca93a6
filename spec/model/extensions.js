// @ts-check
// The vocabulary of the `x-scalingo-*` extensions, declared once for the lint rules and the docs.

/**
 * The evidence vocabulary: each value `x-scalingo-evidence` may take, with what it means to a
 * reader of the docs. `docs`, `go-client` and `js-client` are sources a reference can cite.
 */
export const EVIDENCE = /** @type {const} */ ({
  docs: {
    label: "Scalingo's public Database API reference",
    source: 'Public reference',
    repository: 'developers-documentation',
  },
  'go-client': {
    label: "Scalingo's official Go client (go-scalingo)",
    source: 'Go client',
    repository: 'go-scalingo',
  },
  'js-client': {
    label: "Scalingo's official JavaScript client (scalingo on npm)",
    source: 'JavaScript client',
    repository: 'scalingo.js',
  },
  inferred: { label: 'inferred: no source documents it, this is the most likely reading' },
  'client-only': { label: "the official clients only: Scalingo's public reference does not document it" },
});
/** @typedef {keyof typeof EVIDENCE} Evidence */
export const EVIDENCE_VALUES = /** @type {Evidence[]} */ (Object.keys(EVIDENCE));
