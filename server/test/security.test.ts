/**
 * Web security guarantees of issue 8 (docs/security.md lists each one and points here): headers
 * and CSP, CSRF, upload rate limits per user, session rotation, idle and absolute timeouts,
 * password policy, and no secrets in the logs. SQLite and PostgreSQL, like every server test.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PASSWORD_PROBLEM_MESSAGES } from '@cchc/domain/validation';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../src/config';
import { PDF } from '../src/modules/evidence/evidence-fixtures';
import { type CampaignFixture, campaignFixture } from '../src/testing/campaign-fixture';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

const LEAF = '1.1.1';
const UPLOADS_PER_MINUTE = 3;

/** Every upload route of the API: all of them share the per-user upload budget. */
const UPLOAD_ROUTES = [
  'POST /api/appeals/:id/files',
  'POST /api/campaigns/:id/files',
  'POST /api/explanation-requests/:id/files',
  'POST /api/index-sets/import',
  'POST /api/scorecards/:id/evidence',
  'POST /api/scorecards/:id/xlsx',
];

/**
 * The web app the server serves: the real build when there is one (`npm test` builds it first;
 * under CI=true it must be there), otherwise a copy of Vite's template web/index.html — the page
 * the build starts from, which only gains external <script src> and <link> tags.
 */
function webRootForTests(): { root: string; built: boolean; cleanup(): void } {
  if (fs.existsSync(path.join(repoRoot, 'web', 'dist', 'index.html'))) {
    return { root: repoRoot, built: true, cleanup: () => {} };
  }
  if (process.env.CI === 'true') {
    throw new Error('CI=true needs the built web app (web/dist): run `npm run build` first.');
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-web-'));
  const dist = path.join(root, 'web', 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  const template = fs.readFileSync(path.join(repoRoot, 'web', 'index.html'), 'utf8');
  fs.writeFileSync(path.join(dist, 'index.html'), template.replace('/src/main.tsx', '/assets/index.js'));
  fs.writeFileSync(path.join(dist, 'assets', 'index.js'), 'document.title = "Chỉ số CCHC";\n');
  return { root, built: false, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** The <script> tags of a page: attributes and body. */
function scriptsOf(html: string): { attrs: string; body: string }[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].map((m) => ({
    attrs: m[1] ?? '',
    body: m[2] ?? '',
  }));
}

/** No inline script of any kind: every <script> loads a same-origin file, no on…= handlers, no javascript: URLs. */
function expectNoInlineScript(html: string, what: string) {
  const scripts = scriptsOf(html);
  expect(scripts.length, `${what}: the app's entry script`).toBeGreaterThan(0);
  for (const s of scripts) {
    const src = /\bsrc="([^"]+)"/.exec(s.attrs)?.[1];
    expect(src, what).toBeDefined();
    // Same origin: a path, never another host (script-src 'self' would refuse it anyway).
    expect(src, what).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i);
    expect(s.body.trim(), what).toBe('');
  }
  expect(html, what).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(html, what).not.toMatch(/javascript:/i);
}

function cspDirectives(header: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof header).toBe('string');
  const map = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) {
      map.set(name, values);
    }
  }
  return map;
}

/** The headers every answer carries: HTML, static files, API JSON, errors and file downloads. */
function expectSecurityHeaders(res: LightMyRequestResponse, what: string) {
  const h = res.headers;
  const csp = cspDirectives(h['content-security-policy']);
  expect(csp.get('default-src'), what).toEqual(["'self'"]);
  expect(csp.get('script-src'), what).toEqual(["'self'"]);
  expect(csp.get('script-src-attr'), what).toEqual(["'none'"]);
  expect(csp.get('object-src'), what).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(csp.get('base-uri'), what).toEqual(["'self'"]);
  expect(csp.get('form-action'), what).toEqual(["'self'"]);
  expect(csp.get('connect-src'), what).toEqual(["'self'"]);
  expect(csp.get('font-src'), what).toEqual(["'self'", 'data:']);
  for (const [name, values] of csp) {
    expect(values, `${what}: ${name}`).not.toContain("'unsafe-eval'");
    // Ant Design writes its styles at run time: 'unsafe-inline' for styles, never for scripts.
    if (name !== 'style-src') {
      expect(values, `${what}: ${name}`).not.toContain("'unsafe-inline'");
    }
    expect(values, `${what}: ${name}`).not.toContain('*');
  }
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['referrer-policy'], what).toBe('no-referrer');
  expect(h['x-frame-options'], what).toBe('DENY');
  expect(h['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(h['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(h['origin-agent-cluster'], what).toBe('?1');
  expect(h['x-permitted-cross-domain-policies'], what).toBe('none');
  expect(h['x-powered-by'], what).toBeUndefined();
}

/** A multipart body: text fields, then one file. */
function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = `----cchcSecurity${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A small, distinct PDF (distinct files: nothing is deduplicated away). */
let pdfCounter = 0;
function pdf(): Buffer {
  pdfCounter += 1;
  return Buffer.concat([PDF, Buffer.from(`%security-${pdfCounter}\n`)]);
}

describe.each(testDialects())('web security on %s', (dialect) => {
  let t: TestApp;
  let f: CampaignFixture;
  let web: ReturnType<typeof webRootForTests>;
  let dataDir: string;
  const logLines: string[] = [];
  /** Every password, session token and CSRF token this suite handled: none may reach the log. */
  const secrets = new Set<string>([ADMIN_PASSWORD]);

  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });

  /** Signs in and remembers the session's secrets (the log check looks for them). */
  async function login(username: string, password: string): Promise<Session> {
    secrets.add(password);
    const s = await t.login(username, password);
    secrets.add(s.cookie.slice(s.cookie.indexOf('=') + 1));
    secrets.add(s.csrf);
    return s;
  }

  const me = (s: Session) => t.as(s).get('/api/auth/me');

  async function count(table: 'evidence' | 'blob' | 'unit' | 'app_user' | 'campaign_file'): Promise<number> {
    const row = await t.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  function uploadEvidence(session: Session, scorecardId: string, opts: { csrf?: string | null } = {}) {
    const { payload, headers } = multipart(
      { leafCode: LEAF, title: 'Kế hoạch CCHC' },
      { name: 'ke-hoach.pdf', data: pdf() },
    );
    const csrf = opts.csrf === undefined ? session.csrf : opts.csrf;
    return t.app.inject({
      method: 'POST',
      url: `/api/scorecards/${scorecardId}/evidence`,
      headers: { ...headers, cookie: session.cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }) },
      payload,
    });
  }

  beforeAll(async () => {
    web = webRootForTests();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-security-'));
    t = await createTestApp(
      dialect,
      {
        DATA_DIR: dataDir,
        SERVE_WEB: 'true',
        UPLOAD_RATE_PER_MINUTE: String(UPLOADS_PER_MINUTE),
        LOG_LEVEL: 'trace',
      },
      { logStream, repoRoot: web.root },
    );
    f = await campaignFixture(t);
    for (const s of [f.admin, f.office, f.focalA, f.focalB, f.headA]) {
      secrets.add(s.cookie.slice(s.cookie.indexOf('=') + 1));
      secrets.add(s.csrf);
    }
  });
  afterAll(async () => {
    await t.close();
    web.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('headers and Content-Security-Policy', () => {
    it('serves a page with no inline script, from the template and the build alike', async () => {
      expectNoInlineScript(
        fs.readFileSync(path.join(repoRoot, 'web', 'index.html'), 'utf8'),
        'web/index.html',
      );
      for (const url of ['/', '/ket-qua/2024', '/api/docs']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        expectNoInlineScript(
          res.body,
          url === '/api/docs' ? 'API docs' : `${url} (${web.built ? 'web/dist' : 'template copy'})`,
        );
      }
    });

    it('sends the same strict headers on HTML, scripts, API JSON, errors and file downloads', async () => {
      const html = await t.app.inject({ method: 'GET', url: '/' });
      const scriptUrl = /<script\b[^>]*\bsrc="([^"]+)"/.exec(html.body)![1]!;
      const script = await t.app.inject({ method: 'GET', url: scriptUrl });
      expect(script.statusCode).toBe(200);

      // A guidance file, downloaded as an attachment and shown inline.
      const { payload, headers } = multipart(
        { title: 'Hướng dẫn bảo mật' },
        { name: 'huong-dan.pdf', data: pdf() },
      );
      const added = await t.app.inject({
        method: 'POST',
        url: `/api/campaigns/${f.campaignId}/files`,
        headers: { ...headers, cookie: f.office.cookie, 'x-csrf-token': f.office.csrf },
        payload,
      });
      expect(added.statusCode, added.body).toBe(201);
      const fileId = (added.json().files as { id: string; title: string }[]).find(
        (x) => x.title === 'Hướng dẫn bảo mật',
      )!.id;
      const fileUrl = `/api/campaigns/${f.campaignId}/files/${fileId}`;
      const download = await t.as(f.office).get(fileUrl);
      const inline = await t.as(f.office).get(`${fileUrl}?inline=1`);
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(inline.headers['content-disposition']).toMatch(/^inline;/);

      const answers: Record<string, LightMyRequestResponse> = {
        html,
        script,
        'SPA route': await t.app.inject({ method: 'GET', url: '/ket-qua/2024' }),
        'health JSON': await t.app.inject({ method: 'GET', url: '/api/health' }),
        'session JSON': await me(f.admin),
        'write JSON': await t
          .as(f.admin)
          .post('/api/units', { code: 'HDR1', name: 'Đơn vị thử', kind: 'VU' }),
        '401 JSON': await t.app.inject({ method: 'GET', url: '/api/users' }),
        '404 JSON': await t.app.inject({ method: 'GET', url: '/api/khong-co' }),
        'OpenAPI JSON': await t.app.inject({ method: 'GET', url: '/api/docs/json' }),
        'API docs page': await t.app.inject({ method: 'GET', url: '/api/docs' }),
        download,
        'inline download': inline,
      };
      for (const [what, res] of Object.entries(answers)) {
        expect(res.statusCode, what).toBeLessThan(500);
        expectSecurityHeaders(res, what);
        // HSTS only over HTTPS (COOKIE_SECURE=true; see the timeouts suite below).
        expect(res.headers['strict-transport-security'], what).toBeUndefined();
      }
      expect(download.headers['cache-control']).toBe('private, no-store');
    });
  });

  describe('CSRF', () => {
    it("refuses cookie-authenticated writes without the session's token, and changes nothing", async () => {
      const units = await count('unit');
      const unitBefore = (await t.as(f.admin).get(`/api/units/${f.unitA}`)).json();
      const other = await login('admin', ADMIN_PASSWORD);
      const fakeId = '01900000-0000-7000-8000-0000000000ee';
      const writes = [
        { method: 'POST', url: '/api/units', payload: { code: 'CSRF1', name: 'Giả mạo', kind: 'VU' } },
        { method: 'PATCH', url: `/api/units/${f.unitA}`, payload: { name: 'Giả mạo' } },
        { method: 'POST', url: `/api/units/${f.unitA}/deactivate`, payload: {} },
        { method: 'DELETE', url: `/api/scorecards/${f.scorecardA}/evidence/${fakeId}` },
      ] as const;
      // No token, an empty one, a made-up one, another live session's, and the right one altered.
      for (const token of [undefined, '', 'sai-ma-csrf', other.csrf, `${f.admin.csrf}x`]) {
        for (const w of writes) {
          const res = await t.app.inject({
            method: w.method,
            url: w.url,
            headers: { cookie: f.admin.cookie, ...(token === undefined ? {} : { 'x-csrf-token': token }) },
            ...('payload' in w ? { payload: w.payload } : {}),
          });
          expect(res.statusCode, `${w.method} ${w.url} with ${token}`).toBe(403);
          expect(res.json().error.code).toBe('CSRF_INVALID');
        }
      }
      expect(await count('unit')).toBe(units);
      expect((await t.as(f.admin).get(`/api/units/${f.unitA}`)).json()).toEqual(unitBefore);
    });

    it('refuses a cross-site form post (urlencoded, multipart) with the session cookie', async () => {
      const units = await count('unit');
      const formPost = await t.app.inject({
        method: 'POST',
        url: '/api/units',
        headers: { cookie: f.admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'code=CSRF2&name=Gi%E1%BA%A3+m%E1%BA%A1o&kind=VU',
      });
      expect(formPost.statusCode).toBe(403);
      expect(formPost.json().error.code).toBe('CSRF_INVALID');
      expect(await count('unit')).toBe(units);

      const stored = { evidence: await count('evidence'), blobs: await count('blob') };
      const upload = await uploadEvidence(f.headA, f.scorecardA, { csrf: null });
      expect(upload.statusCode).toBe(403);
      expect(upload.json().error.code).toBe('CSRF_INVALID');
      expect({ evidence: await count('evidence'), blobs: await count('blob') }).toEqual(stored);
    });

    it('cannot be used to sign a browser in: sign-in takes JSON only, which a form cannot send', async () => {
      const attempts = [
        {
          'content-type': 'application/x-www-form-urlencoded',
          payload: `username=admin&password=${ADMIN_PASSWORD}`,
        },
        {
          'content-type': 'text/plain',
          payload: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
        },
        { 'content-type': 'multipart/form-data; boundary=x', payload: '--x--\r\n' },
      ];
      for (const a of attempts) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': a['content-type'] },
          payload: a.payload,
        });
        expect(res.statusCode, a['content-type']).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, a['content-type']).toBeLessThan(500);
        expect(
          res.cookies.find((c) => c.name === 'cchc_session'),
          a['content-type'],
        ).toBeUndefined();
      }
    });
  });

  describe('upload rate limit', () => {
    it('covers every upload route', () => {
      expect([...t.app.uploadRoutes].sort()).toEqual(UPLOAD_ROUTES);
    });

    it('limits uploads per signed-in user, not per address: others behind the same IP go on', async () => {
      const before = await count('evidence');
      for (let i = 0; i < UPLOADS_PER_MINUTE; i++) {
        const ok = await uploadEvidence(f.focalA, f.scorecardA);
        expect(ok.statusCode, ok.body).toBe(201);
      }
      const refused = await uploadEvidence(f.focalA, f.scorecardA);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
      expect(refused.json().error.message).toMatch(
        /^Bạn đã tải lên quá nhiều tệp trong thời gian ngắn \(tối đa 3 tệp mỗi phút\)\. Vui lòng thử lại sau \d+ giây\.$/,
      );
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(await count('evidence')).toBe(before + UPLOADS_PER_MINUTE);

      // Same address (every inject comes from 127.0.0.1), other user: a budget of their own. Forged
      // (CSRF-less) and anonymous uploads are refused before the limit and spend nobody's budget.
      for (let i = 0; i < 2; i++) {
        expect((await uploadEvidence(f.focalB, f.scorecardB, { csrf: null })).statusCode).toBe(403);
      }
      const anonymous = multipart({ leafCode: LEAF }, { name: 'a.pdf', data: pdf() });
      const anon = await t.app.inject({
        method: 'POST',
        url: `/api/scorecards/${f.scorecardB}/evidence`,
        headers: anonymous.headers,
        payload: anonymous.payload,
      });
      expect(anon.statusCode).toBe(401);
      for (let i = 0; i < UPLOADS_PER_MINUTE; i++) {
        const ok = await uploadEvidence(f.focalB, f.scorecardB);
        expect(ok.statusCode, ok.body).toBe(201);
      }
      expect((await uploadEvidence(f.focalB, f.scorecardB)).statusCode).toBe(429);

      // The same person in a second session shares their budget.
      const focalAAgain = await login(f.users.focalA.username, f.users.focalA.password);
      expect((await uploadEvidence(focalAAgain, f.scorecardA)).statusCode).toBe(429);
      // Other writes are not uploads: not limited.
      expect((await t.as(f.focalA).post('/api/notifications/read-all')).statusCode).toBe(200);
    });

    it('shares one budget across all upload routes and refuses before reading the body', async () => {
      // focalA spent the budget above. Every upload route answers 429 first, even with made-up ids
      // and an empty body (the limit runs before validation and before the body is read).
      const fakeId = '01900000-0000-7000-8000-0000000000ff';
      for (const route of UPLOAD_ROUTES) {
        const url = route.replace(/^POST /, '').replace(':id', fakeId);
        const { payload, headers } = multipart({}, { name: 'x.xlsx', data: Buffer.from('x') });
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...headers, cookie: f.focalA.cookie, 'x-csrf-token': f.focalA.csrf },
          payload,
        });
        expect(res.statusCode, route).toBe(429);
        expect(res.json().error.code, route).toBe('RATE_LIMITED');
        expect(res.headers.connection, route).toBe('close');
      }
    });

    it('lets the user upload again once the minute has passed', async () => {
      const realNow = Date.now;
      // The limiter's window follows the wall clock (the app clock drives sessions, not this).
      const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow.call(Date) + 61_000);
      try {
        const res = await uploadEvidence(f.focalA, f.scorecardA);
        expect(res.statusCode, res.body).toBe(201);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('session rotation', () => {
    it('issues a new session at sign-in and revokes the one the browser presented', async () => {
      const u = await t.userWithRole('VIEWER');
      const first = await login(u.username, u.password);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: first.cookie },
        payload: { username: u.username, password: u.password },
      });
      expect(res.statusCode).toBe(200);
      const token = res.cookies.find((c) => c.name === 'cchc_session')!.value;
      const next: Session = { cookie: `cchc_session=${token}`, csrf: res.json().csrfToken, info: res.json() };
      secrets.add(token);
      secrets.add(next.csrf);
      expect(next.cookie).not.toBe(first.cookie);
      expect(next.csrf).not.toBe(first.csrf);
      expect((await me(first)).statusCode).toBe(401);
      expect((await me(next)).statusCode).toBe(200);
      // Only the sha256 of a token is stored: the table cannot be replayed.
      const raw = await t.db.selectFrom('session').select('id').where('id', '=', token).execute();
      expect(raw).toEqual([]);

      // A shared computer: someone else signs in over the previous user's cookie.
      const other = await t.userWithRole('VIEWER');
      const switched = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: next.cookie },
        payload: { username: other.username, password: other.password },
      });
      expect(switched.statusCode).toBe(200);
      expect((await me(next)).statusCode).toBe(401);

      // A failed sign-in signs nobody out.
      const live = await login(u.username, u.password);
      const failed = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: live.cookie },
        payload: { username: u.username, password: 'sai-mat-khau-99' },
      });
      expect(failed.statusCode).toBe(401);
      expect((await me(live)).statusCode).toBe(200);
    });

    it('signs a user out everywhere when their privileges change, and only then', async () => {
      const u = await t.userWithRole('VIEWER');
      const sessions = [u.session, await login(u.username, u.password)];
      const alive = async () => Promise.all(sessions.map(async (s) => (await me(s)).statusCode));
      const patch = (body: object) => t.as(f.admin).patch(`/api/users/${u.id}`, body);
      const renew = async () => {
        sessions.splice(
          0,
          sessions.length,
          await login(u.username, u.password),
          await login(u.username, u.password),
        );
        expect(await alive()).toEqual([200, 200]);
      };

      // Not a privilege: name, e-mail, the same roles again.
      expect((await patch({ fullName: 'Tên mới', email: 'ten.moi@thanhtra.gov.vn' })).statusCode).toBe(200);
      expect((await patch({ roles: [{ role: 'VIEWER' }] })).statusCode).toBe(200);
      expect(await alive()).toEqual([200, 200]);

      // A role granted.
      expect((await patch({ roles: [{ role: 'VIEWER' }, { role: 'LEADERSHIP' }] })).statusCode).toBe(200);
      expect(await alive()).toEqual([401, 401]);
      await renew();
      expect((await me(sessions[0]!)).json().user.roles).toHaveLength(2);

      // A role revoked.
      expect((await patch({ roles: [{ role: 'VIEWER' }] })).statusCode).toBe(200);
      expect(await alive()).toEqual([401, 401]);
      await renew();

      // A unit-scoped role moved to another unit.
      expect((await patch({ roles: [{ role: 'UNIT_FOCAL', unitId: f.unitA }] })).statusCode).toBe(200);
      await renew();
      expect((await patch({ roles: [{ role: 'UNIT_FOCAL', unitId: f.unitB }] })).statusCode).toBe(200);
      expect(await alive()).toEqual([401, 401]);
      await renew();

      // The unit of work changed.
      expect((await patch({ homeUnitId: f.unitA })).statusCode).toBe(200);
      expect(await alive()).toEqual([401, 401]);
      await renew();

      // Password reset by an administrator.
      const reset = await t
        .as(f.admin)
        .post(`/api/users/${u.id}/reset-password`, { newPassword: 'tam-thoi-2024-q' });
      expect(reset.statusCode).toBe(200);
      secrets.add('tam-thoi-2024-q');
      expect(await alive()).toEqual([401, 401]);
      const temp = await login(u.username, 'tam-thoi-2024-q');
      expect(
        (
          await t
            .as(temp)
            .post('/api/auth/password', { currentPassword: 'tam-thoi-2024-q', newPassword: u.password })
        ).statusCode,
      ).toBe(200);
      await renew();

      // Deactivated: out, and reactivation does not bring the old sessions back.
      expect((await t.as(f.admin).post(`/api/users/${u.id}/deactivate`)).statusCode).toBe(200);
      expect(await alive()).toEqual([401, 401]);
      expect((await t.as(f.admin).post(`/api/users/${u.id}/activate`)).statusCode).toBe(200);
      expect(await alive()).toEqual([401, 401]);

      // The administrator making the changes stays signed in throughout.
      expect((await me(f.admin)).statusCode).toBe(200);
    });
  });

  describe('password policy', () => {
    const message = (p: keyof typeof PASSWORD_PROBLEM_MESSAGES) => PASSWORD_PROBLEM_MESSAGES[p].vi;

    it('refuses weak passwords when an administrator creates an account, with the reason', async () => {
      const users = await count('app_user');
      const cases: [string, keyof typeof PASSWORD_PROBLEM_MESSAGES][] = [
        ['ngan-1', 'length'],
        ['chi-co-chu-thoi', 'lettersAndDigits'],
        ['nguyen.van.an-2024', 'containsUsername'],
        ['NGUYEN.VAN.AN', 'lettersAndDigits'],
        ['Nguyen.Van.An1', 'containsUsername'],
        ['Password123', 'common'],
        ['matkhau123', 'common'],
      ];
      for (const [password, problem] of cases) {
        const res = await t.as(f.admin).post('/api/users', {
          username: 'nguyen.van.an',
          fullName: 'Nguyễn Văn An',
          password,
          roles: [{ role: 'VIEWER' }],
        });
        expect(res.statusCode, password).toBe(422);
        expect(res.json().error, password).toMatchObject({
          code: 'WEAK_PASSWORD',
          message: message(problem),
          fields: { password: message(problem) },
        });
      }
      expect(await count('app_user')).toBe(users);
    });

    it('refuses weak passwords on reset and on change, leaving the old password in place', async () => {
      const u = await t.userWithRole('VIEWER');
      const reset = await t.as(f.admin).post(`/api/users/${u.id}/reset-password`, {
        newPassword: `${u.username.toUpperCase()}-2024`,
      });
      expect(reset.statusCode).toBe(422);
      expect(reset.json().error.fields).toEqual({ newPassword: message('containsUsername') });

      for (const [newPassword, problem] of [
        [`moi-${u.username}-2024`, 'containsUsername'],
        ['Qwerty123456', 'common'],
        ['1234567890', 'lettersAndDigits'],
      ] as const) {
        const res = await t
          .as(u.session)
          .post('/api/auth/password', { currentPassword: u.password, newPassword });
        expect(res.statusCode, newPassword).toBe(422);
        expect(res.json().error, newPassword).toMatchObject({
          code: 'WEAK_PASSWORD',
          fields: { newPassword: message(problem) },
        });
      }
      expect((await me(u.session)).statusCode).toBe(200);
      await login(u.username, u.password);
    });
  });

  describe('logs', () => {
    it('never contain a password, a session token, a CSRF token or a cookie', async () => {
      const before = logLines.length;
      const u = await t.userWithRole('VIEWER');
      secrets.add(u.password);
      secrets.add('matkhau-2024-xyz'); // the administrator-set first password of userWithRole
      const s = await login(u.username, u.password);
      await login(u.username, 'sai-mat-khau-77').catch(() => undefined);
      // A request with the cookie and the CSRF header, one with a wrong token, and a password change.
      expect((await t.as(s).post('/api/notifications/read-all', {})).statusCode).toBeLessThan(500);
      const forged = await t.app.inject({
        method: 'POST',
        url: '/api/units',
        headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrf}-sai` },
        payload: { code: 'LOG1', name: 'Thử', kind: 'VU' },
      });
      expect(forged.statusCode).toBe(403);
      const newPassword = 'doi-moi-2024-zz';
      secrets.add(newPassword);
      expect(
        (await t.as(s).post('/api/auth/password', { currentPassword: u.password, newPassword })).statusCode,
      ).toBe(200);
      expect((await t.as(s).post('/api/auth/logout')).statusCode).toBe(200);
      // Someone logging a request's headers or a body in a debug line: redacted all the same.
      t.app.log.info(
        {
          req: { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, authorization: `Bearer ${s.csrf}` } },
          body: { username: u.username, password: newPassword, currentPassword: u.password },
          session: { token: s.cookie.slice(s.cookie.indexOf('=') + 1), csrfToken: s.csrf },
        },
        'debug line',
      );

      const log = logLines.join('');
      // The capture works: this test's requests are there, with their URLs.
      expect(logLines.length).toBeGreaterThan(before);
      expect(log).toContain('/api/auth/login');
      expect(log).toContain('/api/auth/password');
      expect(log).toContain('[redacted]');
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThanOrEqual(10);
        const at = log.indexOf(secret);
        expect(
          at,
          `a secret (${secret.slice(0, 4)}…) is in the log: ${log.slice(Math.max(0, at - 300), at + 100)}`,
        ).toBe(-1);
      }
      expect(log).not.toMatch(/cchc_session=/);
    });
  });
});

describe.each(testDialects())('session timeouts and HTTPS on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      SESSION_IDLE_MINUTES: '30',
      SESSION_MAX_HOURS: '2',
      COOKIE_SECURE: 'true',
    });
  });
  afterAll(() => t.close());

  const me = (s: Session) => t.as(s).get('/api/auth/me');
  const minutes = (n: number) => t.clock.advance(n * 60_000);

  it('refuses a session idle past SESSION_IDLE_MINUTES; activity slides the expiry', async () => {
    const s = await t.login('admin', ADMIN_PASSWORD);
    for (let i = 0; i < 3; i++) {
      minutes(29);
      expect((await me(s)).statusCode).toBe(200);
    }
    minutes(30);
    const res = await me(s);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    // Writes too, with the right CSRF token.
    expect((await t.as(s).post('/api/units', { code: 'IDLE1', name: 'Thử', kind: 'VU' })).statusCode).toBe(
      401,
    );
  });

  it('refuses a session older than SESSION_MAX_HOURS even when active all along', async () => {
    const s = await t.login('admin', ADMIN_PASSWORD);
    const start = t.clock.now().getTime();
    const hardLimit = start + 2 * 3_600_000;
    // A request every 10 minutes: never idle.
    while (t.clock.now().getTime() + 10 * 60_000 < hardLimit) {
      minutes(10);
      const res = await me(s);
      expect(res.statusCode).toBe(200);
      // The expiry shown to the web app never passes the hard limit.
      expect(new Date(res.json().expiresAt).getTime()).toBeLessThanOrEqual(hardLimit);
    }
    t.clock.set(new Date(hardLimit - 1000));
    expect((await me(s)).statusCode).toBe(200);
    t.clock.set(new Date(hardLimit));
    expect((await me(s)).statusCode).toBe(401);
  });

  it('marks the cookie Secure with the hard limit as Max-Age, and sends HSTS', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === 'cchc_session')!;
    expect(cookie).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: 2 * 3600,
    });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('scripts/audit-deps.sh (dependency audit in CI)', () => {
  const script = path.join(repoRoot, 'scripts', 'audit-deps.sh');
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-audit-'));
    // A stand-in for npm: records its arguments, answers what the test set.
    fs.writeFileSync(
      path.join(dir, 'npm'),
      '#!/usr/bin/env bash\nprintf "%s " "$@" > "$FAKE_DIR/args"\ncat "$FAKE_DIR/out"\ncat "$FAKE_DIR/err" >&2\nexit "$(cat "$FAKE_DIR/status")"\n',
      { mode: 0o755 },
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function audit(answer: { out: unknown; err?: string; status: number }, env: Record<string, string> = {}) {
    fs.writeFileSync(
      path.join(dir, 'out'),
      typeof answer.out === 'string' ? answer.out : JSON.stringify(answer.out, null, 2),
    );
    fs.writeFileSync(path.join(dir, 'err'), answer.err ?? '');
    fs.writeFileSync(path.join(dir, 'status'), String(answer.status));
    const res = spawnSync('bash', [script], {
      env: { PATH: process.env.PATH ?? '', NPM: path.join(dir, 'npm'), FAKE_DIR: dir, ...env },
      encoding: 'utf8',
    });
    return {
      status: res.status,
      stdout: res.stdout.trim(),
      args: fs.readFileSync(path.join(dir, 'args'), 'utf8'),
    };
  }

  const counts = (c: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>>) => ({
    info: 0,
    low: 0,
    moderate: 0,
    high: 0,
    critical: 0,
    ...c,
  });
  const unavailable405 = {
    out: {
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    },
    err: 'npm warn audit 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk\nnpm error audit endpoint returned an error\n',
    status: 1,
  };

  it('audits production dependencies only and fails on high or critical advisories, listing them', () => {
    const res = audit({
      out: {
        auditReportVersion: 2,
        vulnerabilities: {
          'thu-vien-a': {
            name: 'thu-vien-a',
            severity: 'critical',
            range: '<2.0.1',
            via: [{ title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc' }],
          },
          'thu-vien-b': { name: 'thu-vien-b', severity: 'high', range: '1.x', via: ['thu-vien-a'] },
          'thu-vien-c': { name: 'thu-vien-c', severity: 'moderate', range: '*', via: [{ title: 'ReDoS' }] },
        },
        metadata: { vulnerabilities: counts({ critical: 1, high: 1, moderate: 1 }) },
      },
      status: 1,
    });
    expect(res.args.trim()).toBe('audit --omit=dev --audit-level=high --json');
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/^audit-deps: FAILED — 2 high or critical/);
    expect(res.stdout).toContain(
      'thu-vien-a <2.0.1 [critical]: Prototype pollution (https://github.com/advisories/GHSA-aaaa-bbbb-cccc)',
    );
    expect(res.stdout).toContain('thu-vien-b 1.x [high]: through thu-vien-a');
    expect(res.stdout).not.toContain('thu-vien-c');
  });

  it('passes with only moderate or lower advisories, or none', () => {
    for (const c of [counts({}), counts({ moderate: 2, low: 1 })]) {
      const res = audit({
        out: { auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: c } },
        status: 0,
      });
      expect(res.status).toBe(0);
      expect(res.stdout).toMatch(/^audit-deps: OK — no high or critical vulnerabilities/);
    }
  });

  it('says in one line that the audit could not be performed when the endpoint answers an error, and passes', () => {
    const res = audit(unavailable405);
    expect(res.status).toBe(0);
    expect(res.stdout.split('\n')).toEqual([
      'audit-deps: SKIPPED — the dependency audit could not be performed: https://registry.npmjs.org/-/npm/v1/security/advisories/bulk answered HTTP 405 Method Not Allowed; no vulnerability data was received (npm exit 1).',
    ]);
    expect(audit(unavailable405, { AUDIT_STRICT: '1' }).status).toBe(3);
    const offline = audit({
      out: { error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org/ failed' } },
      err: 'npm error code ENOTFOUND\n',
      status: 1,
    });
    expect(offline.status).toBe(0);
    expect(offline.stdout).toMatch(/^audit-deps: SKIPPED — .*ENOTFOUND/);
  });

  it('fails when the audit breaks for any other reason (no lockfile, unreadable answer)', () => {
    const noLock = audit({
      out: { error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' } },
      err: 'npm error code ENOLOCK\n',
      status: 1,
    });
    expect(noLock.status).toBe(2);
    expect(noLock.stdout).toMatch(/^audit-deps: ERROR — npm audit failed: ENOLOCK/);
    expect(audit({ out: '', err: 'Segmentation fault\n', status: 139 }).status).toBe(2);
    expect(audit({ out: 'not json', status: 1 }).status).toBe(2);
  });
});
