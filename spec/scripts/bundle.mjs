// Bundles spec/openapi.yaml and the files it references into dist/openapi.json and
// dist/openapi.yaml. Same input, byte-identical output: the YAML is written from the JSON.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
const jsonPath = join(dist, 'openapi.json');
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'bundle', 'openapi.yaml', '--output', jsonPath],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, REDOCLY_TELEMETRY: 'off' } },
  );
} catch {
  console.error('bundle: redocly could not bundle spec/openapi.yaml (see above)');
  process.exit(1);
}
const doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
writeFileSync(jsonPath, `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(join(dist, 'openapi.yaml'), stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }));
console.log(`bundle: ${Object.keys(doc.paths).length} paths -> dist/openapi.json, dist/openapi.yaml`);
