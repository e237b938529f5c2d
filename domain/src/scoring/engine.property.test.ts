import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IndexSetDocument, isLeaf, type Leaf, type Method, type Node } from '../index-set/format';
import { parseIndexSet } from '../index-set/validate';
import { itemTotals, ranksOf } from '../results/results';
import { FUZZ_SEED } from '../testing/fuzz-seed';
import {
  cleanText,
  decimalArbitrary,
  indexSetArbitrary,
  leafArbitrary,
  oneLeafSet,
  textArbitrary,
} from '../testing/index-set-arbitrary';
import { scoreAnswersFile } from './answers-file';
import { toHundredths } from './decimal';
import {
  applicableTree,
  rankUnits,
  scoreUnit,
  type UnitAnswers,
  type UnitResult,
  unitMaximum,
} from './engine';
import { scoreLeaf } from './methods';

// A fixed seed: CI must give the same verdict on the same code. The seeds that found the bugs
// below were random ones; to explore new inputs, change FUZZ_SEED locally (docs/fuzzing.md).
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FUZZ_SEED });

/**
 * Property-based fuzzing of the scoring engine, aggregation and ranking (docs/fuzzing.md).
 * Random valid index sets (every method, random maxima in hundredths, caps, applicability) and
 * random answers — well-formed ones, checked against an independent exact (bigint) reference of
 * the format's formulas, and garbage ones, which must give a typed error, never an exception.
 */

/** Node 20 has it; the domain's tsconfig has no Node or DOM types (the domain runs in both). */
declare const structuredClone: <T>(value: T) => T;

// ---------------------------------------------------------------------------------------------
// Exact reference arithmetic (bigint rationals), independent of ./decimal.

interface Rational {
  n: bigint;
  d: bigint;
}

/** The exact decimal a JSON number is written as (JS prints the shortest round-tripping text). */
function exact(x: number): Rational {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) {
    throw new Error(`not a finite number: ${x}`);
  }
  const fraction = m[3] ?? '';
  const exponent = Number(m[4] ?? 0) - fraction.length;
  let n = BigInt(`${m[2]}${fraction}`) * (m[1] === '-' ? -1n : 1n);
  let d = 1n;
  if (exponent >= 0) {
    n *= 10n ** BigInt(exponent);
  } else {
    d = 10n ** BigInt(-exponent);
  }
  return { n, d };
}

/** n / d rounded half away from zero (d > 0). */
function round(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const q = ((negative ? -n : n) * 2n + d) / (2n * d);
  return negative ? -q : q;
}

function cmp(a: Rational, b: Rational): number {
  const x = a.n * b.d;
  const y = b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
}

const H = (points: number): bigint => exact(points).n * (100n / exact(points).d);

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** What the format says a leaf's answer gives: exact points (hundredths), an error, or "unknown". */
type Expected = { kind: 'points'; h: bigint } | { kind: 'error' } | { kind: 'unknown' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A count of a `counts` answer; own keys only (a label may be "constructor"). */
function countOf(counts: unknown, label: string): bigint {
  const record = counts as Record<string, number>;
  return BigInt(Object.hasOwn(record, label) ? (record[label] as number) : 0);
}

/** A percent answer (`percent`, or `numerator`/`denominator`) as an exact rational percent. */
function percentOfAnswer(a: Record<string, unknown>): Rational {
  if (typeof a.percent === 'number') {
    return exact(a.percent);
  }
  const num = exact(a.numerator as number);
  const den = exact(a.denominator as number);
  return { n: num.n * den.d * 100n, d: num.d * den.n };
}

/**
 * The reference of the format's "Scoring methods" table, for the answers `wellFormedAnswer`
 * builds (anything else is "unknown": only the range and the no-throw contract are checked).
 */
function expectedLeafPoints(leaf: Leaf, answer: unknown, wellFormed: boolean): Expected {
  if (!wellFormed || !isPlainObject(answer)) {
    return { kind: 'unknown' };
  }
  const maxH = H(leaf.maxPoints);
  const m = leaf.method;
  const a = answer;
  switch (m.type) {
    case 'BOOLEAN':
      return { kind: 'points', h: a.value ? maxH : H(m.noPoints ?? 0) };
    case 'LEVEL_SELECT': {
      const found = m.levels.find((l) => l.label === cleanText(a.level as string));
      return found ? { kind: 'points', h: H(found.points) } : { kind: 'error' };
    }
    case 'DEADLINE': {
      const byStatus = { onTime: m.onTimePoints, late: m.latePoints, notDone: m.notDonePoints };
      if (typeof a.status === 'string') {
        return { kind: 'points', h: H(byStatus[a.status as keyof typeof byStatus]) };
      }
      if (a.doneDate === undefined) {
        return { kind: 'points', h: H(m.notDonePoints) };
      }
      return {
        kind: 'points',
        h: H((a.doneDate as string) > (a.dueDate as string) ? m.latePoints : m.onTimePoints),
      };
    }
    case 'TIERED_PERCENT': {
      const p = percentOfAnswer(a);
      let best: { minPercent: number; points: number } | undefined;
      for (const tier of m.tiers) {
        if (
          cmp(exact(tier.minPercent), p) <= 0 &&
          (best === undefined || tier.minPercent > best.minPercent)
        ) {
          best = tier;
        }
      }
      return { kind: 'points', h: best === undefined ? 0n : H(best.points) };
    }
    case 'PROPORTIONAL': {
      const p = percentOfAnswer(a);
      if (cmp(p, exact(m.floorPercent ?? 0)) < 0) {
        return { kind: 'points', h: 0n };
      }
      if (cmp(p, { n: 100n, d: 1n }) >= 0) {
        return { kind: 'points', h: maxH };
      }
      return { kind: 'points', h: round(maxH * p.n, p.d * 100n) };
    }
    case 'TARGET_ACTUAL': {
      const t = exact(a.target as number);
      const act = exact(a.actual as number);
      return {
        kind: 'points',
        h: cmp(act, t) >= 0 ? maxH : round(maxH * act.n * t.d, act.d * t.n),
      };
    }
    case 'COUNT_CAPPED': {
      const rate = exact(m.pointsPerItem);
      return { kind: 'points', h: min(maxH, round(BigInt(a.count as number) * rate.n * 100n, rate.d)) };
    }
    case 'COUNT_COMPLIANCE': {
      const onTime = BigInt(a.onTime as number);
      const late = BigInt((a.late as number | undefined) ?? 0);
      const required = BigInt(m.required);
      if (onTime + late > required) {
        return { kind: 'error' };
      }
      const rate = exact(m.latePointsPerItem ?? 0);
      // onTime × maxH / required + late × rate × 100, one fraction rounded once, capped.
      const raw = round(onTime * maxH * rate.d + late * rate.n * 100n * required, required * rate.d);
      return { kind: 'points', h: min(maxH, raw) };
    }
    case 'DEDUCTION': {
      let deducted = 0n;
      for (const category of m.categories) {
        deducted += countOf(a.counts, category.label) * H(category.points);
      }
      const h = maxH - deducted;
      return { kind: 'points', h: h < 0n ? 0n : h };
    }
    case 'MANUAL':
      return { kind: 'points', h: H(a.points as number) };
    case 'SURVEY': {
      // Σ count × weight over a common denominator (weights are decimals: a power of ten).
      const weights = Object.entries(m.optionWeights).map(([option, weight]) => ({
        option,
        w: exact(weight),
      }));
      let common = 1n; // bigint: no Math.max
      for (const { w } of weights) {
        if (w.d > common) {
          common = w.d;
        }
      }
      let total = 0n;
      let weighted = 0n;
      for (const { option, w } of weights) {
        const count = countOf(a.counts, option);
        total += count;
        weighted += count * w.n * (common / w.d);
      }
      if (total === 0n) {
        return { kind: 'points', h: 0n };
      }
      if (total > BigInt(Number.MAX_SAFE_INTEGER) || weighted > BigInt(Number.MAX_SAFE_INTEGER)) {
        return { kind: 'unknown' }; // documented refusal: "số phiếu khảo sát quá lớn"
      }
      return { kind: 'points', h: round(maxH * weighted, common * total) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Answers.

const count = fc.oneof(
  { arbitrary: fc.nat({ max: 50 }), weight: 8 },
  { arbitrary: fc.nat({ max: 1_000_000 }), weight: 1 },
  { arbitrary: fc.constant(Number.MAX_SAFE_INTEGER), weight: 1 },
);

/** A number a unit enters: at most 6 decimals (the engine's rule), sometimes a plain integer. */
const entered = (max: number) =>
  fc.oneof({ arbitrary: fc.nat({ max }), weight: 2 }, { arbitrary: decimalArbitrary(max), weight: 1 });

const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A label as a person might type it: decomposed (NFD) and with spaces around. */
const retyped = (label: string) =>
  fc.constantFrom(label, ` ${label} `, label.normalize('NFD'), `\t${label.normalize('NFD')}`);

const percentAnswer = fc.oneof(
  fc.record({ percent: fc.oneof(entered(100), fc.constantFrom(0, 100)) }),
  fc.record({
    numerator: entered(1_000),
    denominator: entered(1_000).filter((d) => d > 0),
  }),
);

/**
 * An answer of the shape the method reads, with values in range (the reference says what it is
 * worth). A few give an error by the rules (an unknown level, too many reports…).
 */
function wellFormedAnswer(leaf: Leaf): fc.Arbitrary<Record<string, unknown>> {
  const m: Method = leaf.method;
  const maxH = toHundredths(leaf.maxPoints);
  switch (m.type) {
    case 'BOOLEAN':
      return fc.record({ value: fc.boolean() });
    case 'LEVEL_SELECT':
      return fc
        .oneof(
          { arbitrary: fc.constantFrom(...m.levels.map((l) => l.label)).chain(retyped), weight: 5 },
          { arbitrary: textArbitrary('tricky'), weight: 1 },
        )
        .map((level) => ({ level }));
    case 'DEADLINE':
      return fc.oneof(
        fc.record({ status: fc.constantFrom('onTime', 'late', 'notDone') }),
        fc.record({ dueDate: isoDate, doneDate: isoDate }, { requiredKeys: ['dueDate'] }),
      );
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      return percentAnswer;
    case 'TARGET_ACTUAL':
      return fc.record({ target: entered(1_000).filter((t) => t > 0), actual: entered(2_000) });
    case 'COUNT_CAPPED':
      return fc.record({ count });
    case 'COUNT_COMPLIANCE':
      return fc.oneof(
        // Within `required` (capped at 40 so that small sets get every split).
        fc
          .integer({ min: 0, max: Math.min(m.required, 40) })
          .chain((total) =>
            fc.integer({ min: 0, max: total }).map((onTime) => ({ onTime, late: total - onTime })),
          ),
        fc.record({ onTime: fc.constant(m.required) }),
        fc.record({ onTime: count, late: count }),
      );
    case 'DEDUCTION':
      return fc
        .dictionary(
          fc.constantFrom(...m.categories.map((c) => c.label)),
          fc.oneof(fc.nat({ max: 5 }), count),
          { maxKeys: m.categories.length },
        )
        .map((counts) => ({ counts }));
    case 'MANUAL':
      return fc.record({
        points: fc.integer({ min: 0, max: maxH }).map((h) => h / 100),
        comment: textArbitrary('plain'),
      });
    case 'SURVEY':
      return fc
        .dictionary(fc.constantFrom(...Object.keys(m.optionWeights)), fc.oneof(fc.nat({ max: 200 }), count), {
          maxKeys: Object.keys(m.optionWeights).length,
        })
        .map((counts) => ({ counts }));
  }
}

/** Values people (or scripts) put where a number, a date or a label belongs. */
const garbageValue = fc.oneof(
  fc.constantFrom(
    -1,
    -0.01,
    1.005,
    0.1 + 0.2,
    1e21,
    -1e308,
    Number.MAX_VALUE,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    '',
    ' ',
    '12',
    '1,5',
    'true',
    '2024-02-30',
    '31/12/2024',
    null,
    true,
    [],
    {},
    [1, 2],
    { a: 1 },
  ),
  fc.double(),
  fc.string(),
  fc.jsonValue({ maxDepth: 2 }),
);

interface GeneratedAnswer {
  answer: unknown;
  /** Built by wellFormedAnswer and left untouched: the reference knows what it is worth. */
  wellFormed: boolean;
}

/** Any answer: well-formed, a well-formed one with one value spoiled or one key too many, or junk. */
function anyAnswer(leaf: Leaf): fc.Arbitrary<GeneratedAnswer> {
  const good = wellFormedAnswer(leaf);
  return fc.oneof(
    { arbitrary: good.map((answer) => ({ answer, wellFormed: true })), weight: 6 },
    {
      arbitrary: fc
        .tuple(good, fc.option(textArbitrary('plain'), { nil: undefined }))
        .map(([answer, comment]) => ({
          answer: comment === undefined ? answer : { ...answer, comment },
          wellFormed: true,
        })),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(good, fc.nat(), garbageValue).map(([answer, i, junk]) => {
        const keys = Object.keys(answer);
        const key = keys.length === 0 ? 'value' : (keys[i % keys.length] as string);
        return { answer: { ...answer, [key]: junk }, wellFormed: false };
      }),
      weight: 2,
    },
    {
      arbitrary: good.map((answer) => ({ answer: { ...answer, percnet: 5 }, wellFormed: false })),
      weight: 1,
    },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((answer) => ({ answer, wellFormed: false })), weight: 1 },
    { arbitrary: fc.anything({ maxDepth: 3 }).map((answer) => ({ answer, wellFormed: false })), weight: 1 },
    {
      // Deeper than any real answer (the engine refuses beyond MAX_ANSWER_DEPTH).
      arbitrary: fc.nat({ max: 2_000 }).map((depth) => {
        let deep: unknown = 1;
        for (let i = 0; i < depth; i++) {
          deep = [deep];
        }
        return { answer: { counts: deep }, wellFormed: false };
      }),
      weight: 1,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Documents.

function mustParse(raw: unknown): IndexSetDocument {
  const parsed = parseIndexSet(raw);
  if (!parsed.ok) {
    throw new Error(`generated set is invalid: ${JSON.stringify(parsed.errors.slice(0, 5))}`);
  }
  return parsed.document;
}

const documentArb = indexSetArbitrary({ flavour: 'tricky' }).map(mustParse);

function allLeaves(doc: IndexSetDocument): Leaf[] {
  const out: Leaf[] = [];
  const visit = (item: Node | Leaf): void => {
    if (isLeaf(item)) {
      out.push(item);
    } else {
      item.children.forEach(visit);
    }
  };
  doc.nodes.forEach(visit);
  out.push(...(doc.adjustments?.bonus?.items ?? []), ...(doc.adjustments?.penalty?.items ?? []));
  return out;
}

function nodeCodes(doc: IndexSetDocument): string[] {
  const out: string[] = [];
  const visit = (item: Node | Leaf): void => {
    if (!isLeaf(item)) {
      out.push(item.code);
      item.children.forEach(visit);
    }
  };
  doc.nodes.forEach(visit);
  return out;
}

/** A leaf and an answer for it; the leaf comes out of a validated one-leaf set (canonical texts). */
const leafAndAnswer = leafArbitrary('tricky')
  .map((raw) => allLeaves(mustParse(oneLeafSet(raw)))[0] as Leaf)
  .chain((leaf) => anyAnswer(leaf).map((generated) => ({ leaf, ...generated })));

/**
 * Units of a set. `clean` units answer with well-formed, in-range answers only (they must score);
 * the others also get junk answers, unknown codes, node codes, unknown groups and bad decisions.
 */
function unitsArb(doc: IndexSetDocument, clean: boolean): fc.Arbitrary<UnitAnswers[]> {
  const leaves = allLeaves(doc);
  const groupCodes = doc.unitGroups.map((g) => g.code);
  const leafCodes = leaves.map((l) => l.code);
  const strayCodes = [...nodeCodes(doc), 'không-có', '__proto__', 'constructor'];
  const answerFor = (leaf: Leaf): fc.Arbitrary<unknown> =>
    clean
      ? fc.oneof(
          {
            arbitrary: wellFormedAnswer(leaf).filter(
              (a) => expectedLeafPoints(leaf, a, true).kind === 'points',
            ),
            weight: 8,
          },
          { arbitrary: fc.constant(null), weight: 1 },
        )
      : anyAnswer(leaf).map((g) => g.answer);
  const unit = fc.record(
    {
      group: clean ? fc.constantFrom(...groupCodes) : fc.oneof(fc.constantFrom(...groupCodes), fc.string()),
      notApplicable: fc
        .constant(clean ? leafCodes : [...leafCodes, ...strayCodes])
        .chain((codes) => fc.subarray([...codes], { maxLength: Math.min(4, codes.length) })),
      answers: fc.tuple(...leaves.map((leaf) => fc.option(answerFor(leaf), { freq: 6 }))).chain((values) => {
        const answers: Record<string, unknown> = {};
        values.forEach((value, i) => {
          if (value !== null) {
            answers[(leaves[i] as Leaf).code] = value;
          }
        });
        return clean
          ? fc.constant(answers)
          : fc
              .dictionary(fc.constantFrom(...strayCodes), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })
              .map((extra) => Object.assign(Object.fromEntries(Object.entries(extra)), answers));
      }),
      decided: fc.dictionary(
        fc.constantFrom(...(clean ? leafCodes : [...leafCodes, ...strayCodes])),
        fc.record({
          points: clean
            ? fc.nat({ max: 100 })
            : fc.oneof(fc.nat({ max: 100 }), fc.constantFrom(-1, 0.5, Number.NaN, 1e20)),
          explanation: fc.constant('Hội đồng quyết định'),
        }),
        { maxKeys: 3 },
      ),
    },
    { requiredKeys: ['group', 'answers'] },
  );
  return fc.array(unit, { minLength: 1, maxLength: 6 }).map((units) =>
    units.map((u, i) => {
      // A decided points value must fit the leaf in a clean unit (rule 3: it replaces the answer).
      const decided =
        u.decided === undefined
          ? undefined
          : Object.fromEntries(
              Object.entries(u.decided).map(([code, d]) => {
                const leaf = leaves.find((l) => l.code === code);
                const max = leaf ? toHundredths(leaf.maxPoints) : 0;
                return [code, clean ? { ...d, points: Math.min(d.points, max) } : d];
              }),
            );
      return { code: `U${i + 1}`, ...u, ...(decided === undefined ? {} : { decided }) };
    }),
  );
}

const setWithUnits = (clean: boolean) =>
  documentArb.chain((doc) => unitsArb(doc, clean).map((units) => ({ doc, units })));

// ---------------------------------------------------------------------------------------------
// Independent recomputation of the aggregation rules (2, 4, 5, 6, 7, 8).

interface RefTotals {
  max: number;
  points: number;
  applies: boolean;
}

function referenceTotals(doc: IndexSetDocument, unit: UnitAnswers, leafPoints: Map<string, number>) {
  const excluded = new Set(unit.notApplicable ?? []);
  const applies = (item: Node | Leaf) =>
    item.applicableTo === undefined || item.applicableTo.includes(unit.group);
  const nodes = new Map<string, RefTotals>();
  const visit = (item: Node | Leaf): RefTotals => {
    if (!applies(item) || (isLeaf(item) && excluded.has(item.code))) {
      return { max: 0, points: 0, applies: false };
    }
    if (isLeaf(item)) {
      return {
        max: toHundredths(item.maxPoints),
        points: leafPoints.get(item.code) as number,
        applies: true,
      };
    }
    const sum = item.children.map(visit).reduce(
      (acc, t) => ({
        max: acc.max + t.max,
        points: acc.points + t.points,
        applies: acc.applies || t.applies,
      }),
      { max: 0, points: 0, applies: false },
    );
    const cap = item.maxPoints === undefined ? Number.POSITIVE_INFINITY : toHundredths(item.maxPoints);
    const totals = { max: Math.min(sum.max, cap), points: Math.min(sum.points, cap), applies: sum.applies };
    nodes.set(item.code, totals);
    return totals;
  };
  const fields = doc.nodes.map(visit);
  const adjustment = (group: { maxPoints: number; items: Leaf[] } | undefined): number => {
    if (group === undefined) {
      return 0;
    }
    const sum = group.items
      .filter((item) => applies(item) && !excluded.has(item.code))
      .reduce((acc, item) => acc + (leafPoints.get(item.code) as number), 0);
    return Math.min(sum, toHundredths(group.maxPoints));
  };
  return {
    nodes,
    fields,
    bonus: adjustment(doc.adjustments?.bonus),
    penalty: adjustment(doc.adjustments?.penalty),
  };
}

/** Rule 6/7 percent in hundredths of a percent, half away from zero, exactly. */
function refPercent(part: number, whole: number): number {
  return Number(round(BigInt(part) * 10_000n, BigInt(whole)));
}

function checkUnitResult(doc: IndexSetDocument, unit: UnitAnswers, result: UnitResult): void {
  const leaves = allLeaves(doc);
  const byCode = new Map(leaves.map((l) => [l.code, l]));
  const leafPoints = new Map<string, number>();
  for (const leafResult of result.leaves) {
    const leaf = byCode.get(leafResult.code);
    expect(leaf, `leaf ${leafResult.code} is in the set`).toBeDefined();
    // Every leaf score is an integer number of hundredths in [0, max].
    expect(Number.isSafeInteger(leafResult.points)).toBe(true);
    expect(leafResult.points).toBeGreaterThanOrEqual(0);
    expect(leafResult.points).toBeLessThanOrEqual(toHundredths((leaf as Leaf).maxPoints));
    expect(leafPoints.has(leafResult.code), `leaf ${leafResult.code} scored once`).toBe(false);
    leafPoints.set(leafResult.code, leafResult.points);
  }
  const ref = referenceTotals(doc, unit, leafPoints);
  // Exactly the applicable leaves are scored (rule 2).
  const excluded = new Set(unit.notApplicable ?? []);
  const applicable = (items: (Node | Leaf)[], inherited = true): string[] =>
    items.flatMap((item) => {
      const here = inherited && (item.applicableTo === undefined || item.applicableTo.includes(unit.group));
      if (isLeaf(item)) {
        return here && !excluded.has(item.code) ? [item.code] : [];
      }
      return applicable(item.children, here);
    });
  expect(result.leaves.map((l) => l.code)).toEqual([
    ...applicable(doc.nodes),
    ...applicable(doc.adjustments?.bonus?.items ?? []),
    ...applicable(doc.adjustments?.penalty?.items ?? []),
  ]);
  for (const code of result.unanswered) {
    expect(leafPoints.get(code)).toBe(0);
  }
  // Fields: totals are the exact capped sums of their children, within [0, max] (rules 4, 7).
  expect(result.fields.map((f) => f.code)).toEqual(doc.nodes.map((n) => n.code));
  result.fields.forEach((field, i) => {
    const totals = ref.fields[i] as RefTotals;
    expect({ max: field.maxPoints, points: field.points }).toEqual({
      max: totals.max,
      points: totals.points,
    });
    expect(field.points).toBeGreaterThanOrEqual(0);
    expect(field.points).toBeLessThanOrEqual(field.maxPoints);
    expect(field.percent).toBe(
      totals.applies && totals.max > 0 ? refPercent(totals.points, totals.max) : null,
    );
    if (field.percent !== null) {
      expect(field.percent).toBeGreaterThanOrEqual(0);
      expect(field.percent).toBeLessThanOrEqual(10_000);
    }
  });
  // Every node below the fields too, as the results page recomputes them (results.ts itemTotals).
  for (const row of itemTotals(doc, result)) {
    expect(Number.isSafeInteger(row.points) && Number.isSafeInteger(row.maxPoints)).toBe(true);
    expect(row.points).toBeGreaterThanOrEqual(0);
    expect(row.points).toBeLessThanOrEqual(row.maxPoints);
    const node = ref.nodes.get(row.code);
    if (!row.isLeaf && node !== undefined) {
      expect({ code: row.code, max: row.maxPoints, points: row.points }).toEqual({
        code: row.code,
        max: node.max,
        points: node.points,
      });
    }
  }
  // The unit: Σ fields, the unit maximum the forms show, bonus and penalty caps (rules 2, 5).
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(result.points).toBe(sum(ref.fields.map((f) => f.points)));
  expect(result.maxPoints).toBe(sum(ref.fields.map((f) => f.max)));
  expect(result.maxPoints).toBe(unitMaximum(doc, unit.group, unit.notApplicable));
  expect(result.maxPoints).toBe(
    sum(applicableTree(doc, unit.group, unit.notApplicable).map((n) => n.maxPoints)),
  );
  expect(result.points).toBeLessThanOrEqual(result.maxPoints);
  expect(result.bonus).toBe(ref.bonus);
  expect(result.penalty).toBe(ref.penalty);
  expect(result.bonus).toBeGreaterThanOrEqual(0);
  expect(result.penalty).toBeGreaterThanOrEqual(0);
  // Rule 6: the index, exact and clamped to [0, 100] %.
  const index = Math.min(
    10_000,
    Math.max(0, refPercent(result.points + result.bonus - result.penalty, result.maxPoints)),
  );
  expect(result.indexPercent).toBe(index);
  // Rule 8: the first band whose minimum and field floors the unit meets.
  const band = doc.classification.find(
    (b) =>
      toHundredths(b.minPercent) <= index &&
      (b.minEachFieldPercent === undefined ||
        result.fields.every(
          (f) => f.percent === null || f.percent >= toHundredths(b.minEachFieldPercent as number),
        )),
  );
  expect(result.band).toBe(band?.label ?? null);
}

/** The expectation of rule 9, written from its definition rather than from a sort. */
function checkRanks(
  rows: readonly { code: string; group: string; indexPercent: number }[],
  ranking: IndexSetDocument['ranking'],
  ranks: ReadonlyMap<string, number>,
): void {
  // A permutation: every unit exactly once.
  expect(ranks.size).toBe(rows.length);
  expect([...ranks.keys()].sort()).toEqual(rows.map((r) => r.code).sort());
  const scopes = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = ranking.scope === 'unitGroup' ? row.group : '';
    scopes.set(key, [...(scopes.get(key) ?? []), row]);
  }
  for (const scope of scopes.values()) {
    for (const row of scope) {
      const higher = scope.filter((other) => other.indexPercent > row.indexPercent);
      const expected =
        ranking.ties === 'dense' ? new Set(higher.map((o) => o.indexPercent)).size + 1 : higher.length + 1;
      expect(ranks.get(row.code)).toBe(expected);
    }
    // Along the order (index descending) ranks never go down; ties share a rank and only ties do.
    const ordered = [...scope].sort((a, b) => b.indexPercent - a.indexPercent);
    ordered.forEach((row, i) => {
      const previous = ordered[i - 1];
      if (previous !== undefined) {
        const [r0, r1] = [ranks.get(previous.code) as number, ranks.get(row.code) as number];
        expect(r1).toBeGreaterThanOrEqual(r0);
        expect(r1 === r0).toBe(previous.indexPercent === row.indexPercent);
      }
    });
    expect(ranks.get(ordered[0]?.code as string)).toBe(1);
    if (ranking.ties === 'dense') {
      const distinct = new Set(scope.map((r) => ranks.get(r.code)));
      expect([...distinct].sort((a, b) => (a as number) - (b as number))).toEqual(
        Array.from({ length: distinct.size }, (_, i) => i + 1),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------

// Each property runs a few seconds on a 2-core machine; the default 5 s would be too tight when busy.
describe('scoring engine properties (fast-check)', { timeout: 30_000 }, () => {
  it('generated index sets are valid, and their canonical form is a fixed point', () => {
    fc.assert(
      fc.property(indexSetArbitrary({ flavour: 'unicode' }), (raw) => {
        const doc = mustParse(raw);
        const again = parseIndexSet(doc);
        expect(again.ok).toBe(true);
        expect(again.ok && again.document).toEqual(doc);
        expect(JSON.stringify(again.ok && again.document)).toBe(JSON.stringify(doc));
      }),
      { numRuns: 100 },
    );
  });

  it('a leaf scores exactly what the format says, in [0, max], and never throws on any answer', () => {
    fc.assert(
      fc.property(leafAndAnswer, ({ leaf, answer, wellFormed }) => {
        const scored = scoreLeaf(leaf, answer);
        const maxH = toHundredths(leaf.maxPoints);
        if (scored.ok) {
          expect(Number.isSafeInteger(scored.points)).toBe(true);
          expect(scored.points).toBeGreaterThanOrEqual(0);
          expect(scored.points).toBeLessThanOrEqual(maxH);
          expect(typeof scored.explanation).toBe('string');
          expect(scored.explanation.length).toBeGreaterThan(0);
        } else {
          expect(typeof scored.error).toBe('string');
          expect(scored.error.length).toBeGreaterThan(0);
          // Bounded: a message quotes user values shortened, never a whole megabyte answer.
          expect(scored.error.length).toBeLessThan(1_000);
        }
        const expected = expectedLeafPoints(leaf, answer, wellFormed);
        if (expected.kind === 'points') {
          expect(scored).toMatchObject({ ok: true, points: Number(expected.h) });
        } else if (expected.kind === 'error') {
          expect(scored.ok).toBe(false);
        }
      }),
      { numRuns: 1_500 },
    );
  });

  it('clean units score; every leaf and node total is within [0, max] and equals the exact capped sum of its children', () => {
    fc.assert(
      fc.property(setWithUnits(true), ({ doc, units }) => {
        for (const unit of units) {
          const scored = scoreUnit(doc, unit);
          if (!scored.ok) {
            // A clean unit may only fail for having nothing to score (maximum 0).
            expect(scored.errors).toEqual([
              { path: '', message: expect.stringContaining('điểm tối đa bằng 0') },
            ]);
            expect(unitMaximum(doc, unit.group, unit.notApplicable)).toBe(0);
            continue;
          }
          checkUnitResult(doc, unit, scored.result);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('any unit (junk answers, unknown codes and groups, bad decisions) gives a typed result, never an exception', () => {
    fc.assert(
      fc.property(setWithUnits(false), ({ doc, units }) => {
        for (const unit of units) {
          const scored = scoreUnit(doc, unit);
          if (scored.ok) {
            checkUnitResult(doc, unit, scored.result);
          } else {
            expect(scored.errors.length).toBeGreaterThan(0);
            for (const error of scored.errors) {
              expect(typeof error.path).toBe('string');
              // Every message names the unit (the council reads them unit by unit).
              expect(error.message).toContain(`Đơn vị ${unit.code}`);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('scoring is deterministic and leaves its inputs untouched; answer order does not matter', () => {
    fc.assert(
      fc.property(fc.boolean().chain(setWithUnits), ({ doc, units }) => {
        const docBefore = structuredClone(doc);
        const unitsBefore = structuredClone(units);
        for (const unit of units) {
          const first = scoreUnit(doc, unit);
          expect(scoreUnit(doc, unit)).toEqual(first);
          expect(scoreUnit(structuredClone(doc), structuredClone(unit))).toEqual(first);
          const reversed = { ...unit, answers: Object.fromEntries(Object.entries(unit.answers).reverse()) };
          const again = scoreUnit(doc, reversed);
          expect(again.ok).toBe(first.ok);
          if (first.ok) {
            expect(again).toEqual(first);
          }
        }
        expect(doc).toEqual(docBefore);
        expect(units).toEqual(unitsBefore);
      }),
      { numRuns: 100 },
    );
  });

  it('ranking is a permutation with ranks by definition (dense/competition, overall/per group), whatever the input order', () => {
    const rows = fc.uniqueArray(
      fc.record({
        code: fc.string({ minLength: 1, maxLength: 4 }),
        group: fc.constantFrom('A', 'B', 'C'),
        // Few distinct values, so that ties are common.
        indexPercent: fc.oneof(fc.constantFrom(0, 5_000, 8_214, 10_000), fc.integer({ min: 0, max: 10_000 })),
      }),
      { maxLength: 30, selector: (r) => r.code },
    );
    const ranking = fc.record({
      ties: fc.constantFrom('dense' as const, 'competition' as const),
      scope: fc.constantFrom('all' as const, 'unitGroup' as const),
    });
    fc.assert(
      fc.property(rows, ranking, fc.infiniteStream(fc.nat()), (list, rule, stream) => {
        const ranks = rankUnits(list, rule);
        checkRanks(list, rule, ranks);
        // Deterministic, and independent of the order the units come in.
        expect(rankUnits(list, rule)).toEqual(ranks);
        const shuffled = [...list];
        const randoms = stream.take(shuffled.length)[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (randoms.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [
            shuffled[j] as (typeof list)[number],
            shuffled[i] as (typeof list)[number],
          ];
        }
        expect(new Map([...rankUnits(shuffled, rule)].sort())).toEqual(new Map([...ranks].sort()));
        // The results page: overall and in-group ranks, and the published one by the set's scope.
        const both = ranksOf(list, rule);
        const overall = rankUnits(list, { ties: rule.ties, scope: 'all' });
        const inGroup = rankUnits(list, { ties: rule.ties, scope: 'unitGroup' });
        for (const row of list) {
          expect(both.get(row.code)).toEqual({
            rank: ranks.get(row.code),
            overall: overall.get(row.code),
            inGroup: inGroup.get(row.code),
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an answers file is scored all or nothing: ranks consistent with the published indexes, never an exception', () => {
    fc.assert(
      fc.property(fc.boolean().chain(setWithUnits), fc.boolean(), ({ doc, units }, asJson) => {
        // Through JSON, as the CLI reads the file (drops undefined, NaN → null).
        const file = asJson
          ? JSON.parse(JSON.stringify({ units: units.map(({ decided: _, ...u }) => u) }))
          : { units: units.map(({ decided: _, ...u }) => u) };
        const scored = scoreAnswersFile(doc, file);
        expect(scoreAnswersFile(doc, file)).toEqual(scored);
        if (!scored.ok) {
          expect(scored.errors.length).toBeGreaterThan(0);
          for (const error of scored.errors) {
            expect(error.path).toMatch(/^units/);
          }
          return;
        }
        const out = scored.output.units;
        expect(out.map((u) => u.code)).toEqual(units.map((u) => u.code));
        const rows = out.map((u) => ({
          code: u.code,
          group: u.group,
          indexPercent: Math.round(u.indexPercent * 100),
        }));
        checkRanks(rows, doc.ranking, new Map(out.map((u) => [u.code, u.rank])));
      }),
      { numRuns: 100 },
    );
  });

  it('garbage answers files and units never throw', () => {
    fc.assert(
      fc.property(
        documentArb,
        fc.anything({ maxDepth: 4 }),
        fc.jsonValue({ maxDepth: 4 }),
        (doc, anything, json) => {
          for (const file of [
            anything,
            json,
            { units: [anything] },
            { units: [{ code: 'U', group: 'G', answers: json }] },
          ]) {
            const scored = scoreAnswersFile(doc, file);
            expect(typeof scored.ok).toBe('boolean');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

// Counterexamples the properties found, kept as fixed cases (docs/fuzzing.md, "Bugs found").
describe('regressions found by the engine properties', () => {
  const leaf = (maxPoints: number, method: Method): Leaf => ({
    code: '1.1',
    name: 'Tiêu chí',
    maxPoints,
    method,
  });

  it('a huge count on COUNT_CAPPED is capped at the maximum, not blamed on the index set', () => {
    // seed 1390758657: the count × rate product left the safe integers and roundQuotient threw.
    const scored = scoreLeaf(leaf(250_695.42, { type: 'COUNT_CAPPED', pointsPerItem: 1.86 }), {
      count: Number.MAX_SAFE_INTEGER,
    });
    expect(scored).toEqual({
      ok: true,
      points: 25_069_542,
      explanation: '9007199254740991 × 1,86 điểm, tính tối đa 250.695,42 điểm',
    });
    expect(scoreLeaf(leaf(2, { type: 'COUNT_CAPPED', pointsPerItem: 1 }), { count: 2 ** 50 })).toMatchObject({
      ok: true,
      points: 200,
    });
  });

  it('a huge late count on COUNT_COMPLIANCE is capped at the maximum, not blamed on the index set', () => {
    const method: Method = { type: 'COUNT_COMPLIANCE', required: 2 ** 52, latePointsPerItem: 1_000 };
    expect(scoreLeaf(leaf(2, method), { onTime: 0, late: 2 ** 51 })).toEqual({
      ok: true,
      points: 200,
      explanation: `0 đúng hạn × (2/${2 ** 52}) + ${2 ** 51} chậm × 1.000, tính tối đa 2 điểm`,
    });
    // Small numbers keep the exact explanation.
    expect(
      scoreLeaf(leaf(3, { type: 'COUNT_COMPLIANCE', required: 4, latePointsPerItem: 1 }), {
        onTime: 1,
        late: 3,
      }),
    ).toEqual({
      ok: true,
      points: 300,
      explanation: '1 đúng hạn × 0,75 + 3 chậm × 1 = 3,75 điểm, tính tối đa 3 điểm',
    });
  });
});
