// Builds spec/dist/openapi.json before the tests when it is missing or older than any input
// of the bundle (sources, lint rules, config, bundle script).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundle } from './support/redocly.js';
import { bundlePath, filesUnder, specDir } from './support/spec.js';

function newestInput(): number {
  const inputs = [
    'openapi.yaml',
    'redocly.yaml',
    'scripts/bundle.mjs',
    ...filesUnder('paths'),
    ...filesUnder('components'),
    ...filesUnder('rules'),
    ...filesUnder('model'),
  ];
  return Math.max(...inputs.map((file) => statSync(join(specDir, file)).mtimeMs));
}

export default async function setup(): Promise<void> {
  const outputs = [bundlePath, join(specDir, 'dist', 'openapi.yaml')];
  const fresh = outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= newestInput());
  if (fresh) return;
  const run = await bundle();
  if (run.status !== 0) throw new Error(`spec tests: the bundle could not be built:\n${run.output}`);
}
