// The mock under load, in its own process: prints its URL and a token, then serves until killed.
// `plain-http` serves instead the mock's answer as a fixed body from a bare node:http server:
// the ceiling that any Node server doing real work stays under, for the ratio.
import { createServer } from 'node:http';
import { startMockServer } from '../dist/index.js';

const mode = process.argv[2];
const validateResponses = mode !== 'no-response-validation';
const server = await startMockServer({ port: 0, validateResponses });
const [db] = server.databases();
if (mode === 'plain-http') {
  const answer = await fetch(`${server.url}/databases/${db.addonId}`, {
    headers: { authorization: `Bearer ${db.token}` },
  });
  const body = await answer.text();
  await server.close();
  const plain = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  plain.listen(0, '127.0.0.1', () => {
    const url = `http://127.0.0.1:${plain.address().port}/api`;
    process.stdout.write(`${JSON.stringify({ url, addonId: db.addonId, token: db.token })}\n`);
  });
  process.on('SIGTERM', () => plain.close(() => process.exit(0)));
} else {
  process.stdout.write(`${JSON.stringify({ url: server.url, addonId: db.addonId, token: db.token })}\n`);
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
}
// Started with an IPC channel (the soak), it reports its memory on request, after a collection
// when --expose-gc allows one.
process.on('message', (message) => {
  if (message !== 'memory') return;
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed });
});
