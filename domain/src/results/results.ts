import {
  type ClassificationBand,
  type IndexSetDocument,
  isLeaf,
  type Leaf,
  type Node,
} from '../index-set/format';
import { percentOf, roundHalfAwayFromZero, toHundredths } from '../scoring/decimal';
import { rankUnits, type UnitResult } from '../scoring/engine';

/**
 * Results of a campaign beyond the index itself (docs/results.md): the suggested task-completion
 * rating, ranks overall and per group, criterion totals, "why this rank", field averages and the
 * year-over-year comparison. Pure; every number is an integer (points in hundredths, percents in
 * hundredths of a percent).
 */

/**
 * Task-completion ratings (mức xếp loại chất lượng, Nghị định 90/2020/NĐ-CP as amended by
 * 48/2023/NĐ-CP, Điều 3): the index is one input of the yearly rating; the mapping from bands is
 * the Office's decision for the year (data, never code).
 */
export const TASK_RATINGS = ['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'] as const;
export type TaskRating = (typeof TASK_RATINGS)[number];

export const TASK_RATING_LABELS: Record<TaskRating, { vi: string; en: string }> = {
  EXCELLENT: { vi: 'Hoàn thành xuất sắc nhiệm vụ', en: 'Excellently completed tasks' },
  GOOD: { vi: 'Hoàn thành tốt nhiệm vụ', en: 'Well completed tasks' },
  COMPLETED: { vi: 'Hoàn thành nhiệm vụ', en: 'Completed tasks' },
  NOT_COMPLETED: { vi: 'Không hoàn thành nhiệm vụ', en: 'Did not complete tasks' },
};

/** Band label → rating; `unclassified` is the rating of an index that fits no band. */
export interface RatingMap {
  bands: Record<string, TaskRating>;
  unclassified: TaskRating;
}

/**
 * The mapping offered before the Office decides: the first band → excellent, the second → good,
 * the last (when there are four or more) → not completed, every other band → completed. With
 * fewer bands the last ones collapse onto "completed".
 */
export function defaultRatingMap(bands: readonly ClassificationBand[]): RatingMap {
  const map: Record<string, TaskRating> = {};
  bands.forEach((band, i) => {
    let rating: TaskRating = 'COMPLETED';
    if (i === 0) {
      rating = 'EXCELLENT';
    } else if (i === 1) {
      rating = 'GOOD';
    } else if (bands.length >= 4 && i === bands.length - 1) {
      rating = 'NOT_COMPLETED';
    }
    map[band.label] = rating;
  });
  return { bands: map, unclassified: 'NOT_COMPLETED' };
}

/**
 * The Office's saved mapping completed for the set's current bands: a band the saved mapping
 * does not name (the set changed) takes its default, a saved band no longer in the set is dropped.
 */
export function effectiveRatingMap(
  bands: readonly ClassificationBand[],
  saved: Partial<RatingMap> | null | undefined,
): RatingMap {
  const fallback = defaultRatingMap(bands);
  const out: Record<string, TaskRating> = {};
  for (const band of bands) {
    const own = saved?.bands && Object.hasOwn(saved.bands, band.label) ? saved.bands[band.label] : undefined;
    out[band.label] = own ?? fallback.bands[band.label] ?? 'COMPLETED';
  }
  return { bands: out, unclassified: saved?.unclassified ?? fallback.unclassified };
}

export function ratingOf(band: string | null, map: RatingMap): TaskRating {
  return band !== null && Object.hasOwn(map.bands, band) ? map.bands[band]! : map.unclassified;
}

/**
 * Rank overall and within the unit's group, by the index (rule 9 ties: dense or competition).
 * `rank` is the rank the set's ranking rule publishes (overall or per group, per `scope`).
 */
export function ranksOf(
  rows: readonly { code: string; group: string; indexPercent: number }[],
  ranking: IndexSetDocument['ranking'],
): Map<string, { rank: number; overall: number; inGroup: number }> {
  const overall = rankUnits(rows, { ties: ranking.ties, scope: 'all' });
  const inGroup = rankUnits(rows, { ties: ranking.ties, scope: 'unitGroup' });
  const out = new Map<string, { rank: number; overall: number; inGroup: number }>();
  for (const row of rows) {
    const o = overall.get(row.code) ?? 0;
    const g = inGroup.get(row.code) ?? 0;
    out.set(row.code, { rank: ranking.scope === 'unitGroup' ? g : o, overall: o, inGroup: g });
  }
  return out;
}

/** Points and applicable maximum of one node or leaf for one unit (hundredths). */
export interface ItemTotals {
  code: string;
  name: string;
  /** 0 for fields, 1 for their children, … */
  depth: number;
  parentCode: string | null;
  isLeaf: boolean;
  applies: boolean;
  maxPoints: number;
  points: number;
}

/**
 * Every node and leaf of the tree with the unit's points, recomputed from the engine's leaf
 * results with the same caps (rule 2: a leaf applies iff the engine scored it; rule 4: a node's
 * points and maximum are capped at its maxPoints). Document order.
 */
export function itemTotals(doc: IndexSetDocument, result: UnitResult): ItemTotals[] {
  const leafPoints = new Map(result.leaves.map((l) => [l.code, l.points]));
  const out: ItemTotals[] = [];
  const visit = (item: Node | Leaf, depth: number, parentCode: string | null): ItemTotals => {
    if (isLeaf(item)) {
      const points = leafPoints.get(item.code);
      const row: ItemTotals = {
        code: item.code,
        name: item.name,
        depth,
        parentCode,
        isLeaf: true,
        applies: points !== undefined,
        maxPoints: points === undefined ? 0 : toHundredths(item.maxPoints),
        points: points ?? 0,
      };
      out.push(row);
      return row;
    }
    const row: ItemTotals = {
      code: item.code,
      name: item.name,
      depth,
      parentCode,
      isLeaf: false,
      applies: false,
      maxPoints: 0,
      points: 0,
    };
    out.push(row);
    for (const child of item.children) {
      const c = visit(child, depth + 1, item.code);
      row.maxPoints += c.maxPoints;
      row.points += c.points;
      row.applies ||= c.applies;
    }
    if (item.maxPoints !== undefined) {
      const cap = toHundredths(item.maxPoints);
      row.maxPoints = Math.min(row.maxPoints, cap);
      row.points = Math.min(row.points, cap);
    }
    return row;
  };
  for (const field of doc.nodes) {
    visit(field, 0, null);
  }
  return out;
}

/**
 * "Why this rank", one field or criterion: the points lost against the maximum, and against the
 * unit ranked just above (`other`: its totals for the same code; null when there is no unit above
 * or the caller may not see it). An item that does not apply to the unit above (another group's
 * criterion) has no comparison rather than a false 0.
 */
export function gapAgainst(
  mine: Pick<ItemTotals, 'maxPoints' | 'points'>,
  other: Pick<ItemTotals, 'applies' | 'points'> | null | undefined,
): { lostVsMax: number; abovePoints: number | null; gapVsAbove: number | null } {
  const abovePoints = other?.applies ? other.points : null;
  return {
    lostVsMax: mine.maxPoints - mine.points,
    abovePoints,
    gapVsAbove: abovePoints === null ? null : abovePoints - mine.points,
  };
}

/**
 * The unit ranked just above: the best-ranked unit whose rank is smaller than the unit's (in
 * the same ranking scope); ties share a rank, so a tied unit is not "above". Among several units
 * at that rank, the first by code (deterministic).
 */
export function unitAbove<T extends { code: string; group: string; rank: number }>(
  rows: readonly T[],
  unit: T,
  scope: IndexSetDocument['ranking']['scope'],
): T | null {
  let best: T | null = null;
  for (const r of rows) {
    if (scope === 'unitGroup' && r.group !== unit.group) {
      continue;
    }
    if (r.rank >= unit.rank) {
      continue;
    }
    if (
      best === null ||
      r.rank > best.rank ||
      (r.rank === best.rank && r.code.localeCompare(best.code) < 0)
    ) {
      best = r;
    }
  }
  return best;
}

/** Average of integers (hundredths), rounded half away from zero; nulls skipped; null if none. */
export function averageOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v !== null) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? null : roundHalfAwayFromZero(sum, count);
}

/** Per field code, the average field index of the given units (units where it applies). */
export function fieldAverages(
  results: readonly { fields: readonly { code: string; percent: number | null }[] }[],
): Map<string, number | null> {
  const byField = new Map<string, (number | null)[]>();
  for (const r of results) {
    for (const f of r.fields) {
      const list = byField.get(f.code);
      if (list) {
        list.push(f.percent);
      } else {
        byField.set(f.code, [f.percent]);
      }
    }
  }
  return new Map([...byField].map(([code, values]) => [code, averageOf(values)]));
}

/** Codes of every node and leaf (tree only) in document order, with names. */
export function treeCodes(doc: IndexSetDocument): { code: string; name: string; depth: number }[] {
  const out: { code: string; name: string; depth: number }[] = [];
  const visit = (item: Node | Leaf, depth: number) => {
    out.push({ code: item.code, name: item.name, depth });
    if (!isLeaf(item)) {
      for (const c of item.children) {
        visit(c, depth + 1);
      }
    }
  };
  for (const f of doc.nodes) {
    visit(f, 0);
  }
  return out;
}

/**
 * Criterion mapping between this year's set and the previous year's (year-over-year across
 * index-set versions): by default a code maps to the same code when the previous set has it;
 * the Office's overrides win (null = no counterpart). Returns current code → previous code|null.
 */
export function criterionMapping(
  current: IndexSetDocument,
  previous: IndexSetDocument,
  overrides: Record<string, string | null> = {},
): Map<string, string | null> {
  const previousCodes = new Set(treeCodes(previous).map((c) => c.code));
  const out = new Map<string, string | null>();
  for (const { code } of treeCodes(current)) {
    if (Object.hasOwn(overrides, code)) {
      const target = overrides[code] ?? null;
      out.set(code, target !== null && previousCodes.has(target) ? target : null);
    } else {
      out.set(code, previousCodes.has(code) ? code : null);
    }
  }
  return out;
}

/**
 * The previous year's percent of one current item (field or criterion) through the mapping:
 * the previous unit's points over its maximum for the mapped item, null when unmapped or not
 * applicable then.
 */
export function previousPercentOf(
  code: string,
  mapping: ReadonlyMap<string, string | null>,
  previous: ReadonlyMap<string, ItemTotals> | null,
): number | null {
  const target = mapping.get(code);
  if (previous === null || target === undefined || target === null) {
    return null;
  }
  const item = previous.get(target);
  if (!item?.applies || item.maxPoints === 0) {
    return null;
  }
  return percentOf(item.points, item.maxPoints);
}
