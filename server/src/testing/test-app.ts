import type { Role } from '@cchc/domain/access/roles';
import type { SessionInfo } from '@cchc/domain/api/auth';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import type { Database, Dialect } from '../db/database';
import { usersRepo } from '../modules/users/users.repo';
import { fixedClock } from '../platform/clock';
import { createFirstAdmin } from '../seed/demo';
import { createTestDb, type TestDb } from './test-db';

export const ADMIN_PASSWORD = 'quantri-2024-abc';

export interface Session {
  cookie: string;
  csrf: string;
  info: SessionInfo;
}

export interface TestAppOptions {
  /** Capture the app's log lines (JSON) here instead of discarding them. */
  logStream?: NodeJS.WritableStream;
  /** Serve the web app from `<repoRoot>/web/dist` (with SERVE_WEB=true): a fixture or the real build. */
  repoRoot?: string;
  /** The handle the app runs on, made from the test database (query-count.test.ts adds a counter). */
  appDb?: (db: Database) => Database;
}

/** A running app (in-process, no port) on a fresh database, with an admin account and helpers. */
export async function createTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: TestAppOptions = {},
) {
  const testDb: TestDb = await createTestDb(dialect);
  const clock = fixedClock(new Date('2024-12-10T02:00:00.000Z'));
  // Export jobs run when a test says so (exportWorker.runDue), never behind its back. Rate limits
  // are high: tests sign in and upload far faster than people; security.test.ts lowers them.
  const loaded = loadConfig({
    SERVE_WEB: 'false',
    LOGIN_RATE_PER_MINUTE: '1000',
    UPLOAD_RATE_PER_MINUTE: '1000',
    EXPORT_WORKER: 'false',
    ...env,
  });
  const config = options.repoRoot ? Object.freeze({ ...loaded, repoRoot: options.repoRoot }) : loaded;
  const app: FastifyInstance = await buildApp({
    config,
    db: options.appDb ? options.appDb(testDb.db) : testDb.db,
    dialect,
    clock,
    logger: options.logStream !== undefined,
    logStream: options.logStream,
  });
  const adminId = await createFirstAdmin(
    testDb.db,
    { username: 'admin', fullName: 'Quản trị', password: ADMIN_PASSWORD },
    clock,
  );

  async function login(username: string, password: string): Promise<Session> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) {
      throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    }
    const cookie = res.cookies.find((c) => c.name === 'cchc_session');
    const info = res.json<SessionInfo>();
    return { cookie: `cchc_session=${cookie!.value}`, csrf: info.csrfToken, info };
  }

  /** Sends a request as `session`, with its CSRF token on writes. */
  function as(session: Session | null) {
    const send = (
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
      url: string,
      payload?: unknown,
    ): Promise<LightMyRequestResponse> =>
      app.inject({
        method,
        url,
        headers: session
          ? { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrf }) }
          : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    return {
      get: (url: string) => send('GET', url),
      post: (url: string, payload?: unknown) => send('POST', url, payload ?? {}),
      patch: (url: string, payload: unknown) => send('PATCH', url, payload),
      put: (url: string, payload: unknown) => send('PUT', url, payload),
      delete: (url: string) => send('DELETE', url),
    };
  }

  /** Creates a user through the API as admin and returns a signed-in session for them. */
  async function userWithRole(
    role: Role,
    unitId: string | null = null,
    username = `u${Math.random().toString(36).slice(2, 10)}`,
  ) {
    const admin = await login('admin', ADMIN_PASSWORD);
    const password = 'matkhau-2024-xyz';
    const res = await as(admin).post('/api/users', {
      username,
      fullName: `Người dùng ${role}`,
      password,
      roles: [{ role, unitId }],
    });
    if (res.statusCode !== 201) {
      throw new Error(`create user failed: ${res.body}`);
    }
    // An administrator-set password must be changed first (PASSWORD_CHANGE_REQUIRED), as a real user would.
    const first = await login(username, password);
    const own = 'rieng-2024-abcdef';
    const changed = await as(first).post('/api/auth/password', {
      currentPassword: password,
      newPassword: own,
    });
    if (changed.statusCode !== 200) {
      throw new Error(`password change failed: ${changed.body}`);
    }
    return {
      id: res.json<{ id: string }>().id,
      username,
      password: own,
      session: await login(username, own),
    };
  }

  return {
    app,
    db: testDb.db,
    dialect,
    clock,
    adminId,
    login,
    as,
    userWithRole,
    users: usersRepo(testDb.db),
    async close() {
      await app.close();
      await testDb.destroy();
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
