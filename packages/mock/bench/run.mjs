// Benchmarks of the mock: cold start, and the throughput of GET /databases/{id} with validation on,
// under load from a second process (autocannon here, the mock in a child process).
// Run `pnpm --filter @scalingo-db-api/mock build` first; `pnpm --filter @scalingo-db-api/mock bench`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
if (!existsSync(here('../dist/index.js'))) {
  console.error('bench: build the package first (pnpm --filter @scalingo-db-api/mock build)');
  process.exit(1);
}
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function startup(mode = 'precompiled', runs = 7) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(
      JSON.parse(execFileSync(process.execPath, [here('./startup.mjs'), mode], { encoding: 'utf8' })),
    );
  }
  return {
    importMs: median(samples.map((s) => s.importMs)),
    startMs: median(samples.map((s) => s.startMs)),
    totalMs: median(samples.map((s) => s.totalMs)),
    bootMs: median(samples.map((s) => s.bootMs)),
    compiledAtStart: samples[0].compiledAtStart,
    runs,
  };
}

/**
 * Prism's CLI, when it is installed: it is not a dependency of this package, but the workspace's
 * interop suite (`packages/interop`) pins it, so a clone of the repository has it.
 */
function prismCli() {
  for (const from of [import.meta.url, new URL('../../interop/package.json', import.meta.url)]) {
    try {
      const require = createRequire(from);
      const manifest = require.resolve('@stoplight/prism-cli/package.json');
      const { bin } = require(manifest);
      return join(dirname(manifest), typeof bin === 'string' ? bin : bin.prism);
    } catch {
      // Not installed there.
    }
  }
  return undefined;
}

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** Prism's mock of the same bundle, answering statically from the spec's examples. */
async function startPrism(cli) {
  const port = await freePort();
  const spec = createRequire(import.meta.url).resolve('@scalingo-db-api/openapi/openapi.yaml');
  const child = spawn(process.execPath, [cli, 'mock', spec, '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Prism did not start within 60 s')), 60_000);
    const onData = (chunk) => {
      if (/listening/i.test(String(chunk))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Prism exited with ${code}`)));
  });
  return {
    child,
    info: {
      url: `http://127.0.0.1:${port}`,
      addonId: 'ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71',
      token: 'bench',
    },
  };
}

async function throughput(mode) {
  let child;
  let info;
  if (mode === 'prism') ({ child, info } = await startPrism(prismCli()));
  else {
    child = spawn(process.execPath, [here('./server.mjs'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    info = await new Promise((resolve, reject) => {
      child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk))));
      child.once('exit', (code) => reject(new Error(`the mock exited with ${code}`)));
    });
  }
  try {
    const url = `${info.url}/databases/${info.addonId}`;
    const headers = { authorization: `Bearer ${info.token}` };
    await autocannon({ url, headers, connections, duration: 2 }); // warm-up
    const result = await autocannon({ url, headers, connections, duration });
    return {
      mode,
      requestsPerSecond: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

const cold = startup();
console.log('Startup (median of %d cold processes):', cold.runs);
console.log('  node boot to first line   %s ms (not the mock)', cold.bootMs.toFixed(0));
console.log('  import of the package     %s ms', cold.importMs.toFixed(0));
console.log(
  '  startMockServer()         %s ms (%d validators compiled at start: the build precompiled them; seed, listen)',
  cold.startMs.toFixed(0),
  cold.compiledAtStart,
);
console.log('  import + start            %s ms (target < 300 ms)', cold.totalMs.toFixed(0));
const slow = startup('runtime-compile', 3);
console.log(
  '  for comparison, compiling all %d validators at start: %s ms (median of %d)',
  slow.compiledAtStart,
  slow.totalMs.toFixed(0),
  slow.runs,
);
const modes = ['validate-requests-and-responses', 'no-response-validation', 'plain-http'];
const prism = prismCli();
if (prism) modes.push('prism');
else
  console.log("Prism's mock: not installed here (add @stoplight/prism-cli 5.14 to compare in the same run)");
const results = {};
for (const mode of modes) {
  const r = await throughput(mode);
  results[mode] = r;
  console.log(
    `GET /databases/{id}, ${mode}, ${connections} connections, ${duration} s (autocannon, separate process):`,
  );
  console.log(
    `  ${r.requestsPerSecond.toFixed(0)} requests/s, p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms, ${r.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors`,
  );
}
const validated = results['validate-requests-and-responses'].requestsPerSecond;
console.log(
  `validated requests/s: ${validated.toFixed(0)} (target >= 6000: ${validated >= 6000 ? 'met' : 'NOT met'}); ` +
    `start ${cold.totalMs.toFixed(0)} ms (target < 300: ${cold.totalMs < 300 ? 'met' : 'NOT met'})`,
);
console.log(
  `ratios in this run: mock validated / bare node:http = ${(validated / results['plain-http'].requestsPerSecond).toFixed(2)}` +
    (results.prism
      ? `; mock validated / Prism's mock = ${(validated / results.prism.requestsPerSecond).toFixed(1)}x`
      : ''),
);
