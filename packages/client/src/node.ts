/// <reference types="node" />
// Helpers for servers (Node.js, and runtimes that provide node:fs). The main entry stays free
// of Node-only imports.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { DatabaseApiClient } from './client.js';
import {
  type DownloadOptions,
  type DownloadResult,
  downloadBackup as downloadToStream,
} from './helpers/download.js';

/**
 * Downloads a backup's archive to a file path (or a `WritableStream`). The archive is written
 * to `<path>.partial` and renamed when complete, so that a failed download leaves no truncated
 * file under the final name. The pre-signed host gets no token.
 */
export async function downloadBackup(
  client: DatabaseApiClient,
  databaseId: string,
  backupId: string,
  destination: string | WritableStream<Uint8Array>,
  options?: DownloadOptions,
): Promise<DownloadResult & { path?: string }> {
  if (typeof destination !== 'string')
    return downloadToStream(client, databaseId, backupId, destination, options);
  if (!destination) throw new TypeError('downloadBackup: the destination path is empty');
  const partial = `${destination}.partial`;
  const file = createWriteStream(partial);
  try {
    const result = await downloadToStream(
      client,
      databaseId,
      backupId,
      Writable.toWeb(file) as WritableStream<Uint8Array>,
      options,
    );
    await rename(partial, destination);
    return { ...result, path: destination };
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
