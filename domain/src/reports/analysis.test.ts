import { describe, expect, it } from 'vitest';
import { type AnalysisUnit, criteriaMostLost, fieldAnalysis, selfVsAppraised } from './analysis';

const unit = (
  code: string,
  self: number,
  final: number,
  fields: [string, number | null][],
  criteria: [string, number, number][],
): AnalysisUnit => ({
  code,
  name: `Đơn vị ${code}`,
  selfPoints: self,
  finalPoints: final,
  fields: fields.map(([c, percent]) => ({ code: c, percent })),
  criteria: criteria.map(([c, max, points]) => ({ code: c, name: `Tiêu chí ${c}`, maxPoints: max, points })),
});

const units = [
  unit(
    'A',
    9000,
    8750,
    [
      ['L1', 9000],
      ['L2', 8000],
    ],
    [
      ['1.1', 500, 500],
      ['1.2', 500, 250],
      ['2.1', 1000, 800],
    ],
  ),
  unit(
    'B',
    8000,
    8000,
    [
      ['L1', 9000],
      ['L2', null],
    ],
    [
      ['1.1', 500, 400],
      ['1.2', 500, 250],
    ],
  ),
  unit(
    'C',
    7000,
    7500,
    [
      ['L1', 6000],
      ['L2', 7000],
    ],
    [
      ['1.1', 500, 500],
      ['1.2', 500, 0],
      ['2.1', 1000, 1000],
    ],
  ),
];

describe('fieldAnalysis', () => {
  it('averages where a field applies and lists tied units together', () => {
    const [l1, l2, l3] = fieldAnalysis(
      [
        { code: 'L1', name: 'Lĩnh vực 1' },
        { code: 'L2', name: 'Lĩnh vực 2' },
        { code: 'L3', name: 'Lĩnh vực 3' },
      ],
      units,
    );
    // (9000 + 9000 + 6000) / 3 = 8000; B has no L2: (8000 + 7000) / 2 = 7500.
    expect(l1).toMatchObject({ average: 8000, highest: { percent: 9000, units: ['Đơn vị A', 'Đơn vị B'] } });
    expect(l1!.lowest).toEqual({ percent: 6000, units: ['Đơn vị C'] });
    expect(l2).toMatchObject({ average: 7500, highest: { percent: 8000 }, lowest: { percent: 7000 } });
    expect(l3).toEqual({ code: 'L3', name: 'Lĩnh vực 3', average: null, highest: null, lowest: null });
  });
});

describe('criteriaMostLost', () => {
  it('orders by units losing, then points lost, and leaves out criteria nobody lost', () => {
    const lost = criteriaMostLost(units);
    // 1.2: A −250, B −250, C −500 → 3 units, 1000; 1.1: B −100 → 1 unit; 2.1: A −200 → 1 unit, 200.
    expect(lost.map((c) => [c.code, c.unitsLosing, c.pointsLost, c.unitsApplicable])).toEqual([
      ['1.2', 3, 1000, 3],
      ['2.1', 1, 200, 2],
      ['1.1', 1, 100, 3],
    ]);
    expect(criteriaMostLost(units, 1)).toHaveLength(1);
  });
});

describe('selfVsAppraised', () => {
  it('counts lowered and raised units and sorts the largest differences', () => {
    const s = selfVsAppraised(units);
    expect(s).toMatchObject({ units: 3, adjusted: 2, lowered: 1, raised: 1 });
    // (250 + 0 − 500) / 3 = −83,33 → −83.
    expect(s.averageDifference).toBe(-83);
    expect(s.largest.map((d) => [d.code, d.difference])).toEqual([
      ['C', -500],
      ['A', 250],
    ]);
    expect(selfVsAppraised([]).averageDifference).toBeNull();
  });
});
