/**
 * Deadline-rush load test (issue 8 item 8): `--users` focal officers, each signed in with their
 * own session, saving scores and uploading evidence as fast as the server answers for `--seconds`,
 * against the real server in its own process (`node --import tsx server/src/main.ts`, the command
 * `npm run serve` runs, with the limits of a real deployment: login 30/min per IP, uploads 60/min
 * per user, 50 MB per file, LOG_LEVEL=info to a file). Loopback only, bounded.
 *
 *   npx tsx bench/load.ts [--db sqlite|postgres] [--users 300] [--seconds 60] [--units 100]
 *                         [--upload-every 5] [--upload-kb 64] [--ramp 5] [--timeout 30]
 *                         [--connect-first] [--think MS] [--keep]
 *                         [--pg-url postgres://postgres@127.0.0.1:5432]
 *
 * 1. Set-up, in this process, through the services (as the demo seed does) on a fresh database —
 *    SQLite in a temp DATA_DIR, or a throw-away PostgreSQL database dropped at the end: `--units`
 *    units in 3 groups, the 150-leaf index set of bench/fixture.ts published, a campaign open for
 *    self-assessment (deadline in the future), `--users` focal officers spread over the units
 *    (300 users / 100 units = 3 per unit) and one session each, created by the session service as
 *    the sign-in route would (300 sign-ins would take 10 minutes under the login limit of 30 per
 *    minute and IP — users are already signed in when the rush starts). The officers of a unit
 *    share its scorecard but not its leaves (leaf j goes to officer j mod 3), so no save can meet
 *    an edit conflict: any 409 is an error.
 * 2. The server starts in a child process on 127.0.0.1, port chosen by the system.
 * 3. Load: every user loops with at most one request in flight — PUT
 *    /api/scorecards/:id/answers/:leaf on a random leaf of its own (a valid random answer, the
 *    rowVersion of its last acknowledged save of that leaf), and after every `--upload-every`th
 *    save a POST /api/scorecards/:id/evidence of a `--upload-kb` KB PDF (unique bytes: the store
 *    never deduplicates it) for one of its leaves. No think time (`--think MS`: a random pause of
 *    MS on average between saves). Users start spread over the first `--ramp` seconds; every
 *    request of the run is measured (ramp included). Each user opens its keep-alive connection
 *    with its first save, or, with `--connect-first`, before the clock by GETting its scorecard
 *    (users already on the page when the rush starts). A request without an answer within
 *    `--timeout` seconds is abandoned and counted as an error (TIMEOUT).
 * 4. Report (markdown on stdout, progress on stderr): requests, throughput, errors (any non-2xx
 *    or network error, by kind, status and code), latency p50/p95/p99/max of saves and uploads,
 *    the server's peak RSS (VmHWM) and CPU time, error lines of the server log.
 * 5. Checks after the server has stopped: the audit chain verifies (verifyAuditChain), every
 *    acknowledged save is in the database at its acknowledged rowVersion and nothing else is,
 *    one audit event per acknowledged save and upload, each scorecard's answeredCount matches its
 *    answers, one evidence row and one blob file per acknowledged upload.
 * Exit code 1 when there was an error or a check failed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { answerableLeaves } from '../domain/src/campaign/self-assessment';
import type { IndexSetDocument, Leaf } from '../domain/src/index-set/format';
import { parseIndexSet } from '../domain/src/index-set/validate';
import { foldForSearch } from '../domain/src/text';
import { type Config, loadConfig } from '../server/src/config';
import { createDb, type Database } from '../server/src/db/database';
import { migrateToLatest } from '../server/src/db/migrate';
import { inTransaction } from '../server/src/db/transaction';
import { verifyAuditChain } from '../server/src/modules/audit/audit.service';
import { hashPassword } from '../server/src/modules/auth/password';
import { createSessionService, SESSION_COOKIE } from '../server/src/modules/auth/session.service';
import { createCampaignsService } from '../server/src/modules/campaigns/campaigns.service';
import { createIndexSetsService } from '../server/src/modules/index-sets/index-sets.service';
import type { Ctx } from '../server/src/modules/shared/context';
import { createUnitsService } from '../server/src/modules/units/units.service';
import { usersRepo } from '../server/src/modules/users/users.repo';
import { systemClock } from '../server/src/platform/clock';
import { newId } from '../server/src/platform/ids';
import { campaignYear, createFirstAdmin } from '../server/src/seed/demo';
import { answerFor, GROUPS, indexSetInput, PASSWORD, prng } from './fixture';

const repoRoot = path.resolve(import.meta.dirname, '..');
const log = (line: string) =>
  process.stderr.write(`[load ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Options (bounded: this is a load generator on a shared machine).

function parseFlags(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      throw new Error(`unexpected argument "${a}"`);
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      out.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out.set(a.slice(2), next);
      i++;
    } else {
      out.set(a.slice(2), 'true');
    }
  }
  return out;
}

const KNOWN = [
  'db',
  'users',
  'seconds',
  'units',
  'upload-every',
  'upload-kb',
  'ramp',
  'timeout',
  'pg-url',
  'keep',
  'connect-first',
  'think',
];
const flags = parseFlags(process.argv.slice(2));
for (const k of flags.keys()) {
  if (!KNOWN.includes(k)) {
    throw new Error(`unknown option --${k} (known: ${KNOWN.map((x) => `--${x}`).join(' ')})`);
  }
}
function intFlag(name: string, fallback: number, min: number, max: number): number {
  const raw = flags.get(name);
  const v = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max} (got ${raw})`);
  }
  return v;
}
const DB_KIND = flags.get('db') ?? 'sqlite';
if (DB_KIND !== 'sqlite' && DB_KIND !== 'postgres') {
  throw new Error('--db must be sqlite or postgres');
}
const USERS = intFlag('users', 300, 1, 2000);
const SECONDS = intFlag('seconds', 60, 1, 600);
const UNITS = intFlag('units', Math.min(100, USERS), 1, 2000);
const UPLOAD_EVERY = intFlag('upload-every', 5, 0, 1000); // 0: no uploads
const UPLOAD_KB = intFlag('upload-kb', 64, 1, 10 * 1024);
const RAMP = intFlag('ramp', Math.min(5, SECONDS - 1), 0, SECONDS);
const TIMEOUT_S = intFlag('timeout', 30, 1, 300);
const KEEP = flags.has('keep');
/**
 * Each user opens the page (GET its scorecard, which opens its connection) before the clock
 * starts: the rush then meets users already on the page. Without it, users open their
 * connections during the ramp, while the first ones are already saving.
 */
const CONNECT_FIRST = flags.has('connect-first');
/** Mean pause of a user between two saves, ms (uniform on 0…2×): 0 = back to back, the default. */
const THINK_MS = intFlag('think', 0, 0, 60_000);
const PG_BASE = (flags.get('pg-url') ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const PER_UNIT = Math.ceil(USERS / UNITS);
if (PER_UNIT > 150) {
  throw new Error('more than 150 users per unit: each needs at least one leaf of its own');
}
/** The limits of a real deployment (.env.example), stated here so the run does not depend on defaults. */
const SERVER_LIMITS = {
  LOGIN_RATE_PER_MINUTE: '30',
  UPLOAD_RATE_PER_MINUTE: '60',
  EVIDENCE_MAX_BYTES: String(50 * 1024 * 1024),
  SESSION_IDLE_MINUTES: '120',
  SESSION_MAX_HOURS: '12',
  LOG_LEVEL: 'info',
} as const;

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    throw new Error(`loopback only: ${host} is not this machine`);
  }
}

// ---------------------------------------------------------------------------------------------
// Set-up, through the services, before the server starts.

interface LoadUser {
  username: string;
  cookie: string;
  csrf: string;
  scorecardId: string;
  /** The leaves this user (and nobody else) edits, with the rowVersion of its last acknowledged save. */
  leaves: { code: string; leaf: Leaf; version: number }[];
}

interface Plan {
  campaignId: string;
  users: LoadUser[];
  leafCount: number;
}

async function setup(database: Config['database']): Promise<Plan> {
  const { db } = createDb(database);
  try {
    const t0 = performance.now();
    await migrateToLatest(db);
    const clock = systemClock;
    const deps = { db, clock };
    const adminId = await createFirstAdmin(db, {
      username: 'load.admin',
      fullName: 'Quản trị (thử tải)',
      password: PASSWORD,
    });
    const ctx: Ctx = {
      actor: { userId: adminId, roles: [{ role: 'SYSTEM_ADMIN', unitId: null }] },
      ip: null,
    };

    const units = createUnitsService(deps);
    const groupIds: string[] = [];
    for (const g of GROUPS) {
      groupIds.push((await units.createGroup(ctx, { code: g.code, name: g.name })).id);
    }
    for (let u = 0; u < UNITS; u++) {
      await units.createUnit(ctx, {
        code: `TAI${String(u + 1).padStart(4, '0')}`,
        name: `Đơn vị thử tải số ${u + 1}`,
        kind: 'DON_VI',
        groupId: groupIds[u % groupIds.length]!,
      });
    }

    const parsed = parseIndexSet(indexSetInput());
    if (!parsed.ok) {
      throw new Error(`invalid index set: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    }
    const doc: IndexSetDocument = parsed.document;
    const indexSets = createIndexSetsService(deps);
    const imported = await indexSets.importFile(ctx, {
      filename: 'load-index-set.json',
      read: async () => Buffer.from(JSON.stringify(indexSetInput())),
    });
    await indexSets.transition(ctx, imported.id, 'publish');

    const campaigns = createCampaignsService(deps);
    const year = campaignYear(clock.now());
    let c = await campaigns.create(ctx, {
      code: 'TAI-CAO-DIEM',
      name: `Thử tải cao điểm hạn nộp ${year}`,
      year,
      indexSetId: imported.id,
    });
    c = await campaigns.update(ctx, c.id, { rowVersion: c.rowVersion, guidanceText: 'Hướng dẫn tự chấm.' });
    c = await campaigns.transition(ctx, c.id, { rowVersion: c.rowVersion, action: 'issueGuidance' });
    c = await campaigns.transition(ctx, c.id, { rowVersion: c.rowVersion, action: 'openSelfAssessment' });
    const participants = [...c.participants];
    if (participants.length !== UNITS) {
      throw new Error(`expected ${UNITS} participants, got ${participants.length}`);
    }
    log(`  campaign ${c.code} (${year}) open for self-assessment, ${participants.length} scorecards`);

    // Focal officers: straight through the users repository with one password hash (argon2id
    // costs ~50 ms a hash; 300 of them would only slow the set-up down), then one session each.
    const passwordHash = await hashPassword(PASSWORD);
    const sessions = createSessionService(deps, loadConfig({}).session);
    const users: LoadUser[] = [];
    const nowIso = clock.now().toISOString();
    const specs = Array.from({ length: USERS }, (_, i) => {
      const p = participants[Math.floor(i / PER_UNIT)]!;
      return { i, id: newId(), username: `load.daumoi.${i + 1}`, p, officer: i % PER_UNIT };
    });
    for (let from = 0; from < specs.length; from += 100) {
      await inTransaction(db, async (tx) => {
        const repo = usersRepo(tx);
        for (const s of specs.slice(from, from + 100)) {
          const fullName = `Đầu mối thử tải ${s.i + 1}`;
          await repo.insert({
            id: s.id,
            username: s.username,
            fullName,
            email: null,
            passwordHash,
            mustChangePassword: false,
            homeUnitId: s.p.unitId,
            searchText: foldForSearch(`${s.username} ${fullName}`),
            now: nowIso,
          });
          await repo.replaceRoles(s.id, [{ id: newId(), role: 'UNIT_FOCAL', unitId: s.p.unitId }], nowIso);
        }
      });
    }
    let leafCount = 0;
    for (const s of specs) {
      const all = [...answerableLeaves(doc, s.p.groupCode).entries()].filter(
        ([, l]) => l.kind === 'CRITERION',
      );
      leafCount = all.length;
      const mine = all
        .filter((_, j) => j % PER_UNIT === s.officer)
        .map(([code, l]) => ({ code, leaf: l.leaf, version: 0 }));
      const { token, session } = await sessions.createSession(s.id, 'local', {
        ip: '127.0.0.1',
        userAgent: 'cchc-load (bench/load.ts)',
      });
      users.push({
        username: s.username,
        cookie: `${SESSION_COOKIE}=${token}`,
        csrf: session.csrfToken,
        scorecardId: s.p.scorecardId,
        leaves: mine,
      });
    }
    log(
      `  ${USERS} focal officers (${PER_UNIT} per unit, ${users[0]!.leaves.length}–${users.at(-1)!.leaves.length} leaves each) with sessions; set-up ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    return {
      campaignId: c.id,
      users,
      leafCount,
    };
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The server process.

interface Server {
  proc: ChildProcess;
  port: number;
  logFile: string;
  exited: Promise<number | null>;
}

async function startServer(env: Record<string, string>, logFile: string): Promise<Server> {
  const fd = fs.openSync(logFile, 'a');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    // biome-ignore lint/style/noProcessEnv: the child gets this shell's environment (PATH, …) plus the load settings.
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (c) => {
      code = c;
      resolve(c);
    }),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    const text = fs.readFileSync(logFile, 'utf8');
    const m = /đang chạy: http:\/\/localhost:(\d+)/.exec(text);
    if (m) {
      return { proc, port: Number(m[1]), logFile, exited };
    }
    if (code !== undefined || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start (exit ${code}):\n${text.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** VmRSS / VmHWM of a process, MB; CPU seconds (user + system) from /proc/<pid>/stat. */
function procStatus(pid: number): { rssMb: number; hwmMb: number; cpuS: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5) (utime, stime), in clock ticks (100 per second on Linux).
  const cpuS = (Number(fields[11]) + Number(fields[12])) / 100;
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024, cpuS };
}

// ---------------------------------------------------------------------------------------------
// The HTTP client: node:http with a keep-alive agent, one socket per user at most.

interface Answer {
  status: number;
  /** The API error code, or the network error code (status 0). */
  code: string;
  body: string;
  ms: number;
  /** The connection: new or reused (keep-alive), its local port (the server log's remotePort). */
  via: string;
}

// maxFreeSockets: the default (256) would close idle connections above 256.
const agent = new http.Agent({ keepAlive: true, maxSockets: USERS + 8, maxFreeSockets: USERS + 8 });

/** Every user GETs its scorecard at once (opening its connection); returns the wall time in ms and the slowest. */
async function connectFirst(port: number, users: LoadUser[]): Promise<{ wallMs: number; slowestMs: number }> {
  const start = performance.now();
  const answers = await Promise.all(
    users.map((u) =>
      send(port, 'GET', `/api/scorecards/${u.scorecardId}`, { cookie: u.cookie }, Buffer.alloc(0)),
    ),
  );
  const bad = answers.find((a) => a.status !== 200);
  if (bad) {
    throw new Error(`opening the scorecard failed: ${bad.status} ${bad.code} ${bad.body.slice(0, 300)}`);
  }
  return { wallMs: performance.now() - start, slowestMs: Math.max(...answers.map((a) => a.ms)) };
}

function send(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<Answer> {
  const start = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let via = 'no socket';
    const done = (status: number, code: string, text: string) => {
      if (!settled) {
        settled = true;
        resolve({ status, code, body: text, ms: performance.now() - start, via });
      }
    };
    const req = http.request({
      host: '127.0.0.1',
      port,
      method,
      path: urlPath,
      agent,
      headers: { ...headers, 'content-length': String(body.length) },
    });
    req.on('socket', (socket) => {
      const describe = () => {
        via = `${req.reusedSocket ? 'reused' : 'new'} connection, local port ${socket.localPort}`;
      };
      if (socket.localPort === undefined) {
        via = 'connecting';
        socket.once('connect', describe);
      } else {
        describe();
      }
    });
    req.setTimeout(TIMEOUT_S * 1000, () => {
      req.destroy(Object.assign(new Error(`no answer in ${TIMEOUT_S} s`), { code: 'TIMEOUT' }));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let code = '';
        if ((res.statusCode ?? 0) >= 300) {
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
          } catch {
            code = 'NON_JSON';
          }
        }
        done(res.statusCode ?? 0, code, text);
      });
      res.on('error', (e: NodeJS.ErrnoException) => done(0, e.code ?? e.message, ''));
    });
    req.on('error', (e: NodeJS.ErrnoException) => done(0, e.code ?? e.message, ''));
    req.end(body);
  });
}

function pdfForm(leafCode: string, n: number): { body: Buffer; boundary: string } {
  const boundary = `----cchcload${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="leafCode"\r\n\r\n${leafCode}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nMinh chứng ${leafCode} (${n})\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="minh-chung-${leafCode}-${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const size = UPLOAD_KB * 1024;
  const start = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%');
  const end = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  // Random bytes in the middle: every file is different, so every upload is stored.
  const pdf = Buffer.concat([start, randomBytes(Math.max(0, size - start.length - end.length)), end]);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, pdf, tail]), boundary };
}

// ---------------------------------------------------------------------------------------------
// The load.

interface Outcome {
  saveMs: number[];
  /** Each user's first save, on the connection it opens (also counted in saveMs). */
  firstMs: number[];
  uploadMs: number[];
  /** "save 500 INTERNAL" → count; "upload 0 ECONNRESET" for network errors. */
  errors: Map<string, number>;
  errorSamples: string[];
  /** "TIMEOUT, reused connection, sent 0–5 s" → count: when and on what the errors happened. */
  errorShape: Map<string, number>;
  /** scorecardId|leafCode → rowVersion of the last acknowledged save. */
  acked: Map<string, number>;
  ackedSaves: number;
  ackedUploads: number;
  /** Requests answered per second of the run (index = second since the start). */
  perSecond: number[];
  wallS: number;
  /** Highest server RSS seen by the 1-second sampler, MB. */
  sampledRssMb: number;
}

async function runLoad(port: number, users: LoadUser[], serverPid: number): Promise<Outcome> {
  const out: Outcome = {
    saveMs: [],
    firstMs: [],
    uploadMs: [],
    errors: new Map(),
    errorSamples: [],
    errorShape: new Map(),
    acked: new Map(),
    ackedSaves: 0,
    ackedUploads: 0,
    perSecond: [],
    wallS: 0,
    sampledRssMb: 0,
  };
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  const second = () => Math.floor((performance.now() - t0) / 1000);
  const fail = (kind: string, a: Answer) => {
    const key = `${kind} ${a.status} ${a.code}`;
    out.errors.set(key, (out.errors.get(key) ?? 0) + 1);
    const at = (performance.now() - t0 - a.ms) / 1000;
    const bucket = Math.floor(at / 5) * 5;
    const shape = `${key}, ${a.via.split(',')[0]}, sent ${bucket}–${bucket + 5} s`;
    out.errorShape.set(shape, (out.errorShape.get(shape) ?? 0) + 1);
    if (out.errorSamples.length < 8) {
      out.errorSamples.push(
        `${key}: sent at ${at.toFixed(1)} s on a ${a.via}, ${a.ms.toFixed(0)} ms${a.body ? `: ${a.body.slice(0, 300)}` : ''}`,
      );
    }
  };
  const sampler = setInterval(() => {
    try {
      out.sampledRssMb = Math.max(out.sampledRssMb, procStatus(serverPid).rssMb);
    } catch {
      // the server has gone: the requests will say so
    }
    const s = second();
    if (s > 0 && s % 10 === 0) {
      const done = out.saveMs.length + out.uploadMs.length;
      let errors = 0;
      for (const n of out.errors.values()) {
        errors += n;
      }
      log(`  ${s} s: ${done} requests, ${errors} errors`);
    }
  }, 1000);

  async function user(u: LoadUser, index: number): Promise<void> {
    const random = prng(1000 + index);
    await new Promise((r) => setTimeout(r, (RAMP * 1000 * index) / USERS));
    let iteration = 0;
    let uploads = 0;
    const headers = { cookie: u.cookie, 'x-csrf-token': u.csrf };
    while (performance.now() < end) {
      if (THINK_MS > 0 && iteration > 0) {
        await new Promise((r) => setTimeout(r, 2 * THINK_MS * random()));
        if (performance.now() >= end) {
          break;
        }
      }
      iteration++;
      const l = u.leaves[Math.floor(random() * u.leaves.length)]!;
      const save = await send(
        port,
        'PUT',
        `/api/scorecards/${u.scorecardId}/answers/${encodeURIComponent(l.code)}`,
        { ...headers, 'content-type': 'application/json' },
        Buffer.from(
          JSON.stringify({
            rowVersion: l.version,
            value: answerFor(l.leaf, random() < 0.7, random),
            note: `Cập nhật lần ${iteration}`,
            noEvidenceReason: '',
          }),
        ),
      );
      out.saveMs.push(save.ms);
      if (iteration === 1) {
        out.firstMs.push(save.ms);
      }
      out.perSecond[second()] = (out.perSecond[second()] ?? 0) + 1;
      if (save.status === 200) {
        l.version = (JSON.parse(save.body) as { rowVersion: number }).rowVersion;
        out.acked.set(`${u.scorecardId}|${l.code}`, l.version);
        out.ackedSaves++;
      } else {
        fail('save', save);
      }
      if (UPLOAD_EVERY > 0 && iteration % UPLOAD_EVERY === 0 && performance.now() < end) {
        // Round-robin over the user's leaves: at most ⌈uploads / leaves⌉ files per leaf (limit 50).
        const leafCode = u.leaves[uploads % u.leaves.length]!.code;
        uploads++;
        const form = pdfForm(leafCode, uploads);
        const up = await send(
          port,
          'POST',
          `/api/scorecards/${u.scorecardId}/evidence`,
          { ...headers, 'content-type': `multipart/form-data; boundary=${form.boundary}` },
          form.body,
        );
        out.uploadMs.push(up.ms);
        out.perSecond[second()] = (out.perSecond[second()] ?? 0) + 1;
        if (up.status === 201) {
          out.ackedUploads++;
        } else {
          fail('upload', up);
        }
      }
    }
  }

  await Promise.all(users.map((u, i) => user(u, i)));
  clearInterval(sampler);
  out.wallS = (performance.now() - t0) / 1000;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checks after the run, on the database the server used.

interface Checks {
  audit: { ok: boolean; checked: number; message: string };
  answers: { rows: number; acked: number; missing: number; wrongVersion: number; extra: number };
  auditEvents: { answerSaved: number; evidenceAdded: number };
  answeredCountMismatches: number;
  evidence: { rows: number; blobFiles: number };
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    n += e.isDirectory() ? await countFiles(path.join(dir, e.name)) : 1;
  }
  return n;
}

async function check(database: Config['database'], dataDir: string, plan: Plan, o: Outcome): Promise<Checks> {
  const { db } = createDb(database);
  try {
    const verdict = await verifyAuditChain(db);
    const rows = await db
      .selectFrom('scorecard_answer as a')
      .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
      .select(['a.scorecardId', 'a.leafCode', 'a.rowVersion'])
      .where('s.campaignId', '=', plan.campaignId)
      .execute();
    let missing = 0;
    let wrongVersion = 0;
    const inDb = new Map(rows.map((r) => [`${r.scorecardId}|${r.leafCode}`, Number(r.rowVersion)]));
    for (const [key, version] of o.acked) {
      const v = inDb.get(key);
      if (v === undefined) {
        missing++;
      } else if (v !== version) {
        wrongVersion++;
      }
    }
    const extra = [...inDb.keys()].filter((k) => !o.acked.has(k)).length;
    const events = await countEvents(db);
    const perCard = new Map<string, number>();
    for (const r of rows) {
      perCard.set(r.scorecardId, (perCard.get(r.scorecardId) ?? 0) + 1);
    }
    const cards = await db
      .selectFrom('scorecard')
      .select(['id', 'answeredCount'])
      .where('campaignId', '=', plan.campaignId)
      .execute();
    const answeredCountMismatches = cards.filter(
      (c) => Number(c.answeredCount) !== (perCard.get(c.id) ?? 0),
    ).length;
    const evidenceRows = await db
      .selectFrom('evidence as e')
      .innerJoin('scorecard as s', 's.id', 'e.scorecardId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('s.campaignId', '=', plan.campaignId)
      .where('e.kind', '=', 'FILE')
      .executeTakeFirstOrThrow();
    return {
      audit: {
        ok: verdict.ok,
        checked: verdict.checked,
        message: verdict.ok ? 'intact' : `broken: ${verdict.broken?.message ?? '?'}`,
      },
      answers: { rows: rows.length, acked: o.acked.size, missing, wrongVersion, extra },
      auditEvents: events,
      answeredCountMismatches,
      evidence: { rows: Number(evidenceRows.n), blobFiles: await countFiles(path.join(dataDir, 'blobs')) },
    };
  } finally {
    await db.destroy();
  }
}

async function countEvents(db: Database): Promise<Checks['auditEvents']> {
  const rows = await db
    .selectFrom('audit_event')
    .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action', 'in', ['scorecard.answerSaved', 'evidence.added'])
    .groupBy('action')
    .execute();
  const n = (action: string) => Number(rows.find((r) => r.action === action)?.n ?? 0);
  return { answerSaved: n('scorecard.answerSaved'), evidenceAdded: n('evidence.added') };
}

// ---------------------------------------------------------------------------------------------
// Report.

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const f0 = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(0));
const f1 = (x: number) => (Number.isNaN(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
function latencies(ms: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return {
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s.at(-1) ?? Number.NaN,
  };
}

function serverErrorLines(logFile: string): { count: number; samples: string[] } {
  const samples: string[] = [];
  let count = 0;
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) >= 50) {
        count++;
        if (samples.length < 5) {
          samples.push(`${entry.msg ?? ''} ${entry.err?.message ?? ''}`.trim().slice(0, 300));
        }
      }
    } catch {
      // not a log line
    }
  }
  return { count, samples };
}

// ---------------------------------------------------------------------------------------------
// Main.

async function main(): Promise<void> {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'cchc-load-'));
  const dataDir = path.join(work, 'data');
  const logFile = path.join(work, 'server.log');
  let database: Config['database'];
  let dropDb: (() => Promise<void>) | null = null;
  const loadBefore = os.loadavg();
  log(
    `${DB_KIND}: ${USERS} users on ${UNITS} units, ${SECONDS} s, upload every ${UPLOAD_EVERY} saves (${UPLOAD_KB} KB), ramp ${RAMP} s; work dir ${work}`,
  );
  if (DB_KIND === 'postgres') {
    assertLoopback(PG_BASE);
    const name = `cchc_load_${Date.now()}`;
    const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    database = { kind: 'postgres', url: `${PG_BASE}/${name}` };
    dropDb = async () => {
      const a = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    database = { kind: 'sqlite', file: path.join(dataDir, 'cchc.sqlite') };
  }
  let server: Server | null = null;
  let failed = false;
  try {
    log('set-up …');
    const plan = await setup(database);
    server = await startServer(
      {
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: database.kind === 'postgres' ? database.url : '',
        SEED_DEMO: 'false',
        SERVE_WEB: 'false',
        ...SERVER_LIMITS,
      },
      logFile,
    );
    const pid = server.proc.pid!;
    const atStart = procStatus(pid);
    log(`server pid ${pid} on 127.0.0.1:${server.port}, RSS ${f0(atStart.rssMb)} MB; load …`);
    const cpuClient = process.cpuUsage();
    let opened: { wallMs: number; slowestMs: number } | null = null;
    if (CONNECT_FIRST) {
      opened = await connectFirst(server.port, plan.users);
      log(`  ${USERS} users opened their scorecard in ${(opened.wallMs / 1000).toFixed(1)} s; load …`);
    }
    const o = await runLoad(server.port, plan.users, pid);
    const cpuClientS = (() => {
      const c = process.cpuUsage(cpuClient);
      return (c.user + c.system) / 1e6;
    })();
    const atEnd = procStatus(pid);
    const loadAfter = os.loadavg();
    server.proc.kill('SIGTERM');
    const stopped = await Promise.race([
      server.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 20_000)),
    ]);
    if (!stopped) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    log('checks …');
    const c = await check(database, dataDir, plan, o);
    const serverErrors = serverErrorLines(logFile);

    const saves = latencies(o.saveMs);
    const first = latencies(o.firstMs);
    const ups = latencies(o.uploadMs);
    const requests = o.saveMs.length + o.uploadMs.length;
    let errors = 0;
    for (const n of o.errors.values()) {
      errors += n;
    }
    const steady = o.perSecond.slice(RAMP, SECONDS);
    const steadyRate = steady.length ? steady.reduce((a, b) => a + b, 0) / steady.length : Number.NaN;
    const checksOk =
      c.audit.ok &&
      c.answers.missing === 0 &&
      c.answers.wrongVersion === 0 &&
      c.answers.extra === 0 &&
      c.auditEvents.answerSaved === o.ackedSaves &&
      c.auditEvents.evidenceAdded === o.ackedUploads &&
      c.answeredCountMismatches === 0 &&
      c.evidence.rows === o.ackedUploads &&
      c.evidence.blobFiles === o.ackedUploads;
    failed = errors > 0 || !checksOk;
    const label = `${DB_KIND === 'sqlite' ? 'SQLite (file, WAL)' : 'PostgreSQL 127.0.0.1 (pool 10)'}${CONNECT_FIRST ? ', connections opened first' : ''}`;
    const lines = [
      `### ${label}: ${USERS} users, ${SECONDS} s`,
      '',
      `- ${new Date().toISOString()}; ${os.availableParallelism()} CPU, ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, Node.js ${process.version}; load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`,
      `- ${USERS} focal officers on ${UNITS} scorecards (${PER_UNIT} per scorecard, disjoint leaves of ${plan.leafCount}), one request in flight each, ${THINK_MS > 0 ? `a pause of ${THINK_MS} ms on average between saves` : 'no think time'}; an upload of ${UPLOAD_KB} KB after every ${UPLOAD_EVERY}th save; ${opened ? `connections opened before the clock (each user GETs its scorecard: all ${USERS} in ${f1(opened.wallMs / 1000)} s, slowest ${f0(opened.slowestMs)} ms)` : 'each user opens its connection with its first save'}; start spread over ${RAMP} s, measured from the first request; limits UPLOAD_RATE_PER_MINUTE=${SERVER_LIMITS.UPLOAD_RATE_PER_MINUTE}, LOGIN_RATE_PER_MINUTE=${SERVER_LIMITS.LOGIN_RATE_PER_MINUTE}, LOG_LEVEL=${SERVER_LIMITS.LOG_LEVEL}`,
      '',
      '| | Requests | Req/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | Errors |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      `| Save a score (PUT …/answers/:leaf) | ${o.saveMs.length} | ${f1(o.saveMs.length / o.wallS)} | ${f1(saves.p50)} | ${f1(saves.p95)} | ${f1(saves.p99)} | ${f0(saves.max)} | ${o.saveMs.length - o.ackedSaves} |`,
      `| Upload evidence (POST …/evidence, ${UPLOAD_KB} KB) | ${o.uploadMs.length} | ${f1(o.uploadMs.length / o.wallS)} | ${f1(ups.p50)} | ${f1(ups.p95)} | ${f1(ups.p99)} | ${f0(ups.max)} | ${o.uploadMs.length - o.ackedUploads} |`,
      `| **All** | **${requests}** | **${f1(requests / o.wallS)}** | | | | | **${errors}** |`,
      '',
      `- Each user's first save (${opened ? 'on the connection its GET opened' : 'it opens the connection'}): p50 ${f1(first.p50)} ms, p95 ${f1(first.p95)} ms, max ${f0(first.max)} ms.`,
      `- Run ${o.wallS.toFixed(1)} s; after the ramp ${f1(steadyRate)} req/s on average (slowest second ${f0(Math.min(...steady))}, fastest ${f0(Math.max(...steady))}).`,
      `- Errors by kind, status and code: ${errors === 0 ? 'none' : [...o.errors].map(([k, n]) => `${k} × ${n}`).join('; ')}.`,
      ...o.errorSamples.map((s) => `  - ${s}`),
      ...(errors > 0
        ? ['- Errors by connection and time sent:', ...[...o.errorShape].map(([k, n]) => `  - ${k}: ${n}`)]
        : []),
      `- Server: peak RSS (VmHWM) ${f0(atEnd.hwmMb)} MB (highest sampled ${f0(o.sampledRssMb)} MB, ${f0(atStart.rssMb)} MB before the load); CPU ${f1(atEnd.cpuS - atStart.cpuS)} s in ${o.wallS.toFixed(0)} s (${f0((100 * (atEnd.cpuS - atStart.cpuS)) / o.wallS)} % of one core); error lines in its log: ${serverErrors.count}${serverErrors.samples.map((s) => `\n  - ${s}`).join('')}`,
      `- Load generator (same machine): CPU ${f1(cpuClientS)} s (${f0((100 * cpuClientS) / o.wallS)} % of one core).`,
      `- Audit chain: ${c.audit.message} (${c.audit.checked} events); ${c.auditEvents.answerSaved} scorecard.answerSaved for ${o.ackedSaves} acknowledged saves, ${c.auditEvents.evidenceAdded} evidence.added for ${o.ackedUploads} acknowledged uploads.`,
      `- Acknowledged saves in the database: ${c.answers.rows} answer rows for ${c.answers.acked} distinct acknowledged leaves; missing ${c.answers.missing}, at another rowVersion ${c.answers.wrongVersion}, unacknowledged ${c.answers.extra}; scorecards whose answeredCount differs from their rows: ${c.answeredCountMismatches}.`,
      `- Evidence: ${c.evidence.rows} FILE rows and ${c.evidence.blobFiles} blob files for ${o.ackedUploads} acknowledged uploads.`,
      `- Errors = 0: ${errors === 0 ? '**met**' : '**not met**'}; checks: ${checksOk ? '**all passed**' : '**FAILED**'}.`,
    ];
    console.log(lines.join('\n'));
    if (KEEP) {
      log(`kept: ${work}${database.kind === 'postgres' ? ` and ${database.url}` : ''}`);
    }
  } finally {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    agent.destroy();
    if (!KEEP) {
      await dropDb?.().catch((e: unknown) => log(`could not drop the database: ${String(e)}`));
      await fsp.rm(work, { recursive: true, force: true });
    }
  }
  if (failed) {
    process.exitCode = 1;
  }
}

await main();
