import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { DEFAULT_ARCHIVE_MAX_BYTES, PRESIGNED_TTL_SECONDS } from '../src/presigned.js';
import { PG, REDIS, useMock } from './helpers.js';

const { server, client } = useMock();

/** A done backup of the PostgreSQL database, made through the API. */
async function doneBackup(): Promise<{ id: string; size: number; downloadUrl: string }> {
  server().advanceBackups(); // the seed's running backup would answer 409 to a new one
  const created = await client().call('POST', `/databases/${PG}/backups`);
  const id: string = created.body.database_backup.id;
  expect((await client().call('GET', `/databases/${PG}/backups/${id}/archive`)).status).toBe(409);
  server().advanceBackups();
  const backup = (await client().call('GET', `/databases/${PG}/backups/${id}`)).body.database_backup;
  expect(backup.status).toBe('done');
  const archive = await client().call('GET', `/databases/${PG}/backups/${id}/archive`);
  expect(archive.status).toBe(200);
  return { id, size: backup.size, downloadUrl: archive.body.download_url };
}

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

describe('pre-signed backup archives', () => {
  it('serves a done backup at its download_url to a plain fetch, on the mock host outside /api', async () => {
    const { downloadUrl } = await doneBackup();
    const url = new URL(downloadUrl);
    expect(url.origin).toBe(new URL(server().url).origin);
    expect(url.pathname).toMatch(/^\/_presigned\/backups\/.+\.tar\.gz$/);
    expect(url.searchParams.get('expires')).toMatch(/^\d+$/);
    expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{32}$/);
    const res = await fetch(downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    await res.arrayBuffer();
  });

  it('sends as many bytes as Content-Length says: the backup size, cut at the cap for a large one', async () => {
    const { size, downloadUrl } = await doneBackup();
    const res = await fetch(downloadUrl);
    const length = Number(res.headers.get('content-length'));
    const body = await res.arrayBuffer();
    expect(body.byteLength).toBe(length);
    expect(length).toBe(Math.min(size, DEFAULT_ARCHIVE_MAX_BYTES));
    // The mock's own backups are 1 to 512 MiB: a header says what was cut.
    expect(res.headers.get('x-mock-backup-size')).toBe(
      size > DEFAULT_ARCHIVE_MAX_BYTES ? String(size) : null,
    );
  });

  it('serves a backup under the cap with exactly its size, and the same bytes every time', async () => {
    const list = await client().as(REDIS).call('GET', `/databases/${REDIS}/backups`);
    const backup = list.body.database_backups.find((b: { status: string }) => b.status === 'done');
    expect(backup.size).toBeLessThan(DEFAULT_ARCHIVE_MAX_BYTES);
    const archive = await client().as(REDIS).call('GET', `/databases/${REDIS}/backups/${backup.id}/archive`);
    const first = await fetch(archive.body.download_url);
    expect(first.headers.get('content-length')).toBe(String(backup.size));
    expect(first.headers.get('x-mock-backup-size')).toBeNull();
    const bytes = await first.arrayBuffer();
    expect(bytes.byteLength).toBe(backup.size);
    const again = await (await fetch(archive.body.download_url)).arrayBuffer();
    expect(sha256(again)).toBe(sha256(bytes));
    expect(new Set(new Uint8Array(bytes.slice(0, 4096))).size).toBeGreaterThan(200);
  });

  it('caps the archive at archiveMaxBytes', async () => {
    const small = await startMockServer({ archiveMaxBytes: 1000 });
    try {
      const headers = { authorization: `Bearer ${small.tokenFor(REDIS)}` };
      const list = await (await fetch(`${small.url}/databases/${REDIS}/backups`, { headers })).json();
      const backup = list.database_backups[0];
      const archive = await (
        await fetch(`${small.url}/databases/${REDIS}/backups/${backup.id}/archive`, { headers })
      ).json();
      const res = await fetch(archive.download_url);
      expect((await res.arrayBuffer()).byteLength).toBe(1000);
      expect(res.headers.get('x-mock-backup-size')).toBe(String(backup.size));
    } finally {
      await small.close();
    }
    await expect(startMockServer({ archiveMaxBytes: -1 })).rejects.toThrow(/archiveMaxBytes/);
  });

  it('answers HEAD with the headers and no body', async () => {
    const { size, downloadUrl } = await doneBackup();
    const res = await fetch(downloadUrl, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(Math.min(size, DEFAULT_ARCHIVE_MAX_BYTES)));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('refuses a request that carries an Authorization header with 400, even with a valid token', async () => {
    const { downloadUrl } = await doneBackup();
    const res = await fetch(downloadUrl, { headers: { authorization: `Bearer ${server().tokenFor(PG)}` } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('authorization_not_allowed');
    expect(body.error).toMatch(/without an Authorization header/);
  });

  it('refuses a wrong signature, a changed expiry, a missing signature and an expired URL with 403', async () => {
    const { downloadUrl } = await doneBackup();
    const wrong = new URL(downloadUrl);
    wrong.searchParams.set('signature', '0'.repeat(32));
    const moved = new URL(downloadUrl);
    moved.searchParams.set('expires', String(Number(moved.searchParams.get('expires')) + 3600));
    const bare = new URL(downloadUrl);
    bare.search = '';
    const codes = [];
    for (const url of [wrong, moved, bare]) {
      const res = await fetch(url);
      expect(res.status).toBe(403);
      codes.push((await res.json()).code);
    }
    expect(codes).toEqual(['signature_mismatch', 'signature_mismatch', 'missing_signature']);

    expect((await fetch(downloadUrl, { method: 'HEAD' })).status).toBe(200);
    server().advanceTime(PRESIGNED_TTL_SECONDS * 1000 + 1000);
    const expired = await fetch(downloadUrl);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({
      code: 'expired',
      error: expect.stringMatching(/expired at/),
    });
  });

  it('signs with a secret of its own: another mock refuses the URL', async () => {
    const { downloadUrl } = await doneBackup();
    const other = await startMockServer();
    try {
      const res = await fetch(
        `${other.url.replace(/\/api$/, '')}${new URL(downloadUrl).pathname}${new URL(downloadUrl).search}`,
      );
      expect(res.status).toBe(403);
      await res.arrayBuffer();
    } finally {
      await other.close();
    }
  });

  it('has no archive for a backup that is not done, even behind a valid signature', async () => {
    // The seed's backup that is still running.
    const state = server().store.databases.get(PG);
    const backup = state?.backups.find((b) => b.status === 'running');
    if (!backup) throw new Error('the seed has no running backup');
    const res = await fetch(server().presigned.backupUrl(server().url, PG, backup));
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/is running/);
  });
});

describe('pre-signed logs', () => {
  it('serves the live logs URL as plain-text lines of the database', async () => {
    const { body } = await client().call('GET', `/databases/${PG}/logs`);
    const url = new URL(body.url);
    expect(url.pathname).toBe(`/_presigned/logs/${PG}`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(30);
    const instances =
      server()
        .store.databases.get(PG)
        ?.database.instances.map((i) => i.id) ?? [];
    for (const line of lines) {
      const [, stamp, instance] = /^(\S+) \[([^\]]+)\] \S/.exec(line) ?? [];
      expect(Number.isNaN(Date.parse(stamp ?? ''))).toBe(false);
      expect(instances).toContain(instance);
    }
    expect((await fetch(url, { headers: { authorization: 'Bearer x' } })).status).toBe(400);
  });

  it('serves each log archive as a gzip file of the size the list gives', async () => {
    const { body } = await client().call('GET', `/databases/${PG}/logs_archives`);
    expect(body.archives.length).toBeGreaterThan(0);
    for (const archive of body.archives) {
      const res = await fetch(archive.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(archive.size);
      expect(Number(res.headers.get('content-length'))).toBe(archive.size);
      const lines = gunzipSync(bytes).toString('utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(48);
      expect(lines[0]?.startsWith(archive.from.slice(0, 10))).toBe(true);
    }
  });
});

describe('paths around the pre-signed routes', () => {
  it('keeps the API 404 for unknown paths outside /api and /_presigned', async () => {
    const res = await fetch(`${server().url.replace(/\/api$/, '')}/nothing`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('no route for /nothing: paths start with /api');
  });

  it('answers 404 for an unknown pre-signed object and 405 for a method other than GET or HEAD', async () => {
    const origin = server().url.replace(/\/api$/, '');
    const unknown = await fetch(`${origin}/_presigned/elsewhere?expires=1&signature=x`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe('no_such_object');
    const { downloadUrl } = await doneBackup();
    const put = await fetch(downloadUrl, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    await put.arrayBuffer();
  });
});
