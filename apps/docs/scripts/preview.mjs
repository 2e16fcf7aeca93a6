// Serves the built site (dist/) on 127.0.0.1 and prints its URL.
//   pnpm --filter @scalingo-db-api/docs preview [-- --port 4173]   (or: node scripts/preview.mjs --port 4173)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startStaticServer } from './lib/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
// `pnpm preview -- --port N` hands the script a leading `--`, which parseArgs would read as the
// end of the options: drop it, and answer a bad argument with one line instead of a stack trace.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();
let values;
try {
  ({ values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: process.env.PORT ?? '4173' } },
  }));
} catch (error) {
  console.error(`preview: ${error instanceof Error ? error.message : error}; usage: preview [--port N]`);
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`preview: --port must be an integer from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}
if (!existsSync(join(root, 'index.html'))) {
  console.error('preview: dist/index.html is missing; run "pnpm --filter @scalingo-db-api/docs build" first');
  process.exit(1);
}
try {
  const { url } = await startStaticServer({ root, port });
  console.log(`Docs preview: ${url} (Ctrl+C to stop)`);
} catch (error) {
  console.error(
    `preview: cannot listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
