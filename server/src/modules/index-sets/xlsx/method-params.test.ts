import type { Method } from '@cchc/domain/index-set/format';
import { describe, expect, it } from 'vitest';
import { parseDateText, parseDecimal } from './cell-values';
import { findMethod, formatMethodParams, parseMethodParams } from './method-params';
import { METHODS } from './template';

function parse(methodName: string, text: string) {
  const def = findMethod(methodName);
  if (!def) {
    throw new Error(`unknown method ${methodName}`);
  }
  return parseMethodParams(def, text);
}

describe('method names', () => {
  it('accepts the Vietnamese name, its aliases, the code, with or without diacritics', () => {
    expect(findMethod('Bậc theo tỷ lệ')?.type).toBe('TIERED_PERCENT');
    expect(findMethod('bac theo ty le')?.type).toBe('TIERED_PERCENT');
    expect(findMethod('TIERED_PERCENT')?.type).toBe('TIERED_PERCENT');
    expect(findMethod('tiered_percent')?.type).toBe('TIERED_PERCENT');
    expect(findMethod('Tỷ lệ thuận (PROPORTIONAL)')?.type).toBe('PROPORTIONAL');
    expect(findMethod('Chỉ tiêu - thực hiện')?.type).toBe('TARGET_ACTUAL');
    expect(findMethod('Chấm theo cảm tính')).toBeUndefined();
  });

  it('has dropdown names without commas (Excel list validations split on them)', () => {
    for (const def of METHODS) {
      expect(def.name).not.toContain(',');
    }
  });
});

describe('Tham số', () => {
  const methods: Method[] = [
    { type: 'BOOLEAN' },
    { type: 'BOOLEAN', noPoints: 0.5 },
    {
      type: 'LEVEL_SELECT',
      levels: [
        { label: 'Đầy đủ', points: 2 },
        { label: 'Không', points: 0 },
      ],
    },
    { type: 'LEVEL_SELECT', levels: [{ label: 'A: tốt; đủ', points: 1.25 }] },
    {
      type: 'LEVEL_SELECT',
      levels: [
        { label: '"Tốt" nhất', points: 2 },
        { label: 'Dòng 1\nDòng 2', points: 1 },
      ],
    },
    { type: 'DEADLINE', onTimePoints: 1.5, latePoints: 0.75, notDonePoints: 0 },
    {
      type: 'TIERED_PERCENT',
      tiers: [
        { minPercent: 99.5, points: 3.5 },
        { minPercent: 0, points: 0 },
      ],
    },
    { type: 'PROPORTIONAL' },
    { type: 'PROPORTIONAL', floorPercent: 50 },
    { type: 'TARGET_ACTUAL' },
    { type: 'COUNT_CAPPED', pointsPerItem: 0.25 },
    { type: 'COUNT_COMPLIANCE', required: 4, latePointsPerItem: 0.375 },
    { type: 'COUNT_COMPLIANCE', required: 4 },
    { type: 'DEDUCTION', categories: [{ label: 'Khiển trách', points: 1 }] },
    { type: 'MANUAL' },
    { type: 'SURVEY', optionWeights: { A: 1, B: 0.6, 'Không ý kiến': 0 } },
  ];

  it.each(methods)('formats and parses back $type exactly', (method) => {
    const def = METHODS.find((m) => m.type === method.type);
    if (!def) {
      throw new Error('no def');
    }
    const { params, errors } = parseMethodParams(def, formatMethodParams(method));
    expect(errors).toEqual([]);
    expect(JSON.stringify({ type: method.type, ...params })).toBe(JSON.stringify(method));
  });

  it('writes the readable form of the guidance', () => {
    expect(
      formatMethodParams({ type: 'DEADLINE', onTimePoints: 1.5, latePoints: 0.75, notDonePoints: 0 }),
    ).toBe('Đúng hạn: 1,5; Chậm: 0,75; Không thực hiện: 0');
    expect(formatMethodParams({ type: 'TIERED_PERCENT', tiers: [{ minPercent: 100, points: 3.5 }] })).toBe(
      '≥100%: 3,5',
    );
    expect(formatMethodParams({ type: 'COUNT_COMPLIANCE', required: 4, latePointsPerItem: 0.375 })).toBe(
      'Số yêu cầu: 4; Điểm mỗi lần chậm: 0,375',
    );
  });

  /** Labels that collide with the cell's own syntax: separators, quotes, colons, commas. */
  const trickyLabels = [
    'A; B',
    '"A"',
    'A "B"',
    '"A"; B',
    '"A": 1; "B"',
    '""',
    '"',
    'a"',
    '“A” và “B”',
    '“A',
    'A”',
    'Mức: 2, đủ',
    'Đầy đủ: 2, Chưa đầy đủ: 1',
    'Tốt: 2điểm, x',
    'x: 1',
    'A:',
    ':A',
    'A\nB',
    '"A\nB"',
    'A\tB',
    'a, b',
    '2 điểm',
    '„A“',
  ];

  it.each(['LEVEL_SELECT', 'DEDUCTION', 'SURVEY'] as const)(
    'writes and reads back %s labels with separators, quotes, colons and commas exactly',
    (type) => {
      const def = METHODS.find((m) => m.type === type);
      if (!def) {
        throw new Error('no def');
      }
      const pairs = trickyLabels.map((label, i) => ({ label, points: i % 2 === 0 ? 0.5 : 1 }));
      const method: Method =
        type === 'LEVEL_SELECT'
          ? { type, levels: pairs }
          : type === 'DEDUCTION'
            ? { type, categories: pairs }
            : { type, optionWeights: Object.fromEntries(pairs.map((p) => [p.label, p.points])) };
      const { params, errors } = parseMethodParams(def, formatMethodParams(method));
      expect(errors).toEqual([]);
      expect(JSON.stringify({ type, ...params })).toBe(JSON.stringify(method));
    },
  );

  it('accepts what people type: any order, ">=", "điểm", a lone number, line breaks', () => {
    expect(parse('Theo thời hạn', 'không thực hiện: 0; ĐÚNG HẠN: 2 điểm; Trễ hạn: 1').params).toEqual({
      onTimePoints: 2,
      latePoints: 1,
      notDonePoints: 0,
    });
    expect(parse('Bậc theo tỷ lệ', '>= 80 %: 2\nTừ 50%: 1;\n0: 0').params).toEqual({
      tiers: [
        { minPercent: 80, points: 2 },
        { minPercent: 50, points: 1 },
        { minPercent: 0, points: 0 },
      ],
    });
    expect(parse('Đếm số lượng', '0,5').params).toEqual({ pointsPerItem: 0.5 });
    expect(parse('Chọn mức', 'Màn hình 5": 2; “Khá; đạt”: 1').params).toEqual({
      levels: [
        { label: 'Màn hình 5"', points: 2 },
        { label: 'Khá; đạt', points: 1 },
      ],
    });
    expect(parse('Tỷ lệ thuận', '50%').params).toEqual({ floorPercent: 50 });
  });

  it('explains what it cannot read', () => {
    expect(parse('Chọn mức', 'Đầy đủ: 2, Chưa đầy đủ: 1').errors).toEqual([
      'Các mục trong “Đầy đủ: 2, Chưa đầy đủ: 1” phải cách nhau bằng dấu chấm phẩy (;), không phải dấu phẩy.',
    ]);
    expect(parse('Chọn mức', 'Đầy đủ').errors).toEqual([
      'Mục “Đầy đủ” phải ghi dạng “Tên mức: điểm”, các mục cách nhau bằng dấu chấm phẩy (;).',
    ]);
    expect(parse('Theo thời hạn', 'Đúng hạn: hai').errors).toEqual([
      'Tham số “Đúng hạn”: “hai” không phải là số.',
    ]);
    expect(parse('Theo thời hạn', 'Đúng hạn: 1; đúng hạn: 2').errors).toEqual([
      'Tham số “Đúng hạn” được ghi hai lần.',
    ]);
    expect(parse('Chấm trực tiếp', 'Tối đa: 10').errors).toEqual([
      'Phương pháp “Chấm trực tiếp” không có tham số; hãy để trống ô này.',
    ]);
    expect(parse('Khảo sát', 'A: 1; A: 0,5').errors).toEqual(['Phương án “A” được ghi hai lần.']);
    expect(parse('Bậc theo tỷ lệ', 'trên 80%: 2').errors).toEqual([
      'Bậc “trên 80%” không hợp lệ; ghi dạng “≥80%: 2”.',
    ]);
  });
});

describe('numbers and dates', () => {
  it('reads decimal commas and dots, never thousands separators', () => {
    expect(parseDecimal('1,5')).toBe(1.5);
    expect(parseDecimal(' 1.5 ')).toBe(1.5);
    expect(parseDecimal(',5')).toBe(0.5);
    expect(parseDecimal('-2')).toBe(-2);
    expect(parseDecimal('90%', { percent: true })).toBe(90);
    expect(parseDecimal('90%')).toBeUndefined();
    expect(parseDecimal('1.234,5')).toBeUndefined();
    expect(parseDecimal('1 000')).toBe(1000);
    expect(parseDecimal('abc')).toBeUndefined();
  });

  it('reads Vietnamese and ISO dates, only real ones', () => {
    expect(parseDateText('12/12/2023')).toBe('2023-12-12');
    expect(parseDateText('5-1-2025')).toBe('2025-01-05');
    expect(parseDateText('2023-12-12')).toBe('2023-12-12');
    expect(parseDateText('29/02/2023')).toBeUndefined();
    expect(parseDateText('12/2023')).toBeUndefined();
  });
});
