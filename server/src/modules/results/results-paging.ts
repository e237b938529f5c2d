import {
  type HistogramBin,
  RESULTS_HISTOGRAM_STEP,
  RESULTS_LIMITS,
  type ResultSort,
  type ResultsStats,
} from '@cchc/domain/api/results';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import {
  averageOf,
  fieldAverages,
  type RatingMap,
  ratingOf,
  TASK_RATINGS,
} from '@cchc/domain/results/results';
import { foldForSearch } from '@cchc/domain/text';
import type { ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import type { CampaignSummary, UnitSummary } from './results-summary';

/**
 * Paging, sorting, filtering and search of a campaign's ranking, in memory, on the summary the
 * cache already holds (docs/results.md, "Paging"). Everything that depends only on the summary is
 * computed once per summary and kept beside it (a WeakMap: it goes when the summary goes): the
 * search keys, the campaign-level stats, each sort order as an index array, and the last filtered
 * index arrays. A warm page request then costs O(pageSize): a slice of a cached array.
 */

/** What a sort needs beyond the summary (the rating mapping and last year's units change per request). */
export interface SortContext {
  document: IndexSetDocument;
  ratingMap: RatingMap;
  /** Last year's units by code, and an identity for caching (the previous summary). */
  previous: { summary: CampaignSummary; byUnitCode: ReadonlyMap<string, UnitSummary> } | null;
  specialCount: ReadonlyMap<string, number>;
}

interface SummaryIndex {
  byScorecard: Map<string, number>;
  byUnitCode: Map<string, UnitSummary>;
  search: string[];
  stats: ResultsStats | null;
  /** Sort key → permutation of unit positions (most recently used last). */
  orders: Map<string, Int32Array>;
  /** Order key + group + search → matching positions in that order (most recently used last). */
  filtered: Map<string, Int32Array>;
  charts: Map<
    string,
    {
      histogram: HistogramBin[];
      groupFieldAverages: GroupFieldAverages;
      fieldAverages: Map<string, number | null>;
    }
  >;
}

type GroupFieldAverages = {
  groupCode: string;
  count: number;
  fields: { code: string; percent: number | null }[];
}[];

const MAX_ORDERS = 40;
const MAX_FILTERED = 64;
const indexes = new WeakMap<CampaignSummary, SummaryIndex>();
const summaryIds = new WeakMap<CampaignSummary, number>();
let nextSummaryId = 1;

function summaryId(summary: CampaignSummary): number {
  let id = summaryIds.get(summary);
  if (id === undefined) {
    id = nextSummaryId++;
    summaryIds.set(summary, id);
  }
  return id;
}

function indexOf(summary: CampaignSummary): SummaryIndex {
  let ix = indexes.get(summary);
  if (!ix) {
    ix = {
      byScorecard: new Map(summary.units.map((u, i) => [u.scorecardId, i])),
      byUnitCode: new Map(summary.units.map((u) => [u.unitCode, u])),
      search: summary.units.map((u) => foldForSearch(`${u.unitCode} ${u.unitName}`)),
      stats: null,
      orders: new Map(),
      filtered: new Map(),
      charts: new Map(),
    };
    indexes.set(summary, ix);
  }
  return ix;
}

/** Keeps a Map as a small LRU: a hit moves to the end, the oldest goes past `max`. */
function remember<V>(map: Map<string, V>, key: string, max: number, make: () => V): V {
  const hit = map.get(key);
  if (hit !== undefined) {
    map.delete(key);
    map.set(key, hit);
    return hit;
  }
  const value = make();
  map.set(key, value);
  while (map.size > max) {
    map.delete(map.keys().next().value!);
  }
  return value;
}

export function unitPosition(summary: CampaignSummary, scorecardId: string): number | undefined {
  return indexOf(summary).byScorecard.get(scorecardId);
}

export function unitsByCode(summary: CampaignSummary): ReadonlyMap<string, UnitSummary> {
  return indexOf(summary).byUnitCode;
}

const collator = new Intl.Collator('vi');

/** Sort value of a unit; the cache key part that says what else it depends on (null: not cached). */
function sortKeyOf(
  sort: ResultSort,
  ctx: SortContext,
): { sig: string | null; value: (u: UnitSummary) => number | string } {
  const bandOrder = new Map(ctx.document.classification.map((b, i) => [b.label, i]));
  const groupNames = new Map(ctx.document.unitGroups.map((g) => [g.code, g.name]));
  switch (sort) {
    case 'rank':
      return { sig: '', value: () => 0 };
    case 'code':
      return { sig: '', value: (u) => u.unitCode };
    case 'name':
      return { sig: '', value: (u) => u.unitName };
    case 'group':
      return { sig: '', value: (u) => groupNames.get(u.groupCode) ?? u.groupCode };
    case 'index':
      return { sig: '', value: (u) => u.final.indexPercent };
    case 'band':
      return { sig: '', value: (u) => (u.final.band === null ? 999 : (bandOrder.get(u.final.band) ?? 998)) };
    case 'final':
      return { sig: '', value: (u) => u.final.points };
    case 'self':
      return { sig: '', value: (u) => u.self.points };
    case 'appraised':
      return { sig: '', value: (u) => u.appraised.points };
    case 'max':
      return { sig: '', value: (u) => u.final.maxPoints };
    case 'adjust':
      return { sig: '', value: (u) => u.final.bonus - u.final.penalty };
    case 'rating':
      return {
        sig: JSON.stringify(ctx.ratingMap),
        value: (u) => TASK_RATINGS.indexOf(ratingOf(u.final.band, ctx.ratingMap)),
      };
    case 'change': {
      const prev = ctx.previous;
      // Units without last year's result sort after every change, in both directions' sense of "least".
      return {
        sig: prev ? String(summaryId(prev.summary)) : 'none',
        value: (u) => {
          const p = prev?.byUnitCode.get(u.unitCode);
          return p ? u.final.indexPercent - p.final.indexPercent : -1e9;
        },
      };
    }
    case 'special':
      // Special cases are read on each request: not cached.
      return { sig: null, value: (u) => ctx.specialCount.get(u.scorecardId) ?? 0 };
  }
}

/** Positions of the units in the requested order; ties keep the published order (either direction). */
function orderOf(summary: CampaignSummary, sort: ResultSort, order: 'asc' | 'desc', ctx: SortContext) {
  const ix = indexOf(summary);
  const n = summary.units.length;
  const { sig, value } = sortKeyOf(sort, ctx);
  const make = () => {
    const positions = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      positions[i] = order === 'asc' ? i : n - 1 - i;
    }
    if (sort === 'rank') {
      return positions;
    }
    const values = summary.units.map(value);
    const sign = order === 'asc' ? 1 : -1;
    const cmp = (a: number, b: number) => {
      const va = values[a]!;
      const vb = values[b]!;
      const c = typeof va === 'string' ? collator.compare(va, vb as string) : (va as number) - (vb as number);
      return sign * c || a - b;
    };
    return positions.sort(cmp);
  };
  if (sig === null) {
    return { key: null, positions: make() };
  }
  const key = `${sort}:${order}:${sig}`;
  return { key, positions: remember(ix.orders, key, MAX_ORDERS, make) };
}

export interface PageRequest {
  page: number;
  pageSize: number;
  sort: ResultSort;
  order: 'asc' | 'desc';
  group?: string | undefined;
  q?: string | undefined;
}

/** One page of units (and how many match), without recomputing anything already cached. */
export function pageOf(
  summary: CampaignSummary,
  req: PageRequest,
  ctx: SortContext,
): { units: UnitSummary[]; total: number; group: string | null; q: string } {
  const ix = indexOf(summary);
  const group = req.group ? req.group : null;
  const q = (req.q ?? '').trim();
  const folded = foldForSearch(q);
  const { key, positions } = orderOf(summary, req.sort, req.order, ctx);
  const filter = () => {
    if (group === null && folded === '') {
      return positions;
    }
    const out: number[] = [];
    for (const i of positions) {
      if ((group === null || summary.units[i]!.groupCode === group) && ix.search[i]!.includes(folded)) {
        out.push(i);
      }
    }
    return Int32Array.from(out);
  };
  const matching =
    key === null ? filter() : remember(ix.filtered, `${key}|${group ?? ''}|${folded}`, MAX_FILTERED, filter);
  const start = (req.page - 1) * req.pageSize;
  const units: UnitSummary[] = [];
  for (let i = start; i < Math.min(matching.length, start + req.pageSize); i++) {
    units.push(summary.units[matching[i]!]!);
  }
  return { units, total: matching.length, group, q };
}

/** Campaign-level counts and averages (the page header), once per summary. */
/** Mean, highest and lowest of some final indices (hundredths); nulls when there are none. */
function indexFigures(indices: readonly number[]) {
  let highest: number | null = null;
  let lowest: number | null = null;
  for (const x of indices) {
    highest = highest === null || x > highest ? x : highest;
    lowest = lowest === null || x < lowest ? x : lowest;
  }
  return {
    averageIndexPercent: averageOf(indices),
    highestIndexPercent: highest,
    lowestIndexPercent: lowest,
  };
}

export function statsOf(summary: CampaignSummary, document: IndexSetDocument): ResultsStats {
  const ix = indexOf(summary);
  if (ix.stats) {
    return ix.stats;
  }
  const bandCounts = new Map<string | null, number>();
  const groupCounts = new Map<string, number>();
  const groupIndices = new Map<string, number[]>();
  const statusCounts = new Map<ScorecardStatus, number>();
  const labels = new Set(document.classification.map((b) => b.label));
  for (const u of summary.units) {
    const band = u.final.band !== null && labels.has(u.final.band) ? u.final.band : null;
    bandCounts.set(band, (bandCounts.get(band) ?? 0) + 1);
    groupCounts.set(u.groupCode, (groupCounts.get(u.groupCode) ?? 0) + 1);
    const gi = groupIndices.get(u.groupCode) ?? [];
    gi.push(u.final.indexPercent);
    groupIndices.set(u.groupCode, gi);
    const status = u.status as ScorecardStatus;
    statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
  }
  const known = document.unitGroups.map((g) => g.code).filter((code) => groupCounts.has(code));
  const other = [...groupCounts.keys()].filter((code) => !known.includes(code)).sort();
  const none = bandCounts.get(null) ?? 0;
  const all = summary.units.map((u) => u.final.indexPercent);
  ix.stats = {
    units: summary.units.length,
    ...indexFigures(all),
    bands: [
      ...document.classification.map((b) => ({
        band: b.label as string | null,
        count: bandCounts.get(b.label) ?? 0,
      })),
      ...(none > 0 ? [{ band: null, count: none }] : []),
    ],
    groups: [...known, ...other].map((code) => ({
      code,
      count: groupCounts.get(code) ?? 0,
      ...indexFigures(groupIndices.get(code) ?? []),
    })),
    statuses: [...statusCounts].map(([status, count]) => ({ status, count })),
  };
  return ix.stats;
}

/**
 * What the charts draw for all units or one group: every unit up to `chartAllMax`, else the first
 * and last `chartEdge` by index; the histogram and per-group field averages of the whole selection.
 */
export function chartsOf(
  summary: CampaignSummary,
  document: IndexSetDocument,
  group: string | null,
  ctx: SortContext,
): {
  units: UnitSummary[];
  total: number;
  complete: boolean;
  histogram: HistogramBin[];
  groupFieldAverages: GroupFieldAverages;
  fieldAverages: Map<string, number | null>;
} {
  const ix = indexOf(summary);
  const byIndex = pageOf(
    summary,
    { page: 1, pageSize: Number.MAX_SAFE_INTEGER, sort: 'index', order: 'desc', group: group ?? undefined },
    ctx,
  );
  const selected = byIndex.units;
  const complete = selected.length <= RESULTS_LIMITS.chartAllMax;
  const edge = RESULTS_LIMITS.chartEdge;
  const units = complete
    ? selected
        .map((u) => ({ u, at: ix.byScorecard.get(u.scorecardId)! }))
        .sort((a, b) => a.at - b.at)
        .map((x) => x.u)
    : [...selected.slice(0, edge), ...selected.slice(selected.length - edge)];
  const cached = remember(ix.charts, group ?? '', 16, () => {
    const labels = new Set(document.classification.map((b) => b.label));
    const bins = 100 / (RESULTS_HISTOGRAM_STEP / 100);
    const counts = Array.from({ length: bins }, () => new Map<string | null, number>());
    for (const u of selected) {
      const bin = Math.max(0, Math.min(bins - 1, Math.floor(u.final.indexPercent / RESULTS_HISTOGRAM_STEP)));
      const band = u.final.band !== null && labels.has(u.final.band) ? u.final.band : null;
      counts[bin]!.set(band, (counts[bin]!.get(band) ?? 0) + 1);
    }
    const histogram = counts.map((m, i) => ({
      from: i * RESULTS_HISTOGRAM_STEP,
      to: i === bins - 1 ? null : (i + 1) * RESULTS_HISTOGRAM_STEP,
      counts: [...document.classification.map((b) => b.label as string | null), null]
        .map((band) => ({ band, count: m.get(band) ?? 0 }))
        .filter((c) => c.count > 0),
    }));
    const byGroup = new Map<string, UnitSummary[]>();
    for (const u of selected) {
      const list = byGroup.get(u.groupCode);
      if (list) {
        list.push(u);
      } else {
        byGroup.set(u.groupCode, [u]);
      }
    }
    const order = statsOf(summary, document).groups.map((g) => g.code);
    const groupFieldAverages = order
      .filter((code) => byGroup.has(code))
      .map((code) => {
        const list = byGroup.get(code)!;
        const averages = fieldAverages(list.map((u) => u.final));
        return {
          groupCode: code,
          count: list.length,
          fields: document.nodes.map((f) => ({ code: f.code, percent: averages.get(f.code) ?? null })),
        };
      });
    return { histogram, groupFieldAverages, fieldAverages: fieldAverages(selected.map((u) => u.final)) };
  });
  return { units, total: selected.length, complete, ...cached };
}
