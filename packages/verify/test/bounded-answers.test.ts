// An answer without end (a broken or hostile server, or proxy target) is read up to a ceiling,
// then dropped with an error naming the limit: the verifier never allocates without bound.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ANSWER_BYTES } from '../src/bounded.js';
import { Gentle } from '../src/gentle.js';
import { startProxy } from '../src/proxy.js';
import { Redactor } from '../src/redact.js';
import { fakeClock, PG } from './helpers.js';

/** A fetch whose answer streams 64 KiB chunks forever; `pulls` counts the chunks handed out. */
function endless(headers: Record<string, string> = {}) {
  const state = { pulls: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          state.pulls += 1;
          controller.enqueue(chunk);
        },
        cancel() {
          state.cancelled = true;
        },
      }),
      { status: 200, headers: { 'content-type': 'application/json', ...headers } },
    );
  return { fetch, state };
}

describe('answers read with a ceiling', () => {
  it('is 16 MiB by default', () => {
    expect(DEFAULT_MAX_ANSWER_BYTES).toBe(16 * 1024 * 1024);
  });

  it('stops reading an endless answer past the limit, cancels it and counts a failed request', async () => {
    const { fetch, state } = endless();
    const gentle = new Gentle({ clock: fakeClock(), fetch, maxAnswerBytes: 256 * 1024 });
    await expect(gentle.send('http://127.0.0.1:9/x', {})).rejects.toThrow(
      'the answer is larger than 262144 bytes, the most the verifier reads',
    );
    expect(state.pulls).toBeLessThanOrEqual(6); // 5 chunks pass the limit; the stream may pre-pull one
    expect(state.cancelled).toBe(true);
    expect(gentle.failures).toBe(1);
  });

  it('refuses at once an answer whose Content-Length is over the limit', async () => {
    const { fetch, state } = endless({ 'content-length': String(1024 * 1024) });
    const gentle = new Gentle({ clock: fakeClock(), fetch, maxAnswerBytes: 1024 });
    await expect(gentle.send('http://127.0.0.1:9/x', {})).rejects.toThrow('larger than 1024 bytes');
    expect(state.pulls).toBeLessThanOrEqual(1);
  });

  it('refuses a limit that is not a whole number of bytes from 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new Gentle({ maxAnswerBytes: bad })).toThrow(/whole number of bytes from 1/);
    }
  });

  it('makes the proxy answer 502 naming the limit, and report it', async () => {
    const { fetch, state } = endless();
    const proxy = await startProxy({
      target: 'http://127.0.0.1:9/api',
      redactor: new Redactor(),
      fetch,
      maxAnswerBytes: 128 * 1024,
    });
    try {
      const res = await globalThis.fetch(`${proxy.url}/databases/${PG}`);
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({
        error: 'the answer is larger than 131072 bytes, the most the verifier reads',
      });
      expect(state.cancelled).toBe(true);
      expect(proxy.result.problems).toEqual([
        'getDatabase /databases/{database_id}: the answer is larger than 131072 bytes, the most the verifier reads',
      ]);
    } finally {
      await proxy.close();
    }
  });
});
