/** Timing statistics shared by the benchmarks: min / median / max of a few runs, and their format. */

export interface Stat {
  min: number;
  median: number;
  max: number;
  runs: number;
}

export function stat(samples: readonly number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return {
    min: s[0] ?? Number.NaN,
    median: s.length === 0 ? Number.NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2,
    max: s[s.length - 1] ?? Number.NaN,
    runs: s.length,
  };
}

/** A duration (or any figure) with 1 decimal below 100, none above; "—" for NaN. */
export const ms = (x: number) => (Number.isNaN(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
export const fmtStat = (s: Stat) => `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
