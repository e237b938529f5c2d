/**
 * Reports benchmark (issue 7): the detail workbook of a big campaign (units × 150 leaves, one row
 * each) exported end to end through the real export job, on SQLite and on PostgreSQL, with the
 * floors of writing that file and of reading those answers measured in the same run; and, more
 * briefly, the documents that hold one row per unit (consolidated report PDF and DOCX, summary
 * workbook).
 *
 *   npx tsx bench/reports.bench.ts [--units=10000] [--runs=3] [--db=sqlite|postgres] [--no-documents]
 *
 * For each database (SQLite in a temp folder; PostgreSQL when 127.0.0.1:5432 answers, in a
 * throw-away database dropped at the end) the script:
 *  1. runs the real migrations and bulk-inserts the data set of bench/fixture.ts (the one of the
 *     results benchmark): a PUBLISHED 150-leaf index set, `--units` units, a campaign in phase
 *     APPROVED with COUNCIL_APPROVED scorecards, 150 answers each, ROUND1 decisions on 20 % of the
 *     leaves;
 *  2. `--runs` times, alternating (so that the machine's noise falls on both alike):
 *     - the export: a child process builds the real app (buildApp, EXPORT_WORKER=false, its own
 *       DATA_DIR), signs in as an Office user, then — on the clock — POSTs
 *       /api/campaigns/:id/exports {kind: 'detail-workbook', format: 'xlsx'}, runs the export
 *       worker (`app.exportWorker.runDue()`, as the tests do) and GETs the job until DONE: results
 *       computed (reportInputs), rows read and scored 250 scorecards at a time (detailRows),
 *       written by ExcelJS's streaming writer (writeDetailWorkbook), the file hashed and recorded;
 *     - floor a: a child process writes the same number of rows (same 12 columns, similar
 *       values, same sheet split) with a bare ExcelJS streaming WorkbookWriter from an in-memory
 *       generator: no database, no scoring — the least that writing this file costs;
 *     then the rows of each file are counted (the sheets' XML, streamed out of the zip);
 *     a full run at 10 000 units takes about 45 minutes on 2 CPUs;
 *  3. floor a′, once: the bare writer again, but after each chunk it waits until the zip has
 *     taken in what was written (ExcelJS ignores backpressure; see drainWriter) — an experiment
 *     showing what the file costs with bounded memory;
 *     floor b, in this process: one hand-written SQL aggregate over every answer of the campaign
 *     (COUNT, SUM of the points and of the value's length) through Kysely — the least that
 *     reading the data costs;
 *  4. a breakdown, each stage once in a child of its own: reportInputs cold; detailRows drained
 *     without writing; the same queries without scoring; detailRows → writeDetailWorkbook without
 *     the job; the same waiting for the zip after each chunk (the experiment of floor a′); and
 *     campaignResults, which the consolidated report computes through appraisal.council();
 *  5. unless --no-documents, one run each of the consolidated report (PDF, DOCX) and the summary
 *     workbook through the same export job.
 * Memory: each measured piece of work runs in its own child process; after start-up (app built,
 * signed in, a full GC) the child records its RSS ("before"), resets the kernel's peak-RSS mark
 * (`/proc/self/clear_refs` ← 5) and reports VmHWM from /proc/self/status at the end: the peak RSS
 * of the process during the work only. It also samples RSS every 50 ms and reports the longest
 * event-loop stall (the export worker runs in the app process: every request of that process
 * waits that long). The report (markdown) goes to stdout, progress to stderr; the figures are
 * copied by hand to docs/benchmarks.md ("Reports and exports (issue 7)").
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
// biome-ignore lint/style/noRestrictedImports: the hand-written SQL aggregate (the floor) runs through the app's own Kysely instance.
import { sql } from 'kysely';
import * as yauzl from 'yauzl';
import type { ExportView } from '../domain/src/api/reports';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { createDb, type Database, type Dialect } from '../server/src/db/database';
import { migrateToLatest } from '../server/src/db/migrate';
import { campaignResults } from '../server/src/modules/appraisal/appraisal-results';
import { detailRows } from '../server/src/modules/reports/detail-rows';
import { type DetailRow, MAX_SHEET_ROWS, writeDetailWorkbook } from '../server/src/modules/reports/workbooks';
import { resultsRepo } from '../server/src/modules/results/results.repo';
import { createResultsService } from '../server/src/modules/results/results.service';
import { createScorecardAccess } from '../server/src/modules/scorecards/scorecard-access';
import { scorecardsRepo } from '../server/src/modules/scorecards/scorecards.repo';
import type { Ctx } from '../server/src/modules/shared/context';
import { systemClock } from '../server/src/platform/clock';
import { benchFlags, withThrowawayPostgres } from './args';
import { emitFigures, type Figure } from './emit';
import {
  BIG_CAMPAIGN,
  type Bulk,
  type Fixture,
  generate,
  LEAVES,
  PASSWORD,
  postgresBulk,
  sqliteBulk,
} from './fixture';
import { fmtStat, ms, type Stat, stat } from './stats';

// A full collection before the "before" RSS (no --expose-gc on the command line).
v8.setFlagsFromString('--expose-gc');
const forceGc = vm.runInNewContext('gc') as () => void;

const here = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(here), '..');

// ---------------------------------------------------------------------------------------------
// Options.

const flags = benchFlags();
const UNITS = Number(flags.get('units') ?? 10_000);
const RUNS = Math.max(1, Number(flags.get('runs') ?? 3));
const ONLY_DB = flags.get('db');
const DOCUMENTS = !flags.has('no-documents');
/** `npm run bench` leaves out the stage-by-stage breakdown (one child per stage): the figures it needs are the export and its floors. */
const BREAKDOWN = !flags.has('no-breakdown');
/** A child that has not finished by then is killed and reported as such. */
const CHILD_TIMEOUT_MS = 30 * 60 * 1000;
const OFFICE_USERNAME = 'bench.office';
const TARGET_SECONDS = 120;
const TARGET_PEAK_MB = 1024;

const log = (line: string) =>
  process.stderr.write(`[reports.bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Memory and time of the work a child process does.

interface Usage {
  /** Wall time of the work, ms. */
  wallMs: number;
  /** CPU time of the whole process during the work (user + system, every thread), ms. */
  cpuMs: number;
  /** RSS after start-up and a full GC, just before the work, MB. */
  beforeMb: number;
  /** Peak RSS during the work, MB: VmHWM after a reset (else the highest 50 ms sample). */
  peakMb: number;
  /** Highest RSS seen by the 50 ms sampler (misses what happens while the event loop is blocked). */
  sampledPeakMb: number;
  /** Whether the kernel's peak mark could be reset before the work (else peakMb is sampled). */
  hwmReset: boolean;
  /** Longest event-loop stall during the work, and the 99th percentile of the 10 ms timer's delays, ms. */
  stallMaxMs: number;
  stallP99Ms: number;
}

const MB = 1024 * 1024;

function vmHwmMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0; "5" in clear_refs). */
function resetHwm(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function measured<T>(work: () => Promise<T>): Promise<{ value: T; usage: Usage }> {
  forceGc();
  const beforeMb = process.memoryUsage().rss / MB;
  const hwmReset = resetHwm();
  let sampledPeak = beforeMb;
  // Event-loop stalls: the gaps between the ticks of a 10 ms timer (and from the last tick to the
  // end: a loop blocked from start to end never ticks at all).
  const TICK = 10;
  const gaps: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last - TICK);
    last = now;
  }, TICK);
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss / MB);
  }, 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  last = t0;
  const value = await work();
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  gaps.push(end - last - TICK);
  clearInterval(ticker);
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss / MB);
  const sorted = gaps.map((g) => Math.max(0, g)).sort((a, b) => a - b);
  return {
    value,
    usage: {
      wallMs: end - t0,
      cpuMs: (cpu.user + cpu.system) / 1000,
      beforeMb,
      peakMb: hwmReset ? vmHwmMb() : sampledPeak,
      sampledPeakMb: sampledPeak,
      hwmReset,
      stallMaxMs: sorted.at(-1) ?? 0,
      stallP99Ms: sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? 0,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes: what runs there, and how the parent runs them.

type ChildTask =
  | {
      mode: 'export';
      dialect: Dialect;
      target: string;
      dataDir: string;
      kind: 'detail-workbook' | 'consolidated-report' | 'summary-workbook';
      format: 'xlsx' | 'pdf' | 'docx';
    }
  | { mode: 'write-floor'; file: string; units: number; drain: boolean }
  | { mode: 'breakdown'; dialect: Dialect; target: string; dir: string; stage: Stage };

interface ExportOutcome {
  usage: Usage;
  status: string;
  error: string | null;
  sizeBytes: number | null;
  /** Where the file is (in the child's DATA_DIR). */
  file: string | null;
}

interface WriteFloorOutcome {
  usage: Usage;
  rows: number;
  sheets: number;
}

interface BreakdownStep {
  label: string;
  usage: Usage;
  note: string;
}

function openDb(dialect: Dialect, target: string) {
  return createDb(
    dialect === 'postgres' ? { kind: 'postgres', url: target } : { kind: 'sqlite', file: target },
  ).db;
}

/** The export job, end to end, as an Office user would ask for it. */
async function exportChild(task: Extract<ChildTask, { mode: 'export' }>): Promise<ExportOutcome> {
  const config = loadConfig({
    SERVE_WEB: 'false',
    SEED_DEMO: 'false',
    EXPORT_WORKER: 'false',
    DATA_DIR: task.dataDir,
    LOGIN_RATE_PER_MINUTE: '10000',
    ...(task.dialect === 'postgres' ? { DATABASE_URL: task.target } : {}),
  });
  const db = openDb(task.dialect, task.target);
  const app = await buildApp({ config, db, dialect: task.dialect, logger: false });
  try {
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: OFFICE_USERNAME, password: PASSWORD },
    });
    if (login.statusCode !== 200) {
      throw new Error(`login: ${login.statusCode} ${login.body.slice(0, 300)}`);
    }
    const cookie = `cchc_session=${login.cookies.find((c) => c.name === 'cchc_session')!.value}`;
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const campaign = await db
      .selectFrom('campaign')
      .select('id')
      .where('code', '=', BIG_CAMPAIGN)
      .executeTakeFirstOrThrow();
    const { value: job, usage } = await measured(async () => {
      const asked = await app.inject({
        method: 'POST',
        url: `/api/campaigns/${campaign.id}/exports`,
        payload: { kind: task.kind, format: task.format },
        headers: { cookie, 'x-csrf-token': csrf },
      });
      if (asked.statusCode !== 202) {
        throw new Error(`POST exports: ${asked.statusCode} ${asked.body.slice(0, 300)}`);
      }
      await app.exportWorker.runDue();
      const res = await app.inject({
        method: 'GET',
        url: `/api/exports/${asked.json<ExportView>().id}`,
        headers: { cookie },
      });
      return res.json<ExportView>();
    });
    // Where the job stored its file (the name is the service's business: read it, don't guess).
    const stored = await db
      .selectFrom('export_job')
      .select('storageKey')
      .where('id', '=', job.id)
      .executeTakeFirst();
    return {
      usage,
      status: job.status,
      error: job.error ? `${job.error.code}: ${job.error.message}` : null,
      sizeBytes: job.sizeBytes,
      file:
        job.status === 'DONE' && stored?.storageKey
          ? path.join(task.dataDir, 'exports', stored.storageKey)
          : null,
    };
  } finally {
    await app.close();
    await db.destroy();
  }
}

/**
 * An experiment, not the app's code. ExcelJS's streaming writer ignores backpressure: each
 * worksheet is a StreamBuf that hands its 64 KB blocks to the zip's input (a PassThrough) without
 * waiting, so the sheet's XML piles up in memory whenever rows come faster than zlib deflates
 * them — and on SQLite, where every query returns without a turn of the event loop, deflate does
 * not run at all until the rows end. Here the streams the writer opens are recorded, and after
 * each chunk of rows the producer waits until the zip's inputs hold at most DRAIN_LIMIT bytes.
 */
interface SheetStream {
  pipes?: { _writableState?: { length: number } }[];
}
const openedStreams: SheetStream[] = [];
const DRAIN_LIMIT = 4 * MB;

function recordWriterStreams(): void {
  const proto = ExcelJS.stream.xlsx.WorkbookWriter.prototype as unknown as {
    _openStream(this: unknown, p: string): SheetStream;
  };
  const original = proto._openStream;
  proto._openStream = function (this: unknown, p: string) {
    const s = original.call(this, p);
    openedStreams.push(s);
    return s;
  };
}

async function drainWriter(): Promise<void> {
  for (;;) {
    const queued = openedStreams.reduce((n, s) => n + (s.pipes?.[0]?._writableState?.length ?? 0), 0);
    if (queued <= DRAIN_LIMIT) {
      return;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** The detail workbook's 12 columns (as in workbooks.ts). */
const FLOOR_COLUMNS: { header: string; width: number; numFmt?: string }[] = [
  { header: 'Xếp hạng', width: 9 },
  { header: 'Mã đơn vị', width: 12 },
  { header: 'Đơn vị', width: 36 },
  { header: 'Khối', width: 9 },
  { header: 'Mã tiêu chí', width: 11 },
  { header: 'Tiêu chí', width: 50 },
  { header: 'Loại', width: 10 },
  { header: 'Điểm tối đa', width: 10, numFmt: '#,##0.00' },
  { header: 'Tự chấm', width: 10, numFmt: '#,##0.00' },
  { header: 'Thẩm định', width: 10, numFmt: '#,##0.00' },
  { header: 'Cuối cùng', width: 10, numFmt: '#,##0.00' },
  { header: 'Lý do điều chỉnh', width: 50 },
];

/**
 * Rows like the export's, from memory: 250 units per chunk (as detailRows yields them), one turn
 * of the event loop between chunks (as a database round trip gives), one leaf in 5 reviewed.
 */
async function* syntheticRows(units: number): AsyncGenerator<unknown[][]> {
  const groups = ['THAM_MUU', 'NGHIEP_VU', 'SU_NGHIEP'];
  const leaves = Array.from({ length: LEAVES }, (_, i) => {
    const code = `${1 + Math.floor(i / 25)}.${1 + (Math.floor(i / 5) % 5)}.${1 + (i % 5)}`;
    return { code, name: `Tiêu chí thành phần ${code}`, max: [0.5, 1, 1, 1, 1.5, 2][i % 6]! };
  });
  for (let from = 0; from < units; from += 250) {
    const chunk: unknown[][] = [];
    for (let u = from; u < Math.min(units, from + 250); u++) {
      const code = `DV${String(u + 1).padStart(5, '0')}`;
      const name = `Đơn vị thử nghiệm số ${u + 1}`;
      leaves.forEach((l, i) => {
        const reviewed = (i + u) % 5 === 0;
        const adjusted = reviewed && (i * 7 + u) % 10 < 3;
        const self = (l.max * ((i + u) % 4)) / 4;
        const final = adjusted ? Math.floor(self * 50) / 100 : self;
        chunk.push([
          1 + ((u * 7919) % units),
          code,
          name,
          groups[u % 3],
          l.code,
          l.name,
          'Tiêu chí',
          l.max,
          self,
          final,
          final,
          reviewed
            ? adjusted
              ? 'Tài liệu kiểm chứng chưa chứng minh đủ kết quả tự chấm.'
              : ''
            : 'Chưa thẩm định',
        ]);
      });
    }
    yield chunk;
    await new Promise((r) => setImmediate(r));
  }
}

/** Floor a: the same rows through a bare streaming WorkbookWriter (same options as workbooks.ts). */
async function writeFloorChild(
  task: Extract<ChildTask, { mode: 'write-floor' }>,
): Promise<WriteFloorOutcome> {
  if (task.drain) {
    recordWriterStreams();
  }
  const { value, usage } = await measured(async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: task.file,
      useStyles: true,
      useSharedStrings: false,
    });
    const addSheet = (name: string) => {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = FLOOR_COLUMNS.map((c) => ({
        header: c.header,
        width: c.width,
        style: c.numFmt ? { numFmt: c.numFmt } : {},
      }));
      const head = ws.getRow(1);
      head.font = { bold: true };
      head.alignment = { vertical: 'middle', wrapText: true };
      head.height = 32;
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FLOOR_COLUMNS.length } };
      head.commit();
      return ws;
    };
    let sheets = 1;
    let ws = addSheet('Chi tiết');
    let inSheet = 0;
    let rows = 0;
    for await (const chunk of syntheticRows(task.units)) {
      for (const r of chunk) {
        if (inSheet === MAX_SHEET_ROWS) {
          ws.commit();
          sheets++;
          ws = addSheet(`Chi tiết (${sheets})`);
          inSheet = 0;
        }
        ws.addRow(r).commit();
        inSheet++;
        rows++;
      }
      if (task.drain) {
        await drainWriter();
      }
    }
    ws.commit();
    await wb.commit();
    return { rows, sheets };
  });
  return { usage, ...value };
}

/** The stages of the detail export (and what the consolidated report adds), each alone. */
const STAGES = {
  inputs: "results.reportInputs, empty cache (the export's first stage)",
  rows: 'detailRows drained, nothing written (read + score, 250 scorecards per chunk)',
  reads: "detailRows' queries alone (scorecards, then answers + decisions per 250), not scored",
  write: 'detailRows → writeDetailWorkbook, as the job calls them (no job, no hash)',
  'write-drained': 'the same, waiting for the zip to drain after each chunk (experiment, as floor a′)',
  council:
    'campaignResults: what appraisal.council() computes first (the consolidated report calls it for its special cases)',
} as const;
type Stage = keyof typeof STAGES;

/**
 * One stage of the export alone, in a process of its own (a process keeps the memory it once
 * used: stages measured one after another would start from the previous one's high-water mark).
 * Every stage but the first starts, off the clock, from what the export has when it writes: the
 * results computed (reportInputs), the ranks and the index set.
 */
async function breakdownChild(task: Extract<ChildTask, { mode: 'breakdown' }>): Promise<BreakdownStep> {
  recordWriterStreams();
  const db = openDb(task.dialect, task.target);
  try {
    const office = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', OFFICE_USERNAME)
      .executeTakeFirstOrThrow();
    const ctx: Ctx = {
      actor: { userId: office.id, roles: [{ role: 'OFFICE_STAFF', unitId: null }] },
      ip: null,
    };
    const campaign = await db
      .selectFrom('campaign')
      .select('id')
      .where('code', '=', BIG_CAMPAIGN)
      .executeTakeFirstOrThrow();
    // A fresh results service (empty cache), as a new export process has.
    const service = createResultsService(
      { db, clock: systemClock, access: createScorecardAccess({ db, clock: systemClock }) },
      { agencyName: 'THANH TRA CHÍNH PHỦ' },
    );
    const label = STAGES[task.stage];
    if (task.stage === 'inputs') {
      const inputs = await measured(() => service.reportInputs(ctx, campaign.id));
      return { label, usage: inputs.usage, note: `${inputs.value.view.rows.length} units ranked` };
    }
    const { view, document: doc } = await service.reportInputs(ctx, campaign.id);
    const rankOf = new Map(view.rows.map((r) => [r.scorecardId, r.rank]));
    const file = path.join(task.dir, 'detail.xlsx');
    switch (task.stage) {
      case 'rows': {
        const m = await measured(async () => {
          let rows = 0;
          for await (const chunk of detailRows(db, campaign.id, doc, rankOf, async () => {})) {
            rows += chunk.length;
          }
          return rows;
        });
        return { label, usage: m.usage, note: `${m.value} rows` };
      }
      case 'reads': {
        const m = await measured(async () => {
          const cards = await scorecardsRepo(db).listByCampaign(campaign.id);
          const repo = resultsRepo(db);
          let answers = 0;
          let decisions = 0;
          for (let i = 0; i < cards.length; i += 250) {
            const ids = cards.slice(i, i + 250).map((c) => c.id);
            const [a, d] = await Promise.all([repo.answersOf(ids), repo.decisionsOf(ids)]);
            answers += a.length;
            decisions += d.length;
          }
          return { answers, decisions };
        });
        return { label, usage: m.usage, note: `${m.value.answers} answers, ${m.value.decisions} decisions` };
      }
      case 'write':
      case 'write-drained': {
        // The experiment waits, after each chunk of 250 scorecards, until the zip has taken in
        // what was written (see drainWriter; not the app's code).
        async function* draining(rows: AsyncIterable<DetailRow[]>): AsyncGenerator<DetailRow[]> {
          for await (const chunk of rows) {
            // The writer asks for the next chunk once it has written this one.
            yield chunk;
            await drainWriter();
          }
        }
        const m = await measured(() => {
          const rows = detailRows(db, campaign.id, doc, rankOf, async () => {});
          return writeDetailWorkbook(file, task.stage === 'write' ? rows : draining(rows));
        });
        const note = `${m.value.rows} rows, ${(statSync(file).size / MB).toFixed(1)} MB`;
        rmSync(file, { force: true });
        return { label, usage: m.usage, note };
      }
      case 'council': {
        const m = await measured(async () => (await campaignResults(db, campaign.id, doc)).length);
        return { label, usage: m.usage, note: `${m.value} units with every leaf result` };
      }
    }
  } finally {
    await db.destroy();
  }
}

async function childMain(task: ChildTask): Promise<void> {
  const out =
    task.mode === 'export'
      ? await exportChild(task)
      : task.mode === 'write-floor'
        ? await writeFloorChild(task)
        : await breakdownChild(task);
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
}

/** Runs `task` in a child process of this script and returns what it reports. */
function runChild<T>(task: ChildTask): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', here, '--child', JSON.stringify(task)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let result: T | null = null;
    const tail: string[] = [];
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line.startsWith('RESULT ')) {
        result = JSON.parse(line.slice(7)) as T;
      }
    });
    createInterface({ input: proc.stderr! }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) {
        tail.shift();
      }
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== null && code === 0) {
        resolve(result);
      } else {
        reject(
          new Error(`child ${task.mode} ended (${code ?? signal}) without a result: ${tail.join(' | ')}`),
        );
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Checking a workbook: its rows, counted in the sheets' XML streamed out of the zip.

async function countXlsxRows(file: string): Promise<{ rows: number; sheets: number }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  let rows = 0;
  let sheets = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.fileName)) {
        zip.readEntry();
        return;
      }
      sheets++;
      zip.openReadStream(entry, (err, stream) => {
        if (err) {
          reject(err);
          return;
        }
        let carry = '';
        stream.on('data', (b: Buffer) => {
          const text = carry + b.toString('latin1');
          let at = text.indexOf('<row ');
          while (at !== -1) {
            rows++;
            at = text.indexOf('<row ', at + 5);
          }
          carry = text.slice(-4);
        });
        stream.on('error', reject);
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
  zip.close();
  // One header row per sheet.
  return { rows: rows - sheets, sheets };
}

// ---------------------------------------------------------------------------------------------
// Floor b: one SQL aggregate over every answer of the campaign.

function answersScan(db: Database, campaignId: string) {
  return sql<{ n: number | string; points: number | string; chars: number | string }>`
    SELECT COUNT(*) AS n, SUM(a.points) AS points, SUM(LENGTH(a.value)) AS chars
    FROM scorecard_answer a JOIN scorecard s ON s.id = a."scorecardId"
    WHERE s."campaignId" = ${campaignId}`.execute(db);
}

// ---------------------------------------------------------------------------------------------
// One database, start to finish.

interface DetailRun {
  export: ExportOutcome;
  exportRows: number | null;
  exportSheets: number | null;
  floor: WriteFloorOutcome;
  floorFileBytes: number;
  floorCountedRows: number;
}

interface DocumentRun {
  label: string;
  outcome: ExportOutcome | { crashed: string };
}

interface DbFigures {
  label: string;
  fixture: Omit<Fixture, 'doc'>;
  detail: DetailRun[];
  /** Floor a′, once: the bare writer waiting for the zip after each chunk. */
  floorDrained: { outcome: WriteFloorOutcome; fileBytes: number; rows: number };
  scan: Stat;
  scanRows: number;
  breakdown: (BreakdownStep | { label: string; failed: string })[];
  documents: DocumentRun[];
}

function usageLine(u: Usage): string {
  return `wall ${ms(u.wallMs / 1000)} s, CPU ${ms(u.cpuMs / 1000)} s, RSS before ${ms(u.beforeMb)} MB, peak ${ms(u.peakMb)} MB, longest stall ${ms(u.stallMaxMs)} ms`;
}

async function runDatabase(
  label: string,
  dialect: Dialect,
  open: () => { db: Database; bulk: () => Bulk; target: string },
): Promise<DbFigures> {
  log(`${label}: migrating and generating ${UNITS} scorecards × ${LEAVES} leaves …`);
  const { db, bulk, target } = open();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cchc-reports-bench-run-'));
  try {
    await migrateToLatest(db);
    const fx = await generate(bulk(), { units: UNITS, small: 0, log });
    log(`${label}: generated in ${fx.timings.total.toFixed(1)} s: ${JSON.stringify(fx.counts)}`);
    const expectedRows = UNITS * LEAVES;

    // The detail workbook and floor a, alternating.
    const detail: DetailRun[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const floorFile = path.join(scratch, `floor-${run}.xlsx`);
      const floor = await runChild<WriteFloorOutcome>({
        mode: 'write-floor',
        file: floorFile,
        units: UNITS,
        drain: false,
      });
      const floorFileBytes = statSync(floorFile).size;
      const floorCounted = await countXlsxRows(floorFile);
      rmSync(floorFile, { force: true });
      log(
        `${label}: run ${run}/${RUNS} floor a (bare ExcelJS, ${floor.rows} rows, ${(floorFileBytes / MB).toFixed(1)} MB): ${usageLine(floor.usage)}`,
      );
      const dataDir = mkdtempSync(path.join(scratch, 'data-'));
      const ex = await runChild<ExportOutcome>({
        mode: 'export',
        dialect,
        target,
        dataDir,
        kind: 'detail-workbook',
        format: 'xlsx',
      });
      let counted: { rows: number; sheets: number } | null = null;
      if (ex.file) {
        counted = await countXlsxRows(ex.file).catch((error: Error) => {
          log(`${label}: could not count the rows of ${ex.file}: ${error.message}`);
          return null;
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
      log(
        `${label}: run ${run}/${RUNS} detail workbook export: ${ex.status}${ex.error ? ` (${ex.error})` : ''}, ${counted?.rows ?? '?'} rows in ${counted?.sheets ?? '?'} sheets, ${((ex.sizeBytes ?? 0) / MB).toFixed(1)} MB: ${usageLine(ex.usage)}`,
      );
      if (counted && counted.rows !== expectedRows) {
        log(`${label}: WARNING: the export has ${counted.rows} rows, expected ${expectedRows}`);
      }
      detail.push({
        export: ex,
        exportRows: counted?.rows ?? null,
        exportSheets: counted?.sheets ?? null,
        floor,
        floorFileBytes,
        floorCountedRows: floorCounted.rows,
      });
    }

    // Floor a′ (experiment): the bare writer again, waiting for the zip after each chunk.
    const drainedFile = path.join(scratch, 'floor-drained.xlsx');
    const floorDrained = await runChild<WriteFloorOutcome>({
      mode: 'write-floor',
      file: drainedFile,
      units: UNITS,
      drain: true,
    });
    const floorDrainedBytes = statSync(drainedFile).size;
    const floorDrainedRows = (await countXlsxRows(drainedFile)).rows;
    rmSync(drainedFile, { force: true });
    log(
      `${label}: floor a′ (bare ExcelJS, waiting for the zip after each chunk, ${floorDrainedRows} rows, ${(floorDrainedBytes / MB).toFixed(1)} MB): ${usageLine(floorDrained.usage)}`,
    );

    // Floor b, in this process.
    let scanRows = 0;
    const samples: number[] = [];
    for (let i = 0; i < Math.max(RUNS, 5); i++) {
      const t = performance.now();
      const r = await answersScan(db, fx.big.id);
      samples.push(performance.now() - t);
      scanRows = Number(r.rows[0]?.n ?? 0);
    }
    const scan = stat(samples);
    log(`${label}: floor b (SQL scan of ${scanRows} answers): ${fmtStat(scan)} ms`);

    const breakdown: DbFigures['breakdown'] = [];
    for (const stage of BREAKDOWN ? (Object.keys(STAGES) as Stage[]) : []) {
      const dir = mkdtempSync(path.join(scratch, 'breakdown-'));
      try {
        const s = await runChild<BreakdownStep>({ mode: 'breakdown', dialect, target, dir, stage });
        breakdown.push(s);
        log(`${label}: breakdown: ${s.label}: ${usageLine(s.usage)} (${s.note})`);
      } catch (error) {
        const message = (error as Error).message.slice(0, 500);
        breakdown.push({ label: STAGES[stage], failed: message });
        log(`${label}: breakdown ${stage} failed: ${message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    const documents: DocumentRun[] = [];
    if (DOCUMENTS) {
      for (const [docLabel, kind, format] of [
        ['Consolidated report, PDF', 'consolidated-report', 'pdf'],
        ['Consolidated report, DOCX', 'consolidated-report', 'docx'],
        ['Summary workbook, XLSX', 'summary-workbook', 'xlsx'],
      ] as const) {
        const dataDir = mkdtempSync(path.join(scratch, 'data-'));
        try {
          const outcome = await runChild<ExportOutcome>({
            mode: 'export',
            dialect,
            target,
            dataDir,
            kind,
            format,
          });
          documents.push({ label: docLabel, outcome });
          log(
            `${label}: ${docLabel}: ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}, ${((outcome.sizeBytes ?? 0) / MB).toFixed(2)} MB: ${usageLine(outcome.usage)}`,
          );
        } catch (error) {
          documents.push({ label: docLabel, outcome: { crashed: (error as Error).message.slice(0, 500) } });
          log(`${label}: ${docLabel} failed: ${(error as Error).message.slice(0, 500)}`);
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    }
    const { doc: _doc, ...fixture } = fx;
    return {
      label,
      fixture,
      detail,
      floorDrained: { outcome: floorDrained, fileBytes: floorDrainedBytes, rows: floorDrainedRows },
      scan,
      scanRows,
      breakdown,
      documents,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Report (markdown, on stdout).

interface CodeVersion {
  /** The commit, and whether the code under test has uncommitted changes. */
  label: string;
  /** What the code under test is: the trees of server/src and domain/src, and their uncommitted diff. */
  key: string;
}

function codeVersion(): CodeVersion {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    const diff = git('diff', 'HEAD', '--', 'server/src', 'domain/src');
    const untracked = git('ls-files', '--others', '--exclude-standard', '--', 'server/src', 'domain/src');
    const dirty = diff !== '' || untracked !== '';
    return {
      label: `${git('log', '-1', '--format=%h "%s"')}${dirty ? ' + uncommitted changes in server/src or domain/src' : ''}`,
      key: `${git('rev-parse', 'HEAD:server/src', 'HEAD:domain/src')}\n${diff}\n${untracked}`,
    };
  } catch {
    return { label: 'unknown (no git)', key: '' };
  }
}

const s1 = (msValue: number) => ms(msValue / 1000);
const statOf = (xs: number[]) => stat(xs);
const fmtS = (s: Stat) => `${s1(s.median)} (${s1(s.min)}–${s1(s.max)})`;
const fmtMb = (s: Stat) => `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;

function report(all: DbFigures[], started: number, codeAtStart: CodeVersion): string {
  const lines: string[] = [];
  const codeAtEnd = codeVersion();
  lines.push(
    `Reports benchmark — ${new Date().toISOString()} — nproc ${os.availableParallelism()}, ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}, load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; whole run ${((performance.now() - started) / 60_000).toFixed(1)} min`,
    '',
    codeAtEnd.key === codeAtStart.key
      ? `Code: ${codeAtStart.label}${codeAtEnd.label === codeAtStart.label ? '' : ` (at the end: ${codeAtEnd.label}; server/src and domain/src unchanged)`}.`
      : `**The code under test changed during the run**: ${codeAtStart.label} at the start, ${codeAtEnd.label} at the end (each child process loads the code on disk when it starts).`,
  );
  for (const f of all) {
    const x = f.fixture;
    const big = x.counts[BIG_CAMPAIGN]!;
    lines.push('', `## ${f.label}`, '');
    lines.push(
      `Generated in ${x.timings.total.toFixed(1)} s: ${big.scorecards} scorecards, ${big.answers} answers, ${big.decisions} decisions. Detail export and floor a: ${f.detail.length} runs each, alternating; each in its own child process.`,
    );
    const ex = f.detail.map((d) => d.export.usage);
    const fl = f.detail.map((d) => d.floor.usage);
    const exWall = statOf(ex.map((u) => u.wallMs));
    const flWall = statOf(fl.map((u) => u.wallMs));
    const row = (what: string, us: Usage[], size: string, rows: string) => {
      const w = statOf(us.map((u) => u.wallMs));
      return `| ${what} | ${us.length} | ${fmtS(w)} | ${s1(statOf(us.map((u) => u.cpuMs)).median)} | ${ms(statOf(us.map((u) => u.beforeMb)).median)} | ${fmtMb(statOf(us.map((u) => u.peakMb)))} | ${ms(statOf(us.map((u) => u.peakMb - u.beforeMb)).median)} | ${ms(statOf(us.map((u) => u.stallMaxMs)).median)} | ${size} | ${rows} |`;
    };
    lines.push(
      '',
      '| What | Runs | Wall s, median (min–max) | CPU s | RSS before MB | Peak RSS MB, median (min–max) | Peak − before MB | Longest stall ms | File MB | Rows |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    const exSizes = f.detail.map((d) => d.export.sizeBytes ?? 0);
    const failed = f.detail.filter((d) => d.export.status !== 'DONE');
    lines.push(
      row(
        'Detail workbook export (POST → job DONE)',
        ex,
        ms(statOf(exSizes).median / MB),
        `${f.detail.map((d) => d.exportRows ?? '?').join(' / ')} in ${f.detail[0]?.exportSheets ?? '?'} sheets`,
      ),
    );
    lines.push(
      row(
        'Floor a: bare ExcelJS streaming writer, same rows',
        fl,
        ms(statOf(f.detail.map((d) => d.floorFileBytes)).median / MB),
        `${f.detail[0]?.floorCountedRows ?? '?'}`,
      ),
    );
    lines.push(
      row(
        "Floor a′ (experiment): the same, waiting for the zip's input to drain after each chunk",
        [f.floorDrained.outcome.usage],
        ms(f.floorDrained.fileBytes / MB),
        `${f.floorDrained.rows}`,
      ),
    );
    lines.push(
      `| Floor b: SQL scan of the answers (COUNT, SUM) | ${f.scan.runs} | ${fmtS(f.scan)} | — | — | — | — | — | — | ${f.scanRows} |`,
    );
    if (failed.length > 0) {
      lines.push(
        '',
        `Failed exports: ${failed.map((d) => `${d.export.status} ${d.export.error ?? ''}`).join('; ')}`,
      );
    }
    const peakMax = Math.max(...ex.map((u) => u.peakMb));
    lines.push(
      '',
      `Export ÷ floor a (writing): **${(exWall.median / flWall.median).toFixed(1)}×**; export ÷ floor b (reading): **${(exWall.median / f.scan.median).toFixed(0)}×**; export ÷ (a + b): ${(exWall.median / (flWall.median + f.scan.median)).toFixed(1)}×. Peak RSS ÷ floor a's: ${(statOf(ex.map((u) => u.peakMb)).median / statOf(fl.map((u) => u.peakMb)).median).toFixed(1)}×.`,
      `Targets: under ${TARGET_SECONDS} s — ${exWall.median < TARGET_SECONDS * 1000 ? '**met**' : '**not met**'} (median ${s1(exWall.median)} s, max ${s1(exWall.max)} s); peak RSS under ${TARGET_PEAK_MB} MB — ${peakMax < TARGET_PEAK_MB ? '**met**' : '**not met**'} (highest ${ms(peakMax)} MB). Peak RSS is ${f.detail.every((d) => d.export.usage.hwmReset) ? 'VmHWM after a reset' : 'sampled every 50 ms (VmHWM could not be reset)'}; sampled maxima ${ex.map((u) => ms(u.sampledPeakMb)).join(' / ')} MB.`,
    );
    lines.push(
      '',
      'Breakdown: each stage alone, once, in a process of its own that first computed, off the clock, what the export has when it writes (results, ranks; except the first stage):',
      '',
      '| Stage | Wall s | CPU s | RSS before MB | Peak RSS MB | Peak − before MB | Longest stall ms | |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (const s of f.breakdown) {
      if ('failed' in s) {
        lines.push(`| ${s.label} | failed: ${s.failed.slice(0, 200)} | | | | | | |`);
        continue;
      }
      const u = s.usage;
      lines.push(
        `| ${s.label} | ${s1(u.wallMs)} | ${s1(u.cpuMs)} | ${ms(u.beforeMb)} | ${ms(u.peakMb)} | ${ms(u.peakMb - u.beforeMb)} | ${ms(u.stallMaxMs)} | ${s.note} |`,
      );
    }
    if (f.documents.length > 0) {
      lines.push(
        '',
        `Documents with one row per unit (${big.scorecards} units), one run each:`,
        '',
        '| Export | Status | Wall s | CPU s | RSS before MB | Peak RSS MB | Peak − before MB | Longest stall ms | File MB |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      );
      for (const d of f.documents) {
        if ('crashed' in d.outcome) {
          lines.push(`| ${d.label} | crashed: ${d.outcome.crashed.slice(0, 200)} | | | | | | | |`);
          continue;
        }
        const o = d.outcome;
        const u = o.usage;
        lines.push(
          `| ${d.label} | ${o.status}${o.error ? ` (${o.error.slice(0, 200)})` : ''} | ${s1(u.wallMs)} | ${s1(u.cpuMs)} | ${ms(u.beforeMb)} | ${ms(u.peakMb)} | ${ms(u.peakMb - u.beforeMb)} | ${ms(u.stallMaxMs)} | ${((o.sizeBytes ?? 0) / MB).toFixed(2)} |`,
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
  const codeAtStart = codeVersion();
  log(`code: ${codeAtStart.label}`);
  const all: DbFigures[] = [];
  if (ONLY_DB !== 'postgres') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cchc-reports-bench-'));
    const file = path.join(dir, 'cchc.sqlite');
    try {
      all.push(
        await runDatabase('SQLite (file, WAL)', 'sqlite', () => ({
          db: createDb({ kind: 'sqlite', file }).db,
          bulk: () => sqliteBulk(file),
          target: file,
        })),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (ONLY_DB !== 'sqlite') {
    await withThrowawayPostgres(
      'cchc_bench_reports',
      async (url) => {
        all.push(
          await runDatabase('PostgreSQL (local, pool 10)', 'postgres', () => ({
            db: createDb({ kind: 'postgres', url }).db,
            bulk: () => postgresBulk(url),
            target: url,
          })),
        );
      },
      (reason) => log(`PostgreSQL skipped: ${reason}`),
    );
  }
  console.log(report(all, started, codeAtStart));
  emitFigures(all.flatMap(figuresOf));
}

/** The summary figures of `npm run bench`: the export beside floor a (the bare writer), time and peak RSS. */
function figuresOf(f: DbFigures): Figure[] {
  const db = f.label.startsWith('SQLite') ? 'sqlite' : 'postgres';
  const name = db === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const ok = f.detail.filter((d) => d.export.status === 'DONE');
  const ex = statOf(ok.map((d) => d.export.usage.wallMs));
  const fl = statOf(f.detail.map((d) => d.floor.usage.wallMs));
  const exPeak = statOf(ok.map((d) => d.export.usage.peakMb));
  const flPeak = statOf(f.detail.map((d) => d.floor.usage.peakMb));
  const rows = `${UNITS.toLocaleString('en-US')} units × ${LEAVES} leaves`;
  return [
    {
      id: `export.detail.${db}`,
      label: `Detail Excel export, ${rows}, ${name}`,
      value: ok.length === f.detail.length ? ex.median / 1000 : Number.NaN,
      unit: 's',
      limit: { label: 'bare ExcelJS streaming writer, same rows', value: fl.median / 1000 },
      note: `${f.detail.length} runs`,
    },
    {
      id: `export.detail-rss.${db}`,
      label: `Detail Excel export peak RSS, ${rows}, ${name}`,
      value: ok.length === f.detail.length ? exPeak.median : Number.NaN,
      unit: 'MB',
      limit: { label: 'bare writer peak RSS', value: flPeak.median },
    },
  ];
}

if (process.argv[2] === '--child') {
  await childMain(JSON.parse(process.argv[3]!) as ChildTask);
} else {
  await main();
}
