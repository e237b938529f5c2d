import { describe, expect, it } from 'vitest';
import type { Leaf, Method } from '../index-set/format';
import { MAX_ANSWER_DEPTH, scoreLeaf } from './methods';

const leaf = (maxPoints: number, method: Method): Leaf => ({
  code: 'X',
  name: 'Tiêu chí thử',
  maxPoints,
  method,
});

/** Expect a score: points in hundredths and the explanation. */
function expectScore(l: Leaf, answer: unknown, points: number, explanation?: string) {
  const result = scoreLeaf(l, answer);
  expect(result).toMatchObject({ ok: true, points });
  if (explanation !== undefined && result.ok) {
    expect(result.explanation).toBe(explanation);
  }
}

function expectError(l: Leaf, answer: unknown, error: string | RegExp) {
  const result = scoreLeaf(l, answer);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    if (typeof error === 'string') {
      expect(result.error).toBe(error);
    } else {
      expect(result.error).toMatch(error);
    }
  }
}

describe('BOOLEAN (yes → maxPoints, no → noPoints)', () => {
  const plain = leaf(2, { type: 'BOOLEAN' });
  const withNo = leaf(2, { type: 'BOOLEAN', noPoints: 0.5 });
  it.each<[Leaf, unknown, number, string]>([
    [plain, { value: true }, 200, 'Có: 2 điểm'],
    [plain, { value: false }, 0, 'Không: 0 điểm'],
    [withNo, { value: false }, 50, 'Không: 0,5 điểm'],
  ])('%#', (l, answer, points, explanation) => expectScore(l, answer, points, explanation));

  it.each([{}, { value: 'true' }, { value: 1 }, null, 'yes', [true]])('rejects %j', (answer) => {
    expect(scoreLeaf(plain, answer).ok).toBe(false);
  });
});

describe('LEVEL_SELECT', () => {
  const l = leaf(2, {
    type: 'LEVEL_SELECT',
    levels: [
      { label: 'Đầy đủ', points: 2 },
      { label: 'Chưa đầy đủ', points: 1 },
      { label: 'Không thực hiện', points: 0 },
    ],
  });
  it.each<[unknown, number, string]>([
    [{ level: 'Đầy đủ' }, 200, 'Mức "Đầy đủ": 2 điểm'],
    [{ level: 'Chưa đầy đủ' }, 100, 'Mức "Chưa đầy đủ": 1 điểm'],
    [{ level: 'Không thực hiện' }, 0, 'Mức "Không thực hiện": 0 điểm'],
    // Decomposed (NFD) input with spaces matches the NFC label.
    [{ level: '  Chưa đầy đủ '.normalize('NFD') }, 100, 'Mức "Chưa đầy đủ": 1 điểm'],
  ])('%j → %s', (answer, points, explanation) => expectScore(l, answer, points, explanation));

  it('rejects an unknown level with the label in the message', () => {
    expectError(l, { level: 'X' }, 'mức "X" không có trong danh sách.');
    expectError(l, {}, 'cần chọn một mức ("level").');
  });
});

describe('DEADLINE (status or due date + done date)', () => {
  const l = leaf(1.5, { type: 'DEADLINE', onTimePoints: 1.5, latePoints: 0.75, notDonePoints: 0 });
  it.each<[unknown, number, string]>([
    [{ status: 'onTime' }, 150, 'Đúng thời hạn: 1,5 điểm'],
    [{ status: 'late' }, 75, 'Chậm thời hạn: 0,75 điểm'],
    [{ status: 'notDone' }, 0, 'Không hoàn thành: 0 điểm'],
    [
      { dueDate: '2024-03-31', doneDate: '2024-03-31' },
      150,
      'Hạn 31/03/2024, hoàn thành 31/03/2024 → đúng thời hạn: 1,5 điểm',
    ],
    [
      { dueDate: '2024-03-31', doneDate: '2024-04-02' },
      75,
      'Hạn 31/03/2024, hoàn thành 02/04/2024 → chậm thời hạn: 0,75 điểm',
    ],
    [{ dueDate: '2024-03-31' }, 0, 'Hạn 31/03/2024, chưa hoàn thành → không hoàn thành: 0 điểm'],
    [
      { dueDate: '2024-03-31', doneDate: null },
      0,
      'Hạn 31/03/2024, chưa hoàn thành → không hoàn thành: 0 điểm',
    ],
    [
      { dueDate: '2024-12-31', doneDate: '2024-02-29' },
      150,
      'Hạn 31/12/2024, hoàn thành 29/02/2024 → đúng thời hạn: 1,5 điểm',
    ],
  ])('%j → %s', (answer, points, explanation) => expectScore(l, answer, points, explanation));

  it.each<[unknown, string | RegExp]>([
    [{ status: 'soon' }, 'trạng thái "soon" không hợp lệ (chỉ nhận onTime, late hoặc notDone).'],
    [{ dueDate: '31/03/2024', doneDate: '2024-04-02' }, /^hạn "31\/03\/2024" không phải ngày hợp lệ/],
    [
      { dueDate: '2024-03-31', doneDate: '2024-02-30' },
      /^ngày hoàn thành "2024-02-30" không phải ngày hợp lệ/,
    ],
    [{ dueDate: '2023-02-29', doneDate: '2023-03-01' }, /^hạn "2023-02-29"/],
    [{ doneDate: '2024-04-02' }, 'thiếu hạn hoàn thành ("dueDate").'],
    [
      { status: 'late', dueDate: '2024-03-31' },
      'chỉ nhập "status" hoặc "dueDate" + "doneDate", không nhập cả hai.',
    ],
    [{}, /^cần "status"/],
  ])('%j is an error', (answer, error) => expectError(l, answer, error));
});

describe('TIERED_PERCENT (highest tier whose minPercent ≤ percent)', () => {
  const l = leaf(4, {
    type: 'TIERED_PERCENT',
    tiers: [
      { minPercent: 100, points: 4 },
      { minPercent: 95, points: 3 },
      { minPercent: 90, points: 2 },
      { minPercent: 0, points: 0 },
    ],
  });
  it.each<[unknown, number]>([
    [{ percent: 0 }, 0],
    [{ percent: 89.99 }, 0],
    [{ percent: 90 }, 200], // exactly at a tier boundary
    [{ percent: 94.999 }, 200],
    [{ percent: 95 }, 300],
    [{ percent: 100 }, 400],
    [{ numerator: 19, denominator: 20 }, 300], // 95% exactly
    [{ numerator: 189, denominator: 200 }, 200], // 94,5%
    // 0.95 × 100 = 95.00000000000001 in floats, 0.9 × 100 = 90; exactness matters at 2/3-like edges:
    [{ numerator: 9, denominator: 10 }, 200],
    [{ numerator: 0.9, denominator: 1 }, 200],
    [{ numerator: 21, denominator: 20 }, 400], // over-fulfilled counts as 100%
  ])('%j → %s', (answer, points) => expectScore(l, answer, points));

  it('explains the tier reached', () => {
    const plan = leaf(3.5, {
      type: 'TIERED_PERCENT',
      tiers: [
        { minPercent: 100, points: 3.5 },
        { minPercent: 80, points: 2 },
        { minPercent: 0, points: 0 },
      ],
    });
    expectScore(plan, { percent: 85 }, 200, 'Hoàn thành 85% → mức ≥ 80%: 2 điểm');
    expectScore(plan, { numerator: 17, denominator: 20 }, 200, 'Hoàn thành 17/20 = 85% → mức ≥ 80%: 2 điểm');
    expectScore(
      plan,
      { numerator: 17, denominator: 21 },
      200,
      'Hoàn thành 17/21 ≈ 80,95% → mức ≥ 80%: 2 điểm',
    );
  });

  it('gives 0 below the lowest tier when tiers do not start at 0, in any order', () => {
    const l2 = leaf(5, {
      type: 'TIERED_PERCENT',
      tiers: [
        { minPercent: 70, points: 1 },
        { minPercent: 95, points: 5 },
        { minPercent: 85, points: 3 },
      ],
    });
    expectScore(l2, { percent: 69.99 }, 0, 'Hoàn thành 69,99% → dưới mức thấp nhất (70%): 0 điểm');
    expectScore(l2, { percent: 90 }, 300);
  });

  it.each<[unknown, string | RegExp]>([
    [{ percent: 130 }, 'tỷ lệ phải là số từ 0 đến 100 (đang nhập 130).'],
    [{ percent: -1 }, 'tỷ lệ phải là số từ 0 đến 100 (đang nhập -1).'],
    [{ percent: '85' }, /^tỷ lệ phải là số/],
    [
      { numerator: 3, denominator: 0 },
      'mẫu số phải là số lớn hơn 0, tối đa 6 chữ số thập phân (đang nhập 0).',
    ],
    [
      { numerator: -3, denominator: 5 },
      'tử số phải là số không âm, tối đa 6 chữ số thập phân (đang nhập -3).',
    ],
    [{ numerator: 1e-7, denominator: 3 }, /^tử số phải là số không âm, tối đa 6 chữ số thập phân/],
    [{ percent: 1 / 3 }, 'tỷ lệ chỉ được có tối đa 6 chữ số thập phân (đang nhập 0.3333333333333333).'],
    [{ numerator: 3 }, 'cần cả tử số ("numerator") và mẫu số ("denominator").'],
    [{ percent: 50, numerator: 1, denominator: 2 }, /không nhập cả hai/],
    [{ percnet: 50 }, /^trường "percnet" không dùng cho phương pháp Theo bậc tỷ lệ/],
    [{}, /^cần tỷ lệ "percent"/],
  ])('%j is an error', (answer, error) => expectError(l, answer, error));
});

describe('PROPORTIONAL (floor, then maxPoints × min(percent, 100) / 100)', () => {
  const l = leaf(2, { type: 'PROPORTIONAL', floorPercent: 50 });
  const noFloor = leaf(3, { type: 'PROPORTIONAL' });
  it.each<[Leaf, unknown, number, string?]>([
    [l, { percent: 49.99 }, 0, 'Hoàn thành 49,99% < ngưỡng 50%: 0 điểm'],
    [l, { percent: 50 }, 100, 'Hoàn thành 50% → 2 × 50% = 1 điểm'],
    [l, { percent: 100 }, 200],
    [l, { numerator: 9, denominator: 10 }, 180, 'Hoàn thành 9/10 = 90% → 2 × 90% = 1,8 điểm'],
    [
      l,
      { numerator: 12, denominator: 10 },
      200,
      'Hoàn thành 12/10 = 120% (tính tối đa 100%) → 2 × 100% = 2 điểm',
    ],
    [noFloor, { percent: 0 }, 0, 'Hoàn thành 0% → 3 × 0% = 0 điểm'],
    // 3 × 2/3 = 2 exactly (float: 3 × 0.6666666666666666 = 1.9999999999999998)
    [noFloor, { numerator: 2, denominator: 3 }, 200, 'Hoàn thành 2/3 ≈ 66,67% → 3 × 2/3 = 2 điểm'],
    // 3 × 1/8 = 0,375 → 0,38 (half away from zero)
    [noFloor, { numerator: 1, denominator: 8 }, 38],
    // 3 × 87,5% = 2,625 → 2,63
    [noFloor, { percent: 87.5 }, 263],
    // 3 × 0,55% = 0,0165 → 0,02
    [noFloor, { percent: 0.55 }, 2],
    // 3 × 1/6 = 0,5 exactly
    [noFloor, { numerator: 1, denominator: 6 }, 50],
  ])('%#: %j → %s', (lf, answer, points, explanation) => expectScore(lf, answer, points, explanation));
});

describe('TARGET_ACTUAL (maxPoints × min(1, actual/target))', () => {
  const l = leaf(12, { type: 'TARGET_ACTUAL' });
  it.each<[unknown, number, string?]>([
    [{ target: 10, actual: 8 }, 960, 'Đạt 8/10 chỉ tiêu → 12 × 8/10 = 9,6 điểm'],
    [{ target: 10, actual: 0 }, 0],
    [{ target: 10, actual: 10 }, 1200, 'Đạt 10/10 chỉ tiêu: 12 điểm'],
    [{ target: 10, actual: 15 }, 1200, 'Đạt 15/10 chỉ tiêu (vượt, tính tối đa): 12 điểm'],
    [{ target: 7, actual: 1 }, 171], // 12/7 = 1,714… → 1,71
    [{ target: 0.3, actual: 0.1 }, 400], // 12 × 1/3 = 4 exactly (floats: 0.1/0.3 = 0.33333333333333337)
    [{ target: 8, actual: 1 }, 150],
  ])('%j → %s', (answer, points, explanation) => expectScore(l, answer, points, explanation));

  it.each<[unknown, RegExp]>([
    [{ target: 0, actual: 1 }, /^chỉ tiêu \("target"\) phải là số lớn hơn 0/],
    [{ target: 10, actual: -1 }, /^kết quả thực hiện \("actual"\) phải là số không âm/],
    [{ target: 10 }, /^cần chỉ tiêu/],
  ])('%j is an error', (answer, error) => expectError(l, answer, error));
});

describe('COUNT_CAPPED (min(maxPoints, count × pointsPerItem))', () => {
  const l = leaf(2, { type: 'COUNT_CAPPED', pointsPerItem: 0.25 });
  const fine = leaf(2, { type: 'COUNT_CAPPED', pointsPerItem: 0.375 });
  it.each<[Leaf, unknown, number, string?]>([
    [l, { count: 0 }, 0, '0 × 0,25 điểm = 0 điểm'],
    [l, { count: 3 }, 75, '3 × 0,25 điểm = 0,75 điểm'],
    [l, { count: 8 }, 200],
    [l, { count: 9 }, 200, '9 × 0,25 điểm = 2,25 điểm, tính tối đa 2 điểm'],
    [fine, { count: 3 }, 113], // 1,125 → 1,13
    [fine, { count: 7 }, 200], // 2,625 → capped at 2
  ])('%#: %j → %s', (lf, answer, points, explanation) => expectScore(lf, answer, points, explanation));

  it.each([{ count: -1 }, { count: 1.5 }, { count: '3' }, {}])('%j is an error', (answer) => {
    expect(scoreLeaf(l, answer).ok).toBe(false);
  });

  it('names the negative count', () => {
    expectError(l, { count: -1 }, 'số lượng phải là số nguyên không âm (đang nhập -1).');
  });
});

describe('COUNT_COMPLIANCE (onTime × max/required + late × latePointsPerItem, capped)', () => {
  const l = leaf(3, { type: 'COUNT_COMPLIANCE', required: 4, latePointsPerItem: 0.375 });
  const thirds = leaf(2, { type: 'COUNT_COMPLIANCE', required: 3 });
  const generous = leaf(3, { type: 'COUNT_COMPLIANCE', required: 4, latePointsPerItem: 1 });
  it.each<[Leaf, unknown, number, string?]>([
    [l, { onTime: 0, late: 0 }, 0],
    [l, { onTime: 4, late: 0 }, 300, '4 đúng hạn × 0,75 = 3 điểm'],
    // 3 × 0,75 + 1 × 0,375 = 2,625 → 2,63 (rounded once, half away from zero)
    [l, { onTime: 3, late: 1 }, 263, '3 đúng hạn × 0,75 + 1 chậm × 0,375 = 2,63 điểm'],
    [l, { onTime: 2, late: 2 }, 225],
    [l, { onTime: 0, late: 4 }, 150],
    [l, { onTime: 3 }, 225], // late omitted = 0
    // 2/3 per report: 1 × 2/3 = 0,666… → 0,67; 2 × 2/3 = 1,333… → 1,33; 3 → exactly 2
    [thirds, { onTime: 1, late: 0 }, 67, '1 đúng hạn × (2/3) = 0,67 điểm'],
    [thirds, { onTime: 2, late: 1 }, 133], // late worth 0 by default
    [thirds, { onTime: 3, late: 0 }, 200],
    [generous, { onTime: 1, late: 3 }, 300, '1 đúng hạn × 0,75 + 3 chậm × 1 = 3,75 điểm, tính tối đa 3 điểm'],
  ])('%#: %j → %s', (lf, answer, points, explanation) => expectScore(lf, answer, points, explanation));

  it.each<[unknown, string | RegExp]>([
    [{ onTime: 3, late: 2 }, 'số đúng hạn (3) + số chậm (2) = 5 vượt quá số yêu cầu (4).'],
    [{ onTime: -1, late: 0 }, /^số đúng hạn phải là số nguyên không âm/],
    [{ onTime: 1, late: 0.5 }, /^số chậm phải là số nguyên không âm/],
    [{ late: 1 }, /^cần số đúng hạn/],
  ])('%j is an error', (answer, error) => expectError(l, answer, error));
});

describe('DEDUCTION (max(0, maxPoints − Σ count × points))', () => {
  const l = leaf(5, {
    type: 'DEDUCTION',
    categories: [
      { label: 'Khiển trách', points: 1 },
      { label: 'Cảnh cáo', points: 2 },
      { label: 'Cách chức trở lên', points: 5 },
    ],
  });
  it.each<[unknown, number, string?]>([
    [{ counts: {} }, 500, 'Không có trường hợp bị trừ điểm: 5 điểm'],
    [{ counts: { 'Khiển trách': 0 } }, 500],
    [{ counts: { 'Khiển trách': 1 } }, 400, '5 − 1 Khiển trách × 1 = 4 điểm'],
    [{ counts: { 'Khiển trách': 1, 'Cảnh cáo': 2 } }, 0, '5 − 1 Khiển trách × 1 − 2 Cảnh cáo × 2 = 0 điểm'],
    [
      { counts: { 'Cảnh cáo': 2, 'Khiển trách': 2 } },
      0,
      '5 − 2 Khiển trách × 1 − 2 Cảnh cáo × 2 = -1 → 0 điểm',
    ],
    [{ counts: { 'Cách chức trở lên': 1 } }, 0],
    [{ counts: { ['Khiển trách'.normalize('NFD')]: 1 } }, 400],
  ])('%j → %s', (answer, points, explanation) => expectScore(l, answer, points, explanation));

  it.each<[unknown, string | RegExp]>([
    [{ counts: { 'Phê bình': 1 } }, 'loại trừ điểm "Phê bình" không có trong danh sách.'],
    [{ counts: { 'Khiển trách': -1 } }, /^số lượng của "Khiển trách" phải là số nguyên không âm/],
    [{}, /^cần số trường hợp/],
  ])('%j is an error', (answer, error) => expectError(l, answer, error));
});

describe('MANUAL (as entered, with a comment)', () => {
  const l = leaf(10, { type: 'MANUAL' });
  it.each<[unknown, number, string?]>([
    [
      { points: 7.5, comment: 'Văn bản đúng hạn, chất lượng khá' },
      750,
      'Chấm trực tiếp: 7,5 điểm (Văn bản đúng hạn, chất lượng khá)',
    ],
    [{ points: 0, comment: 'Không có văn bản' }, 0],
    [{ points: 10, comment: 'Tốt' }, 1000],
  ])('%j → %s', (answer, points, explanation) => expectScore(l, answer, points, explanation));

  it.each<[unknown, string | RegExp]>([
    [{ points: 7.5 }, 'chấm trực tiếp phải có nhận xét giải thích số điểm.'],
    [{ points: 7.5, comment: '   ' }, 'chấm trực tiếp phải có nhận xét giải thích số điểm.'],
    [
      { points: 10.5, comment: 'x' },
      'điểm chấm trực tiếp phải từ 0 đến 10, tối đa 2 chữ số thập phân (đang nhập 10.5).',
    ],
    [{ points: 7.555, comment: 'x' }, /^điểm chấm trực tiếp phải từ 0 đến 10/],
    [{ points: -1, comment: 'x' }, /^điểm chấm trực tiếp phải từ 0 đến 10/],
    [{ comment: 'x' }, 'cần số điểm chấm trực tiếp ("points").'],
  ])('%j is an error', (answer, error) => expectError(l, answer, error));
});

describe('SURVEY (maxPoints × Σ(count × weight) / Σ count)', () => {
  const l = leaf(8, { type: 'SURVEY', optionWeights: { A: 1, B: 0.6, C: 0.2, D: 0 } });
  it.each<[unknown, number, string?]>([
    [{ counts: {} }, 0, 'Chưa có phiếu khảo sát: 0 điểm'],
    [{ counts: { A: 0, B: 0 } }, 0, 'Chưa có phiếu khảo sát: 0 điểm'],
    [{ counts: { A: 10 } }, 800],
    [{ counts: { D: 10 } }, 0],
    // (10 × 1 + 5 × 0,6) / 15 = 13/15; 8 × 13/15 = 6,9333… → 6,93
    [{ counts: { A: 10, B: 5 } }, 693, '10 A × 1 + 5 B × 0,6 = 13 trên 15 phiếu → 8 × 13/15 = 6,93 điểm'],
    // (1 × 0,6 + 1 × 0,2) / 2 = 0,4; 8 × 0,4 = 3,2 (floats: 0.6 + 0.2 = 0.7999999999999999)
    [{ counts: { B: 1, C: 1 } }, 320],
    // 8 × 0,2 × 1/ 1 = 1,6; 8 × (1 + 0,2)/3 = 3,2
    [{ counts: { A: 1, C: 1, D: 1 } }, 320],
  ])('%j → %s', (answer, points, explanation) => expectScore(l, answer, points, explanation));

  it.each<[unknown, string | RegExp]>([
    [{ counts: { E: 1 } }, 'phương án "E" không có trong phiếu khảo sát.'],
    [{ counts: { A: -2 } }, /^số lượng của "A" phải là số nguyên không âm/],
    [{ counts: [1, 2] }, /^số lượng theo từng loại/],
  ])('%j is an error', (answer, error) => expectError(l, answer, error));
});

describe('every method', () => {
  it('accepts an optional comment and rejects unknown keys', () => {
    const l = leaf(2, { type: 'BOOLEAN' });
    expectScore(l, { value: true, comment: 'Có kế hoạch số 12/KH' }, 200);
    expectError(
      l,
      { value: true, note: 'x' },
      'trường "note" không dùng cho phương pháp Có/Không (chỉ dùng: value).',
    );
    expectError(l, { value: true, comment: 5 }, 'nhận xét phải là văn bản.');
  });
});

describe('a leaf that did not pass validation', () => {
  it.each<[string, Leaf, unknown]>([
    ['maxPoints with 3 decimals', leaf(1.005, { type: 'BOOLEAN' }), { value: true }],
    [
      'an unknown method',
      { code: 'X', name: 'x', maxPoints: 1, method: { type: 'DICE' } as unknown as Method },
      { value: true },
    ],
    ['a rate with 7 decimals', leaf(2, { type: 'COUNT_CAPPED', pointsPerItem: 0.1234567 }), { count: 1 }],
  ])('gives an error instead of throwing (%s)', (_what, l, answer) => {
    expectError(l, answer, 'tiêu chí có tham số không hợp lệ trong bộ chỉ số; cần kiểm tra lại bộ chỉ số.');
  });
});

describe('answers nested too deeply', () => {
  /** `[[[…[value]…]]]`, as JSON.parse builds from a few megabytes of brackets. */
  function nested(depth: number, value: unknown = 1): unknown {
    let current = value;
    for (let i = 0; i < depth; i++) {
      current = [current];
    }
    return current;
  }

  it.each<[string, Method, string]>([
    ['LEVEL_SELECT level', { type: 'LEVEL_SELECT', levels: [{ label: 'Đủ', points: 1 }] }, 'level'],
    ['TIERED_PERCENT percent', { type: 'TIERED_PERCENT', tiers: [{ minPercent: 0, points: 1 }] }, 'percent'],
    ['SURVEY counts', { type: 'SURVEY', optionWeights: { A: 1 } }, 'counts'],
    ['MANUAL comment', { type: 'MANUAL' }, 'comment'],
  ])('returns a Vietnamese error for a deep %s instead of overflowing the stack', (_what, method, key) => {
    expectError(
      leaf(1, method),
      { [key]: nested(1_000_000) },
      `câu trả lời lồng nhau quá sâu (tối đa ${MAX_ANSWER_DEPTH} cấp).`,
    );
  });

  it('still quotes a shallow wrong value in its message', () => {
    expectError(
      leaf(1, { type: 'TIERED_PERCENT', tiers: [{ minPercent: 0, points: 1 }] }),
      { percent: nested(MAX_ANSWER_DEPTH - 1, 'x') },
      /\(đang nhập \[\[\[\["x"\]\]\]\]\)\.$/,
    );
  });
});
