// Database users: passwords, protected users, read-only flags.
import { FieldError, type HandlerContext, HttpError } from '../engine.js';
import type { JsonObject } from '../openapi.js';
import type { DatabaseState, DatabaseUser } from '../state.js';
import { conflict, type Handlers, pick, type ScalingoContext } from './context.js';

export function userHandlers(c: ScalingoContext) {
  const { store, db } = c;
  const publicUser = (state: DatabaseState, user: DatabaseUser): DatabaseUser => {
    const { password: _password, ...rest } = user;
    void state;
    return rest;
  };

  const findUser = (state: DatabaseState, ctx: HandlerContext): DatabaseUser => {
    const user = pick(state.users, (u) => u.name === ctx.params.username, 'user');
    return user;
  };

  const checkPasswords = (body: { password?: string | null; password_confirmation?: string | null }) => {
    if (body.password != null && body.password !== body.password_confirmation) {
      throw new FieldError({ password_confirmation: ['does not match password'] });
    }
  };

  const checkDatabaseIdField = (state: DatabaseState, value: unknown) => {
    if (value !== undefined && value !== state.addonId && value !== state.database.id) {
      throw new FieldError({ database_id: ['does not match the database of the path'] });
    }
  };

  return {
    listDatabaseUsers: (ctx) => {
      const state = db(ctx);
      return state.users.map((u) => publicUser(state, u));
    },
    createDatabaseUser: (ctx) => {
      const state = db(ctx);
      const body = ctx.body as {
        database_id?: string;
        name: string;
        read_only?: boolean;
        password?: string | null;
        password_confirmation?: string | null;
      };
      checkDatabaseIdField(state, body.database_id);
      checkPasswords(body);
      if (state.users.some((u) => u.name === body.name)) throw conflict(`user ${body.name} already exists`);
      // `read_only` may be left out (JS client): the mock then creates a read-write user.
      const user: DatabaseUser = { name: body.name, read_only: body.read_only ?? false, protected: false };
      if (state.database.type_name === 'postgresql') {
        user.dbms_attributes = { password_encryption: 'SCRAM-SHA-256', anonymizer_enabled: false };
      }
      state.users.push(user);
      return { ...user, password: body.password ?? store.newPassword() };
    },
    updateDatabaseUser: (ctx) => {
      const state = db(ctx);
      const user = findUser(state, ctx);
      const body = ctx.body as JsonObject;
      checkDatabaseIdField(state, body.database_id);
      if (user.protected) {
        throw new HttpError(403, {
          error: `user ${user.name} is protected: its password cannot be changed`,
          code: 'protected_user',
        });
      }
      checkPasswords(body as { password?: string; password_confirmation?: string });
      return publicUser(state, user);
    },
    deleteDatabaseUser: (ctx) => {
      const state = db(ctx);
      const user = findUser(state, ctx);
      if (user.protected) {
        throw new HttpError(403, {
          error: `user ${user.name} is protected and cannot be deleted`,
          code: 'protected_user',
        });
      }
      state.users.splice(state.users.indexOf(user), 1);
      return undefined;
    },
    resetDatabaseUserPassword: (ctx) => {
      const state = db(ctx);
      const user = findUser(state, ctx);
      if (user.protected) {
        throw new HttpError(403, {
          error: `user ${user.name} is protected: its password cannot be reset`,
          code: 'protected_user',
        });
      }
      return { ...publicUser(state, user), password: store.newPassword() };
    },
  } satisfies Handlers;
}
