import { describe, expect, it } from 'vitest';
import { MYSQL, PG, useMock } from './helpers.js';

const { client } = useMock();
const password = 'c8Hn2QwLr5Tz9VbKx4MpYe7Ja3Sd';

const create = (user: Record<string, unknown>) =>
  client().call('POST', `/databases/${PG}/users`, { body: { database_user: { database_id: PG, ...user } } });

describe('database users', () => {
  it('creates a user with a generated password of at least 24 characters, shown once', async () => {
    const res = await create({ name: 'order-worker', read_only: false });
    expect(res.status).toBe(201);
    expect(res.body.database_user).toMatchObject({
      name: 'order-worker',
      read_only: false,
      protected: false,
    });
    expect(res.body.database_user.password.length).toBeGreaterThanOrEqual(24);
    const list = await client().call('GET', `/databases/${PG}/users`);
    const listed = list.body['database-users'].find((u: { name: string }) => u.name === 'order-worker');
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('password');
  });

  it('keeps a chosen password when its confirmation matches', async () => {
    const res = await create({
      name: 'order-worker',
      read_only: true,
      password,
      password_confirmation: password,
    });
    expect(res.status).toBe(201);
    expect(res.body.database_user.password).toBe(password);
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'a'.repeat(33)],
    ['upper case', 'Reporting'],
    ['leading hyphen', '-reporting'],
    ['trailing hyphen', 'reporting-'],
    ['two hyphens in a row', 'report--ro'],
    ['underscore', 'report_ro'],
  ])('refuses a name that is %s with 422 naming the name', async (_, name) => {
    const res = await create({ name, read_only: false });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['name']);
  });

  it('refuses a password shorter than 24 characters', async () => {
    const res = await create({
      name: 'order-worker',
      read_only: false,
      password: 'short',
      password_confirmation: 'short',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveProperty('password');
  });

  it('refuses a password without its confirmation', async () => {
    const res = await create({ name: 'order-worker', read_only: false, password });
    expect(res.status).toBe(422);
    expect(res.body.errors.password_confirmation).toEqual(['is required when password is given']);
  });

  it('refuses a confirmation that differs from the password', async () => {
    const res = await create({
      name: 'order-worker',
      read_only: false,
      password,
      password_confirmation: `${password.slice(1)}x`,
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ errors: { password_confirmation: ['does not match password'] } });
  });

  it('refuses a database_id that is not the database of the path', async () => {
    const res = await create({ name: 'order-worker', read_only: false, database_id: MYSQL });
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveProperty('database_id');
  });

  it('answers 409 to a duplicate name', async () => {
    expect((await create({ name: 'order-worker', read_only: false })).status).toBe(201);
    const again = await create({ name: 'order-worker', read_only: true });
    expect(again.status).toBe(409);
    expect(again.body.error).toContain('order-worker');
  });

  it('changes a password, without echoing it', async () => {
    const res = await client().call('PATCH', `/databases/${PG}/users/reporting-ro`, {
      body: { database_user: { password, password_confirmation: password } },
    });
    expect(res.status).toBe(200);
    expect(res.body.database_user).not.toHaveProperty('password');
  });

  it('resets a password and answers the new one', async () => {
    const a = await client().call('POST', `/databases/${PG}/users/reporting-ro/reset_password`);
    const b = await client().call('POST', `/databases/${PG}/users/reporting-ro/reset_password`);
    expect(a.status).toBe(200);
    expect(a.body.database_user.password).not.toBe(b.body.database_user.password);
  });

  it('deletes a user, which then answers 404', async () => {
    expect((await client().call('DELETE', `/databases/${PG}/users/reporting-ro`)).status).toBe(204);
    const again = await client().call('DELETE', `/databases/${PG}/users/reporting-ro`);
    expect(again.status).toBe(404);
    expect(again.body.resource).toBe('user');
  });

  it('never deletes, updates or resets the protected default user', async () => {
    const protectedUser = 'shop_prod_4242';
    const del = await client().call('DELETE', `/databases/${PG}/users/${protectedUser}`);
    expect(del.status).toBe(403);
    expect(del.body.code).toBe('protected_user');
    const update = await client().call('PATCH', `/databases/${PG}/users/${protectedUser}`, {
      body: { database_user: { password, password_confirmation: password } },
    });
    expect(update.status).toBe(403);
    expect(
      (await client().call('POST', `/databases/${PG}/users/${protectedUser}/reset_password`)).status,
    ).toBe(403);
    const list = await client().call('GET', `/databases/${PG}/users`);
    expect(list.body['database-users'].map((u: { name: string }) => u.name)).toContain(protectedUser);
  });

  it('gives every seeded database its protected default user', async () => {
    const res = await client().as(MYSQL).call('GET', `/databases/${MYSQL}/users`);
    expect(res.body['database-users']).toContainEqual({
      name: 'blog_stag_1717',
      read_only: false,
      protected: true,
    });
  });
});
