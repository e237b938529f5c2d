/**
 * The figures a benchmark hands to `npm run bench` (bench/run.ts). Each benchmark still prints its
 * own detailed markdown on stdout; the run collects that as the details of docs/benchmarks.md, and
 * these figures — each measured beside its limit in the same run — as the summary table, where
 * bench/targets.ts puts the target next to each and says whether it is met.
 *
 * A benchmark started by hand (no BENCH_JSON in the environment) only prints.
 */
import { appendFileSync } from 'node:fs';

export interface Figure {
  /** Stable key, looked up in bench/targets.ts: `<area>.<what>.<db>`. */
  id: string;
  /** What was measured, in a few words (English, like the rest of docs/benchmarks.md). */
  label: string;
  value: number;
  unit: 'ms' | 's' | 'MB' | 'KB' | 'req/s' | 'MB/s' | '%' | 'count';
  /**
   * The limit measured in the same run on the same machine: what the least possible work costs
   * (a hand-written SQL aggregate, a bare Fastify route, a plain file copy, a bare writer …).
   */
  limit: { label: string; value: number } | null;
  /** Anything a reader needs beside the number (sample size, throughput beside a p95 …). */
  note?: string;
}

/** Records figures for bench/run.ts when it started this benchmark; a no-op otherwise. */
export function emitFigures(figures: readonly Figure[]): void {
  // biome-ignore lint/style/noProcessEnv: the benchmark runner's channel, documented above.
  const file = process.env.BENCH_JSON;
  if (!file) {
    return;
  }
  for (const f of figures) {
    if (!Number.isFinite(f.value)) {
      // A figure that could not be measured is reported as such rather than dropped.
      appendFileSync(file, `${JSON.stringify({ ...f, value: null })}\n`);
    } else {
      appendFileSync(file, `${JSON.stringify(f)}\n`);
    }
  }
}
