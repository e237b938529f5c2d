import { describe, expect, it } from 'vitest';
import {
  compareProducts,
  formatPercentVi,
  formatPointsVi,
  formatQuotientVi,
  formatRatioVi,
  fromHundredths,
  hasAtMostTwoDecimals,
  percentOf,
  ratioOf,
  ratioToHundredths,
  roundHalfAwayFromZero,
  roundQuotient,
  toHundredths,
  tryRatioOf,
} from './decimal';

describe('toHundredths / fromHundredths', () => {
  it.each([
    [0, 0],
    [2, 200],
    [8.75, 875],
    [0.07, 7], // 0.07 × 100 = 7.000000000000001 in floats
    [1.1, 110], // 1.1 × 100 = 110.00000000000001
    [4.35, 435], // 4.35 × 100 = 434.99999999999994
    [-1.5, -150],
    [123456.78, 12345678],
  ])('%s → %s and back', (points, hundredths) => {
    expect(toHundredths(points)).toBe(hundredths);
    expect(fromHundredths(hundredths)).toBe(points);
  });

  it.each([0.375, 1.005, 2.625, Number.NaN, Number.POSITIVE_INFINITY, 1e20])('rejects %s', (value) => {
    expect(() => toHundredths(value)).toThrow(RangeError);
    expect(hasAtMostTwoDecimals(value)).toBe(false);
  });

  it('never returns negative zero', () => {
    expect(Object.is(toHundredths(-0), 0)).toBe(true);
    expect(Object.is(fromHundredths(-0), 0)).toBe(true);
  });

  it('sums exactly where floats drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fromHundredths(toHundredths(0.1) + toHundredths(0.2))).toBe(0.3);
  });
});

describe('ratioOf / tryRatioOf (exact decimal text, at most 6 decimals)', () => {
  it.each<[number, number, number]>([
    [0.375, 375, 1000],
    [0.6, 6, 10],
    [12, 12, 1],
    [-0.5, -5, 10],
    [0.000001, 1, 1_000_000],
    [66.67, 6667, 100],
  ])('%s = %s/%s', (value, n, d) => {
    expect(ratioOf(value)).toEqual({ n, d });
  });

  it.each([0.1 + 0.2, 1e-7, 1 / 3, 1.5e21, Number.NaN, Number.POSITIVE_INFINITY])(
    'has no short form for %s',
    (value) => {
      expect(tryRatioOf(value)).toBeUndefined();
      expect(() => ratioOf(value)).toThrow(RangeError);
    },
  );
});

describe('roundQuotient and compareProducts (exact, bigint beyond safe integers)', () => {
  it.each<[number[][], number[], number]>([
    [[[2625, 100]], [1000], 263], // 2,625 points → 2,63
    [[[-2625, 100]], [1000], -263],
    [[[2624, 100]], [1000], 262],
    // COUNT_COMPLIANCE 3 on time × 3/4 + 1 late × 0,375, in hundredths: (3·300·1000 + 1·375·100·4) / (4·1000)
    [
      [
        [3, 300, 1000],
        [1, 375, 100, 4],
      ],
      [4, 1000],
      263,
    ],
    // products far beyond 2^53, still exact: (10^12 · 10^9 + 1) / 10^12 → 10^9
    [
      [
        [1_000_000_000_000, 1_000_000_000],
        [1, 1],
      ],
      [1_000_000_000_000],
      1_000_000_000,
    ],
    // (2^53 + 1) · 3 / 6 = 4503599627370496,5 → …497 (half away from zero)
    [
      [
        [9_007_199_254_740_991, 3],
        [2, 3],
      ],
      [6],
      4_503_599_627_370_497,
    ],
  ])('%j / %j → %s', (terms, den, expected) => {
    expect(roundQuotient(terms, den)).toBe(expected);
  });

  it('compares products exactly even where floats cannot tell them apart', () => {
    // 9007199254740993 vs 9007199254740992: equal as floats, not as integers
    expect(compareProducts([9_007_199_254_740_991, 1], [9_007_199_254_740_991, 1])).toBe(0);
    expect(compareProducts([3_000_000_001, 3_000_000_001], [3_000_000_000, 3_000_000_002])).toBe(1);
    expect(compareProducts([2, 3], [7])).toBe(-1);
  });

  it('rounds 2,625 points to 2,63 via a ratio', () => {
    expect(ratioToHundredths({ n: 2625, d: 1000 })).toBe(263);
    expect(ratioToHundredths({ n: -2625, d: 1000 })).toBe(-263);
  });
});

describe('roundHalfAwayFromZero', () => {
  it.each<[number, number, number]>([
    [2625, 1000, 3], // 2,625 → 3 (as units of the divisor)
    [5, 2, 3],
    [-5, 2, -3],
    [7, 2, 4],
    [4, 3, 1],
    [5, 3, 2],
    [-4, 3, -1],
    [0, 7, 0],
    [10, 5, 2],
  ])('%s / %s → %s', (n, d, expected) => {
    expect(roundHalfAwayFromZero(n, d)).toBe(expected);
    expect(roundHalfAwayFromZero(BigInt(n), BigInt(d))).toBe(BigInt(expected));
  });

  it('rejects a zero or negative divisor', () => {
    expect(() => roundHalfAwayFromZero(1, 0)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(1n, -2n)).toThrow(RangeError);
  });
});

describe('percentOf (hundredths of a percent)', () => {
  it.each([
    [1150, 1400, 8214], // 82,142857…% → 82,14%
    [838, 1400, 5986], // 59,857…% → 59,86%
    [1, 8, 1250], // 12,5% exactly
    [1, 3, 3333],
    [2, 3, 6667],
    [-58, 9000, -64], // negative index before the clamp
    [9000, 9000, 10000],
  ])('%s / %s → %s', (part, whole, expected) => {
    expect(percentOf(part, whole)).toBe(expected);
  });

  it('rounds an exact half away from zero', () => {
    expect(percentOf(1, 80000)).toBe(0); // 0,0125 hundredths
    expect(percentOf(1, 20000)).toBe(1); // 0,5 hundredths → 1
    expect(percentOf(-1, 20000)).toBe(-1);
  });

  it('rejects a zero whole', () => {
    expect(() => percentOf(1, 0)).toThrow(RangeError);
  });
});

describe('formatting in Vietnamese', () => {
  it.each([
    [875, '8,75'],
    [200, '2'],
    [850, '8,5'],
    [75, '0,75'],
    [5, '0,05'],
    [0, '0'],
    [-150, '-1,5'],
    [123456, '1.234,56'],
  ])('formatPointsVi(%s) = %s', (h, text) => {
    expect(formatPointsVi(h)).toBe(text);
  });

  it('formats percents and ratios', () => {
    expect(formatPercentVi(8214)).toBe('82,14%');
    expect(formatPercentVi(10000)).toBe('100%');
    expect(formatRatioVi({ n: 3, d: 8 })).toBe('0,375');
    expect(formatRatioVi({ n: 2, d: 3 })).toBe('≈0,6667');
    expect(formatRatioVi({ n: 2, d: 3 }, 2)).toBe('≈0,67');
    expect(formatRatioVi({ n: 17, d: 1 })).toBe('17');
    expect(formatRatioVi({ n: 12345, d: 1 })).toBe('12.345');
    expect(formatQuotientVi([17, 100], [23], 2)).toBe('≈73,91');
    expect(formatQuotientVi([17, 100], [20], 2)).toBe('85');
  });
});
