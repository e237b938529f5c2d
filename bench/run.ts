/**
 * `npm run bench`: runs the benchmark suite, one benchmark per child process (so that each one's
 * memory figures are its own and a crash does not take the others with it), and writes
 * docs/benchmarks.md: the machine, the date, a summary table where each figure stands beside the
 * limit measured in the same run and the target of bench/targets.ts, then each benchmark's own
 * report.
 *
 *   npm run bench                          the full suite (about 40 minutes on 2 CPUs)
 *   npm run bench -- --quick               small sizes, to check the suite itself (a few minutes);
 *                                          writes /tmp/cchc-benchmarks-quick.md unless --out is given
 *   npm run bench -- --only=http,bundle    some benchmarks only (names below)
 *   npm run bench -- --out=FILE            another output file
 *   npm run bench -- --db=sqlite           one database only where a benchmark uses one
 *
 * The machine is shared and noisy: each benchmark repeats its measurements (--runs, default 3)
 * and reports the median; a figure and its limit are measured in the same run, alternated where
 * possible, so that their ratio holds even when the absolute numbers drift.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchFlags } from './args';
import type { Figure } from './emit';
import { TARGETS, type Target, verdict } from './targets';

const repoRoot = path.resolve(import.meta.dirname, '..');
const flags = benchFlags();
const QUICK = flags.has('quick');
const RUNS = Number(flags.get('runs') ?? 3);
const ONLY = flags.get('only')?.split(',');
const DB = flags.get('db');
const OUT = path.resolve(
  repoRoot,
  flags.get('out') ?? (QUICK ? path.join(os.tmpdir(), 'cchc-benchmarks-quick.md') : 'docs/benchmarks.md'),
);

interface Step {
  name: string;
  title: string;
  file: string;
  args: string[];
  env?: Record<string, string>;
  /** What the benchmark measures, for the reader of docs/benchmarks.md. */
  what: string;
}

const dbArg = DB ? [`--db=${DB}`] : [];
const STEPS: Step[] = [
  {
    name: 'bundle',
    title: 'Web bundle size',
    file: 'bench/bundle.bench.ts',
    args: [],
    what: 'The production build of the web app (vite build): the JavaScript and CSS a browser downloads, gzip-compressed, for the first page (sign-in) and for the scoring page; beside it the same measure for a bare page built with the same tools from React, React Router and the Ant Design components the app uses — what any page of this stack costs.',
  },
  {
    name: 'cold-start',
    title: 'Cold start',
    file: 'bench/cold-start.bench.ts',
    args: [`--runs=${QUICK ? 2 : Math.max(RUNS, 5)}`],
    what: 'From starting the server process (`tsx server/src/main.ts`, as `npm run serve`, on an existing SQLite database with the demo) to its first answer to GET /api/health; beside it a bare Fastify process started the same way (tsx, one route).',
  },
  {
    name: 'evidence',
    title: 'Evidence upload',
    file: 'bench/evidence.bench.ts',
    args: [],
    env: { EVIDENCE_BENCH_MB: QUICK ? '16' : '256', EVIDENCE_BENCH_RUNS: String(QUICK ? 1 : RUNS) },
    what: 'One large file uploaded through the real route (multipart over loopback HTTP, streamed to disk, SHA-256, type by content, fsync) against copying the same file on the same disk; throughput and the peak RSS of the process doing the work.',
  },
  {
    name: 'http',
    title: 'Save a score and the monitoring dashboard under concurrency',
    file: 'bench/http.bench.ts',
    args: [
      `--seconds=${QUICK ? 3 : 10}`,
      `--users=${QUICK ? 20 : 100}`,
      `--runs=${QUICK ? 1 : RUNS}`,
      `--dash-units=${QUICK ? 100 : 1000}`,
      ...dbArg,
    ],
    what: '100 signed-in users at once, each sending its next request as soon as the last one is answered: focal officers saving answers (PUT /api/scorecards/:id/answers/:leaf) on the demo, and Office staff reading the monitoring dashboard (GET /api/campaigns/:id/monitoring) of a 1,000-unit synthetic campaign in self-assessment; beside each, a bare Fastify route in the same process, same client, same body size.',
  },
  {
    name: 'results',
    title: 'Results and ranking',
    file: 'bench/results.bench.ts',
    args: [
      `--units=${QUICK ? 300 : 10_000}`,
      `--small=${QUICK ? 50 : 200}`,
      `--runs=${RUNS}`,
      `--readers=${QUICK ? 20 : 100}`,
      `--seconds=${QUICK ? 5 : 20}`,
      ...dbArg,
    ],
    what: 'A synthetic approved campaign of 10,000 units × 150 leaves: the results computed and ranked through the server path (cold: a new service; warm: cached), against one hand-written SQL aggregate over the same rows (Σ self points + RANK()); then 100 readers of the ranking page over HTTP.',
  },
  {
    name: 'reports',
    title: 'Detail Excel export',
    file: 'bench/reports.bench.ts',
    args: [
      `--units=${QUICK ? 100 : 2000}`,
      `--runs=${QUICK ? 1 : RUNS}`,
      '--no-documents',
      '--no-breakdown',
      ...dbArg,
    ],
    what: 'The detail workbook (one row per unit × leaf: 2,000 × 150 = 300,000 rows) exported end to end through the real export job, against a bare ExcelJS streaming writer writing the same rows from memory; time and peak RSS of each, in a child process of its own.',
  },
];

function machine(): string[] {
  const release = existsSync('/etc/os-release')
    ? (/PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '?')
    : os.platform();
  return [
    `- CPU: ${os.availableParallelism()} (nproc), ${os.cpus()[0]?.model ?? '?'}`,
    `- Memory: ${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
    `- OS: ${release}, kernel ${os.release()}`,
    `- Node.js ${process.version}; PostgreSQL: local 127.0.0.1:5432; SQLite: better-sqlite3 (file, WAL)`,
    '- Shared machine: other work may run at the same time; load averages are given at the start and the end.',
  ];
}

const fmt = (x: number, digits = 1) =>
  x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : digits }).replace(/,/g, ' ');

function targetText(t: Target | undefined, unit: string): string {
  if (!t) {
    return '—';
  }
  const parts: string[] = [];
  if (t.max !== undefined) {
    parts.push(`≤ ${fmt(t.max)} ${unit}`);
  }
  if (t.min !== undefined) {
    parts.push(`≥ ${fmt(t.min)} ${unit}`);
  }
  if (t.ratioMax !== undefined) {
    parts.push(`≤ ${fmt(t.ratioMax)}× limit`);
  }
  if (t.ratioMin !== undefined) {
    parts.push(`≥ ${fmt(t.ratioMin, 2)}× limit`);
  }
  return parts.join(', ');
}

function run(step: Step, jsonFile: string): Promise<{ code: number; stdout: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', step.file, ...step.args], {
      cwd: repoRoot,
      // biome-ignore lint/style/noProcessEnv: the child inherits the environment, plus its knobs and the figures file.
      env: { ...process.env, ...step.env, BENCH_JSON: jsonFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout += d;
    });
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

/** A benchmark's own report sits under a heading of the summary: its headings move down two levels. */
function demote(markdown: string): string {
  return markdown.replace(/^(#{1,4}) /gm, (_, h: string) => `${h}## `);
}

async function main(): Promise<void> {
  const started = new Date();
  const loadStart = os.loadavg();
  // The code measured is the code at the start: each benchmark loads it when its process starts.
  let commit = '?';
  try {
    const { execFileSync } = await import('node:child_process');
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim();
    if (
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot }).length > 0
    ) {
      commit += ' with uncommitted changes';
    }
  } catch {
    // Not a git checkout: the figures still stand.
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'cchc-bench-run-'));
  const steps = STEPS.filter((s) => !ONLY || ONLY.includes(s.name));
  const outcomes: { step: Step; code: number; stdout: string; seconds: number; figures: Figure[] }[] = [];
  for (const step of steps) {
    process.stderr.write(`\n=== bench: ${step.name} (${step.file} ${step.args.join(' ')})\n`);
    const jsonFile = path.join(work, `${step.name}.jsonl`);
    const r = await run(step, jsonFile);
    const figures = existsSync(jsonFile)
      ? readFileSync(jsonFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Figure)
      : [];
    process.stderr.write(
      `=== bench: ${step.name} exit ${r.code} in ${r.seconds.toFixed(0)} s, ${figures.length} figures\n`,
    );
    outcomes.push({ step, ...r, figures });
  }
  rmSync(work, { recursive: true, force: true });
  const loadEnd = os.loadavg();
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts${QUICK ? ', **--quick: small sizes, not the figures to quote**' : ''}) on ${started.toISOString().slice(0, 10)}, commit ${commit}; the whole run took ${fmt((Date.now() - started.getTime()) / 60_000)} min. Do not edit by hand: change a benchmark or bench/targets.ts and run it again. Earlier figures, measured by the individual benchmarks and copied by hand while issues 3–8 were built, are kept in [benchmarks-archive.md](benchmarks-archive.md); how to read them for sizing is in [deployment.md](deployment.md).`,
    '',
    '## Machine',
    '',
    ...machine(),
    `- Load average (1, 5, 15 min) at the start: ${loadStart.map((x) => x.toFixed(2)).join(', ')}; at the end: ${loadEnd.map((x) => x.toFixed(2)).join(', ')}`,
    '',
    '## Each figure beside its limit',
    '',
    'The limit is what the least possible work costs, measured in the same run on the same machine; "× limit" is the figure divided by it. Medians over the runs of each benchmark (see its section for min–max). Targets and the reason for each are in bench/targets.ts (repeated below the table).',
    '',
    '| Figure | Measured | Limit (same run) | × limit | Target | Met? |',
    '| --- | ---: | --- | ---: | --- | --- |',
  ];
  const seen = new Set<string>();
  let met = 0;
  let notMet = 0;
  for (const o of outcomes) {
    for (const f of o.figures) {
      seen.add(f.id);
      const target = TARGETS[f.id];
      const v = verdict(target, f.value, f.limit?.value ?? null);
      if (v === 'met') {
        met++;
      }
      if (v === 'not met' || v === 'not measured') {
        notMet++;
      }
      const value = f.value === null ? 'not measured' : `${fmt(f.value)} ${f.unit}`;
      const limit = f.limit ? `${fmt(f.limit.value)} ${f.unit} (${f.limit.label})` : '—';
      const ratio =
        f.limit && f.value !== null && f.limit.value > 0 ? `${fmt(f.value / f.limit.value, 2)}×` : '—';
      lines.push(
        `| ${f.label}${f.note ? ` — ${f.note}` : ''} | ${value} | ${limit} | ${ratio} | ${targetText(target, f.unit)} | ${v === 'met' ? '✅ met' : v === 'not met' ? '❌ not met' : v} |`,
      );
    }
  }
  for (const [id, target] of Object.entries(TARGETS)) {
    const skipped = steps.every((s) => !id.startsWith(areaOf(s.name)));
    if (!seen.has(id) && !skipped && !(DB && /\.(sqlite|postgres)$/.test(id) && !id.endsWith(DB))) {
      notMet++;
      lines.push(`| ${id} | not measured | — | — | ${targetText(target, '')} | not measured |`);
    }
  }
  lines.push(
    '',
    `**${met} targets met, ${notMet} not met or not measured.**`,
    '',
    '### Why these targets',
    '',
  );
  for (const [id, t] of Object.entries(TARGETS)) {
    if (id.endsWith('.postgres')) {
      continue;
    }
    lines.push(`- \`${id.replace(/\.sqlite$/, '.*')}\`: ${t.why}.`);
  }
  for (const o of outcomes) {
    lines.push('', `## ${o.step.title}`, '', o.step.what, '');
    lines.push(
      `\`npx tsx ${o.step.file} ${o.step.args.join(' ')}\`${
        o.step.env
          ? ` with ${Object.entries(o.step.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : ''
      } — ${fmt(o.seconds)} s, exit ${o.code}.`,
      '',
    );
    if (o.code !== 0) {
      lines.push('**This benchmark failed; its figures are missing or partial.** Its last output:', '');
    }
    lines.push(demote(o.stdout.trim()));
  }
  writeFileSync(OUT, `${lines.join('\n')}\n`);
  // The repository's formatter aligns the tables, so that `biome check .` stays clean.
  try {
    const { execFileSync } = await import('node:child_process');
    execFileSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'format', '--write', OUT],
      {
        cwd: repoRoot,
        stdio: 'ignore',
      },
    );
  } catch {
    // Unformatted is still correct.
  }
  process.stderr.write(`\nWrote ${OUT}: ${met} targets met, ${notMet} not met or not measured.\n`);
  if (outcomes.some((o) => o.code !== 0)) {
    process.exitCode = 1;
  }
}

function areaOf(step: string): string {
  return (
    {
      bundle: 'web.',
      'cold-start': 'start.',
      evidence: 'evidence.',
      http: 'http.',
      results: 'results.',
      reports: 'export.',
    }[step] ?? step
  );
}

await main();
