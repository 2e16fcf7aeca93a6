import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import * as meta from '../src/meta.js';
import * as node from '../src/node.js';

// The values each public entry exports (its types are checked by public-types.test.ts and by the
// consumer project). A name added or removed here is a change of the published API.
describe('public entries', () => {
  it('main: the client, its errors, helpers, token providers and regions; not the client as data', () => {
    expect(Object.keys(main).sort()).toEqual(
      [
        'AuthenticationError',
        'BadRequestError',
        'ConflictError',
        'DatabaseApiError',
        'DatabaseClientError',
        'NetworkError',
        'NotFoundError',
        'PaymentRequiredError',
        'PermissionError',
        'RateLimitError',
        'RedirectError',
        'ServerError',
        'TimeoutError',
        'ValidationError',
        'WaitFailedError',
        'addonTokenProvider',
        'clientVersion',
        'createDatabaseApiClient',
        'defaultHostKind',
        'downloadBackup',
        'hosts',
        'paginate',
        'regions',
        'resolveRegion',
        'specVersion',
        'userTokenProvider',
        'waitForBackup',
        'waitForOperation',
      ].sort(),
    );
  });

  it('meta: the operation table and the facade names, the ones the client is built on', async () => {
    expect(Object.keys(meta).sort()).toEqual(['facade', 'facadeMethods', 'operations']);
    const { facade, operations } = await import('../src/generated/operations.js');
    expect(meta.operations).toBe(operations);
    expect(meta.facade).toBe(facade);
  });

  it('node: the file download only', () => {
    expect(Object.keys(node)).toEqual(['downloadBackup']);
    expect(node.downloadBackup).not.toBe(main.downloadBackup);
  });
});
