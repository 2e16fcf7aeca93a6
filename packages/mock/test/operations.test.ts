import { describe, expect, it } from 'vitest';
import { useMock } from './helpers.js';
import { validRequest } from './valid-requests.js';

const { server, client } = useMock();

describe('every operation of the spec', () => {
  it('has a handler of its own (none falls back to an example)', () => {
    const missing = server()
      .model.operations.map((op) => op.operationId)
      .filter((id) => !(id in server().engine.handlers));
    expect(missing).toEqual([]);
    expect(server().model.operations).toHaveLength(45);
  });

  it('answers a client written from the reference with its documented success status', async () => {
    const outcomes: string[] = [];
    for (const op of server().model.operations) {
      server().reset();
      server().advanceBackups(); // the seed's running backup would answer 409 to a new one
      const request = validRequest(op);
      const res = await client().call(request.method, request.path, {
        body: request.body,
        token: server().tokenFor(request.addonId),
      });
      const declared = op.responses.filter((r) => /^2/.test(r.key)).map((r) => Number(r.key));
      outcomes.push(
        `${op.operationId} ${declared.includes(res.status) ? 'ok' : `${res.status} ${res.text.slice(0, 200)}`}`,
      );
    }
    expect(outcomes.filter((o) => !o.endsWith(' ok'))).toEqual([]);
  });
});
