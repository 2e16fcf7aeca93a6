export { toAnnotations } from './annotations.js';
export {
  checkContractChangeset,
  parseChangeset,
  readPendingChangesets,
  SPEC_PACKAGE,
  versionBump,
} from './changesets.js';
export { defaultDocsUrl, toPullRequestComment } from './comment.js';
export { type Change, type DiffResult, diffSpecs } from './diff.js';
export { defaultBase, loadSpecAt, repoRoot, resolveCommit } from './git.js';
export { loadSpec, type OpenApiDocument, SpecLoadError } from './load.js';
export { toJson, toMarkdown, verdict } from './report.js';
export { type Bump, getRule, RULES, type Rule, type RuleId, type Severity } from './rules.js';
export { ruleAnchor, rulesTable, withRulesTable } from './rules-table.js';
export { type SourceLocation, SourceMap, type SourceTree } from './source-map.js';
