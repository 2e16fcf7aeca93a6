// Runs the built mock in this process for the attack suite and answers its questions over IPC:
// a fingerprint of the state (to prove a 4xx changed nothing) and the memory in use.
import { createHash } from 'node:crypto';
import { startMockServer } from '../../dist/index.js';

const { failing, ...options } = JSON.parse(process.argv[2] ?? '{}');
const server = await startMockServer({
  ...options,
  // Time moves only with requests: the state changes only when an answer says so.
  timings: 'manual',
  log: (line) => process.send({ type: 'log', line }),
});
// A handler that throws, to see the 500 it causes logged.
if (failing)
  server.engine.handlers[failing] = () => {
    throw new Error('injected failure');
  };

process.on('message', (message) => {
  if (message.type === 'state') {
    const text = JSON.stringify(server.snapshot());
    process.send({ type: 'state', id: message.id, value: createHash('sha256').update(text).digest('hex') });
  } else if (message.type === 'memory') {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send({ type: 'memory', id: message.id, value: { rss, heapUsed } });
  }
});
process.send({ type: 'ready', url: server.url, publicUrl: server.publicUrl, databases: server.databases() });
