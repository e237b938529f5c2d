/**
 * Exact arithmetic for points and percents (format rule 1: "no floating drift").
 *
 * - Points live in integer **hundredths** (875 = 8,75 điểm), percents in integer hundredths of
 *   a percent (8214 = 82,14%). Sums of such integers are exact.
 * - Parameters that are finer than 0,01 (a late report worth 0,375, a survey weight of 0,6) and
 *   inputs such as 17/23 are kept as exact rationals ({@link Ratio}) built from the decimal text
 *   of the JSON number, and a leaf is rounded ONCE, half away from zero, at the very end.
 * - JS numbers are only ever multiplied/added while they stay safe integers; anything that could
 *   leave that range goes through bigint.
 */

/**
 * An exact rational `n / d`: safe integers, `d > 0`. Decimals from the data have at most
 * {@link MAX_PARAMETER_DECIMALS} decimals, so they always fit; products of several of them may
 * not, which is why arithmetic goes through {@link roundQuotient} and {@link compareProducts}.
 */
export interface Ratio {
  readonly n: number;
  readonly d: number;
}

/** Largest number of decimals of a rate or weight parameter, or of a number a unit enters. */
export const MAX_PARAMETER_DECIMALS = 6;

/**
 * Points (a JSON number with at most 2 decimals) → integer hundredths, exactly.
 * Throws a RangeError for anything else (3 decimals, NaN, beyond the safe-integer range): callers
 * validate first, so a throw here is a programming error, never a user error.
 */
export function toHundredths(n: number): number {
  const h = Math.round(n * 100);
  // n has ≤ 2 decimals exactly when the nearest double to h/100 is n itself.
  if (!Number.isSafeInteger(h) || h / 100 !== n) {
    throw new RangeError(`Không phải số có tối đa 2 chữ số thập phân: ${n}`);
  }
  return h + 0; // turns -0 into 0
}

/** True when `n` is a finite number with at most 2 decimals (a valid points value). */
export function hasAtMostTwoDecimals(n: unknown): n is number {
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    return false;
  }
  const h = Math.round(n * 100);
  return Number.isSafeInteger(h) && h / 100 === n;
}

/** Integer hundredths → the JSON number with at most 2 decimals (875 → 8.75). */
export function fromHundredths(h: number): number {
  return h / 100 + 0;
}

const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/**
 * A finite number with at most {@link MAX_PARAMETER_DECIMALS} decimals → the exact rational of
 * its decimal text (0.375 → 375/1000, 0.6 → 6/10); undefined for anything else. The decimal
 * text, not the binary double, is what the author wrote, so that is what counts.
 */
export function tryRatioOf(x: number): Ratio | undefined {
  if (!Number.isFinite(x)) {
    return undefined;
  }
  for (let k = 0; k <= MAX_PARAMETER_DECIMALS; k++) {
    const d = POW10[k] as number;
    const n = Math.round(x * d);
    // The smallest k for which n/d round-trips to x is the number of decimals of its text.
    if (n / d === x) {
      return Number.isSafeInteger(n) ? { n: n + 0, d } : undefined;
    }
  }
  return undefined;
}

/** Like {@link tryRatioOf}, for validated data: throws a RangeError when `x` does not fit. */
export function ratioOf(x: number): Ratio {
  const ratio = tryRatioOf(x);
  if (ratio === undefined) {
    throw new RangeError(`Không phải số có tối đa ${MAX_PARAMETER_DECIMALS} chữ số thập phân: ${x}`);
  }
  return ratio;
}

/** Integer division rounded half away from zero, for bigint (`d > 0`). */
export function roundHalfAwayFromZero(n: bigint, d: bigint): bigint;
/** Integer division rounded half away from zero, for safe-integer numbers (`d > 0`). */
export function roundHalfAwayFromZero(n: number, d: number): number;
export function roundHalfAwayFromZero(n: bigint | number, d: bigint | number): bigint | number {
  if (typeof n === 'bigint' && typeof d === 'bigint') {
    if (d <= 0n) {
      throw new RangeError('Mẫu số phải dương.');
    }
    const q = n / d;
    const r = n % d;
    const twiceR = r < 0n ? -2n * r : 2n * r;
    if (twiceR >= d) {
      return n < 0n ? q - 1n : q + 1n;
    }
    return q;
  }
  if (typeof n === 'number' && typeof d === 'number') {
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d <= 0) {
      throw new RangeError('Cần số nguyên an toàn, mẫu số dương.');
    }
    const r = n % d; // exact for doubles
    const q = (n - r) / d; // exact: divisible, and |q| ≤ |n|
    const twiceR = Math.abs(r) * 2; // exact: doubling is exact
    if (twiceR >= d) {
      return n < 0 ? q - 1 : q + 1;
    }
    return q + 0;
  }
  throw new TypeError('Cần hai bigint hoặc hai number.');
}

function product(factors: readonly number[]): number {
  let p = 1;
  for (let i = 0; i < factors.length; i++) {
    p *= factors[i] as number;
  }
  return p;
}

function bigProduct(factors: readonly number[]): bigint {
  let p = 1n;
  for (const f of factors) {
    p *= BigInt(f);
  }
  return p;
}

/**
 * (Σ over terms of Π factors) / Π denominator, rounded ONCE, half away from zero — exactly.
 * Factors are safe integers (the denominator's positive). Plain numbers are used while every
 * magnitude stays a safe integer — float products and sums of magnitudes only grow, so a safe
 * result proves that no step was rounded — and bigint otherwise.
 * Example: 2,625 points in hundredths = roundQuotient([[2625, 100]], [1000]) = 263.
 */
export function roundQuotient(terms: readonly (readonly number[])[], denominator: readonly number[]): number {
  let sum = 0;
  let magnitude = 0;
  for (let i = 0; i < terms.length; i++) {
    const p = product(terms[i] as readonly number[]);
    sum += p;
    magnitude += p < 0 ? -p : p;
  }
  const den = product(denominator);
  if (Number.isSafeInteger(magnitude) && Number.isSafeInteger(den)) {
    return roundHalfAwayFromZero(sum, den);
  }
  let bigSum = 0n;
  for (const term of terms) {
    bigSum += bigProduct(term);
  }
  const rounded = roundHalfAwayFromZero(bigSum, bigProduct(denominator));
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER) || rounded < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('Kết quả vượt quá phạm vi số nguyên an toàn.');
  }
  return Number(rounded);
}

/** Compares Π left with Π right (safe integers) exactly: negative, 0 or positive. */
export function compareProducts(left: readonly number[], right: readonly number[]): number {
  const a = product(left);
  const b = product(right);
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const x = bigProduct(left);
  const y = bigProduct(right);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares two ratios: negative, 0 or positive like a sort comparator. */
export function compareRatio(a: Ratio, b: Ratio): number {
  return compareProducts([a.n, b.d], [b.n, a.d]);
}

/** A ratio of points (e.g. 2,625) → integer hundredths, rounded once, half away from zero. */
export function ratioToHundredths(r: Ratio): number {
  return roundQuotient([[r.n, 100]], [r.d]);
}

/**
 * `part / whole × 100` in hundredths of a percent, rounded half away from zero (rule 1).
 * `part` and `whole` are integers in the same unit (usually hundredths of points); `whole > 0`.
 * Example: percentOf(1150, 1400) = 8214 (82,14%).
 */
export function percentOf(part: number, whole: number): number {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole) || whole <= 0) {
    throw new RangeError('percentOf cần số nguyên, mẫu số dương.');
  }
  const scaled = part * 10_000;
  if (Number.isSafeInteger(scaled)) {
    return roundHalfAwayFromZero(scaled, whole);
  }
  return Number(roundHalfAwayFromZero(BigInt(part) * 10_000n, BigInt(whole)));
}

function groupThousands(digits: string): string {
  return digits.length <= 3 ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * Integer hundredths → Vietnamese text with the fewest decimals needed:
 * 875 → "8,75", 200 → "2", 850 → "8,5", 75 → "0,75", 123456 → "1.234,56", -150 → "-1,5".
 */
export function formatPointsVi(h: number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  const wholeText = groupThousands(String(whole));
  if (cents === 0) {
    return `${sign}${wholeText}`;
  }
  const fraction = cents < 10 ? `0${cents}` : cents % 10 === 0 ? String(cents / 10) : String(cents);
  return `${sign}${wholeText},${fraction}`;
}

/** Hundredths of a percent → "82,14%", "85%". */
export function formatPercentVi(hundredthsOfPercent: number): string {
  return `${formatPointsVi(hundredthsOfPercent)}%`;
}

/**
 * Π numerator / Π denominator (safe integers) → Vietnamese decimal text with at most
 * `maxDecimals` (≤ 6) decimals; a value that needs more is rounded half away from zero and
 * marked "≈" (2/3 → "≈0,6667").
 */
export function formatQuotientVi(
  numerator: readonly number[],
  denominator: readonly number[],
  maxDecimals = 4,
): string {
  const scale = POW10[maxDecimals] as number;
  const scaledNumerator = numerator.concat(scale);
  const scaled = roundQuotient([scaledNumerator], denominator);
  const exact = compareProducts(denominator.concat(scaled), scaledNumerator) === 0;
  const sign = scaled < 0 ? '-' : '';
  const abs = Math.abs(scaled);
  const whole = groupThousands(String(Math.floor(abs / scale)));
  let fraction = maxDecimals === 0 ? '' : String(abs % scale).padStart(maxDecimals, '0');
  while (fraction.endsWith('0')) {
    fraction = fraction.slice(0, -1);
  }
  const text = fraction === '' ? `${sign}${whole}` : `${sign}${whole},${fraction}`;
  return exact ? text : `≈${text}`;
}

/** A ratio in Vietnamese, see {@link formatQuotientVi}: 3/8 → "0,375", 2/3 → "≈0,6667". */
export function formatRatioVi(r: Ratio, maxDecimals = 4): string {
  const decimals = POW10.indexOf(r.d);
  if (decimals < 0 || decimals > maxDecimals) {
    return formatQuotientVi([r.n], [r.d], maxDecimals);
  }
  // A decimal (d = 10^k, k ≤ maxDecimals) is exact: just place the comma (the common case).
  const sign = r.n < 0 ? '-' : '';
  const abs = Math.abs(r.n);
  const whole = groupThousands(String(Math.floor(abs / r.d)));
  let fraction = decimals === 0 ? '' : String(abs % r.d).padStart(decimals, '0');
  while (fraction.endsWith('0')) {
    fraction = fraction.slice(0, -1);
  }
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole},${fraction}`;
}
