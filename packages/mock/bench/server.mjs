// The mock under load, in its own process: prints its URL and a token, then serves until killed.
import { startMockServer } from '../dist/index.js';

const validateResponses = process.argv[2] !== 'no-response-validation';
const server = await startMockServer({ port: 0, validateResponses });
const [db] = server.databases();
process.stdout.write(`${JSON.stringify({ url: server.url, addonId: db.addonId, token: db.token })}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
// Started with an IPC channel (the soak), it reports its memory on request, after a collection
// when --expose-gc allows one.
process.on('message', (message) => {
  if (message !== 'memory') return;
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed });
});
