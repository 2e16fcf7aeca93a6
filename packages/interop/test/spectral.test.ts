import { expect, it } from 'vitest';
import { bin, bundlePath, run } from '../src/tools.js';

it('Spectral (spectral:oas) finds no problem in the bundle', async () => {
  const started = performance.now();
  const { code, stdout, stderr } = await run(
    [
      bin('@stoplight/spectral-cli', 'spectral'),
      'lint',
      bundlePath,
      '--ruleset',
      'spectral.yaml',
      '--format',
      'json',
      '--quiet',
    ],
    60_000,
  );
  const problems = JSON.parse(stdout || '[]') as { code: string; message: string; path: string[] }[];
  console.log(
    `interop: spectral:oas ${problems.length} problems in ${Math.round(performance.now() - started)} ms`,
  );
  expect(
    problems.map((p) => `${p.code} at ${p.path.join('.')}: ${p.message}`),
    stderr,
  ).toEqual([]);
  expect(code).toBe(0);
});
