// The command line of scalingo-db-api-verify, with its outside world injected (arguments,
// environment, output, clock) so that tests drive it in-process.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { regions, specVersion } from '@scalingo-db-api/client';
import type { Clock, FetchLike } from './gentle.js';
import { startProxy } from './proxy.js';
import { Redactor } from './redact.js';
import { exitCode, jsonReport, markdownReport, type RunResult } from './report.js';
import { verify } from './run.js';
import { regionBaseUrl, tokenGetter } from './token.js';

const REGIONS = Object.keys(regions).join(', ');

export const HELP = `Usage: scalingo-db-api-verify --database <addon_id> (--base-url <url> | --region <region>) [options]
       scalingo-db-api-verify proxy --target <url> [--port <n>] [options]

Checks the Scalingo Database API against its contract (the OpenAPI description this package
bundles) and reports what breaks it and what it does not describe yet.

Read-only by default: calls every GET operation reachable from the database.

  --database <id>      the database add-on's id
  --base-url <url>     the API's base URL, /api included
  --region <region>    instead of --base-url: ${REGIONS}
  --token <token>      a database token (default: $DB_API_TOKEN)
  --api-token <token>  a Scalingo API token to exchange (default: $SCALINGO_API_TOKEN)
  --app <name>         with an API token: get the add-on's database token for this app
  --auth-url <url>     the authentication API (default https://auth.scalingo.com/v1)
  --api-url <url>      the region's main API (default https://api.<region>.scalingo.com/v1)
  --writes             also create then delete a user and a firewall rule (asks first)
  --yes                do not ask before the writes
  --rate <n>           requests per second at most (default 1)
  --max-failures <n>   stop after this many failed requests (default 3)

Proxy: forwards to --target, checks each request and answer, prints one line per problem and
writes the reports when stopped (Ctrl-C).

  --target <url>       the API's base URL, /api included
  --port <n>           port to listen on (default 4020)

Both:
  --json <file>        write the JSON report
  --report <file.md>   write the Markdown report
  --no-redact          keep ids, host names, passwords and URLs in the output (never tokens)
  -h, --help           show this help

Exit code: 0 when every answer followed the contract, 1 when one broke it, 2 when the check
could not run or stopped early.
`;

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Asks a question; undefined when there is no terminal to ask on. */
  ask?: ((question: string) => Promise<string>) | undefined;
  clock?: Clock;
  fetch?: FetchLike;
}

class UsageError extends Error {}

function number(
  name: string,
  text: string | undefined,
  fallback: number,
  { integer = false, zero = false } = {},
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const low = zero ? value < 0 : value <= 0;
  if (text.trim() === '' || !Number.isFinite(value) || low || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `--${name}: expected a ${zero ? 'non-negative' : 'positive'} ${integer ? 'whole ' : ''}number, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

export function terminalAsk(): ((question: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

function writeReports(
  result: RunResult,
  redactor: Redactor,
  values: { json?: string | undefined; report?: string | undefined },
  io: CliIo,
): 0 | 1 {
  const json = jsonReport(result, redactor);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
  if (values.report) writeFileSync(values.report, markdownReport(result, redactor, specVersion));
  const { summary } = json;
  io.stdout(
    `${summary.checked} answers checked: ${summary.violations} violations, ${summary.unknownProperties} unknown properties, ${summary.unknownEnumValues} unknown enum values${
      result.skipped.length > 0 ? `; ${result.skipped.length} operations not called` : ''
    }\n`,
  );
  return exitCode(json);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    // No message may carry a credential, even one that failed before the run's redactor saw it.
    const redactor = new Redactor(false);
    redactor.secret(io.env.DB_API_TOKEN);
    redactor.secret(io.env.SCALINGO_API_TOKEN);
    argv.forEach((arg, i) => {
      const inline = /^--(api-)?token=(.*)$/.exec(arg);
      if (inline) redactor.secret(inline[2]);
      else if (arg === '--token' || arg === '--api-token') redactor.secret(argv[i + 1]);
    });
    const message = redactor.text(error instanceof Error ? error.message : String(error));
    io.stderr(`scalingo-db-api-verify: ${message}${error instanceof UsageError ? `\n\n${HELP}` : ''}\n`);
    return 2;
  }
}

async function main(argv: string[], io: CliIo): Promise<number> {
  const proxyMode = argv[0] === 'proxy';
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: proxyMode ? argv.slice(1) : argv,
      options: {
        database: { type: 'string' },
        'base-url': { type: 'string' },
        region: { type: 'string' },
        token: { type: 'string' },
        'api-token': { type: 'string' },
        app: { type: 'string' },
        'auth-url': { type: 'string' },
        'api-url': { type: 'string' },
        writes: { type: 'boolean' },
        yes: { type: 'boolean' },
        rate: { type: 'string' },
        'max-failures': { type: 'string' },
        target: { type: 'string' },
        port: { type: 'string' },
        json: { type: 'string' },
        report: { type: 'string' },
        'no-redact': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const redactor = new Redactor(values['no-redact'] !== true);
  const print = (line: string) => io.stdout(`${redactor.text(line)}\n`);
  const reports = { json: str('json'), report: str('report') };

  if (proxyMode) {
    const target = str('target');
    if (!target) throw new UsageError('proxy: --target <url> is required');
    const port = number('port', str('port'), 4020, { integer: true, zero: true });
    if (port > 65535) throw new UsageError(`--port: expected 0-65535 (0: any free port), got ${port}`);
    const proxy = await startProxy({ target, port, redactor, log: print, fetch: io.fetch });
    // Two URLs the user gave or the proxy chose, not secrets: printed as they are.
    io.stdout(
      `validating proxy for ${new URL(target).origin} on ${proxy.url}: point your client there; Ctrl-C writes the reports\n`,
    );
    await new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await proxy.close();
    return writeReports(proxy.result, redactor, reports, io);
  }

  const database = str('database');
  if (!database) throw new UsageError('--database <addon_id> is required');
  const region = str('region');
  const given = str('base-url');
  if ((region === undefined) === (given === undefined))
    throw new UsageError(`pass either --base-url or --region (${REGIONS})`);
  const baseUrl = given ?? regionBaseUrl(region as string);
  if (!/^https?:\/\//.test(baseUrl))
    throw new UsageError(`--base-url must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  const getToken = tokenGetter(
    {
      token: str('token') ?? (str('api-token') ? undefined : io.env.DB_API_TOKEN),
      apiToken: str('api-token') ?? io.env.SCALINGO_API_TOKEN,
      app: str('app'),
      database,
      region: region as keyof typeof regions | undefined,
      authUrl: str('auth-url'),
      apiUrl: str('api-url'),
      fetch: io.fetch,
    },
    redactor,
  );
  const rate = number('rate', str('rate'), 1);
  const maxFailures = number('max-failures', str('max-failures'), 3, { integer: true });
  if (values.writes && !values.yes) {
    if (!io.ask)
      throw new UsageError(
        '--writes changes the database: confirm with --yes when there is no terminal to ask on',
      );
    const answer = await io.ask(
      'This run will create then delete a read-only user and, if the database has firewall rules, a rule for 192.0.2.1/32. Type "yes" to go on: ',
    );
    if (answer.trim().toLowerCase() !== 'yes') {
      io.stderr('scalingo-db-api-verify: no writes confirmed; nothing was called\n');
      return 2;
    }
  }
  const result = await verify({
    baseUrl,
    getToken,
    database,
    writes: values.writes === true,
    rate,
    maxFailures,
    clock: io.clock,
    fetch: io.fetch,
    redactor,
    log: print,
  });
  const code = writeReports(result, redactor, reports, io);
  if (result.stopped) {
    io.stderr(`scalingo-db-api-verify: ${redactor.text(result.stopped)}\n`);
    return code === 1 ? 1 : 2;
  }
  return code;
}
