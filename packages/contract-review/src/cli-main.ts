import { runSpecDiff } from './cli.js';

// `pnpm spec:diff -- --base x` passes the `--` through: drop it.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();
const code = await runSpecDiff(argv, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.exitCode = code;
