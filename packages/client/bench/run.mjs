// Median time per `GET /databases/{id}` on a local keep-alive server, through:
//   (a) plain fetch, (a') fetch with the usual way to the client's guarantees (a per-request
//   timeout, that is an AbortSignal and a timer, and `redirect: 'manual'`; the client stops Node's
//   fetch without a signal, see src/internal/attempt.ts), (b) the typed openapi-fetch client
//   (`client.GET`), (c) the facade (`client.databases.get`), (d) the incumbent's way: an axios
//   instance carrying the bearer header, then the root key unwrapped (what Scalingo's official JS
//   client does).
// The server runs in a worker thread so that it does not share the event loop with the clients.
// Run: pnpm --filter @scalingo-db-api/client bench   (builds first)
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

if (!isMainThread) {
  // The server: answers every request with the example PostgreSQL database of the spec.
  const server = createServer({ keepAlive: true }, (req, res) => {
    const ok = req.headers.authorization === `Bearer ${workerData.token}`;
    const body = ok ? workerData.body : '{"error":"invalid token"}';
    res.writeHead(ok ? 200 : 401, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
} else {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const { createDatabaseApiClient } = await import(pathToFileURL(join(root, 'dist/index.js')).href);
  const { default: axios } = await import('axios');
  const { loadBundle } = await import(pathToFileURL(join(root, 'scripts/generate.mjs')).href);

  const spec = loadBundle();
  const example = spec.components.examples.DatabasePostgresql.value;
  const DB = example.database.id;
  const TOKEN = 'bench-token-0123456789abcdef';

  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: { token: TOKEN, body: JSON.stringify(example) },
  });
  const port = await new Promise((resolve) => worker.once('message', resolve));
  const baseUrl = `http://127.0.0.1:${port}/api`;

  const client = createDatabaseApiClient({ baseUrl, token: TOKEN });
  const http = axios.create({ baseURL: baseUrl, headers: { Authorization: `Bearer ${TOKEN}` } });

  const ways = {
    '(a) plain fetch': async () => {
      const res = await fetch(`${baseUrl}/databases/${encodeURIComponent(DB)}`, {
        headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`status ${res.status}`);
      return (await res.json()).database;
    },
    "(a') fetch + timeout signal + manual redirect": async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        const res = await fetch(`${baseUrl}/databases/${encodeURIComponent(DB)}`, {
          headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
          signal: controller.signal,
          redirect: 'manual',
        });
        if (!res.ok) throw new Error(`status ${res.status}`);
        return (await res.json()).database;
      } finally {
        clearTimeout(timer);
      }
    },
    '(b) typed client by path (client.GET)': async () => {
      const { data, error } = await client.GET('/databases/{database_id}', {
        params: { path: { database_id: DB } },
      });
      if (error) throw new Error('error answer');
      return data.database;
    },
    '(c) facade (client.databases.get)': () => client.databases.get(DB),
    '(d) incumbent: axios + bearer + unwrap': async () =>
      (await http.get(`/databases/${encodeURIComponent(DB)}`)).data.database,
  };

  const names = Object.keys(ways);
  for (const name of names) {
    const db = await ways[name]();
    if (db?.id !== DB) throw new Error(`${name} did not read the database`);
  }

  // Round robin, in a new random order at each cycle: every way meets the same machine noise
  // (this machine is shared), so that their medians can be compared.
  const cycles = Number(process.env.BENCH_CYCLES ?? 3000);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  // A process takes about 2,000 calls to reach its pace here (alone, the median of each 250 calls
  // falls from about 400 µs to 140 µs): measured before that, the ratios moved by 4 points from
  // one run to the next.
  const warmup = Number(process.env.BENCH_WARMUP ?? 2000);
  for (let i = 0; i < warmup; i++) for (const name of names) await ways[name]();
  const order = [...names];
  for (let c = 0; c < cycles; c++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const name of order) {
      const t = performance.now();
      await ways[name]();
      samples[name].push(performance.now() - t);
    }
  }
  await worker.terminate();

  const median = (xs) => {
    const s = [...xs].sort((x, y) => x - y);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const p90 = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.9)];
  const base = median(samples[names[0]]);
  const rows = names.map((name) => {
    const med = median(samples[name]);
    return [
      name,
      `${(med * 1000).toFixed(0)} µs`,
      `${(p90(samples[name]) * 1000).toFixed(0)} µs`,
      `${(med / base).toFixed(2)}x`,
    ];
  });
  const header = ['way', 'median', 'p90', 'vs plain fetch'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`GET /databases/{database_id}, ${cycles} calls per way, Node ${process.version}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));

  const guarded = median(samples[names[1]]);
  const typed = median(samples[names[2]]);
  const facade = median(samples[names[3]]);
  const incumbent = median(samples[names[4]]);
  // The same ratio in each fifth of the run (consecutive cycles): how far one run's figure can
  // move with the machine's noise, next to the verdict on the whole run.
  const fifths = (name) => {
    const size = Math.floor(cycles / 5);
    if (size < 1) return '';
    const ratios = [0, 1, 2, 3, 4].map(
      (k) =>
        median(samples[name].slice(k * size, (k + 1) * size)) /
        median(samples[names[0]].slice(k * size, (k + 1) * size)),
    );
    return `, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} in the run's fifths`;
  };
  const verdict = (ratio, target, name) =>
    // Three decimals: a ratio printed as the target itself may be just above it.
    `${ratio.toFixed(3)} (target <= ${target}: ${ratio <= target ? 'met' : 'NOT met'}${fifths(name)})`;
  console.log(`typed client by path / plain fetch = ${verdict(typed / base, 1.1, names[2])}`);
  console.log(`facade / plain fetch = ${verdict(facade / base, 1.05, names[3])}`);
  console.log(
    `the guarantees alone (a') / plain fetch = ${(guarded / base).toFixed(2)}; against (a'): ` +
      `typed client ${(typed / guarded).toFixed(2)}, facade ${(facade / guarded).toFixed(2)}`,
  );
  console.log(
    `axios (incumbent) / plain fetch = ${(incumbent / base).toFixed(2)}; ` +
      `facade ${facade < incumbent ? 'faster' : 'slower'} than the incumbent (${(incumbent / facade).toFixed(2)}x)`,
  );
}
