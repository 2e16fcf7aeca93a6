// A verification run against one database: every GET operation the plan can reach, then, when
// asked, reversible writes (a user and a firewall rule, each created then deleted). Each answer
// is checked against the bundled spec; nothing is printed before the redactor has seen it.
import { randomBytes } from 'node:crypto';
import type { OperationModel } from '@scalingo-db-api/mock/contract';
import { ContractChecker } from './check.js';
import { type Clock, type FetchLike, Gentle, StopError } from './gentle.js';
import { fill, firstEnumValue, type Learnt, learnFrom, readSteps, urlOf, whyMissing } from './plan.js';
import type { Redactor } from './redact.js';
import { type OperationResult, problemLines, type RunResult } from './report.js';

export interface VerifyOptions {
  /** The Database API's base URL, `/api` included. */
  baseUrl: string;
  /** The bearer to send; asked once per request so that a provider may renew it. */
  getToken: () => Promise<string> | string;
  /** The database (add-on) id. */
  database: string;
  /** Add the reversible writes (the caller has had them confirmed). */
  writes?: boolean;
  rate?: number;
  maxFailures?: number;
  clock?: Clock;
  fetch?: FetchLike;
  redactor: Redactor;
  /** Where progress lines go (already redacted). Default: nowhere. */
  log?: (line: string) => void;
  checker?: ContractChecker;
}

/** The CIDR a temporary rule allows: TEST-NET-1 (RFC 5737), which no real host uses. */
const TEMPORARY_CIDR = '192.0.2.1/32';

export async function verify(options: VerifyOptions): Promise<RunResult> {
  const checker = options.checker ?? new ContractChecker();
  const { redactor } = options;
  const log = (line: string) => options.log?.(redactor.text(line));
  const gentle = new Gentle({
    rate: options.rate,
    maxFailures: options.maxFailures,
    clock: options.clock,
    fetch: options.fetch,
  });
  redactor.identifier(options.database, '[database-id]');
  const result: RunResult = {
    mode: options.writes ? 'read-only calls, then reversible writes' : 'read-only',
    operations: [],
    skipped: [],
    problems: [],
  };
  const learnt: Learnt = { database: options.database };

  /** Sends one request and checks its answer; returns the answer's body when it is JSON. */
  async function call(
    operation: OperationModel,
    params: Record<string, string>,
    query: Record<string, string> = {},
    body?: unknown,
  ): Promise<{ status: number; json: unknown } | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (operation.requiresAuth) {
      const token = await options.getToken();
      redactor.secret(token);
      headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      redactor.learn(body);
    }
    let sent: Awaited<ReturnType<Gentle['send']>>;
    try {
      sent = await gentle.send(urlOf(options.baseUrl, operation, params, query), {
        method: operation.method.toUpperCase(),
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error instanceof StopError) throw error;
      result.problems.push(`\`${operation.operationId}\`: no answer (${(error as Error).message})`);
      log(`${operation.operationId}: no answer (${(error as Error).message})`);
      return undefined;
    }
    redactor.learnText(sent.text);
    for (const limited of sent.rateLimited) redactor.learnText(limited.text);
    const found = checker.check(operation, sent);
    const op: OperationResult = {
      operationId: operation.operationId,
      method: operation.method.toUpperCase(),
      path: operation.path,
      status: sent.status,
      notes: [],
      ...found,
    };
    for (const limited of sent.rateLimited) {
      const asked =
        limited.retryAfter === undefined ? 'no Retry-After' : `Retry-After: ${limited.retryAfter}`;
      op.notes.push(
        `answered 429 (${asked}); waited ${(limited.waitMs / 1000).toFixed(1)} s before asking again`,
      );
      const of429 = checker.check(operation, { status: 429, headers: limited.headers, text: limited.text });
      for (const v of of429.violations)
        op.violations.push({ pointer: v.pointer, message: `the 429 answer: ${v.message}` });
      op.advice.push(...of429.advice);
    }
    result.operations.push(op);
    const lines = problemLines(op);
    if (lines.length === 0) log(`ok ${op.method} ${op.path} ${op.status} ${op.operationId}`);
    for (const line of lines) log(line);
    let json: unknown;
    try {
      json = sent.text === '' ? undefined : JSON.parse(sent.text);
    } catch {
      json = undefined;
    }
    return { status: sent.status, json };
  }

  try {
    for (const step of readSteps(checker.model.operations)) {
      const operation = checker.operation(step.operationId);
      if (operation.parameters.some((p) => p.name === 'metric'))
        learnt.metric ??= firstEnumValue(operation, 'metric');
      const params = fill(step.params, learnt);
      const query = fill(step.query ?? {}, learnt);
      if ('missing' in params || 'missing' in query) {
        const missing = [
          ...('missing' in params ? params.missing : []),
          ...('missing' in query ? query.missing : []),
        ];
        result.skipped.push({ operationId: step.operationId, reason: whyMissing(missing) });
        continue;
      }
      const answer = await call(operation, params.values, query.values);
      if (answer && answer.status >= 200 && answer.status < 300) learnFrom(step, answer.json, learnt);
    }
    if (options.writes) await reversibleWrites();
  } catch (error) {
    if (!(error instanceof StopError)) throw error;
    result.stopped = error.message;
    log(error.message);
  }
  return result;

  async function reversibleWrites(): Promise<void> {
    const database_id = options.database;
    const name = `verify-${randomBytes(4).toString('hex')}`;
    const created = await call(
      checker.operation('createDatabaseUser'),
      { database_id },
      {},
      requestBody('createDatabaseUser', { database_user: { name, read_only: true } }),
    );
    if (created?.status === 201) {
      const deleted = await call(checker.operation('deleteDatabaseUser'), { database_id, username: name });
      note(
        'createDatabaseUser',
        `created the read-only user ${name}; deleting it answered ${deleted?.status ?? 'nothing'}`,
      );
      if (deleted?.status !== 204)
        result.problems.push(`the user ${name} was created but not deleted: delete it by hand`);
    }
    if (learnt.ruleId === undefined) {
      const reason =
        'the database has no firewall rule: a first rule could restrict who may connect, so the run adds none';
      result.skipped.push(
        { operationId: 'createFirewallRule', reason },
        { operationId: 'deleteFirewallRule', reason },
      );
      return;
    }
    const rule = await call(
      checker.operation('createFirewallRule'),
      { database_id },
      {},
      requestBody('createFirewallRule', {
        firewall_rule: {
          type: 'custom_range',
          cidr: TEMPORARY_CIDR,
          label: 'scalingo-db-api-verify (temporary)',
        },
      }),
    );
    const ruleId = (rule?.json as { rule?: { id?: unknown } } | undefined)?.rule?.id;
    if (rule?.status === 201 && typeof ruleId === 'string') {
      const deleted = await call(checker.operation('deleteFirewallRule'), { database_id, rule_id: ruleId });
      note(
        'createFirewallRule',
        `added a rule for ${TEMPORARY_CIDR} (TEST-NET-1); deleting it answered ${deleted?.status ?? 'nothing'}`,
      );
      if (deleted?.status !== 204)
        result.problems.push(
          `the firewall rule for ${TEMPORARY_CIDR} was created but not deleted: delete it by hand`,
        );
    }
  }

  /** A request body the spec accepts (checked with the mock's request validator before it is sent). */
  function requestBody(operationId: string, body: unknown): unknown {
    const validate = checker.requestValidators(checker.operation(operationId)).body;
    if (validate && !validate(body)) {
      throw new Error(
        `the verifier's own ${operationId} body breaks the spec: ${JSON.stringify(validate.errors)}`,
      );
    }
    return body;
  }

  function note(operationId: string, text: string): void {
    const op = result.operations.findLast((o) => o.operationId === operationId);
    op?.notes.push(text);
  }
}
