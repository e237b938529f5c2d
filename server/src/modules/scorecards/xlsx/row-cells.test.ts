import type { Leaf } from '@cchc/domain/index-set/format';
import { scoreLeaf } from '@cchc/domain/scoring/methods';
import { describe, expect, it } from 'vitest';
import { fingerprints, parseRow, renderRow, type StoredAnswer } from './row-cells';

const leaf = (method: Leaf['method'], maxPoints = 4): Leaf => ({ code: 'X', name: 'X', maxPoints, method });

const LEAVES = {
  bool: leaf({ type: 'BOOLEAN' }),
  level: leaf({
    type: 'LEVEL_SELECT',
    levels: [
      { label: 'Đầy đủ; đúng hạn', points: 4 },
      { label: 'Chưa đầy đủ', points: 2 },
    ],
  }),
  deadline: leaf({ type: 'DEADLINE', onTimePoints: 4, latePoints: 2, notDonePoints: 0 }),
  tiered: leaf({
    type: 'TIERED_PERCENT',
    tiers: [
      { minPercent: 0, points: 0 },
      { minPercent: 80, points: 4 },
    ],
  }),
  proportional: leaf({ type: 'PROPORTIONAL' }),
  target: leaf({ type: 'TARGET_ACTUAL' }),
  capped: leaf({ type: 'COUNT_CAPPED', pointsPerItem: 1 }),
  compliance: leaf({ type: 'COUNT_COMPLIANCE', required: 4, latePointsPerItem: 0.5 }),
  deduction: leaf({
    type: 'DEDUCTION',
    categories: [
      { label: 'Khiển trách', points: 1 },
      { label: 'A=B', points: 2 },
    ],
  }),
  manual: leaf({ type: 'MANUAL' }),
  survey: leaf({ type: 'SURVEY', optionWeights: { A: 1, B: 0.5 } }),
};

const stored = (value: unknown, extra: Partial<StoredAnswer> = {}): StoredAnswer => ({
  value,
  note: '',
  noEvidenceReason: '',
  naClaimed: false,
  naReason: '',
  isCarriedDraft: false,
  ...extra,
});

describe('scorecard rows', () => {
  it.each([
    ['bool', { value: false }],
    ['level', { level: 'Đầy đủ; đúng hạn' }],
    ['deadline', { status: 'late' }],
    ['tiered', { percent: 85.5 }],
    ['proportional', { numerator: 17, denominator: 23 }],
    ['target', { target: 10, actual: 8 }],
    ['capped', { count: 3 }],
    ['compliance', { onTime: 2, late: 1 }],
    ['deduction', { counts: { 'Khiển trách': 1, 'A=B': 2 } }],
    ['deduction', { counts: {} }],
    ['manual', { points: 2.5, comment: 'Theo báo cáo' }],
    ['survey', { counts: { A: 10, B: 5 } }],
  ] as const)('%s: a stored answer renders to cells that read back as the same answer', (name, value) => {
    const l = LEAVES[name];
    const cells = renderRow(l, stored(value, { note: 'Ghi chú' }));
    const parsed = parseRow(l, cells, { draft: false });
    expect(parsed).toEqual({
      ok: true,
      row: { value, note: 'Ghi chú', noEvidenceReason: '', naClaimed: false, naReason: '', confirm: false },
    });
    expect(scoreLeaf(l, value).ok).toBe(true);
  });

  it('reads what people type: words without diacritics, comma decimals, percent text', () => {
    expect(parseRow(LEAVES.bool, { choice: 'co' }, { draft: false })).toMatchObject({
      row: { value: { value: true } },
    });
    expect(parseRow(LEAVES.level, { choice: 'chua day du' }, { draft: false })).toMatchObject({
      row: { value: { level: 'Chưa đầy đủ' } },
    });
    expect(parseRow(LEAVES.deadline, { choice: 'Chậm thời hạn' }, { draft: false })).toMatchObject({
      row: { value: { status: 'late' } },
    });
    expect(parseRow(LEAVES.tiered, { percent: '85,5%' }, { draft: false })).toMatchObject({
      row: { value: { percent: 85.5 } },
    });
    expect(
      parseRow(LEAVES.deduction, { counts: 'khien trach = 2\n"A=B": 1' }, { draft: false }),
    ).toMatchObject({
      row: { value: { counts: { 'Khiển trách': 2, 'A=B': 1 } } },
    });
    expect(parseRow(LEAVES.deduction, { counts: 'Không có' }, { draft: false })).toMatchObject({
      row: { value: { counts: {} } },
    });
    expect(parseRow(LEAVES.compliance, { count: 3 }, { draft: false })).toMatchObject({
      row: { value: { onTime: 3 } },
    });
  });

  it('names the cell of each problem', () => {
    const bad = parseRow(LEAVES.tiered, { percent: 80, numerator: 1, choice: 'Có' }, { draft: false });
    expect(bad).toMatchObject({
      ok: false,
      errors: [
        { key: 'choice', message: expect.stringContaining('không dùng cho phương pháp') },
        { key: 'percent', message: expect.stringContaining('không ghi cả hai') },
      ],
    });
    expect(parseRow(LEAVES.target, { numerator: 8 }, { draft: false })).toMatchObject({
      ok: false,
      errors: [{ key: 'denominator' }],
    });
    expect(parseRow(LEAVES.manual, { manualPoints: 3 }, { draft: false })).toMatchObject({
      ok: false,
      errors: [{ key: 'manualComment' }],
    });
    expect(parseRow(LEAVES.survey, { counts: 'C=1; A=x' }, { draft: false })).toMatchObject({
      ok: false,
      errors: [{ key: 'counts' }, { key: 'counts' }],
    });
    expect(parseRow(LEAVES.bool, { choice: 'Có', naClaimed: 'hmm' }, { draft: false })).toMatchObject({
      ok: false,
      errors: [{ key: 'naClaimed' }],
    });
  });

  it('a deadline given by dates shows as the status it earns', () => {
    const cells = renderRow(LEAVES.deadline, stored({ dueDate: '2024-03-31', doneDate: '2024-04-02' }));
    expect(cells.choice).toBe('Trễ hạn');
  });

  it('fingerprints tell an untouched row from a changed one, value and the rest apart', () => {
    const base = parseRow(LEAVES.bool, renderRow(LEAVES.bool, stored({ value: true })), { draft: false });
    const noted = parseRow(LEAVES.bool, { choice: 'Có', note: 'Mới' }, { draft: false });
    const same = parseRow(LEAVES.bool, { choice: ' co ' }, { draft: false });
    if (!base.ok || !noted.ok || !same.ok) {
      throw new Error('parse');
    }
    expect(fingerprints(same.row)).toEqual(fingerprints(base.row));
    expect(fingerprints(noted.row).value).toBe(fingerprints(base.row).value);
    expect(fingerprints(noted.row).rest).not.toBe(fingerprints(base.row).rest);
  });

  it('a draft carried from last year is confirmed with its Trạng thái cell', () => {
    const cells = renderRow(LEAVES.bool, stored({ value: true }, { isCarriedDraft: true }));
    expect(cells.status).toBe('Nháp năm trước');
    expect(parseRow(LEAVES.bool, cells, { draft: true })).toMatchObject({ row: { confirm: false } });
    expect(parseRow(LEAVES.bool, { ...cells, status: 'Xác nhận' }, { draft: true })).toMatchObject({
      row: { confirm: true },
    });
  });
});
