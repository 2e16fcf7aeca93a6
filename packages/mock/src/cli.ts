#!/usr/bin/env node
// scalingo-db-api-mock: runs the mock Database API on a local port.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type FaultRule, parseFaultShorthand, startMockServer } from './index.js';

const HELP = `Usage: scalingo-db-api-mock [options]

Serves an in-memory Scalingo Database API under /api, validated against its OpenAPI description.

Options:
  --port <n>             port to listen on (default 4010; 0 picks a free one)
  --host <addr>          address to listen on (default 127.0.0.1)
  --public-url <origin>  origin of the URLs the mock answers, e.g. http://mock.internal:4010
                         (default: the listen address; the Host header never changes it)
  --max-body-bytes <n>   largest request body read (default 1048576); a larger one is a 413
  --seed <file.json>     start from this seed instead of the spec's examples
  --latency <ms|min-max> delay every answer
  --fault <rule>         inject a fault, repeatable: [match=]kind[:value][@rate]
                         kinds: latency:<ms|min-max>, rate-limit[:retry-after], server-error, unavailable, drop
                         e.g. --fault getDatabase=rate-limit:30@0.2 --fault drop@0.05
  --faults <file.json>   fault rules as a JSON array (see the README)
  --fault-seed <n>       seed of the rate-based fault draws (default 1)
  --any-token            accept any non-empty bearer for every database
  --archive-max-bytes <n>  largest backup archive served on a pre-signed URL (default 16777216)
  --no-validate-responses  do not check answers against the spec
  --paths-at-root        also answer without the /api prefix (/databases/…), for tools
                         that ignore the servers' path
  -h, --help             show this help
`;

function fail(message: string): never {
  process.stderr.write(`scalingo-db-api-mock: ${message}\n`);
  process.exit(1);
}

function parseLatency(text: string): number | [number, number] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return [Number(range[1]), Number(range[2])];
  if (/^\d+$/.test(text)) return Number(text);
  return fail(`--latency: expected milliseconds or min-max, got ${JSON.stringify(text)}`);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  const parse = () =>
    parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        'public-url': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        seed: { type: 'string' },
        latency: { type: 'string' },
        fault: { type: 'string', multiple: true },
        faults: { type: 'string' },
        'fault-seed': { type: 'string' },
        'any-token': { type: 'boolean', default: false },
        'archive-max-bytes': { type: 'string' },
        'no-validate-responses': { type: 'boolean', default: false },
        'paths-at-root': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  try {
    values = parse().values;
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port: expected 0-65535, got ${values.port}`);
  const faults: FaultRule[] = [];
  if (values.faults) {
    try {
      const list = JSON.parse(readFileSync(values.faults, 'utf8')) as unknown;
      if (!Array.isArray(list)) fail(`--faults ${values.faults}: expected a JSON array of fault rules`);
      faults.push(...(list as FaultRule[]));
    } catch (error) {
      fail(`--faults ${values.faults}: ${(error as Error).message}`);
    }
  }
  try {
    for (const text of values.fault ?? []) faults.push(parseFaultShorthand(text));
  } catch (error) {
    fail((error as Error).message);
  }
  const faultSeed = values['fault-seed'] === undefined ? undefined : Number(values['fault-seed']);
  if (faultSeed !== undefined && !Number.isInteger(faultSeed)) fail('--fault-seed: expected an integer');

  const archiveText = values['archive-max-bytes'];
  if (archiveText !== undefined && !/^\d+$/.test(archiveText))
    fail(`--archive-max-bytes: expected a whole number of bytes, got ${JSON.stringify(archiveText)}`);

  const bodyText = values['max-body-bytes'];
  if (bodyText !== undefined && !/^\d+$/.test(bodyText))
    fail(`--max-body-bytes: expected a whole number of bytes, got ${JSON.stringify(bodyText)}`);

  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer({
      port,
      host: values.host,
      seed: values.seed,
      latencyMs: values.latency === undefined ? undefined : parseLatency(values.latency),
      faults,
      faultSeed,
      acceptAnyToken: values['any-token'],
      archiveMaxBytes: archiveText === undefined ? undefined : Number(archiveText),
      publicUrl: values['public-url'],
      maxBodyBytes: bodyText === undefined ? undefined : Number(bodyText),
      validateResponses: !values['no-validate-responses'],
      pathsAtRoot: values['paths-at-root'],
      onContractViolation: (v) =>
        process.stderr.write(`contract violation: ${v.method} ${v.url} -> ${v.status}: ${v.problem}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} on ${values.host} is already in use (try --port 0)`);
    fail((error as Error).message);
  }

  const lines = [
    `Scalingo DB API mock listening on ${server.url}`,
    ...(server.publicUrl === server.url ? [] : [`Answers name it ${server.publicUrl}`]),
    '',
    'Seeded databases (addon_id, type, token):',
  ];
  const rows = server.databases();
  const width = Math.max(...rows.map((r) => r.addonId.length));
  const typeWidth = Math.max(...rows.map((r) => r.typeName.length));
  for (const row of rows)
    lines.push(`  ${row.addonId.padEnd(width)}  ${row.typeName.padEnd(typeWidth)}  ${row.token}`);
  const example = rows[0];
  if (example) {
    lines.push(
      '',
      `Try: curl -H "Authorization: Bearer ${example.token}" ${server.url}/databases/${example.addonId}`,
    );
  } else {
    // Without a database only the public CA certificate can be read.
    lines.push('  (none: the seed has no database)', '', `Try: curl ${server.url}/ca_certificate`);
  }
  // The accounts' API tokens start the whole flow: exchange one for a user token, which opens the
  // account's databases on /api and gets their database tokens.
  const accounts = server.accounts();
  lines.push('', 'Accounts (API token for POST /v1/tokens/exchange, databases):');
  for (const account of accounts)
    lines.push(`  ${account.apiToken}  ${account.databases.join(', ') || '(none)'}`);
  if (accounts.length === 0) lines.push('  (none: the seed lists no account)');
  else {
    lines.push(
      '',
      `User token: curl -X POST -u ":${accounts[0]?.apiToken}" ${server.origin}/v1/tokens/exchange`,
    );
  }
  if (values['paths-at-root'])
    lines.push(`The same paths are served without ${new URL(server.url).pathname} (--paths-at-root).`);
  if (values['any-token']) lines.push('Any non-empty bearer token is accepted (--any-token).');
  if (faults.length > 0) lines.push(`${faults.length} fault rule(s) active.`);
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
