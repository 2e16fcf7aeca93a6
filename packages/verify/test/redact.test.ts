// What the redactor masks: credentials always, what identifies a database unless told not to.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../src/redact.js';

const answer = {
  database: {
    id: 'ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71',
    hostname: 'shop-prod-4242.postgresql.a.osc-fr1.scalingo-dbs.com:30125',
    app_name: 'shop-prod',
    instances_metrics: { 'in-4c7e2a91-0b3d-4f6a': { cpu: 1 } },
  },
  database_user: { name: 'reporting-ro', password: 'c8Hn2QwLr5Tz9VbKx4MpYe7Ja3Sd' },
  download_url: 'https://objects.example/backup.tar.gz?X-Amz-Signature=abc',
  addon: { token: 'db-token-123456' },
};
const text = `got ${JSON.stringify(answer)}; Authorization: Bearer abc.def.ghi; see https://other.example/x`;

describe('Redactor', () => {
  it('masks ids, host names, app names, passwords, URLs and tokens it learnt from an answer', () => {
    const redactor = new Redactor();
    redactor.learn(answer);
    const out = redactor.text(text);
    for (const secret of [
      answer.database.id,
      answer.database.hostname,
      'shop-prod',
      'in-4c7e2a91-0b3d-4f6a',
      answer.database_user.password,
      'X-Amz-Signature',
      'db-token-123456',
      'abc.def.ghi',
      'other.example',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[id]');
    expect(out).toContain('[host]');
    expect(out).toContain('[password]');
    expect(out).toContain('reporting-ro');
  });

  it('with redaction off keeps ids, host names and URLs, never a token or a bearer', () => {
    const redactor = new Redactor(false);
    redactor.learn(answer);
    const out = redactor.text(text);
    expect(out).toContain(answer.database.id);
    expect(out).toContain(answer.database.hostname);
    expect(out).toContain('https://other.example/x');
    expect(out).not.toContain('db-token-123456');
    expect(out).not.toContain('abc.def.ghi');
  });

  it('masks the strings of a report object, keys included, without breaking its shape', () => {
    const redactor = new Redactor();
    redactor.identifier('in-4c7e2a91-0b3d-4f6a');
    expect(
      redactor.value({ unknownProperties: ['/database/instances_metrics/in-4c7e2a91-0b3d-4f6a/gpu'], n: 1 }),
    ).toEqual({
      unknownProperties: ['/database/instances_metrics/[id]/gpu'],
      n: 1,
    });
  });
});
