// A bounded soak of the mock: for SOAK_SECONDS (default 60) a second process sends a mix of reads,
// writes and refused requests (see soak-load.mjs) while this one samples the mock's memory every
// second. Prints the figures; the targets are no error and a flat heap.
// Run `pnpm --filter @scalingo-db-api/mock build` first; `pnpm --filter @scalingo-db-api/mock soak`.
import { execFile, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
if (!existsSync(here('../dist/index.js'))) {
  console.error('soak: build the package first (pnpm --filter @scalingo-db-api/mock build)');
  process.exit(1);
}
const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const workers = Number(process.env.SOAK_WORKERS ?? 8);
const MB = 1024 * 1024;

const mock = fork(here('./server.mjs'), [], {
  execArgv: ['--expose-gc'],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const info = await new Promise((resolve, reject) => {
  mock.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk))));
  mock.once('exit', (code) => reject(new Error(`the mock exited with ${code}`)));
});
const memory = () =>
  new Promise((resolve) => {
    mock.once('message', resolve);
    mock.send('memory');
  });

// Alone first: the largest answer the spec allows against a plain read, one request at a time.
async function sequential(path, runs = 30) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(`${info.url}/databases/${info.addonId}${path}`, {
      headers: { authorization: `Bearer ${info.token}` },
    });
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
const plain = await sequential('');
const longest = await sequential('/metrics/cpu?since=720');

const samples = [await memory()];
const sampler = setInterval(async () => samples.push(await memory()), 1000);
const load = await new Promise((resolve, reject) =>
  execFile(
    process.execPath,
    [here('./soak-load.mjs'), info.url, info.addonId, info.token, String(seconds), String(workers)],
    { maxBuffer: 16 * MB },
    (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
  ),
);
clearInterval(sampler);
samples.push(await memory());
const alive = mock.exitCode === null && mock.signalCode === null;
mock.kill('SIGTERM');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const window = Math.max(1, Math.min(10, Math.floor(samples.length / 3)));
// The first seconds warm up (JIT, caches): compare the second window with the last one.
const early = samples.slice(window, 2 * window);
const late = samples.slice(-window);
const heapEarly = median(early.map((s) => s.heapUsed)) / MB;
const heapLate = median(late.map((s) => s.heapUsed)) / MB;
const rssEarly = median(early.map((s) => s.rss)) / MB;
const rssLate = median(late.map((s) => s.rss)) / MB;

console.log(
  `Soak: ${seconds} s, ${workers} workers in a second process, mixed reads, writes and refused requests`,
);
console.log(`  ${load.requests} requests, ${(load.requests / seconds).toFixed(0)} requests/s`);
console.log(`  errors: ${load.errors} (target 0)${load.errors ? `: ${load.firstErrors.join('; ')}` : ''}`);
console.log(`  mock alive at the end: ${alive}`);
console.log(
  `  heap after GC: ${heapEarly.toFixed(1)} MB (seconds ${window}-${2 * window}) -> ${heapLate.toFixed(1)} MB (last ${window} s), ${(heapLate - heapEarly).toFixed(1)} MB (target: flat, under 10 MB of growth)`,
);
console.log(
  `  rss: ${rssEarly.toFixed(0)} MB -> ${rssLate.toFixed(0)} MB; peak ${(Math.max(...samples.map((s) => s.rss)) / MB).toFixed(0)} MB`,
);
console.log('  latency by request kind (ms): count, p50, p99, max');
for (const [name, k] of Object.entries(load.kinds).sort()) {
  console.log(
    `    ${name.padEnd(20)} ${String(k.count).padStart(7)} ${k.p50.toFixed(1).padStart(7)} ${k.p99.toFixed(1).padStart(7)} ${k.max.toFixed(1).padStart(7)}`,
  );
}
console.log(
  `  alone, one at a time (median of 30): getDatabase ${plain.toFixed(1)} ms, the longest series (since=720, 2160 points) ${longest.toFixed(1)} ms (target < 100 ms), ratio ${(longest / plain).toFixed(1)}`,
);
console.log('  Absolute figures depend on the machine and its load; compare runs on the same machine.');
process.exit(load.errors === 0 && alive && heapLate - heapEarly < 10 ? 0 : 1);
