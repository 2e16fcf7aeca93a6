// tsc does not copy hand-placed .d.ts files: put the generated schema types next to the
// compiled code that imports them.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src/generated/schema.d.ts');
const to = join(root, 'dist/generated/schema.d.ts');
mkdirSync(dirname(to), { recursive: true });
copyFileSync(from, to);
