// One cold start: the time from the first line of this module to a listening mock, and the
// part of it spent compiling the validators and building the state.
const started = performance.now();
const { startMockServer } = await import('../dist/index.js');
const imported = performance.now();
const server = await startMockServer({ port: 0 });
const ready = performance.now();
await server.close();
process.stdout.write(
  `${JSON.stringify({ importMs: imported - started, startMs: ready - imported, totalMs: ready - started, bootMs: started })}\n`,
);
