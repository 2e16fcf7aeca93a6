// @ts-check
// Writes precompressed copies (`.br`, `.gz`) of the site's large text files, which the static
// server sends to browsers that accept them (see static-server.mjs).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text files worth compressing; smaller files gain less than the request headers weigh. */
export const COMPRESSIBLE = ['.html', '.css', '.js', '.mjs', '.json', '.yaml', '.svg', '.txt', '.md'];
export const MIN_BYTES = 1024;

/**
 * Writes `file.br` (Brotli, best quality) and `file.gz` (gzip -9) next to each large text file.
 * @param {string[]} files
 * @returns {{ file: string, bytes: number, br: number, gz: number }[]}
 */
export function precompress(files) {
  return files
    .filter((f) => COMPRESSIBLE.includes(extname(f).toLowerCase()) && statSync(f).size >= MIN_BYTES)
    .map((file) => {
      const data = readFileSync(file);
      const br = brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      });
      const gz = gzipSync(data, { level: 9 });
      writeFileSync(`${file}.br`, br);
      writeFileSync(`${file}.gz`, gz);
      return { file, bytes: data.length, br: br.length, gz: gz.length };
    });
}
