// @scalingo-db-api/verify: checks the Scalingo Database API against its contract, from a live
// database (a read-only run, optionally with reversible writes) or from live traffic (a proxy).
export {
  type Answer,
  ContractChecker,
  type Findings,
  type UnknownEnumValue,
  type Violation,
} from './check.js';
export { type CliIo, runCli } from './cli-run.js';
export {
  type Clock,
  type FetchLike,
  Gentle,
  type GentleOptions,
  retryAfterMs,
  StopError,
  systemClock,
} from './gentle.js';
export { READ_STEPS, readSteps, type Step } from './plan.js';
export { type ProxyOptions, startProxy, type ValidatingProxy } from './proxy.js';
export { Redactor } from './redact.js';
export {
  exitCode,
  type JsonReport,
  jsonReport,
  markdownReport,
  type OperationResult,
  type RunResult,
} from './report.js';
export { type VerifyOptions, verify } from './run.js';
export { regionBaseUrl, type TokenSource, tokenGetter } from './token.js';
