#!/usr/bin/env node
// Second half of `pnpm version-packages`: after `changeset version` has bumped
// spec/package.json, write the same version into `info.version` of spec/openapi.yaml, so that
// the published bundle names the contract version it is. Only that one line changes.
//
//   node packages/contract-review/scripts/sync-spec-version.mjs [--root <repository root>]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const root = values.root ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const manifestFile = join(root, 'spec', 'package.json');
const specFile = join(root, 'spec', 'openapi.yaml');

const fail = (message) => {
  console.error(`version-packages: ${message}`);
  process.exit(1);
};

const version = JSON.parse(readFileSync(manifestFile, 'utf8')).version;
if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/.test(version)) {
  fail(`${manifestFile}: "version" is not a semver version`);
}
const text = readFileSync(specFile, 'utf8');
const lines = text.split('\n');
const info = lines.findIndex((line) => /^info:\s*(#.*)?$/.test(line));
if (info < 0) fail(`${specFile}: no top-level "info:" block`);
let target = -1;
for (let i = info + 1; i < lines.length; i++) {
  const line = lines[i] ?? '';
  if (/^\S/.test(line)) break; // the next top-level key: info has no version line
  // A direct child of info (the first indented key level), not a nested `version:`.
  if (/^ {2}version:/.test(line)) {
    target = i;
    break;
  }
}
if (target < 0) fail(`${specFile}: "info" has no "version:" line (two-space indent) to update`);
const before = lines[target];
lines[target] = `  version: ${version}`;
const next = lines.join('\n');
const parsed = parse(next);
if (String(parsed?.info?.version) !== version) {
  fail(`${specFile}: writing ${version} did not give info.version ${version}; edit it by hand`);
}
if (next !== text) {
  writeFileSync(specFile, next);
  console.log(`version-packages: spec/openapi.yaml ${before.trim()} -> version: ${version}`);
} else {
  console.log(`version-packages: spec/openapi.yaml already says version: ${version}`);
}
