// What a consumer of the published packages writes: the mock from its package, the client against
// it, the contract's JSON. It prints one JSON line that the consumer test reads.
import {
  clientVersion,
  createDatabaseApiClient,
  NotFoundError,
  ValidationError,
} from '@scalingo-db-api/client';
import { facadeMethods } from '@scalingo-db-api/client/meta';
import { downloadBackup } from '@scalingo-db-api/client/node';
import { startMockServer } from '@scalingo-db-api/mock';
import spec from '@scalingo-db-api/openapi/openapi.json' with { type: 'json' };
import type { components } from '@scalingo-db-api/openapi/types';

const mock = await startMockServer({ port: 0 });
try {
  const [first] = mock.databases();
  if (!first) throw new Error('the mock serves no database');
  const client = createDatabaseApiClient({ baseUrl: mock.url, token: first.token });

  const database = await client.databases.get(first.addonId);
  const backups = await client.backups.list(first.addonId);
  const refused = await client.users
    .create(first.addonId, { name: 'x', read_only: true })
    .then(() => 'accepted')
    .catch((error: unknown) => (error instanceof ValidationError ? Object.keys(error.fieldErrors) : error));
  const missing = await client.databases
    .get('ad-00000000-0000-4000-8000-000000000000')
    .then(() => 'found')
    .catch((error: unknown) => (error instanceof NotFoundError ? error.resource : error));

  console.log(
    JSON.stringify({
      node: process.version,
      clientVersion,
      specVersion: spec.info.version,
      paths: Object.keys(spec.paths).length,
      // The contract's types-only entry and the client's copy of it describe the same resource.
      typeName: database.type_name satisfies components['schemas']['Database']['type_name'],
      backups: backups.length,
      refused,
      missing,
      nodeEntry: typeof downloadBackup,
      metaEntry: facadeMethods.getDatabase,
    }),
  );
} finally {
  await mock.close();
}
