export {
  checkContractChangeset,
  parseChangeset,
  readPendingChangesets,
  SPEC_PACKAGE,
  versionBump,
} from './changesets.js';
export { type Change, type DiffResult, diffSpecs } from './diff.js';
export { defaultBase, loadSpecAt, repoRoot, resolveCommit } from './git.js';
export { loadSpec, type OpenApiDocument, SpecLoadError } from './load.js';
export { toJson, toMarkdown, verdict } from './report.js';
export { type Bump, getRule, RULES, type Rule, type RuleId, type Severity } from './rules.js';
export { rulesTable, withRulesTable } from './rules-table.js';
