#!/usr/bin/env node
// scalingo-db-api-verify: checks the Database API against its contract (see cli-run.ts).
import { runCli, terminalAsk } from './cli-run.js';

// Run as a package script (`pnpm verify` from a clone), report paths are the caller's, not the root's.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ask: terminalAsk(),
});
process.exitCode = code;
