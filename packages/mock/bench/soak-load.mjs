// The soak's load, in its own process: workers send a mix of reads, writes (each create undone
// by a delete, so that the state does not grow) and refused requests to the mock for the given
// seconds, then print their figures as one JSON line. An error is a network failure or any status
// other than the one expected.
const [url, addonId, token, seconds, workers] = process.argv.slice(2);
const db = `${url}/databases/${addonId}`;
const auth = { authorization: `Bearer ${token}` };
const json = { ...auth, 'content-type': 'application/json' };
let serial = 0;

/** Each step: a name, the request, the status expected. */
const mix = [
  [4, () => ['getDatabase', 'GET', db, undefined, auth, 200]],
  [2, () => ['headDatabase', 'HEAD', db, undefined, auth, 200]],
  [2, () => ['listBackups', 'GET', `${db}/backups`, undefined, auth, 200]],
  [2, () => ['longestSeries', 'GET', `${db}/metrics/cpu?since=720`, undefined, auth, 200]],
  [1, () => ['maintenancePage', 'GET', `${db}/maintenance?page=1&per_page=100`, undefined, auth, 200]],
  [
    1,
    () => [
      'updateDatabase',
      'PATCH',
      db,
      JSON.stringify({ database: { periodic_backups_scheduled_at: [serial++ % 24] } }),
      json,
      200,
    ],
  ],
  [1, () => ['tooLongSeries', 'GET', `${db}/metrics/cpu?since=10000000`, undefined, auth, 422]],
  [
    1,
    () => ['notJson', 'POST', `${db}/firewall_rules`, '{}', { ...auth, 'content-type': 'text/plain' }, 415],
  ],
  [1, 'user'],
  [1, 'rule'],
];
const weights = mix.flatMap(([w, step]) => Array(w).fill(step));

const stats = new Map();
const errors = [];
let requests = 0;

async function send(name, method, target, body, headers, expected) {
  const started = performance.now();
  let status;
  try {
    const res = await fetch(target, { method, headers, body });
    status = res.status;
    await res.arrayBuffer();
  } catch (error) {
    status = `network error (${error.cause?.code ?? error.message})`;
  }
  const ms = performance.now() - started;
  requests++;
  const entry = stats.get(name) ?? { count: 0, latencies: [] };
  entry.count++;
  entry.latencies.push(ms);
  stats.set(name, entry);
  if (status !== expected) errors.push(`${name}: ${status}, expected ${expected}`);
  return status;
}

async function worker(w, until) {
  while (performance.now() < until) {
    const step = weights[Math.floor(Math.random() * weights.length)];
    const n = serial++;
    if (step === 'user') {
      const name = `soak-${w}-${n}`;
      await send(
        'createUser',
        'POST',
        `${db}/users`,
        JSON.stringify({ database_user: { name, read_only: true } }),
        json,
        201,
      );
      await send('deleteUser', 'DELETE', `${db}/users/${name}`, undefined, auth, 204);
    } else if (step === 'rule') {
      const cidr = `10.${100 + w}.${n % 256}.0/24`;
      const res = await fetch(`${db}/firewall_rules`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ firewall_rule: { type: 'custom_range', cidr, label: 'soak' } }),
      }).catch((error) => error);
      requests++;
      const created = res instanceof Response && res.status === 201 ? await res.json() : undefined;
      if (!created) errors.push(`createFirewallRule: ${res.status ?? res.message}, expected 201`);
      else
        await send(
          'deleteFirewallRule',
          'DELETE',
          `${db}/firewall_rules/${created.rule.id}`,
          undefined,
          auth,
          204,
        );
    } else {
      await send(...step());
    }
  }
}

const until = performance.now() + Number(seconds) * 1000;
await Promise.all(Array.from({ length: Number(workers) }, (_, w) => worker(w, until)));
const pick = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
const kinds = {};
for (const [name, { count, latencies }] of stats) {
  latencies.sort((a, b) => a - b);
  kinds[name] = { count, p50: pick(latencies, 0.5), p99: pick(latencies, 0.99), max: latencies.at(-1) };
}
process.stdout.write(
  `${JSON.stringify({ requests, errors: errors.length, firstErrors: errors.slice(0, 5), kinds })}\n`,
);
