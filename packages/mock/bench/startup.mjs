// One cold start: the time from the first line of this module to a listening mock. With the
// argument `runtime-compile`, the mock is given the spec explicitly, which makes it ignore the
// validators precompiled at build time and compile them all at start (for comparison).
const started = performance.now();
const runtimeCompile = process.argv[2] === 'runtime-compile';
const { startMockServer } = await import('../dist/index.js');
const spec = runtimeCompile ? (await import('../dist/bundled.js')).bundledSpec : undefined;
const imported = performance.now();
const server = await startMockServer({ port: 0, spec });
const ready = performance.now();
const compiledAtStart = server.engine.validator.compiled.length;
await server.close();
process.stdout.write(
  `${JSON.stringify({ importMs: imported - started, startMs: ready - imported, totalMs: ready - started, bootMs: started, compiledAtStart })}\n`,
);
