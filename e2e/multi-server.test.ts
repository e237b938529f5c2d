import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { createDb, type Database } from '@cchc/server/src/db/database';
import { migrateToLatest } from '@cchc/server/src/db/migrate';
import { verifyAuditChain } from '@cchc/server/src/modules/audit/audit.service';
import { goodAnswer } from '@cchc/server/src/seed/demo-answers';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, nginxSite, privateNginxConf, startNginx } from './nginx';

/**
 * Several servers (docs/deployment.md): TWO app processes started at the same moment on one
 * fresh PostgreSQL database and one shared DATA_DIR, nginx in front (round robin), and a short
 * scenario through the proxy only — sessions, CSRF, a saved score, an evidence file written by one
 * process and read by the other, exactly-once reminders with both workers running, migrations and
 * the demo seed done once, client addresses taken from X-Forwarded-For only from the proxy.
 *
 * Needs /usr/sbin/nginx (Debian nginx-light; NGINX_PATH overrides) and PostgreSQL
 * (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres). Under CI=true both
 * are required. MULTI_SERVER_PORTS=3400-3499 keeps the ports in a range (default: any free port);
 * MULTI_SERVER_DB_PREFIX names the throwaway database.
 */

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const PG_ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_PREFIX = process.env.MULTI_SERVER_DB_PREFIX ?? 'cchc_multi';
const serverDir = path.resolve(import.meta.dirname, '..', 'server');
const doc = demo as unknown as IndexSetDocument;
/** The test's client connects from another loopback address than nginx's own (127.0.0.1). */
const CLIENT_ADDRESS = '127.0.0.2';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function postgresAnswers(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const missing: string[] = [];
if (!fs.existsSync(NGINX)) {
  missing.push(`install nginx-light (apt-get install -y nginx-light; ${NGINX} not found)`);
}
const pgProblem = await postgresAnswers();
if (pgProblem) {
  missing.push(`start PostgreSQL (${PG_ADMIN}: ${pgProblem})`);
}
if (missing.length > 0) {
  if (process.env.CI === 'true') {
    throw new Error(`CI=true needs the multi-server test: ${missing.join('; ')}`);
  }
  process.stdout.write(`SKIPPED: multi-server test (nginx + 2 app processes) — ${missing.join('; ')}.\n`);
}

// ---------------------------------------------------------------------------------------------
// Ports, processes.

const portRange = /^(\d+)-(\d+)$/.exec(process.env.MULTI_SERVER_PORTS ?? '');
const takenPorts = new Set<number>();
async function pickPort(): Promise<number> {
  if (portRange) {
    return freePort(Number(portRange[1]), Number(portRange[2]), takenPorts);
  }
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface App {
  name: string;
  port: number;
  child: ChildProcess;
  output(): string;
}

/** `tsx src/main.ts` as an operator runs it, in its own process group (killed as a group). */
function spawnApp(name: string, port: number, env: Record<string, string>): App {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      INSTANCE_ID: name,
      SEED_DEMO: 'true',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  return { name, port, child, output: () => out };
}

async function listening(app: App): Promise<void> {
  const started = Date.now();
  // main.ts prints its address once it listens (after migrations and the demo seed).
  while (!/đang chạy: http:\/\/localhost:\d+/.test(app.output())) {
    if (app.child.exitCode !== null) {
      throw new Error(`${app.name} exited (${app.child.exitCode}) before listening:\n${app.output()}`);
    }
    if (Date.now() - started > 120_000) {
      throw new Error(`${app.name} did not listen within 120 s:\n${app.output()}`);
    }
    await sleep(50);
  }
}

/** SIGTERM to the whole group (main.ts stops its worker first), SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// HTTP through the proxy, as a browser would: cookie, CSRF header on writes.

interface Session {
  cookie: string;
  csrf: string;
}

interface Reply {
  status: number;
  /** X-Instance: which app process answered. */
  instance: string;
  body: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field.
  json: any;
  setCookie: string[];
}

function request(
  base: string,
  method: string,
  url: string,
  opts: {
    session?: Session | null;
    json?: unknown;
    multipart?: { body: Buffer; contentType: string };
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.session) {
    headers.cookie = opts.session.cookie;
    if (method !== 'GET') {
      headers['x-csrf-token'] = opts.session.csrf;
    }
  }
  let payload: Buffer | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = Buffer.from(JSON.stringify(opts.json));
  } else if (opts.multipart) {
    headers['content-type'] = opts.multipart.contentType;
    payload = opts.multipart.body;
  }
  if (payload) {
    headers['content-length'] = String(payload.length);
  }
  const target = new URL(url, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        headers,
        localAddress: CLIENT_ADDRESS,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const isJson = (res.headers['content-type'] ?? '').includes('json');
          resolve({
            status: res.statusCode ?? 0,
            instance: String(res.headers['x-instance'] ?? ''),
            body,
            json: isJson && body.length > 0 ? JSON.parse(body.toString('utf8')) : null,
            setCookie: res.headers['set-cookie'] ?? [],
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = `----cchcMulti${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    ...Object.entries(fields).map(([k, v]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(missing.length > 0)('several app processes behind nginx on one PostgreSQL', () => {
  const mail: { to: string[]; messageId: string }[] = [];
  let smtp: SMTPServer | undefined;
  let tmpRoot: string;
  let dbName: string;
  let dbUrl: string;
  let db: Database | undefined;
  let apps: App[] = [];
  let nginx: { child: ChildProcess; output(): string } | undefined;
  let base: string;
  let passwords: Map<string, string>;
  let focal: Session;
  let office: Session;
  let scorecardId: string;
  let savedLeaf: { code: string; value: unknown; points: number };

  beforeAll(async () => {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), process.env.MULTI_SERVER_TMP_PREFIX ?? 'cchc-multi-'));
    const dataDir = path.join(tmpRoot, 'data'); // shared by both processes: evidence, exports
    const nginxPrefix = path.join(tmpRoot, 'nginx');
    fs.mkdirSync(nginxPrefix);

    // A real SMTP server on loopback receives the reminder e-mails.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          mail.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: /^Message-ID:\s*(\S+)/im.exec(text)?.[1] ?? '',
          });
          callback();
        });
      },
    });
    const smtpPort = await pickPort();
    await new Promise<void>((resolve) => smtp!.listen(smtpPort, '127.0.0.1', resolve));

    // A fresh, EMPTY database: both processes migrate and (one of them) seed it at start.
    dbName = `${DB_PREFIX}_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = `/${dbName}`;
    dbUrl = url.toString();

    const [port1, port2, proxyPort] = [await pickPort(), await pickPort(), await pickPort()];
    base = `http://127.0.0.1:${proxyPort}`;
    const env = {
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      // nginx connects from 127.0.0.1; only it may tell the client's address.
      TRUST_PROXY: '127.0.0.1',
      APP_BASE_URL: base,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURE: 'false',
      MAIL_FROM: 'cchc@thanhtra.example',
    };
    // Both at the same moment, on the empty database.
    apps = [spawnApp('app1', port1, env), spawnApp('app2', port2, env)];
    await Promise.all(apps.map(listening));

    nginx = await startNginx(
      NGINX,
      nginxPrefix,
      privateNginxConf(
        nginxPrefix,
        nginxSite({ listen: `127.0.0.1:${proxyPort}`, apps: apps.map((a) => `127.0.0.1:${a.port}`) }),
      ),
      proxyPort,
    );
    db = createDb({ kind: 'postgres', url: dbUrl }).db;
    // The seed prints each demo account's password once, in the output of the process that seeded.
    passwords = new Map(
      apps.flatMap((a) =>
        [...a.output().matchAll(/^ {2}(\S+)\s+([a-z]{4}-\d{4}-[a-z]{4})\s/gm)].map(
          (m) => [m[1]!, m[2]!] as [string, string],
        ),
      ),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => stopGroup(a.child)));
    await stopGroup(nginx?.child, 'SIGQUIT');
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await db?.destroy();
    if (dbName) {
      const admin = new pg.Client({ connectionString: PG_ADMIN });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    if (tmpRoot) {
      fs.rmSync(tmpRoot, { recursive: true, force: true });
    }
  }, 60_000);

  async function login(username: string): Promise<{ session: Session; reply: Reply }> {
    const password = passwords.get(username);
    expect(password, `password of ${username} in the seed output`).toBeDefined();
    const reply = await request(base, 'POST', '/api/auth/login', {
      json: { username, password },
      // Forged by the client: nginx replaces it, the app would not believe it from a client anyway.
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(reply.status, reply.body.toString()).toBe(200);
    const cookie = reply.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('cchc_session='));
    expect(cookie).toBeDefined();
    return { session: { cookie: cookie!, csrf: reply.json.csrfToken as string }, reply };
  }

  it('both processes started together on an empty database: migrations once, one demo seed, both up', async () => {
    for (const app of apps) {
      // No start-up failure line and no error-level log line (pino level 50/60).
      expect(app.output(), app.name).not.toMatch(/LỖI|"level":[56]0/);
    }
    // Exactly one of the two seeded; the other waited for the start-up lock and found users.
    expect(apps.filter((a) => a.output().includes('Đã tạo dữ liệu demo'))).toHaveLength(1);
    const seeded = await db!
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'system.demoSeeded')
      .execute();
    expect(seeded).toHaveLength(1);
    const users = await db!.selectFrom('app_user').select('username').execute();
    expect(users.map((u) => u.username).sort()).toEqual([...passwords.keys()].sort());
    expect(passwords.has('daumoi.vpc') && passwords.has('vanphong')).toBe(true);

    // Every migration this code knows, each recorded once.
    const reference = createDb({ kind: 'sqlite', file: ':memory:' }).db;
    const known = await migrateToLatest(reference);
    await reference.destroy();
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const applied = await client.query<{ name: string }>('select name from kysely_migration');
    await client.end();
    const names = applied.rows.map((r) => r.name).sort();
    expect(names).toEqual([...known].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('health through the proxy; requests are spread over both processes', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const health = await request(base, 'GET', '/api/health');
      expect(health.status).toBe(200);
      seen.add(health.instance);
    }
    expect([...seen].sort()).toEqual(['app1', 'app2']);
  });

  it('a session opened on one process works on the other: reads, and writes with the CSRF token', async () => {
    const { session, reply } = await login('daumoi.vpc');
    focal = session;
    const signedInOn = reply.instance;
    const meOn = new Map<string, number>();
    for (let i = 0; i < 4; i++) {
      const me = await request(base, 'GET', '/api/auth/me', { session: focal });
      expect(me.status).toBe(200);
      expect(me.json.user.username).toBe('daumoi.vpc');
      meOn.set(me.instance, (meOn.get(me.instance) ?? 0) + 1);
    }
    // The process that did not sign the user in knows the session too (it is in the database).
    expect(meOn.get(signedInOn === 'app1' ? 'app2' : 'app1')).toBeGreaterThan(0);

    // Vụ Pháp chế's scorecard in the demo campaign open for self-assessment.
    const row = await db!
      .selectFrom('scorecard as s')
      .innerJoin('unit as u', 'u.id', 's.unitId')
      .innerJoin('campaign as c', 'c.id', 's.campaignId')
      .select('s.id')
      .where('u.code', '=', 'VPC')
      .where('c.phase', '=', 'SELF_ASSESSMENT')
      .executeTakeFirstOrThrow();
    scorecardId = row.id;
    const view = await request(base, 'GET', `/api/scorecards/${scorecardId}`, { session: focal });
    expect(view.status).toBe(200);
    const leaves = [...answerableLeaves(doc, view.json.groupCode as string)].filter(
      ([, l]) => l.kind === 'CRITERION',
    );
    // Saves until each process has accepted one (round robin: two in a row do it).
    const writesOn = new Set<string>();
    for (const [code, { leaf }] of leaves.slice(0, 4)) {
      const value = goodAnswer(leaf);
      const saved = await request(
        base,
        'PUT',
        `/api/scorecards/${scorecardId}/answers/${encodeURIComponent(code)}`,
        {
          session: focal,
          json: { rowVersion: 0, value, noEvidenceReason: 'Tài liệu kiểm chứng lưu bản giấy tại đơn vị' },
        },
      );
      expect(saved.status, saved.body.toString()).toBe(200);
      writesOn.add(saved.instance);
      savedLeaf = { code, value, points: saved.json.points as number };
    }
    expect([...writesOn].sort()).toEqual(['app1', 'app2']);
    // A write without the token is refused by either process.
    const forged = await request(
      base,
      'PUT',
      `/api/scorecards/${scorecardId}/answers/${encodeURIComponent(savedLeaf.code)}`,
      {
        session: { cookie: focal.cookie, csrf: 'not-the-token' },
        json: { rowVersion: 1, value: savedLeaf.value, noEvidenceReason: 'x' },
      },
    );
    expect(forged.status).toBe(403);

    // TRUST_PROXY=127.0.0.1: the address recorded is the client's as nginx saw it — neither nginx's
    // own (127.0.0.1) nor the X-Forwarded-For the client forged.
    const logins = await db!
      .selectFrom('audit_event')
      .select('ip')
      .where('action', '=', 'auth.login')
      .execute();
    expect(logins.map((l) => l.ip)).toEqual([CLIENT_ADDRESS]);
  });

  it('an evidence file uploaded through one process downloads through both (shared DATA_DIR)', async () => {
    const data = Buffer.concat([Buffer.from('%PDF-1.4\n%'), randomBytes(1024 * 1024)]);
    const uploaded = await request(base, 'POST', `/api/scorecards/${scorecardId}/evidence`, {
      session: focal,
      multipart: multipart(
        { leafCode: savedLeaf.code, title: 'Kế hoạch CCHC' },
        { name: 'ke-hoach.pdf', data },
      ),
    });
    expect(uploaded.status, uploaded.body.toString()).toBe(201);
    expect(uploaded.json.sha256).toBe(sha256(data));
    const servedBy = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const file = await request(
        base,
        'GET',
        `/api/scorecards/${scorecardId}/evidence/${uploaded.json.id}/file`,
        {
          session: focal,
        },
      );
      expect(file.status).toBe(200);
      expect(sha256(file.body)).toBe(sha256(data));
      servedBy.add(file.instance);
    }
    expect([...servedBy].sort()).toEqual(['app1', 'app2']);
  });

  it('the Office sees the saved score, on either process', async () => {
    office = (await login('vanphong')).session;
    const seenOn = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const view = await request(base, 'GET', `/api/scorecards/${scorecardId}`, { session: office });
      expect(view.status).toBe(200);
      const answer = (view.json.answers as { leafCode: string; value: unknown; points: number }[]).find(
        (a) => a.leafCode === savedLeaf.code,
      );
      expect(answer?.value).toEqual(savedLeaf.value);
      expect(answer?.points).toBe(savedLeaf.points);
      seenOn.add(view.instance);
    }
    expect(seenOn.size).toBe(2);
  });

  it('a reminder sent with both workers running is delivered exactly once per recipient and channel', async () => {
    const campaigns = await request(base, 'GET', '/api/campaigns', { session: office });
    const open = (campaigns.json as { id: string; phase: string }[]).filter(
      (c) => c.phase === 'SELF_ASSESSMENT',
    );
    expect(open).toHaveLength(1);
    const campaignId = open[0]!.id;
    const before = await db!.selectFrom('reminder_delivery').select('id').execute();
    // Four reminders in a row (each a new reminder with its own key), sent through both
    // processes: enough deliveries queued at once for both workers to poll for them.
    let expected = 0;
    for (let i = 0; i < 4; i++) {
      const sent = await request(base, 'POST', `/api/campaigns/${campaignId}/reminders`, {
        session: office,
        json: { message: `Đề nghị các đơn vị hoàn thành tự đánh giá đúng hạn (lần ${i + 1}).` },
      });
      expect(sent.status, sent.body.toString()).toBe(202);
      expect(sent.json.deliveryCount).toBeGreaterThan(0);
      expected += sent.json.deliveryCount as number;
    }

    const known = new Set(before.map((d) => d.id));
    const deliveries = async () =>
      (
        await db!
          .selectFrom('reminder_delivery')
          .select(['id', 'channel', 'recipient', 'userId', 'status'])
          .where('campaignId', '=', campaignId)
          .execute()
      ).filter((d) => !known.has(d.id));
    // Both workers poll every 5 s; wait until nothing is pending, then one more round of polls.
    const started = Date.now();
    while ((await deliveries()).some((d) => d.status === 'PENDING') && Date.now() - started < 60_000) {
      await sleep(250);
    }
    await sleep(6000);
    const rows = await deliveries();
    expect(rows).toHaveLength(expected);
    expect(rows.filter((d) => d.status !== 'SENT')).toEqual([]);

    // E-mail: one message per EMAIL delivery, none twice (the Message-ID carries the delivery id).
    const emailIds = rows.filter((d) => d.channel === 'EMAIL').map((d) => `<${d.id}@cchc>`);
    expect(emailIds.length).toBeGreaterThan(0);
    const received = mail.map((m) => m.messageId);
    expect(received.sort()).toEqual([...emailIds].sort());
    // In-app: one notification per IN_APP delivery, per user.
    const inApp = rows.filter((d) => d.channel === 'IN_APP');
    const notifications = await db!
      .selectFrom('notification')
      .select('userId')
      .where('campaignId', '=', campaignId)
      .where('kind', '=', 'REMINDER')
      .execute();
    expect(notifications.map((n) => n.userId).sort()).toEqual(inApp.map((d) => d.userId!).sort());
    // Each delivery job was claimed once and finished; each delivery audited once.
    const jobs = await db!
      .selectFrom('job')
      .select(['dedupeKey', 'status', 'attempts'])
      .where('kind', '=', 'reminders.deliver')
      .execute();
    const ours = jobs.filter((j) => rows.some((d) => j.dedupeKey === `reminders.deliver:${d.id}`));
    expect(ours).toHaveLength(expected);
    expect(ours.filter((j) => j.status !== 'DONE' || j.attempts !== 1)).toEqual([]);
    const audited = await db!
      .selectFrom('audit_event')
      .select('entityId')
      .where('action', '=', 'reminder.sent')
      .execute();
    const auditedIds = audited.map((a) => a.entityId).filter((id) => rows.some((d) => d.id === id));
    expect(auditedIds.sort()).toEqual(rows.map((d) => d.id).sort());
  });

  it('sign-out ends the session on both processes; the audit chain written by both verifies', async () => {
    const out = await request(base, 'POST', '/api/auth/logout', { session: focal });
    expect(out.status).toBeLessThan(300);
    const after = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const me = await request(base, 'GET', '/api/auth/me', { session: focal });
      expect(me.status).toBe(401);
      after.add(me.instance);
    }
    expect(after.size).toBe(2);
    // Both processes appended to the one hash chain (logins, saves, uploads, reminders).
    const audit = await verifyAuditChain(db!);
    expect(audit.ok, JSON.stringify(audit)).toBe(true);
    expect(audit.checked).toBeGreaterThan(10);
    expect(nginx!.output()).not.toMatch(/\[(emerg|alert|crit)\]/);
  });
});

describe('docs/deployment.md', () => {
  it('prints the nginx site this test runs (nginxSite for the example addresses)', () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '..', 'docs', 'deployment.md'), 'utf8');
    const site = nginxSite({ listen: '80', apps: ['10.0.0.11:3000', '10.0.0.12:3000'] });
    expect(text).toContain(`\`\`\`nginx\n${site}\`\`\``);
  });
});
