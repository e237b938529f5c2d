import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockMinutesAfter } from '../src/modules/auth/providers/local.provider';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

describe('lockMinutesAfter (back-off)', () => {
  const policy = { maxFailures: 5, lockMinutes: 15, ratePerMinute: 30 };
  it.each([
    [1, 0],
    [4, 0],
    [5, 15],
    [6, 0],
    [10, 30],
    [15, 60],
    [100, 1440],
  ])('%i failures → %i minutes', (failures, minutes) => {
    expect(lockMinutesAfter(failures, policy)).toBe(minutes);
  });
});

describe.each(testDialects())('auth on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '10' });
  });
  afterAll(() => t.close());

  it('signs in with an HttpOnly, SameSite session cookie and returns permissions', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ADMIN ', password: ADMIN_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cchc_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.permissions).toContain('user.create');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `cchc_session=${cookie!.value}` },
    });
    expect(me.json().user.username).toBe('admin');
  });

  it('answers a wrong password and an unknown user with the same generic message', async () => {
    const u = await t.userWithRole('VIEWER');
    const wrong = await t
      .as(null)
      .post('/api/auth/login', { username: u.username, password: 'sai-mat-khau-1' });
    const unknown = await t
      .as(null)
      .post('/api/auth/login', { username: 'khong-ton-tai', password: 'sai-mat-khau-1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(wrong.cookies.find((c) => c.name === 'cchc_session')).toBeUndefined();
    const creds = await t.db
      .selectFrom('app_user')
      .select('failedLoginCount')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(creds.failedLoginCount).toBe(1);
  });

  it('locks the account after repeated failures without telling it apart from a wrong password or an unknown user', async () => {
    const u = await t.userWithRole('VIEWER');
    const unknown = await t
      .as(null)
      .post('/api/auth/login', { username: 'khong-ton-tai-2', password: 'sai-mat-khau-1' });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await t.as(null).post('/api/auth/login', { username: u.username, password: 'sai-mat-khau-1' }),
      );
    }
    // Locked now: even the right password is refused, with the very same answer.
    const right = await t.as(null).post('/api/auth/login', { username: u.username, password: u.password });
    const expected = {
      status: 401,
      code: 'INVALID_CREDENTIALS',
      message:
        'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khoá do nhập sai nhiều lần. Thử lại sau ít phút.',
      keys: ['code', 'message', 'requestId'],
    };
    const outside = (res: typeof right) => ({
      status: res.statusCode,
      code: res.json().error.code,
      message: res.json().error.message,
      keys: Object.keys(res.json().error).sort(),
    });
    for (const res of [unknown, ...answers, right]) {
      expect(outside(res)).toEqual(expected);
      expect(res.cookies.find((c) => c.name === 'cchc_session')).toBeUndefined();
    }
    // Nothing changed by the refused right password: still 3 failures, still locked.
    const locked = await t.db
      .selectFrom('app_user')
      .select(['failedLoginCount', 'lockedUntil'])
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(locked.failedLoginCount).toBe(3);
    expect(locked.lockedUntil).not.toBeNull();
    // The real reasons are in the audit log.
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'data'])
      .where('entityId', '=', u.id)
      .execute();
    const reasons = audit
      .filter((a) => a.action === 'auth.loginFailed' || a.action === 'auth.locked')
      .map((a) => `${a.action}:${(JSON.parse(a.data) as { reason?: string }).reason}`)
      .sort();
    expect(reasons).toEqual([
      'auth.locked:wrong-password',
      'auth.loginFailed:locked',
      'auth.loginFailed:wrong-password',
      'auth.loginFailed:wrong-password',
    ]);
    t.clock.advance(11 * 60_000);
    const after = await t.as(null).post('/api/auth/login', { username: u.username, password: u.password });
    expect(after.statusCode).toBe(200);
    const row = await t.db
      .selectFrom('app_user')
      .select(['failedLoginCount', 'lockedUntil'])
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failedLoginCount: 0, lockedUntil: null });
  });

  it('rejects a forged, an expired and a signed-out session cookie', async () => {
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: 'cchc_session=forged-token-value' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('UNAUTHENTICATED');

    const s = await t.login('admin', ADMIN_PASSWORD);
    expect((await t.as(s).get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(121 * 60_000); // default idle timeout is 120 minutes
    expect((await t.as(s).get('/api/auth/me')).statusCode).toBe(401);

    const s2 = await t.login('admin', ADMIN_PASSWORD);
    expect((await t.as(s2).post('/api/auth/logout')).statusCode).toBe(200);
    expect((await t.as(s2).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF token and changes nothing', async () => {
    const s = await t.login('admin', ADMIN_PASSWORD);
    const before = await t.db.selectFrom('unit').select('id').execute();
    for (const token of [undefined, 'wrong-token']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/units',
        headers: { cookie: s.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
        payload: { code: 'CSRF1', name: 'Đơn vị thử', kind: 'VU' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CSRF_INVALID');
    }
    expect(await t.db.selectFrom('unit').select('id').execute()).toHaveLength(before.length);
  });

  it('changes the password: checks the current one and the policy, signs out other sessions', async () => {
    const u = await t.userWithRole('VIEWER');
    const other = await t.login(u.username, u.password);
    const wrong = await t
      .as(u.session)
      .post('/api/auth/password', { currentPassword: 'khong-dung-123', newPassword: 'moi-2024-abcdef' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const weak = await t
      .as(u.session)
      .post('/api/auth/password', { currentPassword: u.password, newPassword: 'ngan' });
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const ok = await t
      .as(u.session)
      .post('/api/auth/password', { currentPassword: u.password, newPassword: 'moi-2024-abcdef' });
    expect(ok.statusCode).toBe(200);
    expect((await t.as(u.session).get('/api/auth/me')).statusCode).toBe(200);
    expect((await t.as(other).get('/api/auth/me')).statusCode).toBe(401);
    await expect(t.login(u.username, u.password)).rejects.toThrow(/401/);
    await t.login(u.username, 'moi-2024-abcdef');
  });

  it('stores argon2id hashes, never the password', async () => {
    const u = await t.userWithRole('VIEWER');
    const row = await t.db
      .selectFrom('app_user')
      .select('passwordHash')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(u.password);
  });
});

describe.each(testDialects())('sign-out on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('needs the CSRF token to end a live session, but clears a dead cookie without one', async () => {
    const s = await t.login('admin', ADMIN_PASSWORD);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(forged.statusCode).toBe(403);
    expect((await t.as(s).get('/api/auth/me')).statusCode).toBe(200);
    const dead = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: 'cchc_session=het-han' },
    });
    expect(dead.statusCode).toBe(200);
    expect(dead.cookies.find((c) => c.name === 'cchc_session')?.value).toBe('');
  });

  it('lets a browser with a stale session cookie sign in again', async () => {
    const s = await t.login('admin', ADMIN_PASSWORD);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: s.cookie },
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
  });
});
