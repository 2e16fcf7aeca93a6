// The client's public types, pinned at compile time (`pnpm typecheck` fails when one drifts):
// the facade takes payloads without their root key and hands answers over unwrapped.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  CallOptions,
  FacadeArgs,
  PageItem,
  RequestOptions,
  RequestPayload,
  ResponseBody,
  Result,
  Schemas,
} from '../src/index.js';

describe('the public types of the client', () => {
  it('take a rooted request body without its root key', () => {
    expectTypeOf<RequestPayload<'createFirewallRule'>>().toEqualTypeOf<Schemas['FirewallRuleCreate']>();
  });

  it('hand a rooted answer over unwrapped, and an unrooted one as sent', () => {
    expectTypeOf<Result<'getDatabase'>>().toEqualTypeOf<Schemas['Database']>();
    expectTypeOf<Result<'getBackupArchiveUrl'>>().toEqualTypeOf<ResponseBody<'getBackupArchiveUrl'>>();
    expectTypeOf<ResponseBody<'getDatabase'>>().toEqualTypeOf<Schemas['DatabaseEnvelope']>();
  });

  it('take no body argument for an operation whose body is always empty', () => {
    expectTypeOf<FacadeArgs<'createBackup'>>().toEqualTypeOf<
      [string, options?: CallOptions<'createBackup'>]
    >();
  });

  it('require the query of an operation with a required query parameter', () => {
    expectTypeOf<CallOptions<'disableDatabaseFeature'>>().toEqualTypeOf<
      RequestOptions & { query: { feature: string } }
    >();
    expectTypeOf<CallOptions<'getDatabase'>>().toEqualTypeOf<RequestOptions>();
  });

  it('give the item type of a paginated list', () => {
    expectTypeOf<PageItem<'listMaintenance'>>().toEqualTypeOf<Schemas['Maintenance']>();
  });

  it('give a text answer as a string', () => {
    expectTypeOf<Result<'getCaCertificate'>>().toEqualTypeOf<string>();
  });
});
