import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkContractChangeset } from '../src/changesets.js';

const root = join(import.meta.dirname, '..', '..', '..');

// The check that runs in `pnpm test` (and so in CI) on this repository: the spec of the working
// tree against the last release of @scalingo-db-api/openapi (the newest commit that changed the
// version in spec/package.json). See apps/docs/guides/contract-changes.md.
it('every contract change since the last release has a big enough changeset for @scalingo-db-api/openapi', async () => {
  const check = await checkContractChangeset(root);
  expect(check.ok, check.message).toBe(true);
});
