import { describe, expect, it } from 'vitest';
import demoJson from '../../data/demo-index-set.json';
import type { IndexSetDocument } from '../index-set/format';
import { parseIndexSet } from '../index-set/validate';
import { scoreUnit, type UnitResult } from '../scoring/engine';
import {
  averageOf,
  criterionMapping,
  defaultRatingMap,
  effectiveRatingMap,
  gapAgainst,
  itemTotals,
  previousPercentOf,
  ranksOf,
  ratingOf,
  unitAbove,
} from './results';

const parsed = parseIndexSet(demoJson);
if (!parsed.ok) {
  throw new Error('demo set invalid');
}
const demo: IndexSetDocument = parsed.document;

function decidedUnit(code: string, group: string, points: Record<string, number>): UnitResult {
  // Every leaf decided at its maximum unless `points` says otherwise (hundredths).
  const decided: Record<string, { points: number; explanation: string }> = {};
  for (const item of itemTotalsOfGroup(group)) {
    decided[item.code] = { points: points[item.code] ?? item.max, explanation: '' };
  }
  const r = scoreUnit(demo, { code, group, answers: {}, decided });
  if (!r.ok) {
    throw new Error(JSON.stringify(r.errors));
  }
  return r.result;
}

function itemTotalsOfGroup(group: string): { code: string; max: number }[] {
  const r = scoreUnit(demo, { code: 'x', group, answers: {} });
  if (!r.ok) {
    throw new Error('unexpected');
  }
  const all = itemTotals(demo, r.result).filter((i) => i.isLeaf && i.applies);
  return all.map((i) => ({ code: i.code, max: i.maxPoints }));
}

describe('task-completion rating (the Office maps bands; data, not code)', () => {
  it('offers first → excellent, second → good, last of ≥ 4 → not completed, others → completed', () => {
    expect(defaultRatingMap(demo.classification)).toEqual({
      bands: {
        'Xuất sắc': 'EXCELLENT',
        Tốt: 'GOOD',
        Khá: 'COMPLETED',
        'Trung bình': 'COMPLETED',
        Yếu: 'NOT_COMPLETED',
      },
      unclassified: 'NOT_COMPLETED',
    });
    expect(
      defaultRatingMap([
        { label: 'A', minPercent: 50 },
        { label: 'B', minPercent: 0 },
      ]).bands,
    ).toEqual({
      A: 'EXCELLENT',
      B: 'GOOD',
    });
  });
  it('completes a saved mapping for the current bands and drops bands no longer in the set', () => {
    const map = effectiveRatingMap(demo.classification, { bands: { Tốt: 'COMPLETED', Cũ: 'GOOD' } });
    expect(map.bands.Tốt).toBe('COMPLETED');
    expect(map.bands['Xuất sắc']).toBe('EXCELLENT');
    expect(Object.keys(map.bands)).not.toContain('Cũ');
    expect(ratingOf(null, map)).toBe('NOT_COMPLETED');
    expect(ratingOf('Không có', map)).toBe('NOT_COMPLETED');
  });
});

describe('ranks overall and in the group (rule 9)', () => {
  const rows = [
    { code: 'A', group: 'G1', indexPercent: 9500 },
    { code: 'B', group: 'G2', indexPercent: 9500 },
    { code: 'C', group: 'G1', indexPercent: 9000 },
    { code: 'D', group: 'G2', indexPercent: 8000 },
  ];
  it('dense: 1, 1, 2, 3; competition: 1, 1, 3, 4; in groups independently', () => {
    const dense = ranksOf(rows, { ties: 'dense', scope: 'all' });
    expect(rows.map((r) => dense.get(r.code)?.rank)).toEqual([1, 1, 2, 3]);
    expect(rows.map((r) => dense.get(r.code)?.inGroup)).toEqual([1, 1, 2, 2]);
    const comp = ranksOf(rows, { ties: 'competition', scope: 'unitGroup' });
    expect(rows.map((r) => comp.get(r.code)?.overall)).toEqual([1, 1, 3, 4]);
    expect(rows.map((r) => comp.get(r.code)?.rank)).toEqual([1, 1, 2, 2]);
  });
  it('the unit above is the nearest better rank, never a tied unit; first by code among equals', () => {
    const ranked = [
      { code: 'A', group: 'G', rank: 1 },
      { code: 'C', group: 'G', rank: 2 },
      { code: 'B', group: 'G', rank: 2 },
      { code: 'D', group: 'H', rank: 3 },
    ];
    expect(unitAbove(ranked, ranked[0]!, 'all')).toBeNull();
    expect(unitAbove(ranked, ranked[1]!, 'all')?.code).toBe('A');
    expect(unitAbove(ranked, ranked[3]!, 'all')?.code).toBe('B');
    expect(unitAbove(ranked, ranked[3]!, 'unitGroup')).toBeNull();
  });
});

describe('criterion totals and why this rank', () => {
  it('recomputes node totals with the engine’s caps and applicability', () => {
    const u = decidedUnit('U', 'THAM_MUU', { '1.3': 0, '7.4': 100 });
    const items = new Map(itemTotals(demo, u).map((i) => [i.code, i]));
    expect(items.get('1')).toMatchObject({ maxPoints: 1400, points: 1200, depth: 0 });
    expect(items.get('1.1')).toMatchObject({ maxPoints: 500, points: 500, depth: 1, parentCode: '1' });
    expect(items.get('3')).toMatchObject({ applies: false, maxPoints: 0 }); // NGHIEP_VU only
    // Field totals equal the engine's.
    for (const f of u.fields) {
      expect(items.get(f.code)).toMatchObject({ maxPoints: f.maxPoints, points: f.points });
    }
  });
  it('lists points lost against the maximum and against the unit above', () => {
    const me = new Map(
      itemTotals(demo, decidedUnit('U', 'THAM_MUU', { '1.3': 0, '7.4': 100 })).map((i) => [i.code, i]),
    );
    const above = new Map(
      itemTotals(demo, decidedUnit('A', 'THAM_MUU', { '7.4': 0 })).map((i) => [i.code, i]),
    );
    const gap = (code: string, other: Map<string, ReturnType<typeof itemTotals>[number]> | null) =>
      gapAgainst(me.get(code)!, other?.get(code));
    expect(gap('1', above)).toEqual({ lostVsMax: 200, abovePoints: 1400, gapVsAbove: 200 });
    expect(gap('7', above)).toEqual({ lostVsMax: 100, abovePoints: 1200, gapVsAbove: -100 });
    expect(gap('1', null)).toEqual({ lostVsMax: 200, abovePoints: null, gapVsAbove: null });
    // Field 6 applies to THAM_MUU, not to NGHIEP_VU: no comparison rather than a false 0.
    const otherGroup = new Map(itemTotals(demo, decidedUnit('B', 'NGHIEP_VU', {})).map((i) => [i.code, i]));
    expect(gap('6', otherGroup)).toEqual({ lostVsMax: 0, abovePoints: null, gapVsAbove: null });
    expect(gap('1', otherGroup)).toEqual({ lostVsMax: 200, abovePoints: 1400, gapVsAbove: 200 });
  });
});

describe('averages and year over year', () => {
  it('rounds averages half away from zero and skips fields that do not apply', () => {
    expect(averageOf([8571, 10000, 10000, 10000])).toBe(9643); // 9642,75
    expect(averageOf([1, 2])).toBe(2); // 1,5
    expect(averageOf([null, null])).toBeNull();
    expect(averageOf([null, 5000])).toBe(5000);
  });
  it('maps to the same code by default; overrides win; unknown targets map to nothing', () => {
    const renamed: IndexSetDocument = {
      ...demo,
      nodes: demo.nodes.map((n) => (n.code === '2' ? { ...n, code: '2X' } : n)),
    };
    const m = criterionMapping(demo, renamed, { '3': '2X', '4': 'NOPE', '5': null });
    expect(m.get('1')).toBe('1');
    expect(m.get('2')).toBeNull(); // renamed in the previous set, no override
    expect(m.get('3')).toBe('2X');
    expect(m.get('4')).toBeNull();
    expect(m.get('5')).toBeNull();
    const prev = decidedUnit('P', 'THAM_MUU', { '2.2': 0 });
    const prevItems = new Map(itemTotals(demo, prev).map((i) => [i.code, i]));
    const same = criterionMapping(demo, demo, { '1': '2' });
    expect(previousPercentOf('1', same, prevItems)).toBe(7500); // field 2: 9/12
    expect(previousPercentOf('3', same, prevItems)).toBeNull(); // field 3 did not apply then
    expect(previousPercentOf('1', same, null)).toBeNull();
  });
});
