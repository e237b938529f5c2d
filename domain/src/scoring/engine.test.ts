import { describe, expect, it } from 'vitest';
import demoJson from '../../data/demo-index-set.json';
import type { ClassificationBand, IndexSetDocument } from '../index-set/format';
import { parseIndexSet } from '../index-set/validate';
import {
  applicableAdjustments,
  applicableTree,
  classify,
  itemMaximum,
  type PreviewNode,
  rankUnits,
  scoreUnit,
  type UnitAnswers,
  type UnitResult,
  unitMaximum,
} from './engine';

function parse(input: unknown): IndexSetDocument {
  const result = parseIndexSet(input);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.document;
}

const demo = parse(demoJson);

function score(doc: IndexSetDocument, unit: UnitAnswers): UnitResult {
  const result = scoreUnit(doc, unit);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.result;
}

/** Field code → [maxPoints, points, percent] in hundredths, for compact expectations. */
function fieldsOf(result: UnitResult): Record<string, [number, number, number | null]> {
  return Object.fromEntries(result.fields.map((f) => [f.code, [f.maxPoints, f.points, f.percent]]));
}

describe('unit maximum of the demo set, by hand', () => {
  // Field maxima per group (leaf maxPoints; no node caps in the demo):
  // 1: 1.1.1 1,5 + 1.1.2 3,5 + 1.2 3 + 1.3 2 + 1.4 2 + 1.5 2            = 14 (all groups)
  // 2: 2.1 5 (TM, NV) + 2.2 3 + 2.3 2 + 2.4 2                           = 12 (TM, NV); 7 (SN)
  // 3: 3.1 4 + 3.2 4 + 3.3 2, NGHIEP_VU only                            = 10 (NV); — (TM, SN)
  // 4: 4 + 4 = 8;  5: 3 + 3 + 3 + 5 = 14;  7: 5 + 4 + 3 + 2 = 14        (all groups)
  // 6: 6.1 4 (SN, TM) + 6.2 4 (SN)                                      = 4 (TM); — (NV); 8 (SN)
  // 8: NV 8 + 6 + 6 = 20; TM 10 + 10 = 20; SN 12 + 8 = 20
  // THAM_MUU  = 14 + 12 +  0 + 8 + 14 + 4 + 14 + 20 = 86
  // NGHIEP_VU = 14 + 12 + 10 + 8 + 14 + 0 + 14 + 20 = 92  (90 when 3.3 is declared not applicable)
  // SU_NGHIEP = 14 +  7 +  0 + 8 + 14 + 8 + 14 + 20 = 85
  it.each([
    ['THAM_MUU', [], 8600],
    ['NGHIEP_VU', [], 9200],
    ['NGHIEP_VU', ['3.3'], 9000],
    ['SU_NGHIEP', [], 8500],
  ])('%s minus %j = %s hundredths', (group, notApplicable, expected) => {
    expect(unitMaximum(demo, group, notApplicable)).toBe(expected);
  });

  it('previews only what applies, per group', () => {
    const outline = (nodes: PreviewNode[]): unknown =>
      nodes.map((n) => (n.children ? [n.code, n.maxPoints, outline(n.children)] : [n.code, n.maxPoints]));
    const nv = applicableTree(demo, 'NGHIEP_VU', ['3.3']);
    expect(nv.map((n) => n.code)).toEqual(['1', '2', '3', '4', '5', '7', '8']); // field 6 dropped
    expect(outline(nv.filter((n) => n.code === '3' || n.code === '8'))).toEqual([
      [
        '3',
        800,
        [
          ['3.1', 400],
          ['3.2', 400],
        ],
      ],
      [
        '8',
        2000,
        [
          ['8.NV.1', 800],
          ['8.NV.2', 600],
          ['8.NV.3', 600],
        ],
      ],
    ]);
    const sn = applicableTree(demo, 'SU_NGHIEP');
    expect(sn.find((n) => n.code === '2')?.children?.map((c) => c.code)).toEqual(['2.2', '2.3', '2.4']);
    expect(sn.find((n) => n.code === '6')?.children?.[1]?.leaf?.method.type).toBe('LEVEL_SELECT');
    expect(applicableTree(demo, 'NGHIEP_VU', ['3.1', '3.2', '3.3']).some((n) => n.code === '3')).toBe(false);
  });

  it('gives the maximum of one item over every group, node caps applied (editor tree)', () => {
    const field = (code: string) => demo.nodes.find((n) => n.code === code)!;
    expect(itemMaximum(field('1'))).toBe(1400);
    expect(itemMaximum(field('2'))).toBe(1200);
    expect(itemMaximum(field('3'))).toBe(1000);
    const capped = { ...field('1'), maxPoints: 10 };
    expect(itemMaximum(capped)).toBe(1000);
    expect(() => itemMaximum({ ...field('1'), maxPoints: 1.234 })).toThrow(RangeError);
  });

  it('lists the applicable bonus and penalty items with their caps', () => {
    const adjustments = applicableAdjustments(demo, 'THAM_MUU', ['T2']);
    expect(adjustments.bonus).toEqual({ maxPoints: 300, items: [expect.objectContaining({ code: 'T1' })] });
    expect(adjustments.penalty?.items.map((i) => i.code)).toEqual(['P1', 'P2']);
  });
});

describe('demo set, one unit per group, computed by hand', () => {
  it('THAM_MUU — Vụ Pháp chế (VPC): bonus lifts the index above 100%, clamped', () => {
    const result = score(demo, {
      code: 'VPC',
      group: 'THAM_MUU',
      answers: {
        // Field 1 (max 14)
        '1.1.1': { status: 'onTime' }, // 1,5
        '1.1.2': { percent: 100 }, // exactly at the 100% tier: 3,5
        '1.2': { onTime: 4, late: 0 }, // 4 × 3/4 = 3
        '1.3': { value: true }, // 2
        '1.4': { count: 3 }, // 3 × 1 = 3, capped at 2
        '1.5': { numerator: 9, denominator: 10 }, // 90% ≥ floor 50%: 2 × 0,9 = 1,8
        // → 1,5 + 3,5 + 3 + 2 + 2 + 1,8 = 13,8; 13,8/14 = 98,571…% → 98,57%
        // Field 2 (max 12 for THAM_MUU)
        '2.1': { percent: 100 }, // 5
        '2.2': { value: true }, // 3
        '2.3': { value: true }, // 2
        '2.4': { level: 'Đầy đủ' }, // 2  → 12 → 100%
        // Field 3 does not apply to THAM_MUU (max 0, no index)
        // Field 4 (max 8)
        '4.1': { value: true }, // 4
        '4.2': { level: 'Tốt' }, // 4  → 8 → 100%
        // Field 5 (max 14)
        '5.1': { value: true }, // 3
        '5.2': { dueDate: '2024-12-31', doneDate: '2024-12-31' }, // same day = on time: 3
        '5.3': { percent: 95 }, // 3 × 0,95 = 2,85
        '5.4': { counts: {} }, // no discipline: 5  → 13,85; 13,85/14 = 98,928…% → 98,93%
        // Field 6 (max 4 for THAM_MUU: only 6.1)
        '6.1': { value: true }, // 4 → 100%
        // Field 7 (max 14)
        '7.1': { numerator: 19, denominator: 20 }, // exactly 95% → top tier: 5
        '7.2': { value: true }, // 4
        '7.3': { value: true }, // 3
        '7.4': { value: true }, // 2  → 14 → 100%
        // Field 8 (max 20 for THAM_MUU)
        '8.TM.1': { percent: 92.5 }, // 10 × 0,925 = 9,25
        '8.TM.2': { points: 9, comment: 'Văn bản tham mưu đúng hạn, chất lượng tốt' }, // 9
        // → 18,25; 18,25/20 = 91,25%
        // Bonus: T1 5 × 1 = 5 → item cap 2; T2 yes → 1; Σ 3 = bonus cap 3
        T1: { count: 5 },
        T2: { value: true },
        // Penalty: nothing
        P1: { count: 0 },
        P2: { count: 0 },
        // Answers to leaves of other groups are ignored:
        '8.NV.1': { percent: 100 },
      },
    });
    // Points = 13,8 + 12 + 0 + 8 + 13,85 + 4 + 14 + 18,25 = 83,9
    // Index = (83,9 + 3 − 0) / 86 = 86,9/86 = 101,05% → clamped to 100%
    // Band: ≥ 90% and every field ≥ 70% (lowest 91,25%) → Xuất sắc
    expect(result).toMatchObject({
      maxPoints: 8600,
      points: 8390,
      bonus: 300,
      penalty: 0,
      indexPercent: 10000,
      band: 'Xuất sắc',
      unanswered: [],
    });
    expect(fieldsOf(result)).toEqual({
      '1': [1400, 1380, 9857],
      '2': [1200, 1200, 10000],
      '3': [0, 0, null],
      '4': [800, 800, 10000],
      '5': [1400, 1385, 9893],
      '6': [400, 400, 10000],
      '7': [1400, 1400, 10000],
      '8': [2000, 1825, 9125],
    });
    expect(result.leaves.some((leaf) => leaf.code === '8.NV.1')).toBe(false);
  });

  it('NGHIEP_VU — Cục C1 with 3.3 not applicable: rounding half away from zero, penalty', () => {
    const result = score(demo, {
      code: 'C1',
      group: 'NGHIEP_VU',
      notApplicable: ['3.3'],
      answers: {
        // Field 1 (max 14)
        '1.1.1': { status: 'late' }, // 0,75
        '1.1.2': { percent: 85 }, // tier ≥ 80%: 2
        '1.2': { onTime: 3, late: 1 }, // 3 × 0,75 + 1 × 0,375 = 2,625 → 2,63
        '1.3': { value: true }, // 2
        '1.4': { count: 1 }, // 1
        '1.5': { numerator: 2, denominator: 5 }, // 40% < floor 50%: 0
        // → 0,75 + 2 + 2,63 + 2 + 1 + 0 = 8,38; 8,38/14 = 59,857…% → 59,86%
        // Field 2 (max 12)
        '2.1': { numerator: 17, denominator: 20 }, // 85%: 5 × 0,85 = 4,25
        '2.2': { value: false }, // 0
        '2.3': { value: true }, // 2
        '2.4': { level: 'Chưa đầy đủ' }, // 1  → 7,25; 7,25/12 = 60,416…% → 60,42%
        // Field 3 (max 8 = 10 − 3.3's 2)
        '3.1': { value: true }, // 4
        '3.2': { numerator: 189, denominator: 200 }, // 94,5%: tier ≥ 90%: 2  → 6; 6/8 = 75%
        // Field 4 (max 8)
        '4.1': { value: true }, // 4
        '4.2': { level: 'Đạt' }, // 2  → 6; 75%
        // Field 5 (max 14)
        '5.1': { value: true }, // 3
        '5.2': { dueDate: '2024-03-31', doneDate: '2024-04-02' }, // late: 1,5
        '5.3': { numerator: 2, denominator: 3 }, // 3 × 2/3 = 2 exactly
        '5.4': { counts: { 'Khiển trách': 1 } }, // 5 − 1 = 4  → 10,5; 10,5/14 = 75%
        // Field 6: nothing applies to NGHIEP_VU (no index)
        // Field 7 (max 14)
        '7.1': { percent: 84.99 }, // below 85: tier ≥ 70%: 1
        '7.2': { value: true }, // 4
        '7.3': { value: false }, // 0
        '7.4': { value: true }, // 2  → 7; 50%
        // Field 8 (max 20)
        '8.NV.1': { numerator: 7, denominator: 8 }, // 8 × 7/8 = 7
        '8.NV.2': { percent: 90 }, // exactly at tier 90%: 4
        '8.NV.3': { numerator: 1, denominator: 3 }, // 6 × 1/3 = 2  → 13; 65%
        // Bonus: T1 1 × 1 = 1, T2 no → 0 → 1.  Penalty: P1 3 × 0,25 = 0,75, P2 0 → 0,75
        T1: { count: 1 },
        T2: { value: false },
        P1: { count: 3 },
        P2: { count: 0 },
      },
    });
    // Points = 8,38 + 7,25 + 6 + 6 + 10,5 + 0 + 7 + 13 = 58,13
    // Index = (58,13 + 1 − 0,75) / 90 = 58,38/90 = 64,866…% → 64,87%  → Trung bình (≥ 50)
    expect(result).toMatchObject({
      maxPoints: 9000,
      points: 5813,
      bonus: 100,
      penalty: 75,
      indexPercent: 6487,
      band: 'Trung bình',
      unanswered: [],
    });
    expect(fieldsOf(result)).toEqual({
      '1': [1400, 838, 5986],
      '2': [1200, 725, 6042],
      '3': [800, 600, 7500],
      '4': [800, 600, 7500],
      '5': [1400, 1050, 7500],
      '6': [0, 0, null],
      '7': [1400, 700, 5000],
      '8': [2000, 1300, 6500],
    });
    expect(result.leaves.find((leaf) => leaf.code === '1.2')).toEqual({
      code: '1.2',
      points: 263,
      explanation: '3 đúng hạn × 0,75 + 1 chậm × 0,375 = 2,63 điểm',
    });
    expect(result.leaves.some((leaf) => leaf.code === '3.3')).toBe(false);
  });

  it('SU_NGHIEP — Trường Cán bộ (TRUONG): deductions below zero, survey, penalty caps', () => {
    const result = score(demo, {
      code: 'TRUONG',
      group: 'SU_NGHIEP',
      answers: {
        // Field 1 (max 14)
        '1.1.1': { dueDate: '2024-01-15' }, // no done date = not done: 0
        '1.1.2': { numerator: 79, denominator: 100 }, // 79% → tier 0%: 0
        '1.2': { onTime: 2, late: 2 }, // 2 × 0,75 + 2 × 0,375 = 2,25
        '1.3': { value: true }, // 2
        '1.4': { count: 0 }, // 0
        '1.5': { percent: 50 }, // exactly at the floor: 2 × 0,5 = 1
        // → 5,25; 5,25/14 = 37,5%
        // Field 2 (max 7: 2.1 not for SU_NGHIEP)
        '2.2': { value: true }, // 3
        '2.3': { value: true }, // 2
        '2.4': { level: 'Không thực hiện' }, // 0  → 5; 5/7 = 71,428…% → 71,43%
        // Field 4 (max 8)
        '4.1': { value: true }, // 4
        '4.2': { level: 'Tốt' }, // 4  → 8; 100%
        // Field 5 (max 14)
        '5.1': { value: false }, // 0
        '5.2': { status: 'notDone' }, // 0
        '5.3': { percent: 100 }, // 3
        '5.4': { counts: { 'Cảnh cáo': 2, 'Khiển trách': 2 } }, // 5 − 4 − 2 = −1 → 0
        // → 3; 3/14 = 21,428…% → 21,43%
        // Field 6 (max 8)
        '6.1': { value: true }, // 4
        '6.2': { level: 'Tự chủ một phần' }, // 2  → 6; 75%
        // Field 7 (max 14)
        '7.1': { percent: 70 }, // exactly tier 70%: 1
        '7.2': { value: true }, // 4
        '7.3': { value: true }, // 3
        '7.4': { value: false }, // 0  → 8; 8/14 = 57,142…% → 57,14%
        // Field 8 (max 20)
        '8.SN.1': { target: 12, actual: 7 }, // 12 × 7/12 = 7
        '8.SN.2': { counts: { A: 10, B: 5, C: 3, D: 2 } },
        // (10 × 1 + 5 × 0,6 + 3 × 0,2 + 2 × 0) / 20 = 13,6/20 = 0,68; 8 × 0,68 = 5,44
        // → 12,44; 12,44/20 = 62,2%
        // Bonus: T1 0, T2 no → 0.
        // Penalty: P1 9 × 0,25 = 2,25 → item cap 2; P2 4 × 1 = 4 → item cap 3; Σ 5 = cap 5
        T1: { count: 0 },
        T2: { value: false },
        P1: { count: 9 },
        P2: { count: 4 },
      },
    });
    // Points = 5,25 + 5 + 0 + 8 + 3 + 6 + 8 + 12,44 = 47,69
    // Index = (47,69 + 0 − 5) / 85 = 42,69/85 = 50,223…% → 50,22%  → Trung bình (≥ 50)
    expect(result).toMatchObject({
      maxPoints: 8500,
      points: 4769,
      bonus: 0,
      penalty: 500,
      indexPercent: 5022,
      band: 'Trung bình',
      unanswered: [],
    });
    expect(fieldsOf(result)).toEqual({
      '1': [1400, 525, 3750],
      '2': [700, 500, 7143],
      '3': [0, 0, null],
      '4': [800, 800, 10000],
      '5': [1400, 300, 2143],
      '6': [800, 600, 7500],
      '7': [1400, 800, 5714],
      '8': [2000, 1244, 6220],
    });
  });

  it('NGHIEP_VU — Cục C2 at 92,39% with field 8 at 65% falls from Xuất sắc to Tốt', () => {
    const full = {
      '1.1.1': { status: 'onTime' },
      '1.1.2': { percent: 100 },
      '1.2': { onTime: 4, late: 0 },
      '1.3': { value: true },
      '1.4': { count: 2 },
      '1.5': { percent: 100 },
      '2.1': { percent: 100 },
      '2.2': { value: true },
      '2.3': { value: true },
      '2.4': { level: 'Đầy đủ' },
      '3.1': { value: true },
      '3.2': { percent: 100 },
      '3.3': { value: true },
      '4.1': { value: true },
      '4.2': { level: 'Tốt' },
      '5.1': { value: true },
      '5.2': { status: 'onTime' },
      '5.3': { percent: 100 },
      '5.4': { counts: {} },
      '7.1': { percent: 100 },
      '7.2': { value: true },
      '7.3': { value: true },
      '7.4': { value: true },
    };
    const result = score(demo, {
      code: 'C2',
      group: 'NGHIEP_VU',
      answers: {
        ...full, // fields 1–5 and 7 at their maxima: 14 + 12 + 10 + 8 + 14 + 14 = 72
        '8.NV.1': { numerator: 3, denominator: 8 }, // 8 × 3/8 = 3
        '8.NV.2': { percent: 100 }, // 6
        '8.NV.3': { percent: 66.67 }, // 6 × 0,6667 = 4,0002 → 4
        // Field 8 = 13 of 20 = 65%.  Bonus and penalty items unanswered → 0.
      },
    });
    // Points = 72 + 13 = 85; index = 85/92 = 92,391…% → 92,39%
    // Xuất sắc needs every field ≥ 70%: field 8 is 65% → next band, Tốt (≥ 80%)
    expect(result).toMatchObject({ maxPoints: 9200, points: 8500, indexPercent: 9239, band: 'Tốt' });
    expect(result.unanswered).toEqual(['T1', 'T2', 'P1', 'P2']);
    expect(fieldsOf(result)['8']).toEqual([2000, 1300, 6500]);
  });

  it('scores unanswered leaves 0 and lists them', () => {
    const result = score(demo, { code: 'X', group: 'SU_NGHIEP', answers: { '1.3': { value: true } } });
    expect(result.points).toBe(200);
    expect(result.indexPercent).toBe(235); // 2/85 = 2,352…%
    expect(result.band).toBe('Yếu');
    // SU_NGHIEP has 6 + 3 + 2 + 4 + 2 + 4 + 2 = 23 applicable leaves; 22 unanswered, + 4 bonus/penalty items
    expect(result.unanswered).toHaveLength(22 + 4);
    expect(result.leaves.find((l) => l.code === '1.1.1')).toEqual({
      code: '1.1.1',
      points: 0,
      explanation: 'Chưa chấm: 0 điểm',
    });
    // null counts as unanswered too (a cleared box in the web form)
    expect(score(demo, { code: 'X', group: 'SU_NGHIEP', answers: { '1.3': null } }).unanswered).toContain(
      '1.3',
    );
  });
});

describe('scoreUnit errors name the unit and the leaf', () => {
  it('reports every bad answer, unknown code, node code and unknown group', () => {
    const result = scoreUnit(demo, {
      code: 'C1',
      group: 'NGHIEP_VU',
      notApplicable: ['9.9', '1.1'],
      answers: {
        '2.4': { level: 'X' },
        '1.1.2': { percent: 130 },
        '9.9': { value: true },
        '1.1': { value: true },
        '1.4': { count: -1 },
      },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'notApplicable[0]',
          message: 'Đơn vị C1: tiêu chí "9.9" (khai báo không áp dụng) không có trong bộ chỉ số.',
        },
        {
          path: 'notApplicable[1]',
          message:
            'Đơn vị C1: "1.1" là nhóm tiêu chí; chỉ khai báo không áp dụng cho từng tiêu chí được chấm điểm.',
        },
        { path: 'answers["9.9"]', message: 'Đơn vị C1, tiêu chí 9.9: không có trong bộ chỉ số.' },
        {
          path: 'answers["1.1"]',
          message: 'Đơn vị C1, tiêu chí 1.1: là nhóm tiêu chí, không chấm điểm trực tiếp.',
        },
        {
          path: 'answers["1.1.2"]',
          message: 'Đơn vị C1, tiêu chí 1.1.2: tỷ lệ phải là số từ 0 đến 100 (đang nhập 130).',
        },
        {
          path: 'answers["1.4"]',
          message: 'Đơn vị C1, tiêu chí 1.4: số lượng phải là số nguyên không âm (đang nhập -1).',
        },
        { path: 'answers["2.4"]', message: 'Đơn vị C1, tiêu chí 2.4: mức "X" không có trong danh sách.' },
      ],
    });
  });

  it('rejects an unknown unit group', () => {
    expect(scoreUnit(demo, { code: 'Z', group: 'KHOI_LA', answers: {} })).toMatchObject({
      ok: false,
      errors: [{ path: 'group', message: 'Đơn vị Z: khối "KHOI_LA" không có trong bộ chỉ số.' }],
    });
  });

  it('rejects a unit with nothing applicable (no maximum, no index)', () => {
    const all = applicableTree(demo, 'THAM_MUU').flatMap(function leaves(n): string[] {
      return n.children ? n.children.flatMap(leaves) : [n.code];
    });
    const result = scoreUnit(demo, { code: 'Z', group: 'THAM_MUU', notApplicable: all, answers: {} });
    expect(result).toMatchObject({ ok: false, errors: [{ path: '' }] });
  });
});

/** A small set with node caps and capped adjustments (the demo set has no node caps). */
const capped = parse({
  formatVersion: 1,
  code: 'CAPS',
  name: 'Bộ thử trần điểm',
  year: 2024,
  unitGroups: [
    { code: 'A', name: 'Khối A' },
    { code: 'B', name: 'Khối B' },
  ],
  nodes: [
    {
      code: 'F1',
      name: 'Lĩnh vực 1',
      maxPoints: 5,
      children: [
        { code: 'F1.1', name: 'a', maxPoints: 4, method: { type: 'BOOLEAN' } },
        { code: 'F1.2', name: 'b', maxPoints: 3, method: { type: 'BOOLEAN' } },
      ],
    },
    {
      code: 'F2',
      name: 'Lĩnh vực 2',
      children: [
        {
          code: 'F2.1',
          name: 'c',
          maxPoints: 2,
          children: [
            { code: 'F2.1.1', name: 'd', maxPoints: 1.5, method: { type: 'BOOLEAN' } },
            { code: 'F2.1.2', name: 'e', maxPoints: 1.5, method: { type: 'BOOLEAN' }, applicableTo: ['B'] },
          ],
        },
        { code: 'F2.2', name: 'f', maxPoints: 4, method: { type: 'BOOLEAN' }, applicableTo: ['A'] },
      ],
    },
  ],
  adjustments: {
    bonus: {
      maxPoints: 1,
      items: [
        { code: 'TB1', name: 'g', maxPoints: 1, method: { type: 'COUNT_CAPPED', pointsPerItem: 0.5 } },
        { code: 'TB2', name: 'h', maxPoints: 1, method: { type: 'BOOLEAN' } },
      ],
    },
    penalty: {
      maxPoints: 2,
      items: [{ code: 'TP1', name: 'i', maxPoints: 3, method: { type: 'COUNT_CAPPED', pointsPerItem: 1 } }],
    },
  },
  classification: [
    { label: 'Cao', minPercent: 90 },
    { label: 'Thấp', minPercent: 10 },
  ],
  ranking: { ties: 'dense', scope: 'all' },
});

describe('node caps (rule 4), adjustment caps (rule 5), index clamp (rule 6)', () => {
  it('caps node maxima per group', () => {
    // A: F1 min(5, 4 + 3) = 5; F2: F2.1 min(2, 1,5) = 1,5 + F2.2 4 = 5,5 → 10,5
    // B: F1 5; F2: F2.1 min(2, 1,5 + 1,5) = 2 → 7
    expect(unitMaximum(capped, 'A')).toBe(1050);
    expect(unitMaximum(capped, 'B')).toBe(700);
    expect(applicableTree(capped, 'B')[1]).toMatchObject({ code: 'F2', maxPoints: 200 });
  });

  it('caps node points, the bonus sum and the penalty sum', () => {
    const yes = { value: true };
    const a = score(capped, {
      code: 'UA',
      group: 'A',
      answers: {
        'F1.1': yes,
        'F1.2': yes,
        'F2.1.1': yes,
        'F2.2': yes,
        TB1: { count: 2 },
        TB2: yes,
        TP1: { count: 3 },
      },
    });
    // F1 = min(5, 7) = 5; F2 = 1,5 + 4 = 5,5; bonus min(1, 1 + 1) = 1; penalty min(2, 3) = 2
    // index = (10,5 + 1 − 2)/10,5 = 90,476…% → 90,48%
    expect(a).toMatchObject({
      maxPoints: 1050,
      points: 1050,
      bonus: 100,
      penalty: 200,
      indexPercent: 9048,
      band: 'Cao',
    });
    const b = score(capped, {
      code: 'UB',
      group: 'B',
      answers: { 'F1.1': yes, 'F1.2': { value: false }, 'F2.1.1': yes, 'F2.1.2': yes },
    });
    // F1 = 4; F2 = F2.1 min(2, 3) = 2 → 6 of 7 = 85,714…% → 85,71%
    expect(b).toMatchObject({ points: 600, indexPercent: 8571, band: 'Thấp' });
    expect(fieldsOf(b)).toEqual({ F1: [500, 400, 8000], F2: [200, 200, 10000] });
  });

  it('clamps a negative index to 0 and gives no band below the lowest', () => {
    const result = score(capped, { code: 'UB2', group: 'B', answers: { TP1: { count: 2 } } });
    // (0 − 2)/7 < 0 → 0%; the lowest band needs 10% → no band
    expect(result).toMatchObject({ points: 0, penalty: 200, indexPercent: 0, band: null });
  });
});

describe('classify (rule 8)', () => {
  const bands: ClassificationBand[] = [
    { label: 'Xuất sắc', minPercent: 90, minEachFieldPercent: 70 },
    { label: 'Tốt', minPercent: 80, minEachFieldPercent: 60 },
    { label: 'Khá', minPercent: 70 },
    { label: 'Yếu', minPercent: 0 },
  ];
  it.each<[number, (number | null)[], string | null]>([
    [9200, [10000, 6500], 'Tốt'], // 92% but a field at 65% < 70% → falls to Tốt
    [9200, [10000, 7000], 'Xuất sắc'], // exactly at the floor
    [9000, [9000, null], 'Xuất sắc'], // exactly at minPercent; a field without index is skipped
    [9200, [10000, 5999], 'Khá'], // below both floors → Khá (no floor)
    [8999, [10000], 'Tốt'],
    [0, [], 'Yếu'],
  ])('%s with fields %j → %s', (index, fields, expected) => {
    expect(classify(bands, index, fields)).toBe(expected);
  });

  it('returns null when no band fits', () => {
    expect(classify([{ label: 'Đạt', minPercent: 50 }], 4999, [])).toBeNull();
  });
});

describe('rankUnits (rule 9)', () => {
  const units = [
    { code: 'A', group: 'G1', indexPercent: 9000 },
    { code: 'B', group: 'G2', indexPercent: 8500 },
    { code: 'C', group: 'G1', indexPercent: 8500 },
    { code: 'D', group: 'G2', indexPercent: 7000 },
    { code: 'E', group: 'G1', indexPercent: 9500 },
  ];
  const ranks = (map: Map<string, number>) => Object.fromEntries([...map].sort());
  it.each<['dense' | 'competition', 'all' | 'unitGroup', Record<string, number>]>([
    ['dense', 'all', { A: 2, B: 3, C: 3, D: 4, E: 1 }],
    ['competition', 'all', { A: 2, B: 3, C: 3, D: 5, E: 1 }],
    ['dense', 'unitGroup', { A: 2, B: 1, C: 3, D: 2, E: 1 }],
    ['competition', 'unitGroup', { A: 2, B: 1, C: 3, D: 2, E: 1 }],
  ])('%s / %s', (ties, scope, expected) => {
    expect(ranks(rankUnits(units, { ties, scope }))).toEqual(expected);
  });

  it('gives 1, 2, 2, 3 (dense) and 1, 2, 2, 4 (competition)', () => {
    const four = [9000, 8000, 8000, 7000].map((indexPercent, i) => ({
      code: `U${i}`,
      group: 'G',
      indexPercent,
    }));
    expect([...rankUnits(four, { ties: 'dense', scope: 'all' }).values()]).toEqual([1, 2, 2, 3]);
    expect([...rankUnits(four, { ties: 'competition', scope: 'all' }).values()]).toEqual([1, 2, 2, 4]);
  });

  it('ranks an empty list', () => {
    expect(rankUnits([], { ties: 'dense', scope: 'all' }).size).toBe(0);
  });
});
