// Reads an answer's body with a ceiling, so that a server (or a proxy target) that streams
// without end cannot make the verifier allocate without bound. No answer of this API is
// anywhere near the default: the largest, a page of logs or a metrics series, is a few
// hundred kilobytes; backup archives are not downloaded, only their URLs read.

/** The largest answer body read by default, in bytes (16 MiB). */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export class AnswerTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes, the most the verifier reads`);
    this.name = 'AnswerTooLargeError';
  }
}

/** Checks a `maxAnswerBytes` option: a whole number of bytes from 1. */
export function answerLimit(value: number | undefined): number {
  const limit = value ?? DEFAULT_MAX_ANSWER_BYTES;
  if (!(Number.isSafeInteger(limit) && limit >= 1)) {
    throw new TypeError(`the largest answer must be a whole number of bytes from 1 (got ${value})`);
  }
  return limit;
}

/**
 * The body of `response`, read chunk by chunk; stops reading (and cancels the stream) as soon as
 * it passes `limit` bytes, and throws AnswerTooLargeError.
 */
export async function readBounded(response: Response, limit: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new AnswerTooLargeError(limit);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new AnswerTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
