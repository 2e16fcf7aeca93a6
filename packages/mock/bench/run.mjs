// Benchmarks of the mock: cold start, and the throughput of GET /databases/{id} with validation on,
// under load from a second process (autocannon here, the mock in a child process).
// Run `pnpm --filter @scalingo-db-api/mock build` first; `pnpm --filter @scalingo-db-api/mock bench`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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

async function throughput(mode) {
  const child = spawn(process.execPath, [here('./server.mjs'), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk))));
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code}`)));
  });
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
console.log('  import + start            %s ms (target < 500 ms)', cold.totalMs.toFixed(0));
const slow = startup('runtime-compile', 3);
console.log(
  '  for comparison, compiling all %d validators at start: %s ms (median of %d)',
  slow.compiledAtStart,
  slow.totalMs.toFixed(0),
  slow.runs,
);
for (const mode of ['validate-requests-and-responses', 'no-response-validation']) {
  const r = await throughput(mode);
  console.log(
    `GET /databases/{id}, ${mode}, ${connections} connections, ${duration} s (autocannon, separate process):`,
  );
  console.log(
    `  ${r.requestsPerSecond.toFixed(0)} requests/s (target >= 1000), p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms, ${r.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors`,
  );
}
