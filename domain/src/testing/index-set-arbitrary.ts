import fc from 'fast-check';
import type {
  AdjustmentGroup,
  ClassificationBand,
  IndexSetDocument,
  Leaf,
  Method,
  Node,
} from '../index-set/format';
import { MAX_POINTS } from '../index-set/validate';

/**
 * fast-check arbitraries of VALID index-set documents (docs/index-set-format.md), for the property
 * tests (docs/fuzzing.md). Test-only: no production code imports this file. It lives in the domain
 * package because both the domain properties (engine) and the server properties (JSON/XLSX import
 * round trips) need the same generator.
 *
 * Every parameter is generated inside the validator's rules (points in integer hundredths, method
 * points ≤ the leaf's maximum, rates with at most 6 decimals, unique codes and labels, applicableTo
 * within the parent's groups…), so `parseIndexSet` must accept every document; texts are raw (not
 * yet NFC-normalised or trimmed), so the canonical document is what `parseIndexSet` returns.
 */

/** What `parseIndexSet` does to a text: NFC, CRLF → LF, trimmed. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

const VI_CHARS = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY0123456789',
  ...'áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ',
  ' ',
  ' ',
];

/**
 * Characters that have a meaning somewhere: separators of the Excel "Tham số" and "Áp dụng cho
 * khối" cells (; : , and line breaks), quotes, a leading "=" (a formula in Excel), XML specials,
 * percent and ≥ (tiers), a combining accent (NFD text from macOS), no-break space, tab, CRLF.
 */
const TRICKY_CHARS = [
  ';',
  ':',
  ',',
  '"',
  '“',
  '”',
  "'",
  '=',
  '%',
  '≥',
  '\n',
  '\t',
  '\r\n',
  '.',
  '-',
  '(',
  ')',
  '\u0301',
  '\u00a0',
  '<',
  '>',
  '&',
];

/** Unicode "Cc" except tab and line feed: the validator refuses them (carriage return is folded). */
const FORBIDDEN_CONTROL = /[^\P{Cc}\t\n\r]/u;

/** U+FFFE, U+FFFF and lone surrogates: the validator refuses them (XML cannot carry them). */
const NOT_TEXT = /[\uFFFE\uFFFF]|\p{Cs}/u;

/**
 * `plain`: Vietnamese letters, digits, spaces. `tricky`: plus separators and quotes. `unicode`:
 * plus any code point the validator accepts (emoji, CJK, BOM, U+10FFFF…).
 */
export type TextFlavour = 'plain' | 'tricky' | 'unicode';

export function textArbitrary(flavour: TextFlavour, maxLength = 16): fc.Arbitrary<string> {
  const units: fc.WeightedArbitrary<string>[] = [{ arbitrary: fc.constantFrom(...VI_CHARS), weight: 10 }];
  if (flavour !== 'plain') {
    units.push({ arbitrary: fc.constantFrom(...TRICKY_CHARS), weight: 3 });
  }
  if (flavour === 'unicode') {
    // Code points editors and XML treat specially but the validator accepts: BOM, line separator,
    // zero-width space, an emoji (a surrogate pair), noncharacters XML 1.0 allows.
    units.push({
      arbitrary: fc.constantFrom('\uFEFF', '\u2028', '\u200B', '😀', '\uFDD0', '\u{10FFFF}'),
      weight: 1,
    });
    units.push({
      arbitrary: fc
        .string({ unit: 'binary', minLength: 1, maxLength: 1 })
        .filter((ch) => !FORBIDDEN_CONTROL.test(ch) && !NOT_TEXT.test(ch)),
      weight: 2,
    });
  }
  return fc
    .string({ unit: fc.oneof(...units), minLength: 1, maxLength })
    .filter((text) => cleanText(text) !== '');
}

/** A group code: no ",", ";" or line break (separators of the Excel applicableTo cell). */
function groupCodeArbitrary(flavour: TextFlavour): fc.Arbitrary<string> {
  return textArbitrary(flavour, 8).filter((text) => !/[,;\n\r]/.test(text));
}

/** Points in integer hundredths: mostly small, sometimes up to MAX_POINTS. */
export const hundredthsArbitrary: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 1_000 }), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 100_000 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: MAX_POINTS * 100 }), weight: 1 },
);

/** A percent (0–100, two decimals), as the document writes it. */
const percentArbitrary = fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100);

/** n / 10^k ≤ max, with at most 6 decimals: rates and survey weights. */
export function decimalArbitrary(max: number, maxDecimals = 6): fc.Arbitrary<number> {
  return fc
    .integer({ min: 0, max: maxDecimals })
    .chain((k) => fc.integer({ min: 0, max: max * 10 ** k }).map((n) => n / 10 ** k));
}

/**
 * A share of the leaf's maximum in 1/10 000, with the edges (nothing, everything) often: method
 * points are built from it once the maximum is known, so that they never exceed it (validator
 * rule) while the method arbitrary stays independent of the maximum (cheap: no `chain`).
 */
const share = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 10_000));

/** Points (a JSON number with ≤ 2 decimals) that are `s`/10 000 of `maxH` hundredths, rounded down. */
function partOf(maxH: number, s: number): number {
  return Math.floor((maxH * s) / 10_000) / 100;
}

function uniqueLabels<T extends { label: string }>(
  item: fc.Arbitrary<T>,
  maxLength: number,
): fc.Arbitrary<T[]> {
  return fc.uniqueArray(item, { minLength: 1, maxLength, selector: (x) => cleanText(x.label) });
}

/** A scoring method for a leaf of any maximum: the function gets the maximum in hundredths. */
export function methodArbitrary(text: fc.Arbitrary<string>): fc.Arbitrary<(maxH: number) => Method> {
  const rate = fc.oneof(
    { arbitrary: decimalArbitrary(5, 3), weight: 4 },
    { arbitrary: decimalArbitrary(MAX_POINTS), weight: 1 },
  );
  return fc.oneof(
    fc.option(share, { nil: undefined }).map(
      (s) =>
        (maxH: number): Method =>
          s === undefined ? { type: 'BOOLEAN' } : { type: 'BOOLEAN', noPoints: partOf(maxH, s) },
    ),
    uniqueLabels(fc.record({ label: text, s: share }), 5).map(
      (levels) =>
        (maxH: number): Method => ({
          type: 'LEVEL_SELECT',
          levels: levels.map((l) => ({ label: l.label, points: partOf(maxH, l.s) })),
        }),
    ),
    fc.tuple(share, share, share).map(
      ([a, b, c]) =>
        (maxH: number): Method => ({
          type: 'DEADLINE',
          onTimePoints: partOf(maxH, a),
          latePoints: partOf(maxH, b),
          notDonePoints: partOf(maxH, c),
        }),
    ),
    fc
      .uniqueArray(fc.record({ minPercent: percentArbitrary, s: share }), {
        minLength: 1,
        maxLength: 5,
        selector: (tier) => tier.minPercent,
      })
      .map(
        (tiers) =>
          (maxH: number): Method => ({
            type: 'TIERED_PERCENT',
            tiers: tiers.map((t) => ({ minPercent: t.minPercent, points: partOf(maxH, t.s) })),
          }),
      ),
    fc
      .option(percentArbitrary, { nil: undefined })
      .map(
        (floorPercent) => (): Method =>
          floorPercent === undefined ? { type: 'PROPORTIONAL' } : { type: 'PROPORTIONAL', floorPercent },
      ),
    fc.constant((): Method => ({ type: 'TARGET_ACTUAL' })),
    rate.map((pointsPerItem) => (): Method => ({ type: 'COUNT_CAPPED', pointsPerItem })),
    fc
      .record({
        required: fc.oneof(
          { arbitrary: fc.integer({ min: 1, max: 30 }), weight: 4 },
          { arbitrary: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), weight: 1 },
        ),
        latePointsPerItem: fc.option(rate, { nil: undefined }),
      })
      .map(
        ({ required, latePointsPerItem }) =>
          (): Method =>
            latePointsPerItem === undefined
              ? { type: 'COUNT_COMPLIANCE', required }
              : { type: 'COUNT_COMPLIANCE', required, latePointsPerItem },
      ),
    // Deduction points per case may exceed the leaf's maximum (they only lower the score).
    uniqueLabels(fc.record({ label: text, points: hundredthsArbitrary.map((h) => h / 100) }), 5).map(
      (categories) => (): Method => ({ type: 'DEDUCTION', categories }),
    ),
    fc.constant((): Method => ({ type: 'MANUAL' })),
    uniqueLabels(fc.record({ label: text, weight: decimalArbitrary(1) }), 5).map(
      (options) => (): Method => ({
        type: 'SURVEY',
        // fromEntries: an option literally named "__proto__" stays an ordinary key.
        optionWeights: Object.fromEntries(options.map((o) => [o.label, o.weight])),
      }),
    ),
  );
}

/** Picks of unit groups, resolved against the parent's groups when the tree is assembled. */
const pickArbitrary = fc.option(fc.uniqueArray(fc.nat({ max: 7 }), { minLength: 1, maxLength: 3 }), {
  nil: undefined,
  freq: 3,
});

interface LeafShape {
  kind: 'leaf';
  name: string;
  maxPoints: number;
  method: Method;
  guidance?: string | undefined;
  evidence?: string | undefined;
  evidenceRequired?: boolean | undefined;
  pick?: number[] | undefined;
}

interface NodeShape {
  kind: 'node';
  name: string;
  cap?: number | undefined;
  pick?: number[] | undefined;
  children: (NodeShape | LeafShape)[];
}

function leafShapeArbitrary(flavour: TextFlavour): fc.Arbitrary<LeafShape> {
  const text = textArbitrary(flavour);
  const long = textArbitrary(flavour, 60);
  return fc
    .record({
      name: text,
      maxH: hundredthsArbitrary,
      method: methodArbitrary(text),
      guidance: fc.option(long, { nil: undefined }),
      evidence: fc.option(long, { nil: undefined }),
      evidenceRequired: fc.option(fc.boolean(), { nil: undefined }),
      pick: pickArbitrary,
    })
    .map(({ maxH, method, ...rest }) => ({
      kind: 'leaf' as const,
      ...rest,
      maxPoints: maxH / 100,
      method: method(maxH),
    }));
}

function nodeShapeArbitrary(
  flavour: TextFlavour,
  children: fc.Arbitrary<(NodeShape | LeafShape)[]>,
): fc.Arbitrary<NodeShape> {
  return fc.record({
    kind: fc.constant('node' as const),
    name: textArbitrary(flavour),
    cap: fc.option(
      hundredthsArbitrary.map((h) => h / 100),
      { nil: undefined, freq: 3 },
    ),
    pick: pickArbitrary,
    children,
  });
}

/** One valid leaf (code "1.1", applicable to group "A" or to every group), any method. */
export function leafArbitrary(flavour: TextFlavour = 'tricky'): fc.Arbitrary<Leaf> {
  return leafShapeArbitrary(flavour).map((shape) => buildLeaf(shape, '1.1', ['A']));
}

/** The smallest valid set holding `leaf` (group "A"), to canonicalise a leaf through the validator. */
export function oneLeafSet(leaf: Leaf): IndexSetDocument {
  return {
    formatVersion: 1,
    code: 'ONE',
    name: 'Một tiêu chí',
    year: 2025,
    unitGroups: [{ code: 'A', name: 'Khối A' }],
    nodes: [{ code: '1', name: 'Lĩnh vực', children: [leaf] }],
    classification: [{ label: 'Đạt', minPercent: 0 }],
    ranking: { ties: 'dense', scope: 'all' },
  };
}

export interface IndexSetArbitraryOptions {
  flavour?: TextFlavour;
  maxFields?: number;
  maxChildren?: number;
}

function resolvePick(pick: number[] | undefined, inherited: readonly string[]): string[] | undefined {
  if (pick === undefined) {
    return undefined;
  }
  return [...new Set(pick.map((i) => inherited[i % inherited.length] as string))];
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function buildLeaf(shape: LeafShape, code: string, inherited: readonly string[]): Leaf {
  return withoutUndefined({
    code,
    name: shape.name,
    maxPoints: shape.maxPoints,
    method: shape.method,
    guidance: shape.guidance,
    evidence: shape.evidence,
    evidenceRequired: shape.evidenceRequired,
    applicableTo: resolvePick(shape.pick, inherited),
  });
}

function buildItem(shape: NodeShape | LeafShape, code: string, inherited: readonly string[]): Node | Leaf {
  if (shape.kind === 'leaf') {
    return buildLeaf(shape, code, inherited);
  }
  const applicableTo = resolvePick(shape.pick, inherited);
  const effective = applicableTo ?? inherited;
  return withoutUndefined({
    code,
    name: shape.name,
    maxPoints: shape.cap,
    applicableTo,
    children: shape.children.map((child, i) => buildItem(child, `${code}.${i + 1}`, effective)),
  });
}

/**
 * A valid index-set document: 1–`maxFields` fields, each with criteria and sub-criteria (three
 * levels, as the real sets), every scoring method, random maxima in hundredths, node caps,
 * applicableTo subsets, bonus and penalty groups, bands with and without field floors.
 */
export function indexSetArbitrary(options: IndexSetArbitraryOptions = {}): fc.Arbitrary<IndexSetDocument> {
  const flavour = options.flavour ?? 'tricky';
  const maxChildren = options.maxChildren ?? 4;
  const text = textArbitrary(flavour);
  const leaf = leafShapeArbitrary(flavour);
  const level2 = fc.oneof(
    { arbitrary: leaf, weight: 2 },
    {
      arbitrary: nodeShapeArbitrary(flavour, fc.array(leaf, { minLength: 1, maxLength: 3 })),
      weight: 1,
    },
  );
  const field = nodeShapeArbitrary(flavour, fc.array(level2, { minLength: 1, maxLength: maxChildren }));
  const adjustmentGroup = fc.record({
    maxPoints: hundredthsArbitrary.map((h) => h / 100),
    items: fc.array(leaf, { maxLength: 3 }),
  });
  const bands = fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 5 }),
      fc.uniqueArray(text, { minLength: 5, maxLength: 5, selector: cleanText }),
      fc.array(fc.option(percentArbitrary, { nil: undefined, freq: 2 }), { minLength: 5, maxLength: 5 }),
    )
    .map(([mins, labels, floors]): ClassificationBand[] =>
      [...mins]
        .sort((a, b) => b - a)
        .map((min, i) =>
          withoutUndefined({
            label: labels[i] as string,
            minPercent: min / 100,
            minEachFieldPercent: floors[i],
          }),
        ),
    );
  const isoDate = fc
    .date({
      min: new Date('1000-01-01T00:00:00Z'),
      max: new Date('2999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  return fc
    .record({
      code: fc
        .string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'), maxLength: 20 })
        .map((s) => `S${s}`),
      name: text,
      year: fc.integer({ min: 2000, max: 2100 }),
      legalBasis: fc.option(
        fc.record({
          number: fc.option(text, { nil: undefined }),
          date: fc.option(isoDate, { nil: undefined }),
          title: fc.option(textArbitrary(flavour, 60), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      groups: fc.uniqueArray(fc.record({ code: groupCodeArbitrary(flavour), name: text }), {
        minLength: 1,
        maxLength: 4,
        selector: (g) => cleanText(g.code),
      }),
      codePrefix: fc.option(textArbitrary(flavour, 4), { nil: undefined, freq: 2 }),
      fields: fc.array(field, { minLength: 1, maxLength: options.maxFields ?? 4 }),
      adjustments: fc.option(
        fc.record({
          bonus: fc.option(adjustmentGroup, { nil: undefined }),
          penalty: fc.option(adjustmentGroup, { nil: undefined }),
        }),
        { nil: undefined },
      ),
      classification: bands,
      ranking: fc.record({
        ties: fc.constantFrom('dense' as const, 'competition' as const),
        scope: fc.constantFrom('all' as const, 'unitGroup' as const),
      }),
    })
    .map((g): IndexSetDocument => {
      const groupCodes = g.groups.map((group) => cleanText(group.code));
      const prefix = g.codePrefix ?? '';
      const adjustment = (
        group: { maxPoints: number; items: LeafShape[] } | undefined,
        letter: string,
      ): AdjustmentGroup | undefined =>
        group === undefined
          ? undefined
          : {
              maxPoints: group.maxPoints,
              items: group.items.map((item, i) => buildLeaf(item, `${prefix}${letter}${i + 1}`, groupCodes)),
            };
      return withoutUndefined({
        formatVersion: 1 as const,
        code: g.code,
        name: g.name,
        year: g.year,
        legalBasis: g.legalBasis === undefined ? undefined : withoutUndefined(g.legalBasis),
        unitGroups: g.groups,
        nodes: g.fields.map((f, i) => buildItem(f, `${prefix}${i + 1}`, groupCodes) as Node),
        adjustments:
          g.adjustments === undefined
            ? undefined
            : withoutUndefined({
                bonus: adjustment(g.adjustments.bonus, 'T'),
                penalty: adjustment(g.adjustments.penalty, 'P'),
              }),
        classification: g.classification,
        ranking: g.ranking,
      });
    });
}
