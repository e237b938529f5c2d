/**
 * Results benchmark (issue 6): how long the results page takes for a big campaign, on SQLite and
 * on PostgreSQL, against the floor of one SQL aggregate over the same rows.
 *
 *   npx tsx bench/results.bench.ts [--units=10000] [--small=500] [--runs=3] [--readers=100]
 *                                  [--seconds=30] [--db=sqlite|postgres] [--no-http]
 *
 * For each database (SQLite in a temp folder; PostgreSQL when 127.0.0.1:5432 answers, in a
 * throw-away database dropped at the end) the script:
 *  1. runs the real migrations and bulk-inserts the data set of bench/fixture.ts: a PUBLISHED
 *     150-leaf index set, `--units` units in 3 groups, users, and two campaigns in phase APPROVED
 *     with COUNCIL_APPROVED scorecards — the big one (`--units` units) and a small one (`--small`
 *     units): 150 answers per scorecard, a ROUND1 decision on 20 % of the leaves, an explanation
 *     request on 2 % of the scorecards;
 *  2. times, `--runs` times each (min / median / max): `campaignResults` (appraisal-results.ts),
 *     the results page's service call `results()` cold (a new service: empty summary cache) and
 *     warm (cached summary), the response's zod check and JSON.stringify, and two hand-written SQL
 *     aggregates over the same rows through the same Kysely instance (the floor); then one
 *     step-by-step breakdown (queries, JSON.parse, engine, ranking, per-request queries);
 *  3. starts the real app (buildApp) in a child process of this one — so that a server that
 *     runs out of memory cannot take the benchmark with it, and the readers' own work does not
 *     share the server's event loop — signs in as an Office user and GETs
 *     /api/campaigns/:id/results: one reader (first request, then warm ones); `--readers` readers
 *     at once on a fresh server (empty cache); `--readers` readers in a loop for `--seconds`
 *     (warm), while a probe measures what GET /api/health waits meanwhile.
 * The report (markdown) goes to stdout, progress to stderr; the figures are copied by hand to
 * docs/benchmarks.md ("Results (issue 6)"). A full run takes 10–13 minutes on 2 CPUs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
// biome-ignore lint/style/noRestrictedImports: the hand-written SQL aggregate (the floor) runs through the app's own Kysely instance.
import { sql } from 'kysely';
import { ResultsView } from '../domain/src/api/results';
import {
  type LeafDecision,
  latestDecisions,
  totalPoints,
  unitScores,
  WORKING_GROUP_STAGES,
} from '../domain/src/appraisal/appraisal';
import { answerableLeaves } from '../domain/src/campaign/self-assessment';
import { itemTotals, ranksOf } from '../domain/src/results/results';
import { rankUnits, scoreUnit } from '../domain/src/scoring/engine';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { createDb, type Database, type Dialect } from '../server/src/db/database';
import { migrateToLatest } from '../server/src/db/migrate';
import { appraisalRepo } from '../server/src/modules/appraisal/appraisal.repo';
import { campaignResults, toDecision, toSelfAnswer } from '../server/src/modules/appraisal/appraisal-results';
import { resultsRepo } from '../server/src/modules/results/results.repo';
import { createResultsService } from '../server/src/modules/results/results.service';
import { createScorecardAccess } from '../server/src/modules/scorecards/scorecard-access';
import { scorecardsRepo } from '../server/src/modules/scorecards/scorecards.repo';
import type { Ctx } from '../server/src/modules/shared/context';
import { systemClock } from '../server/src/platform/clock';
import { benchFlags, withThrowawayPostgres } from './args';
import { emitFigures, type Figure } from './emit';
import { type Bulk, type Fixture, generate, LEAVES, PASSWORD, postgresBulk, sqliteBulk } from './fixture';
import { fmtStat, ms, type Stat, stat } from './stats';

// A full collection on demand, to measure what a result keeps alive (no --expose-gc on the command line).
v8.setFlagsFromString('--expose-gc');
const forceGc = vm.runInNewContext('gc') as () => void;

const here = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(here), '..');

// ---------------------------------------------------------------------------------------------
// Options.

const flags = benchFlags();
const UNITS = Number(flags.get('units') ?? 10_000);
const SMALL = Number(flags.get('small') ?? 500);
const RUNS = Math.max(3, Number(flags.get('runs') ?? 3));
const READERS = Number(flags.get('readers') ?? 100);
const LOAD_SECONDS = Number(flags.get('seconds') ?? 30);
const ONLY_DB = flags.get('db');
const HTTP = !flags.has('no-http');
const log = (line: string) =>
  process.stderr.write(`[results.bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Timing helpers.

/**
 * Times `fn` `runs` times; `before`/`after` run outside the clock (checks, GC, memory). Heavy
 * steps pass `before: forceGc` so that every run starts from the same, collected heap.
 */
async function timeRuns<T>(
  runs: number,
  fn: () => Promise<T> | T,
  hooks: { before?: (run: number) => void; after?: (value: T, run: number) => Promise<void> | void } = {},
): Promise<Stat> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    hooks.before?.(i);
    const t = performance.now();
    let value: T | undefined = await fn();
    samples.push(performance.now() - t);
    await hooks.after?.(value, i);
    // An async function keeps its locals in its frame: without this, the previous run's result
    // (over a gigabyte at 10 000 units) would still be alive, and collected, during the next run.
    value = undefined;
  }
  return stat(samples);
}

/** Sums the garbage collector's pauses until `stop()`. */
function gcTimer(): { stop(): Promise<number> } {
  let total = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      total += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      // Entries are delivered asynchronously.
      await new Promise((r) => setTimeout(r, 50));
      obs.disconnect();
      return total;
    },
  };
}

const heapMb = () => process.memoryUsage().heapUsed / 1e6;

// ---------------------------------------------------------------------------------------------
// In-process measurements: the real query path, the service, the SQL floor, a breakdown.

/** Σ self points per scorecard, ranked: the least any computation reading these rows must pay. */
function floorSelf(db: Database, campaignId: string) {
  return sql<{ scorecardId: string; total: number; rnk: number }>`
    SELECT a."scorecardId" AS "scorecardId", SUM(a.points) AS total,
           RANK() OVER (ORDER BY SUM(a.points) DESC) AS rnk
    FROM scorecard_answer a JOIN scorecard s ON s.id = a."scorecardId"
    WHERE s."campaignId" = ${campaignId}
    GROUP BY a."scorecardId"
    ORDER BY total DESC`.execute(db);
}

/** The same with the latest decision of each leaf replacing the self score (closer to "final"). */
function floorFinal(db: Database, campaignId: string) {
  return sql<{ scorecardId: string; total: number; rnk: number }>`
    WITH d AS (
      SELECT d."scorecardId", d."leafCode", d.points,
             ROW_NUMBER() OVER (PARTITION BY d."scorecardId", d."leafCode" ORDER BY d.seq DESC) AS rn
      FROM score_decision d JOIN scorecard s ON s.id = d."scorecardId"
      WHERE s."campaignId" = ${campaignId}
    )
    SELECT a."scorecardId" AS "scorecardId", SUM(COALESCE(d.points, a.points)) AS total,
           RANK() OVER (ORDER BY SUM(COALESCE(d.points, a.points)) DESC) AS rnk
    FROM scorecard_answer a
    JOIN scorecard s ON s.id = a."scorecardId"
    LEFT JOIN d ON d."scorecardId" = a."scorecardId" AND d."leafCode" = a."leafCode" AND d.rn = 1
    WHERE s."campaignId" = ${campaignId}
    GROUP BY a."scorecardId"
    ORDER BY total DESC`.execute(db);
}

interface Measured {
  units: number;
  campaignResults: Stat;
  /** results() on a service with an empty cache: the first reader after start-up or a change. */
  cold: Stat;
  /** results() once the campaign's summary is cached (every later reader). */
  warm: Stat;
  zod: Stat;
  stringify: Stat;
  responseBytes: number;
  floorSelf: Stat;
  floorFinal: Stat;
  /** GC pauses during the first campaignResults run, ms. */
  gcMs: number;
  /** Heap kept alive by one campaignResults result, and by a warm service (its cache), MB after a full GC. */
  resultMb: number;
  cacheMb: number;
  /** READERS warm results() + zod + stringify at once, in-process: wall, GC pauses, heap growth seen (MB). */
  atOnce: { ms: number; gcMs: number; heapMb: number; errors: number };
}

async function measure(
  db: Database,
  campaignId: string,
  units: number,
  runs: number,
  ctx: Ctx,
  expectedSelf: Map<string, number> | null,
): Promise<Measured> {
  const access = createScorecardAccess({ db, clock: systemClock });
  const newService = () =>
    createResultsService({ db, clock: systemClock, access }, { agencyName: 'THANH TRA CHÍNH PHỦ' });
  const campaign = await db
    .selectFrom('campaign')
    .select('indexSetId')
    .where('id', '=', campaignId)
    .executeTakeFirstOrThrow();
  const doc = await access.documentOf(campaign.indexSetId);

  // a. The query path of appraisal-results.ts. The first run is checked (every unit, the stored
  // self totals agree with the engine) and measured for GC and memory, outside the clock.
  let gc: { stop(): Promise<number> } | null = null;
  let heap0 = 0;
  let gcMs = 0;
  let resultMb = 0;
  const cr = await timeRuns(runs, () => campaignResults(db, campaignId, doc), {
    before(i) {
      forceGc();
      if (i === 0) {
        heap0 = heapMb();
        gc = gcTimer();
      }
    },
    async after(results, i) {
      if (i !== 0) {
        return;
      }
      gcMs = await gc!.stop();
      forceGc();
      resultMb = heapMb() - heap0;
      if (results.length !== units) {
        throw new Error(`campaignResults returned ${results.length} units, expected ${units}`);
      }
      for (const r of expectedSelf ? results : []) {
        if (expectedSelf!.get(r.scorecardId) !== totalPoints(r.scores.self)) {
          throw new Error(`self total of ${r.unitCode} differs from the stored selfPoints`);
        }
      }
    },
  });

  // The results page: cold (a fresh service, empty cache) and warm (the same service again).
  const cold = await timeRuns(runs, () => newService().results(ctx, campaignId), {
    before: forceGc,
    after(v) {
      if (v.rows.length !== units) {
        throw new Error(`results() returned ${v.rows.length} rows, expected ${units}`);
      }
    },
  });
  forceGc();
  const beforeCache = heapMb();
  const service = newService();
  await service.results(ctx, campaignId);
  forceGc();
  const cacheMb = heapMb() - beforeCache;
  const warm = await timeRuns(Math.max(runs, 5), () => service.results(ctx, campaignId));
  // What fastify-type-provider-zod's serializerCompiler does with the answer: safeParse, stringify.
  const view = await service.results(ctx, campaignId);
  let parsed: unknown = null;
  const zod = await timeRuns(5, () => {
    const r = ResultsView.safeParse(view);
    if (!r.success) {
      throw new Error(`ResultsView does not parse: ${r.error.message.slice(0, 300)}`);
    }
    parsed = r.data;
  });
  let responseBytes = 0;
  const stringify = await timeRuns(5, () => {
    responseBytes = Buffer.byteLength(JSON.stringify(parsed));
  });

  // READERS warm results() at once, each then checked and serialised as the HTTP layer does:
  // what the concurrent HTTP readers cost the server without the network, and the heap they hold.
  forceGc();
  const heapBase = heapMb();
  let heapPeak = heapBase;
  const gcAtOnce = gcTimer();
  const t0 = performance.now();
  // A request that fails (e.g. PostgreSQL's pool wait running out) is counted, not fatal.
  let atOnceErrors = 0;
  await Promise.all(
    Array.from({ length: READERS }, async () => {
      try {
        const v = await service.results(ctx, campaignId);
        heapPeak = Math.max(heapPeak, heapMb());
        const body = JSON.stringify(ResultsView.parse(v));
        heapPeak = Math.max(heapPeak, heapMb());
        return body.length;
      } catch {
        atOnceErrors++;
        return 0;
      }
    }),
  );
  const atOnce = {
    ms: performance.now() - t0,
    gcMs: await gcAtOnce.stop(),
    heapMb: heapPeak - heapBase,
    errors: atOnceErrors,
  };

  // b. The floor: one SQL aggregate over the same rows, same database, same Kysely instance.
  const fs = await timeRuns(Math.max(runs, 5), () => floorSelf(db, campaignId), {
    after(r) {
      if (r.rows.length !== units) {
        throw new Error(`SQL aggregate returned ${r.rows.length} rows, expected ${units}`);
      }
    },
  });
  const ff = await timeRuns(Math.max(runs, 5), () => floorFinal(db, campaignId));
  return {
    units,
    campaignResults: cr,
    cold,
    warm,
    zod,
    stringify,
    responseBytes,
    floorSelf: fs,
    floorFinal: ff,
    gcMs,
    resultMb,
    cacheMb,
    atOnce,
  };
}

/** campaignResults and the results page taken apart, step by step (one run each). */
async function breakdown(db: Database, campaignId: string): Promise<[string, number][]> {
  const steps: [string, number][] = [];
  /** Times one step; `gcLabel` adds a line with the GC pauses inside it. */
  const step = async <T>(label: string, fn: () => T | Promise<T>, gcLabel?: string): Promise<T> => {
    const gc = gcLabel ? gcTimer() : null;
    const t = performance.now();
    const v = await fn();
    steps.push([label, performance.now() - t]);
    if (gc && gcLabel) {
      steps.push([gcLabel, await gc.stop()]);
    }
    return v;
  };
  const access = createScorecardAccess({ db, clock: systemClock });
  const campaign = await db
    .selectFrom('campaign')
    .select('indexSetId')
    .where('id', '=', campaignId)
    .executeTakeFirstOrThrow();
  const doc = await access.documentOf(campaign.indexSetId);
  const repo = appraisalRepo(db);
  forceGc();
  await step(
    'campaignResults: its 4 queries in parallel (wall)',
    () =>
      Promise.all([
        scorecardsRepo(db).listByCampaign(campaignId),
        repo.answersOfCampaign(campaignId),
        repo.decisionsOfCampaign(campaignId),
        repo.explanationsOfCampaign(campaignId),
      ]),
    '  GC pauses during those queries',
  );
  forceGc();
  const cards = await step('  query alone: scorecards + units (listByCampaign)', () =>
    scorecardsRepo(db).listByCampaign(campaignId),
  );
  const answers = await step('  query alone: answers (answersOfCampaign)', () =>
    repo.answersOfCampaign(campaignId),
  );
  const decisions = await step('  query alone: decisions (decisionsOfCampaign)', () =>
    repo.decisionsOfCampaign(campaignId),
  );
  await step('  query alone: explanations (explanationsOfCampaign)', () =>
    repo.explanationsOfCampaign(campaignId),
  );
  const byCard = <T extends { scorecardId: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.scorecardId);
      if (list) {
        list.push(r);
      } else {
        m.set(r.scorecardId, [r]);
      }
    }
    return m;
  };
  const [answersBy, decisionsBy] = await step('group rows by scorecard', () => [
    byCard(answers),
    byCard(decisions),
  ]);
  const selfAnswers = await step('JSON.parse of the answer values (toSelfAnswer)', () =>
    cards.map((c) => (answersBy.get(c.id) ?? []).map(toSelfAnswer)),
  );
  const leafDecisions = await step('decision rows → LeafDecision (toDecision)', () =>
    cards.map((c) => (decisionsBy.get(c.id) ?? []).map(toDecision)),
  );
  answers.length = 0;
  const scores = await step(
    'unitScores × units (self, appraised, final)',
    () =>
      cards.map((c, i) =>
        unitScores(doc, { code: c.id, group: c.groupCode }, selfAnswers[i]!, leafDecisions[i]!),
      ),
    '  GC pauses during unitScores × units (the results of every unit stay alive)',
  );
  // Inside unitScores: its pieces run alone over the same units.
  await step('  of which answerableLeaves × 4 per unit', () => {
    for (const c of cards) {
      for (let k = 0; k < 4; k++) {
        answerableLeaves(doc, c.groupCode);
      }
    }
  });
  await step('  of which latestDecisions × 2 per unit', () => {
    for (const d of leafDecisions) {
      latestDecisions(d, WORKING_GROUP_STAGES);
      latestDecisions(d);
    }
  });
  // The three engine inputs of each unit as unitScores builds them (scoreWith), built outside the
  // clock, so that scoreUnit alone can be timed.
  const inputs = cards.flatMap((c, i) => {
    const wg = latestDecisions(leafDecisions[i]!, WORKING_GROUP_STAGES);
    const all = latestDecisions(leafDecisions[i]!);
    return [new Map(), wg, all].map((decided: Map<string, LeafDecision>) => {
      const answersRec: Record<string, unknown> = {};
      const points: Record<string, { points: number; explanation: string }> = {};
      const na: string[] = [];
      for (const a of selfAnswers[i]!) {
        const d = decided.get(a.leafCode);
        if (d) {
          points[a.leafCode] = { points: d.points ?? 0, explanation: d.kind };
        } else if (a.naClaimed) {
          na.push(a.leafCode);
        } else if (a.value !== null) {
          answersRec[a.leafCode] = a.value;
        }
      }
      return { code: c.id, group: c.groupCode, notApplicable: na, answers: answersRec, decided: points };
    });
  });
  await step('  of which scoreUnit × 3 per unit (the engine proper)', () => {
    for (const u of inputs) {
      scoreUnit(doc, u);
    }
  });
  inputs.length = 0;
  {
    const get = (label: string) => steps.find(([l]) => l.startsWith(label))?.[1] ?? 0;
    steps.push([
      '  remainder of unitScores (maps, texts, per-leaf list; the pieces above run alone, ± noise)',
      get('unitScores') -
        get('  GC pauses during unitScores') -
        get('  of which answerableLeaves') -
        get('  of which latestDecisions') -
        get('  of which scoreUnit'),
    ]);
  }
  await step('rankUnits (campaignResults)', () =>
    rankUnits(
      scores.map((s, i) => ({
        code: cards[i]!.id,
        group: cards[i]!.groupCode,
        indexPercent: s.final.indexPercent,
      })),
      doc.ranking,
    ),
  );
  // What the results service adds (results-summary.ts summarize, then the view).
  await step('summary: ranksOf (overall and in group)', () =>
    ranksOf(
      scores.map((s, i) => ({
        code: cards[i]!.id,
        group: cards[i]!.groupCode,
        indexPercent: s.final.indexPercent,
      })),
      doc.ranking,
    ),
  );
  await step('summary: itemTotals per unit (fields and criteria kept)', () => {
    for (const s of scores) {
      itemTotals(doc, s.final).filter((i) => i.depth <= 1 && i.applies);
    }
  });
  scores.length = 0;
  selfAnswers.length = 0;
  await step('every request: resultsFingerprint query (cache key)', () =>
    resultsRepo(db).resultsFingerprint(campaignId),
  );
  await step('every request: specialCaseCounts query', () => resultsRepo(db).specialCaseCounts(campaignId));
  return steps;
}

// ---------------------------------------------------------------------------------------------
// HTTP: the real app in a child process, readers in this one.

interface ServerHandle {
  url: string;
  /** Peak RSS of the server process so far, MB (from its heartbeats). */
  peakMb: () => number;
  /** Messages of the errors the server logged, with how many times each. */
  errors: Map<string, number>;
  exited: () => string | null;
  stop(): Promise<void>;
}

async function startServer(kind: Dialect, target: string, dataDir: string): Promise<ServerHandle> {
  const proc = spawn(process.execPath, ['--import', 'tsx', here, '--serve', kind, target, dataDir], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let peak = 0;
  const errors = new Map<string, number>();
  let exit: string | null = null;
  const tail: string[] = [];
  createInterface({ input: proc.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 30) {
      tail.shift();
    }
  });
  proc.on('exit', (code, signal) => {
    const why = tail.filter((l) => /heap|memory|error/i.test(l)).slice(-2);
    exit = `exit ${code ?? signal}${why.length > 0 ? `: ${why.join(' | ')}` : ''}`;
  });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      let msg: { port?: number; maxRssMb?: number; level?: number; msg?: string; err?: { message?: string } };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if ((msg.level ?? 0) >= 50) {
        const text = (msg.err?.message ?? msg.msg ?? '?').slice(0, 160);
        errors.set(text, (errors.get(text) ?? 0) + 1);
      }
      if (msg.port) {
        resolve(msg.port);
      }
      if (msg.maxRssMb) {
        peak = Math.max(peak, msg.maxRssMb);
      }
    });
    proc.once('exit', () => reject(new Error(`server exited before listening: ${tail.join('\n')}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    peakMb: () => peak,
    errors,
    exited: () => exit,
    async stop() {
      if (exit !== null) {
        return;
      }
      const done = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.stdin!.end();
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Child mode: the real app (buildApp) on 127.0.0.1; heartbeats with its peak RSS on stdout. */
async function serveMode(kind: string, target: string, dataDir: string): Promise<void> {
  if (kind === 'bare') {
    await bareMode(target);
    return;
  }
  const config = loadConfig({
    SERVE_WEB: 'false',
    SEED_DEMO: 'false',
    DATA_DIR: dataDir,
    ...(kind === 'postgres' ? { DATABASE_URL: target } : {}),
    LOGIN_RATE_PER_MINUTE: '10000',
    // Errors only, as JSON lines on stdout (a pipe): the parent reports the causes of 500s.
    LOG_LEVEL: 'error',
  });
  const { db, dialect } = createDb(config.database);
  const app = await buildApp({ config, db, dialect, logger: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  announceUntilStdinEnds(app.server.address(), async () => {
    await app.close();
    await db.destroy();
  });
}

/** Child mode: the floor of the HTTP load — Fastify sending a fixed body (the page's), same protocol as serveMode. */
async function bareMode(bodyFile: string): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const body = readFileSync(bodyFile, 'utf8');
  const app = Fastify({ logger: false });
  app.get('/api/health', async () => ({ status: 'ok' }));
  app.get('/api/campaigns/:id/results', async (_req, reply) => reply.type('application/json').send(body));
  await app.listen({ host: '127.0.0.1', port: 0 });
  announceUntilStdinEnds(app.server.address(), () => app.close());
}

/**
 * The child side of startServer's protocol: the port as a JSON line, then the peak RSS every
 * 250 ms, until the parent closes stdin; then `close` and exit.
 */
function announceUntilStdinEnds(address: string | AddressInfo | null, close: () => Promise<unknown>): void {
  const port = typeof address === 'object' && address ? address.port : 0;
  const beat = () =>
    process.stdout.write(
      `${JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
    );
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  const timer = setInterval(beat, 250);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    clearInterval(timer);
    beat();
    await close();
    process.exit(0);
  });
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) {
    throw new Error(`login failed: ${res.status} ${await res.text()}`);
  }
  await res.arrayBuffer();
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('cchc_session='))!
    .split(';')[0]!;
}

interface Latencies {
  ok: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function latencies(xs: readonly number[]): Latencies {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { ok: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? Number.NaN };
}

interface LoadStats extends Latencies {
  readers: number;
  sent: number;
  errors: Record<string, number>;
  seconds: number;
  perSecond: number;
  /** GET /api/health every 200 ms during the load: what any other user waits meanwhile. */
  probe: Latencies;
  serverPeakMb: number;
  serverExit: string | null;
  /** Errors the server logged during the load (message → count). */
  serverErrors: Record<string, number>;
}

/**
 * `readers` concurrent loops, each sending up to `perReader` requests one after another and
 * starting none after `issueSeconds`; requests already sent are waited for (they are part of the
 * load) until `hardSeconds`, when the rest count as "unfinished at the hard limit".
 */
async function load(
  server: ServerHandle,
  urlPath: string,
  cookies: readonly string[],
  readers: number,
  perReader: number,
  issueSeconds: number,
  hardSeconds: number,
): Promise<LoadStats> {
  const times: number[] = [];
  const errors: Record<string, number> = {};
  const probeTimes: number[] = [];
  server.errors.clear();
  let sent = 0;
  let running = true;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), hardSeconds * 1000);
  const start = performance.now();
  const issueUntil = start + issueSeconds * 1000;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      try {
        const res = await fetch(`${server.url}/api/health`, { signal: stop.signal });
        await res.arrayBuffer();
        probeTimes.push(performance.now() - t);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  await Promise.all(
    Array.from({ length: readers }, async (_, w) => {
      for (let i = 0; i < perReader && !stop.signal.aborted && performance.now() < issueUntil; i++) {
        const t = performance.now();
        sent++;
        try {
          const res = await fetch(`${server.url}${urlPath}`, {
            headers: { cookie: cookies[w % cookies.length]! },
            signal: stop.signal,
          });
          await res.arrayBuffer();
          if (res.status === 200) {
            times.push(performance.now() - t);
          } else {
            errors[`HTTP ${res.status}`] = (errors[`HTTP ${res.status}`] ?? 0) + 1;
          }
        } catch (error) {
          const key = stop.signal.aborted
            ? 'unfinished at the hard limit'
            : `network ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`;
          errors[key] = (errors[key] ?? 0) + 1;
          if (!stop.signal.aborted && server.exited()) {
            return;
          }
        }
      }
    }),
  );
  running = false;
  const elapsed = (performance.now() - start) / 1000;
  clearTimeout(timer);
  await probe;
  // Let a last heartbeat arrive.
  await new Promise((r) => setTimeout(r, 600));
  return {
    ...latencies(times),
    readers,
    sent,
    errors,
    seconds: elapsed,
    perSecond: times.length / elapsed,
    probe: latencies(probeTimes),
    serverPeakMb: server.peakMb(),
    serverExit: server.exited(),
    serverErrors: Object.fromEntries(server.errors),
  };
}

interface HttpFigures {
  /** One reader, one request after another: the first (cold cache) and the next ones (warm). */
  sequential: { units: number; coldMs: number; warm: Stat; peakMb: number }[];
  /** READERS readers at once on a fresh server (empty cache), one request each. */
  bursts: { units: number; stats: LoadStats }[];
  /** READERS readers in a loop for LOAD_SECONDS once the cache is warm. */
  steady: { units: number; stats: LoadStats }[];
  /** The limit: the same readers, loop and client against a bare Fastify process sending the same body. */
  bare: { units: number; bytes: number; stats: LoadStats }[];
}

async function httpPhase(kind: Dialect, target: string, dataDir: string, fx: Fixture): Promise<HttpFigures> {
  const out: HttpFigures = { sequential: [], bursts: [], steady: [], bare: [] };
  const resultsPath = (id: string) => `/api/campaigns/${id}/results`;
  const show = (what: string, units: number, s: LoadStats) =>
    log(
      `  HTTP ${what}, ${units} units: ok ${s.ok}/${s.sent} (${s.perSecond.toFixed(1)}/s), p50 ${ms(s.p50)} p95 ${ms(s.p95)} p99 ${ms(s.p99)} max ${ms(s.max)} ms, errors ${JSON.stringify(s.errors)}${s.serverErrors && Object.keys(s.serverErrors).length > 0 ? ` (server: ${JSON.stringify(s.serverErrors)})` : ''}, /api/health max ${ms(s.probe.max)} ms, server peak RSS ${s.serverPeakMb} MB${s.serverExit ? `, server ${s.serverExit}` : ''}`,
    );
  // 1. One reader at a time on a fresh server.
  {
    const server = await startServer(kind, target, dataDir);
    try {
      const cookie = await login(server.url, fx.officeUsername);
      for (const c of [fx.small, fx.big]) {
        const get = async () => {
          const res = await fetch(`${server.url}${resultsPath(c.id)}`, { headers: { cookie } });
          const body = await res.arrayBuffer();
          if (res.status !== 200) {
            throw new Error(`GET results: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
          }
        };
        const t = performance.now();
        await get();
        const coldMs = performance.now() - t;
        const warm = await timeRuns(Math.max(RUNS, 5), get);
        out.sequential.push({ units: c.units, coldMs, warm, peakMb: server.peakMb() });
        log(`  HTTP one reader, ${c.units} units: first ${ms(coldMs)} ms, then ${fmtStat(warm)} ms`);
      }
    } finally {
      await server.stop();
    }
  }
  // 2. READERS readers, each with its own session, on a fresh server per campaign size: all at
  // once on the empty cache, then in a loop on the warm cache.
  for (const c of [fx.small, fx.big]) {
    const server = await startServer(kind, target, dataDir);
    try {
      const cookies: string[] = [];
      for (let i = 0; i < READERS; i++) {
        cookies.push(await login(server.url, fx.officeUsername));
      }
      const burst = await load(server, resultsPath(c.id), cookies, READERS, 1, 300, 300);
      out.bursts.push({ units: c.units, stats: burst });
      show(`${READERS} readers at once (cold)`, c.units, burst);
      if (!server.exited()) {
        const steady = await load(
          server,
          resultsPath(c.id),
          cookies,
          READERS,
          Number.POSITIVE_INFINITY,
          LOAD_SECONDS,
          LOAD_SECONDS + 180,
        );
        out.steady.push({ units: c.units, stats: steady });
        show(`${READERS} readers for ${LOAD_SECONDS} s (warm)`, c.units, steady);
        // The limit of the same load: the page's own bytes from a bare Fastify process.
        const res = await fetch(`${server.url}${resultsPath(c.id)}`, { headers: { cookie: cookies[0]! } });
        const body = await res.text();
        const bodyFile = path.join(os.tmpdir(), `cchc-results-bare-${process.pid}.json`);
        writeFileSync(bodyFile, body);
        const bare = await startServer('bare' as Dialect, bodyFile, '');
        try {
          const stats = await load(
            bare,
            resultsPath(c.id),
            cookies,
            READERS,
            Number.POSITIVE_INFINITY,
            LOAD_SECONDS,
            LOAD_SECONDS + 180,
          );
          out.bare.push({ units: c.units, bytes: Buffer.byteLength(body), stats });
          show(`bare Fastify, the same ${Buffer.byteLength(body)} bytes, ${READERS} readers`, c.units, stats);
        } finally {
          await bare.stop();
          rmSync(bodyFile, { force: true });
        }
      }
    } finally {
      await server.stop();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One database, start to finish.

interface DbFigures {
  label: string;
  fixture: Omit<Fixture, 'doc'>;
  big: Measured;
  small: Measured;
  breakdown: [string, number][];
  http: HttpFigures | null;
}

async function runDatabase(
  label: string,
  kind: Dialect,
  open: () => { db: Database; bulk: () => Bulk; target: string; dataDir: string },
): Promise<DbFigures> {
  log(`${label}: migrating and generating ${UNITS} + ${SMALL} scorecards × ${LEAVES} leaves …`);
  const { db, bulk, target, dataDir } = open();
  try {
    await migrateToLatest(db);
    const fx = await generate(bulk(), { units: UNITS, small: SMALL, log });
    log(`${label}: generated in ${fx.timings.total.toFixed(1)} s: ${JSON.stringify(fx.counts)}`);
    const ctx: Ctx = {
      actor: { userId: fx.officeId, roles: [{ role: 'OFFICE_STAFF', unitId: null }] },
      ip: null,
    };
    const stored = await db
      .selectFrom('scorecard')
      .select(['id', 'selfPoints'])
      .where('campaignId', '=', fx.big.id)
      .execute();
    const expectedSelf = new Map(stored.map((s) => [s.id, s.selfPoints]));
    // The small campaign first: it warms the JIT on the same code paths for the big one.
    const small = await measure(db, fx.small.id, fx.small.units, Math.max(RUNS, 5), ctx, null);
    log(
      `${label}: ${SMALL} units: campaignResults ${fmtStat(small.campaignResults)} ms, results() cold ${fmtStat(small.cold)} warm ${fmtStat(small.warm)} ms, SQL floor ${fmtStat(small.floorSelf)} ms`,
    );
    const big = await measure(db, fx.big.id, fx.big.units, RUNS, ctx, expectedSelf);
    expectedSelf.clear();
    log(
      `${label}: ${UNITS} units: campaignResults ${fmtStat(big.campaignResults)} ms, results() cold ${fmtStat(big.cold)} warm ${fmtStat(big.warm)} ms, SQL floor ${fmtStat(big.floorSelf)} ms`,
    );
    const bd = await breakdown(db, fx.big.id);
    const http = HTTP ? await httpPhase(kind, target, dataDir, fx) : null;
    const { doc: _doc, ...fixture } = fx;
    return { label, fixture, big, small, breakdown: bd, http };
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Report (markdown, on stdout).

function report(all: DbFigures[], started: number): string {
  const lines: string[] = [];
  lines.push(
    `Results benchmark — ${new Date().toISOString()} — nproc ${os.availableParallelism()}, ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}, load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; whole run ${((performance.now() - started) / 60_000).toFixed(1)} min`,
  );
  for (const f of all) {
    const x = f.fixture;
    lines.push('', `## ${f.label}`, '');
    lines.push(
      `Generated in ${x.timings.total.toFixed(1)} s: ${x.units} units; ${Object.entries(x.counts)
        .map(
          ([code, n]) =>
            `${code}: ${n.scorecards} scorecards, ${n.answers} answers, ${n.decisions} decisions, ${n.explanations} explanation requests in ${x.timings.campaigns[code]!.toFixed(1)} s`,
        )
        .join(
          '; ',
        )}; users (argon2) ${x.timings.users.toFixed(1)} s, units + index set ${x.timings.units.toFixed(1)} s, ${f.label.startsWith('SQLite') ? 'WAL checkpoint' : 'ANALYZE'} ${x.timings.finish.toFixed(1)} s.`,
    );
    lines.push(
      '',
      '| Units | What | Median (min–max) ms | Runs | ÷ SQL Σ self | ÷ SQL Σ final |',
      '| ---: | --- | ---: | ---: | ---: | ---: |',
    );
    for (const m of [f.small, f.big]) {
      const row = (what: string, s: Stat) =>
        `| ${m.units} | ${what} | ${fmtStat(s)} | ${s.runs} | ${(s.median / m.floorSelf.median).toFixed(1)}× | ${(s.median / m.floorFinal.median).toFixed(1)}× |`;
      lines.push(row('campaignResults (appraisal-results.ts)', m.campaignResults));
      lines.push(row('results() cold: new service, empty cache', m.cold));
      lines.push(row('results() warm: cached summary', m.warm));
      lines.push(row('response: zod safeParse (serializerCompiler)', m.zod));
      lines.push(row(`response: JSON.stringify (${(m.responseBytes / 1e6).toFixed(2)} MB)`, m.stringify));
      lines.push(row('SQL: Σ self points + RANK() — the floor', m.floorSelf));
      lines.push(row('SQL: Σ latest decision else self + RANK()', m.floorFinal));
    }
    lines.push(
      '',
      `At ${f.big.units} units: GC pauses during one campaignResults ${ms(f.big.gcMs)} ms; heap kept alive by its result ${ms(f.big.resultMb)} MB; by a warm service (cached summary) ${ms(f.big.cacheMb)} MB (after a full GC).`,
    );
    for (const m of [f.small, f.big]) {
      lines.push(
        `${READERS} warm results() + zod + JSON.stringify at once, in-process, ${m.units} units: ${ms(m.atOnce.ms)} ms wall (one after another would be ≈ ${ms(READERS * (m.warm.median + m.zod.median + m.stringify.median))} ms), GC pauses ${ms(m.atOnce.gcMs)} ms, heap up to +${ms(m.atOnce.heapMb)} MB, failed requests ${m.atOnce.errors}.`,
      );
    }
    lines.push('', `Breakdown at ${f.big.units} units (one run each):`, '');
    for (const [label, t] of f.breakdown) {
      lines.push(`- ${label}: ${ms(t)} ms`);
    }
    if (f.http) {
      lines.push(
        '',
        '| Units | Readers | OK / sent | Req/s | p50 ms | p95 ms | p99 ms | max ms | Errors | /api/health p50 / max ms | Server peak RSS MB | Wall s |',
        '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
      );
      for (const s of f.http.sequential) {
        lines.push(
          `| ${s.units} | 1, first request (cold) | 1 / 1 | — | ${ms(s.coldMs)} | — | — | ${ms(s.coldMs)} | 0 | — | — | — |`,
          `| ${s.units} | 1, one after another (warm) | ${s.warm.runs} / ${s.warm.runs} | — | ${ms(s.warm.median)} | — | — | ${ms(s.warm.max)} | 0 | — | ${s.peakMb} | — |`,
        );
      }
      const loadRow = (units: number, what: string, s: LoadStats) => {
        const errs = Object.entries(s.errors)
          .map(([k, v]) => `${v} ${k}`)
          .join('; ');
        const causes = Object.entries(s.serverErrors)
          .map(([k, v]) => `${v}× "${k}"`)
          .join('; ');
        return `| ${units} | ${what} | ${s.ok} / ${s.sent} | ${s.perSecond.toFixed(1)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${errs || '0'}${causes ? ` (server log: ${causes})` : ''}${s.serverExit ? `; server ${s.serverExit}` : ''} | ${ms(s.probe.p50)} / ${ms(s.probe.max)} | ${s.serverPeakMb} | ${s.seconds.toFixed(0)} |`;
      };
      for (const b of f.http.bursts) {
        lines.push(loadRow(b.units, `${b.stats.readers} at once, empty cache`, b.stats));
      }
      for (const b of f.http.steady) {
        lines.push(loadRow(b.units, `${b.stats.readers} in a loop, warm`, b.stats));
      }
      for (const b of f.http.bare) {
        lines.push(
          loadRow(
            b.units,
            `limit: bare Fastify, the same ${(b.bytes / 1024).toFixed(0)} KB, ${b.stats.readers} in a loop`,
            b.stats,
          ),
        );
      }
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main.

async function main(): Promise<void> {
  const started = performance.now();
  const all: DbFigures[] = [];
  if (ONLY_DB !== 'postgres') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cchc-results-bench-'));
    // The name the app's config gives the SQLite file in DATA_DIR, so that the child server opens it.
    const file = path.join(dataDir, 'cchc.sqlite');
    try {
      all.push(
        await runDatabase('SQLite (file, WAL)', 'sqlite', () => ({
          db: createDb({ kind: 'sqlite', file }).db,
          bulk: () => sqliteBulk(file),
          target: file,
          dataDir,
        })),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (ONLY_DB !== 'sqlite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cchc-results-bench-pg-'));
    try {
      await withThrowawayPostgres(
        'cchc_bench_results',
        async (url) => {
          all.push(
            await runDatabase('PostgreSQL (local, pool 10)', 'postgres', () => ({
              db: createDb({ kind: 'postgres', url }).db,
              bulk: () => postgresBulk(url),
              target: url,
              dataDir,
            })),
          );
        },
        (reason) => log(`PostgreSQL skipped: ${reason}`),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(report(all, started));
  emitFigures(all.flatMap(figuresOf));
}

/** The summary figures of `npm run bench`: the big campaign against the hand-written SQL aggregate. */
function figuresOf(f: DbFigures): Figure[] {
  const db = f.label.startsWith('SQLite') ? 'sqlite' : 'postgres';
  const name = db === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const units = f.big.units.toLocaleString('en-US');
  const floor = { label: 'one SQL aggregate: Σ self points + RANK()', value: f.big.floorSelf.median };
  const out: Figure[] = [
    {
      id: `results.cold.${db}`,
      label: `Results computed and ranked, ${units} units × ${LEAVES} leaves, ${name}, cold`,
      value: f.big.cold.median,
      unit: 'ms',
      limit: floor,
      note: `${f.big.cold.runs} runs`,
    },
    {
      id: `results.warm.${db}`,
      label: `Results of the same campaign, cached, ${name}`,
      value: f.big.warm.median,
      unit: 'ms',
      limit: floor,
    },
  ];
  const steady = f.http?.steady.find((s) => s.units === f.big.units)?.stats;
  const bare = f.http?.bare.find((s) => s.units === f.big.units);
  if (steady) {
    const errors = Object.values(steady.errors).reduce((a, b) => a + b, 0);
    out.push({
      id: `results.http.${db}`,
      label: `Ranking page over HTTP, p95, ${steady.readers} readers in a loop, ${units} units, ${name}`,
      value: steady.p95,
      unit: 'ms',
      limit: bare
        ? {
            label: `bare Fastify GET of the same ${(bare.bytes / 1024).toFixed(0)} KB, same load`,
            value: bare.stats.p95,
          }
        : null,
      note: `${steady.perSecond.toFixed(0)} req/s, ${errors} errors`,
    });
  }
  return out;
}

if (process.argv[2] === '--serve') {
  await serveMode(process.argv[3]!, process.argv[4]!, process.argv[5]!);
} else {
  await main();
}
