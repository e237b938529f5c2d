/**
 * Save-a-score benchmark (issue 4): 100 concurrent signed-in users saving answers through the
 * real HTTP route (PUT /api/scorecards/:id/answers/:leaf — session, CSRF, policy, deadline,
 * engine, optimistic concurrency, audit, progress refresh, one transaction) against a bare
 * Fastify route on the same machine and the same client, measured in one run so the ratio is
 * meaningful on a shared, noisy machine.
 *
 *   npx tsx bench/save-score.bench.ts [seconds=15] [users=100]
 * SQLite always; PostgreSQL too when 127.0.0.1:5432 answers (a throw-away database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import pg from 'pg';
import { answerableLeaves } from '../domain/src/campaign/self-assessment';
import type { IndexSetDocument } from '../domain/src/index-set/format';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { createDb, type Database, type Dialect } from '../server/src/db/database';
import { migrateToLatest } from '../server/src/db/migrate';
import { createSessionService } from '../server/src/modules/auth/session.service';
import { createUsersService } from '../server/src/modules/users/users.service';
import { seedDemo } from '../server/src/seed/demo';
import { goodAnswer } from '../server/src/seed/demo-answers';

const SECONDS = Number(process.argv[2] ?? 15);
const USERS = Number(process.argv[3] ?? 100);

interface Stats {
  requests: number;
  errors: number;
  conflicts: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  /** Longest event-loop stall during the run (client and server share the process), ms. */
  loopMax: number;
}

function summarise(
  latencies: number[],
  errors: number,
  conflicts: number,
  seconds: number,
  loopMax: number,
): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    requests: sorted.length,
    errors,
    conflicts,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    perSecond: sorted.length / seconds,
    loopMax,
  };
}

/**
 * `workers` loops, each sending one request at a time until the time is up. The first 2 seconds
 * are a warm-up that is not measured: the opening burst (every user at once, cold JIT) drains in
 * about 2 s on SQLite and would otherwise dominate the p99. The loops keep running through the
 * boundary, so the measured part is steady load, not a second synchronized burst.
 */
async function load(
  workers: number,
  seconds: number,
  send: (w: number) => Promise<'ok' | 'conflict' | 'error'>,
): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  let conflicts = 0;
  const measureFrom = performance.now() + 2000;
  const end = measureFrom + seconds * 1000;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let loopOn = false;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        if (!loopOn && t0 >= measureFrom) {
          loopOn = true;
          loop.enable();
        }
        const r = await send(w);
        if (t0 < measureFrom) {
          continue;
        }
        latencies.push(performance.now() - t0);
        if (r === 'error') {
          errors++;
        }
        if (r === 'conflict') {
          conflicts++;
        }
      }
    }),
  );
  loop.disable();
  return summarise(latencies, errors, conflicts, seconds, loop.max / 1e6);
}

async function bareBaseline(): Promise<Stats> {
  const app = Fastify({ logger: false });
  app.put('/bare/:id', async (req) => ({ id: (req.params as { id: string }).id, body: req.body }));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const stats = await load(USERS, SECONDS, async (w) => {
    const res = await fetch(`${address}/bare/${w}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rowVersion: 1, value: { value: true }, note: '' }),
    });
    await res.arrayBuffer();
    return res.ok ? 'ok' : 'error';
  });
  await app.close();
  return stats;
}

async function productRun(dialect: Dialect, db: Database): Promise<Stats> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-bench-'));
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    const config = loadConfig({
      SERVE_WEB: 'false',
      DATA_DIR: dataDir,
      LOGIN_RATE_PER_MINUTE: '10000',
      LOG_LEVEL: 'warn',
    });
    const app = await buildApp({ config, db, dialect, logger: false });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    // USERS focal officers spread over the demo units (several per unit: conflicts happen, as in real life).
    const scorecards = await db
      .selectFrom('scorecard as s')
      .innerJoin('unit as u', 'u.id', 's.unitId')
      .innerJoin('campaign as c', 'c.id', 's.campaignId')
      // Only scorecards still open: the demo also holds last year's and a published campaign,
      // and a submitted scorecard of this year, whose saves are rightly refused (SCORECARD_LOCKED).
      .where('c.phase', '=', 'SELF_ASSESSMENT')
      .where('s.status', '=', 'DRAFT')
      .select(['s.id', 's.unitId', 's.groupCode', 'u.code'])
      .orderBy('u.code')
      .execute();
    const admin = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const ctx = {
      actor: { userId: admin.id, roles: [{ role: 'SYSTEM_ADMIN' as const, unitId: null }] },
      ip: null,
    };
    const deps = { db, clock: { now: () => new Date() } };
    const users = createUsersService(
      deps,
      createSessionService(deps, { idleMinutes: 60, maxHours: 12, cookieSecure: false }),
    );
    const set = await db.selectFrom('index_set').select('document').executeTakeFirstOrThrow();
    const doc = JSON.parse(set.document) as IndexSetDocument;
    const sessions: { cookie: string; csrf: string; scorecardId: string; leaves: [string, unknown][] }[] = [];
    for (let i = 0; i < USERS; i++) {
      const sc = scorecards[i % scorecards.length]!;
      const username = `bench.${i}`;
      await users.createUser(
        ctx,
        {
          username,
          fullName: `Bench ${i}`,
          password: 'bench-2024-abc',
          roles: [{ role: 'UNIT_FOCAL', unitId: sc.unitId }],
        },
        { mustChangePassword: false },
      );
      const res = await fetch(`${address}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'bench-2024-abc' }),
      });
      const cookie = res.headers
        .getSetCookie()
        .find((c) => c.startsWith('cchc_session='))!
        .split(';')[0]!;
      const info = (await res.json()) as { csrfToken: string };
      const leaves = [...answerableLeaves(doc, sc.groupCode).entries()]
        .filter(([, l]) => l.kind === 'CRITERION')
        .map(([code, l]) => [code, goodAnswer(l.leaf)] as [string, unknown]);
      sessions.push({ cookie, csrf: info.csrfToken, scorecardId: sc.id, leaves });
    }
    // Each client remembers the versions it has seen, as the web page does; a 409 teaches it the current one.
    const versions = new Map<string, number>();
    let n = 0;
    const stats = await load(USERS, SECONDS, async (w) => {
      const s = sessions[w]!;
      const [leaf, value] = s.leaves[(n++ + w) % s.leaves.length]!;
      const key = `${s.scorecardId}/${leaf}`;
      const res = await fetch(
        `${address}/api/scorecards/${s.scorecardId}/answers/${encodeURIComponent(leaf)}`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
          body: JSON.stringify({
            rowVersion: versions.get(key) ?? 0,
            value,
            note: `lần ${n}`,
            noEvidenceReason: 'bench',
          }),
        },
      );
      const body = (await res.json()) as {
        rowVersion?: number;
        error?: { code: string; details?: { currentVersion?: number } };
      };
      if (res.status === 200) {
        versions.set(key, body.rowVersion!);
        return 'ok';
      }
      if (res.status === 409 && body.error?.code === 'EDIT_CONFLICT') {
        versions.set(key, body.error.details?.currentVersion ?? 0);
        return 'conflict';
      }
      return 'error';
    });
    await app.close();
    return stats;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (x: number) => x.toFixed(1).replace('.', ',');
function row(label: string, s: Stats, base: Stats) {
  return `| ${label} | ${s.requests} | ${fmt(s.perSecond)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${s.conflicts} | ${s.errors} | ${fmt(s.loopMax)} | ${fmt(s.p95 / base.p95)}× |`;
}

const bare = await bareBaseline();
const lines = [
  `Save-a-score: ${USERS} concurrent users, ${SECONDS} s per run, ${new Date().toISOString()}`,
  '',
  '| Target | Requests | Req/s | p50 (ms) | p95 (ms) | p99 (ms) | 409 conflicts | Errors | Longest loop stall (ms) | p95 vs bare |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  row('bare Fastify PUT (same client)', bare, bare),
];
{
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-bench-db-'));
  const { db } = createDb({ kind: 'sqlite', file: path.join(dir, 'bench.sqlite') });
  lines.push(row('save answer, SQLite (file, WAL)', await productRun('sqlite', db), bare));
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
try {
  await admin.connect();
  const name = `cchc_bench_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const { db } = createDb({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:5432/${name}` });
  lines.push(row('save answer, PostgreSQL (pool 10)', await productRun('postgres', db), bare));
  await db.destroy();
  await admin.query(`DROP DATABASE ${name}`);
} catch (error) {
  lines.push(`PostgreSQL skipped: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await admin.end().catch(() => {});
}
console.log(lines.join('\n'));
