/**
 * HTTP under concurrency (issues 4 and 9): `--users` signed-in users at once, each sending its
 * next request as soon as the last one is answered, against a bare Fastify route in the same
 * process, with the same client and the same body size — measured in one run, alternating, so the
 * ratio holds on a shared, noisy machine.
 *  - Save a score: focal officers of the demo saving answers through the real route
 *    (PUT /api/scorecards/:id/answers/:leaf — session, CSRF, policy, deadline, engine, optimistic
 *    concurrency, audit, progress refresh, one transaction) vs a bare PUT echoing its body.
 *  - The dashboard: Office staff reading the monitoring page's API
 *    (GET /api/campaigns/:id/monitoring) of a synthetic campaign of `--dash-units` units in
 *    self-assessment (npm run cli -- generate-synthetic) vs a bare GET sending the same bytes.
 *
 *   npx tsx bench/http.bench.ts [--seconds=10] [--users=100] [--runs=3] [--dash-units=1000]
 *                               [--db=sqlite|postgres]
 * SQLite always (unless --db=postgres); PostgreSQL too when 127.0.0.1:5432 answers (a throw-away
 * database). Markdown on stdout; the summary figures go to `npm run bench` (bench/emit.ts).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { answerableLeaves } from '../domain/src/campaign/self-assessment';
import type { IndexSetDocument } from '../domain/src/index-set/format';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { createDb, type Database, type Dialect } from '../server/src/db/database';
import { migrateToLatest } from '../server/src/db/migrate';
import { createSessionService } from '../server/src/modules/auth/session.service';
import { generateSynthetic } from '../server/src/modules/synthetic/synthetic';
import { createUsersService } from '../server/src/modules/users/users.service';
import { seedDemo } from '../server/src/seed/demo';
import { goodAnswer } from '../server/src/seed/demo-answers';
import { benchFlags, withThrowawayPostgres } from './args';
import { emitFigures, type Figure } from './emit';
import { stat } from './stats';

const flags = benchFlags();
const SECONDS = Number(flags.get('seconds') ?? 10);
const USERS = Number(flags.get('users') ?? 100);
const RUNS = Math.max(1, Number(flags.get('runs') ?? 3));
const DASH_UNITS = Number(flags.get('dash-units') ?? 1000);
const ONLY_DB = flags.get('db');
const PASSWORD = 'bench-2024-abc';
const log = (line: string) =>
  process.stderr.write(`[http.bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

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

/** The bare routes: a PUT echoing its body, and a GET sending a fixed body (set before each GET run). */
async function bareServer() {
  const app = Fastify({ logger: false });
  let getBody = '{}';
  app.put('/bare/:id', async (req) => ({ id: (req.params as { id: string }).id, body: req.body }));
  app.get('/bare', async (_req, reply) => reply.type('application/json').send(getBody));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    setBody(b: string) {
      getBody = b;
    },
    put: () =>
      load(USERS, SECONDS, async (w) => {
        const res = await fetch(`${address}/bare/${w}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ rowVersion: 1, value: { value: true }, note: '' }),
        });
        await res.arrayBuffer();
        return res.ok ? 'ok' : 'error';
      }),
    get: () =>
      load(USERS, SECONDS, async () => {
        const res = await fetch(`${address}/bare`);
        await res.arrayBuffer();
        return res.ok ? 'ok' : 'error';
      }),
    close: () => app.close(),
  };
}

async function signIn(address: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${address}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) {
    throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  }
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('cchc_session='))!
    .split(';')[0]!;
  const info = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: info.csrfToken };
}

/**
 * The product on one database: the demo (whose open scorecards the savers write to) and a
 * synthetic campaign of DASH_UNITS units in self-assessment (the dashboard), the app listening on
 * loopback, USERS focal officers and USERS Office sessions signed in.
 */
async function product(dialect: Dialect, db: Database) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-bench-'));
  await migrateToLatest(db);
  await seedDemo(db);
  const t0 = performance.now();
  const synthetic = await generateSynthetic(
    { db, dialect },
    {
      units: DASH_UNITS,
      leaves: 150,
      groups: 3,
      code: 'BENCH-DASH',
      seed: 9,
      stage: 'self-assessment',
      password: PASSWORD,
    },
  );
  log(
    `${dialect}: synthetic campaign of ${DASH_UNITS} units in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const config = loadConfig({
    SERVE_WEB: 'false',
    DATA_DIR: dataDir,
    LOGIN_RATE_PER_MINUTE: '10000',
    LOG_LEVEL: 'warn',
    EXPORT_WORKER: 'false',
  });
  const app = await buildApp({ config, db, dialect, logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  // USERS focal officers spread over the demo units (several per unit: conflicts happen, as in real life).
  const scorecards = await db
    .selectFrom('scorecard as s')
    .innerJoin('unit as u', 'u.id', 's.unitId')
    .innerJoin('campaign as c', 'c.id', 's.campaignId')
    // Only the demo's scorecards still open: the demo also holds last year's and a published
    // campaign, and a submitted scorecard of this year, whose saves are rightly refused.
    .where('c.phase', '=', 'SELF_ASSESSMENT')
    .where('c.code', '!=', 'BENCH-DASH')
    .where('s.status', '=', 'DRAFT')
    .select(['s.id', 's.unitId', 's.groupCode', 'u.code', 'c.indexSetId'])
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
  const set = await db
    .selectFrom('index_set')
    .select('document')
    .where('id', '=', scorecards[0]!.indexSetId)
    .executeTakeFirstOrThrow();
  const doc = JSON.parse(set.document) as IndexSetDocument;
  const savers: { cookie: string; csrf: string; scorecardId: string; leaves: [string, unknown][] }[] = [];
  for (let i = 0; i < USERS; i++) {
    const sc = scorecards[i % scorecards.length]!;
    const username = `bench.${i}`;
    await users.createUser(
      ctx,
      {
        username,
        fullName: `Bench ${i}`,
        password: PASSWORD,
        roles: [{ role: 'UNIT_FOCAL', unitId: sc.unitId }],
      },
      { mustChangePassword: false },
    );
    const leaves = [...answerableLeaves(doc, sc.groupCode).entries()]
      .filter(([, l]) => l.kind === 'CRITERION')
      .map(([code, l]) => [code, goodAnswer(l.leaf)] as [string, unknown]);
    savers.push({ ...(await signIn(address, username)), scorecardId: sc.id, leaves });
  }
  const readers: { cookie: string }[] = [];
  for (let i = 0; i < USERS; i++) {
    readers.push(await signIn(address, synthetic.accounts.office));
  }
  const dashPath = `/api/campaigns/${synthetic.campaign.id}/monitoring`;
  const first = await fetch(`${address}${dashPath}`, { headers: { cookie: readers[0]!.cookie } });
  const dashBody = await first.text();
  if (first.status !== 200) {
    throw new Error(`GET ${dashPath}: ${first.status} ${dashBody.slice(0, 300)}`);
  }
  // Each client remembers the versions it has seen, as the web page does; a 409 teaches it the current one.
  const versions = new Map<string, number>();
  let n = 0;
  return {
    dashBody,
    save: () =>
      load(USERS, SECONDS, async (w) => {
        const s = savers[w]!;
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
      }),
    dashboard: () =>
      load(USERS, SECONDS, async (w) => {
        const res = await fetch(`${address}${dashPath}`, { headers: { cookie: readers[w]!.cookie } });
        await res.arrayBuffer();
        return res.status === 200 ? 'ok' : 'error';
      }),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const fmt = (x: number) => x.toFixed(1).replace('.', ',');
const med = (xs: Stats[], k: keyof Stats) => stat(xs.map((x) => x[k])).median;
function row(label: string, runs: Stats[], base: Stats[]) {
  const sum = (k: 'requests' | 'errors' | 'conflicts') => runs.reduce((a, r) => a + r[k], 0);
  return `| ${label} | ${runs.length} | ${sum('requests')} | ${fmt(med(runs, 'perSecond'))} | ${fmt(med(runs, 'p50'))} | ${fmt(med(runs, 'p95'))} | ${fmt(med(runs, 'p99'))} | ${sum('conflicts')} | ${sum('errors')} | ${fmt(Math.max(...runs.map((r) => r.loopMax)))} | ${fmt(med(runs, 'p95') / med(base, 'p95'))}× |`;
}

const lines = [
  `${USERS} concurrent users, ${SECONDS} s per run after a 2 s warm-up, ${RUNS} runs alternating with the bare routes (medians; requests, conflicts and errors summed over the runs), ${new Date().toISOString()}. Client and server share one process (the bare routes too).`,
  '',
  '| Target | Runs | Requests | Req/s | p50 (ms) | p95 (ms) | p99 (ms) | 409 conflicts | Errors | Longest loop stall (ms) | p95 vs bare |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
const figures: Figure[] = [];
const bare = await bareServer();

async function measureDb(dialect: Dialect, db: Database, name: string): Promise<void> {
  const p = await product(dialect, db);
  bare.setBody(p.dashBody);
  const runs = { barePut: [] as Stats[], save: [] as Stats[], bareGet: [] as Stats[], dash: [] as Stats[] };
  try {
    for (let r = 0; r < RUNS; r++) {
      runs.barePut.push(await bare.put());
      runs.save.push(await p.save());
      runs.bareGet.push(await bare.get());
      runs.dash.push(await p.dashboard());
      log(
        `${name} run ${r + 1}: save p95 ${fmt(runs.save.at(-1)!.p95)} ms (bare ${fmt(runs.barePut.at(-1)!.p95)}), dashboard p95 ${fmt(runs.dash.at(-1)!.p95)} ms (bare ${fmt(runs.bareGet.at(-1)!.p95)})`,
      );
    }
  } finally {
    await p.close();
  }
  const kb = (Buffer.byteLength(p.dashBody) / 1024).toFixed(0);
  lines.push(
    row(`bare Fastify PUT (same client) — ${name} run`, runs.barePut, runs.barePut),
    row(`save answer, ${name}`, runs.save, runs.barePut),
    row(`bare Fastify GET, the same ${kb} KB body — ${name} run`, runs.bareGet, runs.bareGet),
    row(`monitoring dashboard, ${DASH_UNITS} units (${kb} KB), ${name}`, runs.dash, runs.bareGet),
  );
  const db_ = dialect;
  const errs = (xs: Stats[]) => xs.reduce((a, x) => a + x.errors, 0);
  figures.push(
    {
      id: `http.save.${db_}`,
      label: `Save a score, p95, ${USERS} users at once, ${name}`,
      value: med(runs.save, 'p95'),
      unit: 'ms',
      limit: { label: 'bare Fastify PUT, same client', value: med(runs.barePut, 'p95') },
      note: `${errs(runs.save)} errors`,
    },
    {
      id: `http.save-rate.${db_}`,
      label: `Save a score, throughput, ${name}`,
      value: med(runs.save, 'perSecond'),
      unit: 'req/s',
      limit: { label: 'bare Fastify PUT', value: med(runs.barePut, 'perSecond') },
    },
    {
      id: `http.dashboard.${db_}`,
      label: `Monitoring dashboard (${DASH_UNITS} units), p95, ${USERS} readers, ${name}`,
      value: med(runs.dash, 'p95'),
      unit: 'ms',
      limit: { label: `bare Fastify GET of the same ${kb} KB`, value: med(runs.bareGet, 'p95') },
      note: `${errs(runs.dash)} errors`,
    },
    {
      id: `http.dashboard-rate.${db_}`,
      label: `Monitoring dashboard, throughput, ${name}`,
      value: med(runs.dash, 'perSecond'),
      unit: 'req/s',
      limit: { label: 'bare Fastify GET, same body', value: med(runs.bareGet, 'perSecond') },
    },
  );
}

if (ONLY_DB !== 'postgres') {
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-bench-db-'));
  const { db } = createDb({ kind: 'sqlite', file: path.join(dir, 'bench.sqlite') });
  try {
    await measureDb('sqlite', db, 'SQLite (file, WAL)');
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (ONLY_DB !== 'sqlite') {
  await withThrowawayPostgres(
    'cchc_bench_http',
    async (url) => {
      const { db } = createDb({ kind: 'postgres', url });
      try {
        await measureDb('postgres', db, 'PostgreSQL (pool 10)');
      } finally {
        await db.destroy();
      }
    },
    (reason) => lines.push('', `PostgreSQL skipped: ${reason}`),
  );
}
await bare.close();
console.log(lines.join('\n'));
emitFigures(figures);
