import type { Leaf, Method, MethodType } from '../index-set/format';
import { isIsoDate } from '../index-set/validate';
import {
  compareProducts,
  compareRatio,
  formatPointsVi,
  formatQuotientVi,
  formatRatioVi,
  hasAtMostTwoDecimals,
  MAX_PARAMETER_DECIMALS,
  type Ratio,
  ratioOf,
  roundQuotient,
  toHundredths,
  tryRatioOf,
} from './decimal';

/**
 * The scoring methods of docs/index-set-format.md ("Scoring methods" table and "Answers file"
 * input per method). Each function turns one leaf's answer into points in integer hundredths,
 * computed exactly and rounded ONCE, half away from zero (rule 1), plus a short Vietnamese
 * sentence saying how the points were reached — shown beside the score in the web app, so it is
 * called on every keystroke and must stay cheap and pure.
 *
 * Errors are returned (never thrown) as a Vietnamese phrase starting in lower case, so that the
 * engine can prefix it: "Đơn vị C1, tiêu chí 2.4: " + "mức "X" không có trong danh sách."
 *
 * Input choices where the format is silent:
 * - `null` counts as absent for every input field (web forms send null for an empty box);
 * - an optional `comment` text is accepted by every method (a reviewer's note); it is required
 *   only by MANUAL;
 * - any other key is an error, so a typo ("percnet") is not silently scored 0;
 * - a typed `percent` must be within 0–100; `numerator` > `denominator` is accepted (a plan
 *   over-fulfilled) and counts as 100% — that is what "min(percent, 100)" in the table is for;
 * - COUNT_COMPLIANCE `late` may be omitted (= 0); DEDUCTION and SURVEY `counts` may omit
 *   categories/options (= 0) but may not name unknown ones;
 * - numbers a unit enters (percent, numerator, denominator, target, actual) may have at most 6
 *   decimals, so that they are exact decimals; counts are non-negative integers; dates are
 *   real calendar dates written YYYY-MM-DD, and a done date on the due date is on time.
 */

export type LeafScore = { ok: true; points: number; explanation: string } | { ok: false; error: string };

/** Explanation of an applicable leaf that has no answer: it scores 0 (format, "Answers file"). */
export const emptyAnswerExplanation = 'Chưa chấm: 0 điểm';

/** Vietnamese names of the methods, for forms and messages. */
export const METHOD_LABELS: Record<MethodType, string> = {
  BOOLEAN: 'Có/Không',
  LEVEL_SELECT: 'Chọn mức',
  DEADLINE: 'Thời hạn',
  TIERED_PERCENT: 'Theo bậc tỷ lệ',
  PROPORTIONAL: 'Tỷ lệ thuận',
  TARGET_ACTUAL: 'Chỉ tiêu – thực hiện',
  COUNT_CAPPED: 'Đếm số lượng',
  COUNT_COMPLIANCE: 'Số lượng đúng hạn, chậm',
  DEDUCTION: 'Trừ điểm',
  MANUAL: 'Chấm trực tiếp',
  SURVEY: 'Khảo sát',
};

/** The answer keys each method reads (besides the optional `comment`). */
export const METHOD_INPUT_KEYS: Record<MethodType, readonly string[]> = {
  BOOLEAN: ['value'],
  LEVEL_SELECT: ['level'],
  DEADLINE: ['status', 'dueDate', 'doneDate'],
  TIERED_PERCENT: ['percent', 'numerator', 'denominator'],
  PROPORTIONAL: ['percent', 'numerator', 'denominator'],
  TARGET_ACTUAL: ['target', 'actual'],
  COUNT_CAPPED: ['count'],
  COUNT_COMPLIANCE: ['onTime', 'late'],
  DEDUCTION: ['counts'],
  MANUAL: ['points', 'comment'],
  SURVEY: ['counts'],
};

export const DEADLINE_STATUSES = ['onTime', 'late', 'notDone'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];
const DEADLINE_LABELS: Record<DeadlineStatus, string> = {
  onTime: 'Đúng thời hạn',
  late: 'Chậm thời hạn',
  notDone: 'Không hoàn thành',
};

type Answer = Record<string, unknown>;

function isObject(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(error: string): LeafScore {
  return { ok: false, error };
}

function ok(points: number, explanation: string): LeafScore {
  return { ok: true, points, explanation };
}

/** "2 điểm", "0,75 điểm". */
function pts(h: number): string {
  return `${formatPointsVi(h)} điểm`;
}

/** A ratio of points (e.g. 0,375 per item) in Vietnamese. */
function num(r: Ratio): string {
  return formatRatioVi(r, 6);
}

/**
 * How deep an answer may nest. The deepest real answer is `{ counts: { "A": 3 } }` (2 levels);
 * JSON.parse builds arrays a million levels deep from a few megabytes, and JSON.stringify (in
 * `show`) or any recursive walk of such a value overflows the stack.
 */
export const MAX_ANSWER_DEPTH = 5;

/** True when `value` nests deeper than `max` objects/arrays. Iterative: it must not overflow itself. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth >= max) {
      return true;
    }
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return false;
}

/** A user value quoted in a message, kept short (answers are depth-checked before any use). */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Reads an answer field; null means absent. */
function read(answer: Answer, key: string): unknown {
  const value = Object.hasOwn(answer, key) ? answer[key] : undefined;
  return value === null ? undefined : value;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** dd/mm/yyyy, as dates are written in Vietnamese documents. */
function viDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function clean(text: string): string {
  return text.normalize('NFC').trim();
}

/**
 * Scores one leaf from one answer. `leaf` should come from a validated document (parseIndexSet);
 * `answer` is untrusted input. Points are integer hundredths in [0, leaf.maxPoints]. Never
 * throws: a leaf that is not valid (a set still being edited in the browser) gives an error.
 */
export function scoreLeaf(leaf: Leaf, answer: unknown): LeafScore {
  try {
    return scoreValidLeaf(leaf, answer);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      return fail('tiêu chí có tham số không hợp lệ trong bộ chỉ số; cần kiểm tra lại bộ chỉ số.');
    }
    throw error;
  }
}

function scoreValidLeaf(leaf: Leaf, answer: unknown): LeafScore {
  if (!isObject(answer)) {
    return fail('câu trả lời phải là một đối tượng JSON.');
  }
  // Before anything reads the answer: a stack overflow would surface as the RangeError caught in
  // scoreLeaf and blame the index set.
  if (nestsDeeperThan(answer, MAX_ANSWER_DEPTH)) {
    return fail(`câu trả lời lồng nhau quá sâu (tối đa ${MAX_ANSWER_DEPTH} cấp).`);
  }
  const method = leaf.method;
  const allowed = METHOD_INPUT_KEYS[method.type];
  for (const key of Object.keys(answer)) {
    if (key !== 'comment' && !allowed.includes(key)) {
      return fail(
        `trường "${key}" không dùng cho phương pháp ${METHOD_LABELS[method.type]} (chỉ dùng: ${allowed.join(', ')}).`,
      );
    }
  }
  const comment = read(answer, 'comment');
  if (comment !== undefined && typeof comment !== 'string') {
    return fail('nhận xét phải là văn bản.');
  }
  const maxH = toHundredths(leaf.maxPoints);
  const result = scoreByMethod(method, maxH, answer);
  // Every result is in [0, maxPoints] (format table); validation already guarantees it, the clamp
  // keeps a half-edited leaf in the web editor from showing nonsense.
  if (result.ok && (result.points < 0 || result.points > maxH)) {
    return ok(Math.min(maxH, Math.max(0, result.points)), result.explanation);
  }
  return result;
}

function scoreByMethod(method: Method, maxH: number, answer: Answer): LeafScore {
  switch (method.type) {
    case 'BOOLEAN':
      return scoreBoolean(method, maxH, answer);
    case 'LEVEL_SELECT':
      return scoreLevelSelect(method, answer);
    case 'DEADLINE':
      return scoreDeadline(method, answer);
    case 'TIERED_PERCENT':
      return scoreTieredPercent(method, answer);
    case 'PROPORTIONAL':
      return scoreProportional(method, maxH, answer);
    case 'TARGET_ACTUAL':
      return scoreTargetActual(maxH, answer);
    case 'COUNT_CAPPED':
      return scoreCountCapped(method, maxH, answer);
    case 'COUNT_COMPLIANCE':
      return scoreCountCompliance(method, maxH, answer);
    case 'DEDUCTION':
      return scoreDeduction(method, maxH, answer);
    case 'MANUAL':
      return scoreManual(maxH, answer);
    case 'SURVEY':
      return scoreSurvey(method, maxH, answer);
  }
}

/** Row BOOLEAN: yes → maxPoints, no → noPoints (default 0). */
function scoreBoolean(method: Extract<Method, { type: 'BOOLEAN' }>, maxH: number, answer: Answer): LeafScore {
  const value = read(answer, 'value');
  if (typeof value !== 'boolean') {
    return fail('cần trường "value" là true (có) hoặc false (không).');
  }
  if (value) {
    return ok(maxH, `Có: ${pts(maxH)}`);
  }
  const h = toHundredths(method.noPoints ?? 0);
  return ok(h, `Không: ${pts(h)}`);
}

/** Row LEVEL_SELECT: the chosen level's points. Labels compare after NFC and trimming. */
function scoreLevelSelect(method: Extract<Method, { type: 'LEVEL_SELECT' }>, answer: Answer): LeafScore {
  const level = read(answer, 'level');
  if (typeof level !== 'string' || clean(level) === '') {
    return fail('cần chọn một mức ("level").');
  }
  const label = clean(level);
  const found = method.levels.find((candidate) => candidate.label === label);
  if (found === undefined) {
    return fail(`mức "${show(label)}" không có trong danh sách.`);
  }
  const h = toHundredths(found.points);
  return ok(h, `Mức "${found.label}": ${pts(h)}`);
}

/**
 * Row DEADLINE: onTimePoints / latePoints / notDonePoints by status, or by dates — late when the
 * done date is after the due date, not done when there is no done date.
 */
function scoreDeadline(method: Extract<Method, { type: 'DEADLINE' }>, answer: Answer): LeafScore {
  const status = read(answer, 'status');
  const dueDate = read(answer, 'dueDate');
  const doneDate = read(answer, 'doneDate');
  const pointsOf: Record<DeadlineStatus, number> = {
    onTime: method.onTimePoints,
    late: method.latePoints,
    notDone: method.notDonePoints,
  };
  if (status !== undefined) {
    if (dueDate !== undefined || doneDate !== undefined) {
      return fail('chỉ nhập "status" hoặc "dueDate" + "doneDate", không nhập cả hai.');
    }
    if (typeof status !== 'string' || !(DEADLINE_STATUSES as readonly string[]).includes(status)) {
      return fail(`trạng thái "${show(status)}" không hợp lệ (chỉ nhận onTime, late hoặc notDone).`);
    }
    const h = toHundredths(pointsOf[status as DeadlineStatus]);
    return ok(h, `${DEADLINE_LABELS[status as DeadlineStatus]}: ${pts(h)}`);
  }
  if (dueDate === undefined) {
    return fail(
      doneDate === undefined
        ? 'cần "status" (onTime, late, notDone) hoặc hạn "dueDate" và ngày hoàn thành "doneDate".'
        : 'thiếu hạn hoàn thành ("dueDate").',
    );
  }
  if (!isIsoDate(dueDate)) {
    return fail(`hạn "${show(dueDate)}" không phải ngày hợp lệ theo định dạng YYYY-MM-DD.`);
  }
  if (doneDate === undefined) {
    const h = toHundredths(method.notDonePoints);
    return ok(
      h,
      `Hạn ${viDate(dueDate)}, chưa hoàn thành → ${DEADLINE_LABELS.notDone.toLowerCase()}: ${pts(h)}`,
    );
  }
  if (!isIsoDate(doneDate)) {
    return fail(`ngày hoàn thành "${show(doneDate)}" không phải ngày hợp lệ theo định dạng YYYY-MM-DD.`);
  }
  // ISO dates compare correctly as text.
  const derived: DeadlineStatus = doneDate > dueDate ? 'late' : 'onTime';
  const h = toHundredths(pointsOf[derived]);
  return ok(
    h,
    `Hạn ${viDate(dueDate)}, hoàn thành ${viDate(doneDate)} → ${DEADLINE_LABELS[derived].toLowerCase()}: ${pts(h)}`,
  );
}

interface PercentInput {
  /** The exact percent is Π num / Π den (it may exceed 100 when numerator > denominator). */
  num: readonly number[];
  den: readonly number[];
  /** How the unit's figure reads: "85%", "17/20 = 85%", "17/23 ≈ 73,91%". */
  text: string;
  /** The percent as a factor in a formula: "85%", or "17/23" when it has no short decimal. */
  factor: string;
}

/** A number the unit enters: finite, at most 6 decimals (so exact arithmetic stays cheap). */
function exactInput(value: unknown): Ratio | undefined {
  return isFiniteNumber(value) ? tryRatioOf(value) : undefined;
}

const DECIMALS_NOTE = `tối đa ${MAX_PARAMETER_DECIMALS} chữ số thập phân`;

/** `percent`, or `numerator` + `denominator` used exactly (format, note under "Output"). */
function readPercent(answer: Answer): { ok: true; value: PercentInput } | { ok: false; error: string } {
  const percent = read(answer, 'percent');
  const numerator = read(answer, 'numerator');
  const denominator = read(answer, 'denominator');
  if (percent !== undefined) {
    if (numerator !== undefined || denominator !== undefined) {
      return { ok: false, error: 'chỉ nhập "percent" hoặc "numerator" + "denominator", không nhập cả hai.' };
    }
    if (!isFiniteNumber(percent) || percent < 0 || percent > 100) {
      return { ok: false, error: `tỷ lệ phải là số từ 0 đến 100 (đang nhập ${show(percent)}).` };
    }
    const ratio = exactInput(percent);
    if (ratio === undefined) {
      return { ok: false, error: `tỷ lệ chỉ được có ${DECIMALS_NOTE} (đang nhập ${show(percent)}).` };
    }
    const text = `${num(ratio)}%`;
    return { ok: true, value: { num: [ratio.n], den: [ratio.d], text, factor: text } };
  }
  if (numerator === undefined && denominator === undefined) {
    return { ok: false, error: 'cần tỷ lệ "percent" hoặc tử số "numerator" và mẫu số "denominator".' };
  }
  if (numerator === undefined || denominator === undefined) {
    return { ok: false, error: 'cần cả tử số ("numerator") và mẫu số ("denominator").' };
  }
  const a = exactInput(numerator);
  if (a === undefined || a.n < 0) {
    return {
      ok: false,
      error: `tử số phải là số không âm, ${DECIMALS_NOTE} (đang nhập ${show(numerator)}).`,
    };
  }
  const b = exactInput(denominator);
  if (b === undefined || b.n <= 0) {
    return {
      ok: false,
      error: `mẫu số phải là số lớn hơn 0, ${DECIMALS_NOTE} (đang nhập ${show(denominator)}).`,
    };
  }
  // numerator/denominator × 100 = (a.n · b.d · 100) / (a.d · b.n), kept as factors: never rounded.
  const pn = [a.n, b.d, 100];
  const pd = [a.d, b.n];
  const shown = formatQuotientVi(pn, pd, 2);
  const fraction = `${num(a)}/${num(b)}`;
  const exact = !shown.startsWith('≈');
  return {
    ok: true,
    value: {
      num: pn,
      den: pd,
      text: exact ? `${fraction} = ${shown}%` : `${fraction} ≈ ${shown.slice(1)}%`,
      factor: exact ? `${shown}%` : fraction,
    },
  };
}

function viPercent(percent: number): string {
  return `${formatPointsVi(toHundredths(percent))}%`;
}

/** Row TIERED_PERCENT: points of the highest tier whose minPercent ≤ percent (none → 0). */
function scoreTieredPercent(method: Extract<Method, { type: 'TIERED_PERCENT' }>, answer: Answer): LeafScore {
  const input = readPercent(answer);
  if (!input.ok) {
    return fail(input.error);
  }
  const { num: pn, den: pd, text } = input.value;
  let best: { minPercent: number; points: number } | undefined;
  let lowest: number | undefined;
  for (const tier of method.tiers) {
    if (lowest === undefined || tier.minPercent < lowest) {
      lowest = tier.minPercent;
    }
    // minPercent ≤ percent ⇔ minPercent(hundredths) · Π den ≤ 100 · Π num
    const reached = compareProducts(pd.concat(toHundredths(tier.minPercent)), pn.concat(100)) <= 0;
    if (reached && (best === undefined || tier.minPercent > best.minPercent)) {
      best = tier;
    }
  }
  if (best === undefined) {
    return ok(0, `Hoàn thành ${text} → dưới mức thấp nhất (${viPercent(lowest ?? 0)}): ${pts(0)}`);
  }
  const h = toHundredths(best.points);
  return ok(h, `Hoàn thành ${text} → mức ≥ ${viPercent(best.minPercent)}: ${pts(h)}`);
}

/** Row PROPORTIONAL: percent < floorPercent → 0, else maxPoints × min(percent, 100) / 100. */
function scoreProportional(
  method: Extract<Method, { type: 'PROPORTIONAL' }>,
  maxH: number,
  answer: Answer,
): LeafScore {
  const input = readPercent(answer);
  if (!input.ok) {
    return fail(input.error);
  }
  const { num: pn, den: pd, text, factor } = input.value;
  const floor = method.floorPercent ?? 0;
  if (compareProducts(pn.concat(100), pd.concat(toHundredths(floor))) < 0) {
    return ok(0, `Hoàn thành ${text} < ngưỡng ${viPercent(floor)}: ${pts(0)}`);
  }
  // min(percent, 100): over-fulfilment counts as 100%.
  const over = compareProducts(pn, pd.concat(100)) > 0;
  // maxH (hundredths) × percent / 100, one exact quotient rounded once.
  const h = over ? maxH : roundQuotient([pn.concat(maxH)], pd.concat(100));
  return ok(
    h,
    `Hoàn thành ${text}${over ? ' (tính tối đa 100%)' : ''} → ${formatPointsVi(maxH)} × ${over ? '100%' : factor} = ${pts(h)}`,
  );
}

/** Row TARGET_ACTUAL: maxPoints × min(1, actual / target); target > 0, actual ≥ 0. */
function scoreTargetActual(maxH: number, answer: Answer): LeafScore {
  const target = read(answer, 'target');
  const actual = read(answer, 'actual');
  if (target === undefined || actual === undefined) {
    return fail('cần chỉ tiêu ("target") và kết quả thực hiện ("actual").');
  }
  const t = exactInput(target);
  if (t === undefined || t.n <= 0) {
    return fail(`chỉ tiêu ("target") phải là số lớn hơn 0, ${DECIMALS_NOTE} (đang nhập ${show(target)}).`);
  }
  const a = exactInput(actual);
  if (a === undefined || a.n < 0) {
    return fail(
      `kết quả thực hiện ("actual") phải là số không âm, ${DECIMALS_NOTE} (đang nhập ${show(actual)}).`,
    );
  }
  const shown = `${num(a)}/${num(t)}`;
  const reached = compareRatio(a, t);
  if (reached >= 0) {
    return ok(maxH, `Đạt ${shown} chỉ tiêu${reached > 0 ? ' (vượt, tính tối đa)' : ''}: ${pts(maxH)}`);
  }
  // maxH is already in hundredths, so maxH × a/t is too: one exact quotient, rounded once.
  const h = roundQuotient([[maxH, a.n, t.d]], [a.d, t.n]);
  return ok(h, `Đạt ${shown} chỉ tiêu → ${formatPointsVi(maxH)} × ${shown} = ${pts(h)}`);
}

/**
 * Σ Π terms / Π denominator (non-negative safe integers) rounded once, as roundQuotient — or
 * undefined when the value is far beyond any maximum (MAX_POINTS is 10^8 hundredths), so that
 * the caller caps it without rounding it. A unit can type any safe-integer count (10^15 by
 * mistake): roundQuotient then throws a RangeError for a result beyond safe integers, and
 * scoreLeaf reported "tham số không hợp lệ trong bộ chỉ số" instead of the capped maximum
 * (found by engine.property.test.ts). The float estimate is within 1e-15 of the exact value, so
 * below the bound the exact result is safe and above it it is far above the cap.
 */
function cappedQuotient(
  terms: readonly (readonly number[])[],
  denominator: readonly number[],
): number | undefined {
  const estimate =
    terms.reduce((sum, factors) => sum + factors.reduce((p, f) => p * f, 1), 0) /
    denominator.reduce((p, f) => p * f, 1);
  return estimate > Number.MAX_SAFE_INTEGER / 2 ? undefined : roundQuotient(terms, denominator);
}

/** Row COUNT_CAPPED: min(maxPoints, count × pointsPerItem). */
function scoreCountCapped(
  method: Extract<Method, { type: 'COUNT_CAPPED' }>,
  maxH: number,
  answer: Answer,
): LeafScore {
  const count = read(answer, 'count');
  if (count === undefined) {
    return fail('cần số lượng ("count").');
  }
  if (!isCount(count)) {
    return fail(`số lượng phải là số nguyên không âm (đang nhập ${show(count)}).`);
  }
  const rate = ratioOf(method.pointsPerItem);
  const raw = cappedQuotient([[count, rate.n, 100]], [rate.d]);
  if (raw === undefined) {
    return ok(maxH, `${count} × ${num(rate)} điểm, tính tối đa ${pts(maxH)}`);
  }
  const h = Math.min(maxH, raw);
  const capped = raw > maxH ? `, tính tối đa ${pts(maxH)}` : '';
  return ok(h, `${count} × ${num(rate)} điểm = ${pts(raw)}${capped}`);
}

/**
 * Row COUNT_COMPLIANCE: onTime × maxPoints/required + late × latePointsPerItem, capped at
 * maxPoints; onTime + late ≤ required. One exact fraction, rounded once.
 */
function scoreCountCompliance(
  method: Extract<Method, { type: 'COUNT_COMPLIANCE' }>,
  maxH: number,
  answer: Answer,
): LeafScore {
  const onTime = read(answer, 'onTime');
  const late = read(answer, 'late') ?? 0;
  if (onTime === undefined) {
    return fail('cần số đúng hạn ("onTime") và số chậm ("late").');
  }
  if (!isCount(onTime)) {
    return fail(`số đúng hạn phải là số nguyên không âm (đang nhập ${show(onTime)}).`);
  }
  if (!isCount(late)) {
    return fail(`số chậm phải là số nguyên không âm (đang nhập ${show(late)}).`);
  }
  const required = method.required;
  if (onTime + late > required) {
    return fail(
      `số đúng hạn (${onTime}) + số chậm (${late}) = ${onTime + late} vượt quá số yêu cầu (${required}).`,
    );
  }
  const lateRate = ratioOf(method.latePointsPerItem ?? 0);
  // In hundredths: onTime·maxH/required + late·lateRate·100
  //   = (onTime·maxH·lateRate.d + late·lateRate.n·100·required) / (required·lateRate.d)
  const raw = cappedQuotient(
    [
      [onTime, maxH, lateRate.d],
      [late, lateRate.n, 100, required],
    ],
    [required, lateRate.d],
  );
  const perItem = formatQuotientVi([maxH], [100, required], 6);
  const perItemText = perItem.startsWith('≈') ? `(${formatPointsVi(maxH)}/${required})` : perItem;
  const lateText = late > 0 ? ` + ${late} chậm × ${num(lateRate)}` : '';
  if (raw === undefined) {
    return ok(maxH, `${onTime} đúng hạn × ${perItemText}${lateText}, tính tối đa ${pts(maxH)}`);
  }
  const h = Math.min(maxH, raw);
  const capped = raw > maxH ? `, tính tối đa ${pts(maxH)}` : '';
  return ok(h, `${onTime} đúng hạn × ${perItemText}${lateText} = ${pts(raw)}${capped}`);
}

/** Reads `counts`: {label: non-negative integer}, labels NFC-normalised, all of them known. */
function readCounts(
  answer: Answer,
  known: readonly string[],
  unknownMessage: (label: string) => string,
  missingMessage: string,
): { ok: true; counts: Map<string, number> } | { ok: false; error: string } {
  const counts = read(answer, 'counts');
  if (counts === undefined) {
    return { ok: false, error: missingMessage };
  }
  if (!isObject(counts)) {
    return { ok: false, error: 'số lượng theo từng loại ("counts") phải là một đối tượng {tên: số}.' };
  }
  const out = new Map<string, number>();
  for (const [rawLabel, count] of Object.entries(counts)) {
    const label = known.includes(rawLabel) ? rawLabel : clean(rawLabel);
    if (!known.includes(label)) {
      return { ok: false, error: unknownMessage(label) };
    }
    if (count === null || count === undefined) {
      continue;
    }
    if (!isCount(count)) {
      return {
        ok: false,
        error: `số lượng của "${label}" phải là số nguyên không âm (đang nhập ${show(count)}).`,
      };
    }
    out.set(label, (out.get(label) ?? 0) + count);
  }
  return { ok: true, counts: out };
}

/** Row DEDUCTION: max(0, maxPoints − Σ count × category points). */
function scoreDeduction(
  method: Extract<Method, { type: 'DEDUCTION' }>,
  maxH: number,
  answer: Answer,
): LeafScore {
  const parsed = readCounts(
    answer,
    method.categories.map((category) => category.label),
    (label) => `loại trừ điểm "${show(label)}" không có trong danh sách.`,
    'cần số trường hợp theo từng loại trừ điểm ("counts").',
  );
  if (!parsed.ok) {
    return fail(parsed.error);
  }
  let deducted = 0;
  const parts: string[] = [];
  for (const category of method.categories) {
    const count = parsed.counts.get(category.label) ?? 0;
    if (count > 0) {
      const each = toHundredths(category.points);
      deducted += count * each; // a float overflow can only make it larger: the result is 0 anyway
      parts.push(`${count} ${category.label} × ${formatPointsVi(each)}`);
    }
  }
  if (parts.length === 0) {
    return ok(maxH, `Không có trường hợp bị trừ điểm: ${pts(maxH)}`);
  }
  const raw = maxH - deducted;
  const h = Math.max(0, raw);
  const tail = raw < 0 ? `${Number.isSafeInteger(raw) ? formatPointsVi(raw) : 'âm'} → ${pts(0)}` : pts(h);
  return ok(h, `${formatPointsVi(maxH)} − ${parts.join(' − ')} = ${tail}`);
}

/** Row MANUAL: the points as entered (0 ≤ p ≤ maxPoints, at most 2 decimals), comment required. */
function scoreManual(maxH: number, answer: Answer): LeafScore {
  const points = read(answer, 'points');
  const comment = read(answer, 'comment');
  if (typeof comment !== 'string' || clean(comment) === '') {
    return fail('chấm trực tiếp phải có nhận xét giải thích số điểm.');
  }
  if (points === undefined) {
    return fail('cần số điểm chấm trực tiếp ("points").');
  }
  if (!hasAtMostTwoDecimals(points) || points < 0 || toHundredths(points) > maxH) {
    return fail(
      `điểm chấm trực tiếp phải từ 0 đến ${formatPointsVi(maxH)}, tối đa 2 chữ số thập phân (đang nhập ${show(points)}).`,
    );
  }
  const h = toHundredths(points);
  const note = clean(comment);
  return ok(h, `Chấm trực tiếp: ${pts(h)} (${note.length > 80 ? `${note.slice(0, 79)}…` : note})`);
}

/** Row SURVEY: maxPoints × Σ(count × weight) / Σ count; no answers → 0. */
function scoreSurvey(method: Extract<Method, { type: 'SURVEY' }>, maxH: number, answer: Answer): LeafScore {
  const options = Object.keys(method.optionWeights);
  const parsed = readCounts(
    answer,
    options,
    (label) => `phương án "${show(label)}" không có trong phiếu khảo sát.`,
    'cần số phiếu theo từng phương án ("counts").',
  );
  if (!parsed.ok) {
    return fail(parsed.error);
  }
  // Weights are decimals, so their denominators are powers of ten: the largest is a common one.
  let common = 1;
  const weights: { option: string; weight: Ratio }[] = [];
  for (const option of options) {
    const weight = ratioOf(method.optionWeights[option] ?? 0);
    weights.push({ option, weight });
    if (weight.d > common) {
      common = weight.d;
    }
  }
  let total = 0;
  let weighted = 0;
  const terms: number[][] = [];
  const parts: string[] = [];
  for (const { option, weight } of weights) {
    const count = parsed.counts.get(option) ?? 0;
    if (count > 0) {
      total += count;
      const scaledWeight = weight.n * (common / weight.d);
      weighted += count * scaledWeight;
      terms.push([maxH, count, scaledWeight]);
      parts.push(`${count} ${option} × ${num(weight)}`);
    }
  }
  if (total === 0) {
    return ok(0, `Chưa có phiếu khảo sát: ${pts(0)}`);
  }
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(weighted)) {
    return fail('số phiếu khảo sát quá lớn.');
  }
  // maxH × Σ(count × weight) / Σ count, one exact quotient rounded once.
  const h = roundQuotient(terms, [common, total]);
  const weightedText = num({ n: weighted, d: common });
  return ok(
    h,
    `${parts.join(' + ')} = ${weightedText} trên ${total} phiếu → ${formatPointsVi(maxH)} × ${weightedText}/${total} = ${pts(h)}`,
  );
}
