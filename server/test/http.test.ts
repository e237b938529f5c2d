import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

describe.each(testDialects())('HTTP edges on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('reports database reachability at /api/health without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { dialect, reachable: true } });
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/khong-co' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('answers an invalid JSON body with INVALID_JSON and changes nothing', async () => {
    const s = await t.login('admin', ADMIN_PASSWORD);
    const before = (await t.db.selectFrom('unit').select('id').execute()).length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      payload: '{"code": "X1", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_JSON');
    expect((await t.db.selectFrom('unit').select('id').execute()).length).toBe(before);
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/units', '/api/users/{id}']),
    );
  });

  it('requires a session for API routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toContain('đăng nhập');
  });

  it('rejects a malformed id before touching the database', async () => {
    const s = await t.login('admin', ADMIN_PASSWORD);
    const res = await t.as(s).get('/api/units/not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_ERROR');
  });
});

describe('HTTP limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { LOGIN_RATE_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('rate-limits sign-in attempts per IP with a JSON 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push(
        (await t.as(null).post('/api/auth/login', { username: `x${i}`, password: 'sai-mat-khau-1' }))
          .statusCode,
      );
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    const res = await t.as(null).post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(res.json().error.code).toBe('RATE_LIMITED');
  });

  it('refuses a body over 1 MiB with PAYLOAD_TOO_LARGE', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ filler: 'x'.repeat(1_100_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
