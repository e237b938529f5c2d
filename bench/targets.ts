/**
 * The targets set next to each figure of `npm run bench`. Like every number of the product they are
 * data: a team changes them here, with the reason beside each, and the next run says again which
 * are met. A target is a bound on the value (max or min) and/or on the ratio to the limit measured
 * in the same run (ratioMax: at most that many times the least possible work; ratioMin: at least
 * that share of it, for throughputs). Every condition given must hold for "met".
 */
export interface Target {
  max?: number;
  min?: number;
  ratioMax?: number;
  ratioMin?: number;
  why: string;
}

const both = (t: Target): Record<'sqlite' | 'postgres', Target> => ({ sqlite: t, postgres: t });

function perDb(area: string, t: Target): Record<string, Target> {
  const out: Record<string, Target> = {};
  for (const [db, target] of Object.entries(both(t))) {
    out[`${area}.${db}`] = target;
  }
  return out;
}

export const TARGETS: Record<string, Target> = {
  ...perDb('results.cold', {
    max: 15_000,
    ratioMax: 25,
    why: 'first computation of a 10,000-unit ranking after a change: the Office waits for it once; within 15 s and within 25× one SQL aggregate over the same rows',
  }),
  ...perDb('results.warm', {
    max: 200,
    why: 'a cached ranking is served to every reader: well under the 1 s a page may take',
  }),
  ...perDb('results.http', {
    max: 1_000,
    why: '100 readers of the 10,000-unit ranking page at once (publication day): p95 within 1 s, no error',
  }),
  ...perDb('http.save', {
    max: 500,
    ratioMax: 50,
    why: '100 focal officers saving at the deadline: p95 within 0,5 s (the page saves in the background) and within 50× a bare route',
  }),
  ...perDb('http.save-rate', {
    min: 100,
    why: 'one process must carry at least 100 saves per second (a 1,000-unit ministry at its deadline peak); more processes for more (docs/deployment.md)',
  }),
  ...perDb('http.dashboard', {
    max: 1_000,
    why: "100 readers of the Office's monitoring dashboard of a 1,000-unit campaign: p95 within 1 s",
  }),
  ...perDb('http.dashboard-rate', {
    min: 20,
    why: 'the monitoring page refreshes every minute for each open tab: 20 per second serves more than 1,000 open tabs',
  }),
  'evidence.upload': {
    ratioMin: 0.5,
    why: 'an upload streams to disk, hashes and checks the type: at least half the speed of a plain stream copy on the same disk',
  },
  'evidence.upload-rss': {
    max: 300,
    why: 'a 256 MB file must not be held in memory: the server stays under 300 MB while it streams',
  },
  ...perDb('export.detail', {
    ratioMax: 4,
    why: 'the detail workbook (one row per unit and leaf) reads, scores and writes: within 4× writing the same rows with a bare ExcelJS writer',
  }),
  ...perDb('export.detail-rss', {
    max: 1_024,
    why: 'an export runs inside an app process: its peak RSS must stay within 1 GB',
  }),
  'start.cold': {
    max: 5_000,
    ratioMax: 10,
    why: 'a restart (deploy, crash) is back within 5 s and within 10× a bare Fastify process started the same way',
  },
  'web.first-page': {
    max: 600,
    ratioMax: 2,
    why: 'the sign-in page on a provincial office line (~2 Mbit/s) loads within about 3 s: 600 KB gzip, at most twice what React and Ant Design alone cost',
  },
  'web.scoring-page': {
    max: 900,
    ratioMax: 3,
    why: 'the scoring page, the one every focal officer opens, within about 4 s on the same line',
  },
};

export type Verdict = 'met' | 'not met' | 'no target' | 'not measured';

export function verdict(target: Target | undefined, value: number | null, limit: number | null): Verdict {
  if (value === null) {
    return 'not measured';
  }
  if (!target) {
    return 'no target';
  }
  const ratio = limit !== null && limit > 0 ? value / limit : null;
  const checks: boolean[] = [];
  if (target.max !== undefined) {
    checks.push(value <= target.max);
  }
  if (target.min !== undefined) {
    checks.push(value >= target.min);
  }
  if (target.ratioMax !== undefined && ratio !== null) {
    checks.push(ratio <= target.ratioMax);
  }
  if (target.ratioMin !== undefined && ratio !== null) {
    checks.push(ratio >= target.ratioMin);
  }
  return checks.every(Boolean) ? 'met' : 'not met';
}
