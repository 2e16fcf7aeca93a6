#!/usr/bin/env node
// scalingo-db-api-verify: checks the Database API against its contract (see cli-run.ts).
import { runCli, terminalAsk } from './cli-run.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ask: terminalAsk(),
});
process.exitCode = code;
