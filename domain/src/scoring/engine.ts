import {
  type AdjustmentGroup,
  type ClassificationBand,
  type IndexSetDocument,
  isLeaf,
  type Leaf,
  type LocatedError,
  type Node,
} from '../index-set/format';
import { formatPointsVi, percentOf, toHundredths } from './decimal';
import { emptyAnswerExplanation, scoreLeaf } from './methods';

/**
 * Turns a unit's answers into its index (docs/index-set-format.md, "Rules that turn scores into
 * an index"). Every number here is an integer: points in hundredths, percents in hundredths of a
 * percent. Pure and synchronous — the server scores campaigns with it and the web app previews a
 * unit's form with it.
 *
 * Rule 3 (which review stage's score counts) is the caller's business: pass the answers of the
 * latest stage that exists.
 */

/** One unit to score: its group, the leaves the council declared not applicable, its answers. */
export interface UnitAnswers {
  code: string;
  group: string;
  /** Leaf codes (tree leaves or bonus/penalty items) declared not applicable to this unit. */
  notApplicable?: string[];
  /** Leaf code → answer (see scoreLeaf). `undefined`/`null` = not answered. */
  answers: Record<string, unknown>;
  /**
   * Leaf code → points already decided by a review stage (hundredths), which count instead of
   * the answer (rule 3: an appraised score is a number of points, not a method input). Each must
   * be an integer in [0, the leaf's maxPoints].
   */
  decided?: Record<string, { points: number; explanation: string }>;
}

export interface FieldResult {
  code: string;
  name: string;
  /** Applicable maximum of the field for this unit (node caps applied), hundredths. */
  maxPoints: number;
  /** Field points (caps applied), hundredths. */
  points: number;
  /** Field index (rule 7) in hundredths of a percent; null when no leaf of the field applies. */
  percent: number | null;
}

export interface LeafResult {
  code: string;
  /** Hundredths. */
  points: number;
  explanation: string;
}

export interface UnitResult {
  code: string;
  group: string;
  /** Unit maximum (rule 2), hundredths. */
  maxPoints: number;
  /** Σ field points, caps applied, before bonus and penalty; hundredths. */
  points: number;
  /** Rule 5, hundredths. */
  bonus: number;
  /** Rule 5, hundredths. */
  penalty: number;
  /** Rule 6, hundredths of a percent, clamped to [0, 10000]. */
  indexPercent: number;
  /** Rule 8: the band label, or null when no band fits. */
  band: string | null;
  /** Every field (top-level node), in document order. */
  fields: FieldResult[];
  /** Every applicable leaf: tree leaves in document order, then bonus items, then penalty items. */
  leaves: LeafResult[];
  /** Codes of applicable leaves without an answer (they score 0), same order as `leaves`. */
  unanswered: string[];
}

export type ScoreUnitResult = { ok: true; result: UnitResult } | { ok: false; errors: LocatedError[] };

/** A node or leaf of the tree as it applies to one unit group (web preview of a scoring form). */
export interface PreviewNode {
  code: string;
  name: string;
  /** Applicable maximum for this group, node caps applied; hundredths. */
  maxPoints: number;
  leaf?: Leaf;
  children?: PreviewNode[];
}

/** Path of an answer in the unit object: `answers["2.4"]`. */
function answerPath(code: string): string {
  return `answers[${JSON.stringify(code)}]`;
}

function appliesTo(applicableTo: readonly string[] | undefined, group: string): boolean {
  return applicableTo === undefined || applicableTo.includes(group);
}

type CodeKind = { kind: 'node' } | { kind: 'leaf'; leaf: Leaf };

/** Every code of the set → what it names (for checking answers and notApplicable). */
function codeIndex(doc: IndexSetDocument): Map<string, CodeKind> {
  const index = new Map<string, CodeKind>();
  const visit = (item: Node | Leaf): void => {
    if (isLeaf(item)) {
      index.set(item.code, { kind: 'leaf', leaf: item });
      return;
    }
    index.set(item.code, { kind: 'node' });
    for (const child of item.children) {
      visit(child);
    }
  };
  for (const field of doc.nodes) {
    visit(field);
  }
  for (const item of doc.adjustments?.bonus?.items ?? []) {
    index.set(item.code, { kind: 'leaf', leaf: item });
  }
  for (const item of doc.adjustments?.penalty?.items ?? []) {
    index.set(item.code, { kind: 'leaf', leaf: item });
  }
  return index;
}

interface Totals {
  max: number;
  points: number;
  /** Whether at least one leaf below applies. */
  applies: boolean;
}

/**
 * Scores one unit. Answers for leaves that do not apply to the unit (other group, or declared
 * not applicable) are ignored; answers for codes that are not leaves of the set are errors, as
 * are answers that do not fit their method — all of them listed, each naming the unit and leaf.
 */
export function scoreUnit(doc: IndexSetDocument, unit: UnitAnswers): ScoreUnitResult {
  const errors: LocatedError[] = [];
  const who = `Đơn vị ${unit.code}`;
  if (!doc.unitGroups.some((group) => group.code === unit.group)) {
    errors.push({ path: 'group', message: `${who}: khối "${unit.group}" không có trong bộ chỉ số.` });
  }
  // Built only when needed (a notApplicable list, or answers the walk below did not use), so the
  // common case — answers for exactly the applicable leaves — costs one tree walk.
  let codes: Map<string, CodeKind> | undefined;
  const lookup = (code: string): CodeKind | undefined => {
    codes ??= codeIndex(doc);
    return codes.get(code);
  };
  const notApplicable = new Set<string>();
  (unit.notApplicable ?? []).forEach((code, i) => {
    const known = lookup(code);
    if (known === undefined) {
      errors.push({
        path: `notApplicable[${i}]`,
        message: `${who}: tiêu chí "${code}" (khai báo không áp dụng) không có trong bộ chỉ số.`,
      });
    } else if (known.kind === 'node') {
      errors.push({
        path: `notApplicable[${i}]`,
        message: `${who}: "${code}" là nhóm tiêu chí; chỉ khai báo không áp dụng cho từng tiêu chí được chấm điểm.`,
      });
    } else {
      notApplicable.add(code);
    }
  });

  const leaves: LeafResult[] = [];
  const unanswered: string[] = [];
  const leafErrors: LocatedError[] = [];
  let used = 0;
  const scoreApplicableLeaf = (leaf: Leaf): number => {
    // Own keys only: a leaf coded "constructor" must not read Object.prototype.
    const decision =
      unit.decided !== undefined && Object.hasOwn(unit.decided, leaf.code)
        ? unit.decided[leaf.code]
        : undefined;
    if (decision !== undefined) {
      const max = toHundredths(leaf.maxPoints);
      if (!Number.isSafeInteger(decision.points) || decision.points < 0 || decision.points > max) {
        leafErrors.push({
          path: `decided[${JSON.stringify(leaf.code)}]`,
          message: `${who}, tiêu chí ${leaf.code}: điểm thẩm định phải từ 0 đến ${formatPointsVi(max)}.`,
        });
        return 0;
      }
      leaves.push({ code: leaf.code, points: decision.points, explanation: decision.explanation });
      return decision.points;
    }
    const own = Object.hasOwn(unit.answers, leaf.code);
    if (own) {
      used++;
    }
    const answer = own ? unit.answers[leaf.code] : undefined;
    if (answer === undefined || answer === null) {
      leaves.push({ code: leaf.code, points: 0, explanation: emptyAnswerExplanation });
      unanswered.push(leaf.code);
      return 0;
    }
    const scored = scoreLeaf(leaf, answer);
    if (!scored.ok) {
      leafErrors.push({
        path: answerPath(leaf.code),
        message: `${who}, tiêu chí ${leaf.code}: ${scored.error}`,
      });
      return 0;
    }
    leaves.push({ code: leaf.code, points: scored.points, explanation: scored.explanation });
    return scored.points;
  };

  /** Rule 2 (applicability, inherited) and rule 4 (node points capped at the node's maxPoints). */
  const scoreItem = (item: Node | Leaf): Totals => {
    if (!appliesTo(item.applicableTo, unit.group)) {
      return { max: 0, points: 0, applies: false };
    }
    if (isLeaf(item)) {
      if (notApplicable.has(item.code)) {
        return { max: 0, points: 0, applies: false };
      }
      return { max: toHundredths(item.maxPoints), points: scoreApplicableLeaf(item), applies: true };
    }
    let max = 0;
    let points = 0;
    let applies = false;
    for (const child of item.children) {
      const totals = scoreItem(child);
      max += totals.max;
      points += totals.points;
      applies ||= totals.applies;
    }
    if (item.maxPoints !== undefined) {
      const cap = toHundredths(item.maxPoints);
      max = Math.min(max, cap);
      points = Math.min(points, cap);
    }
    return { max, points, applies };
  };

  const fields: FieldResult[] = [];
  let maxPoints = 0;
  let points = 0;
  for (const field of doc.nodes) {
    const totals = scoreItem(field);
    maxPoints += totals.max;
    points += totals.points;
    fields.push({
      code: field.code,
      name: field.name,
      maxPoints: totals.max,
      points: totals.points,
      // Rule 7; a field without an applicable leaf (or with a maximum of 0) has no index.
      percent: totals.applies && totals.max > 0 ? percentOf(totals.points, totals.max) : null,
    });
  }

  /** Rule 5: Σ applicable items, capped at the group's maxPoints. */
  const adjustment = (group: AdjustmentGroup | undefined): number => {
    if (group === undefined) {
      return 0;
    }
    let sum = 0;
    for (const item of group.items) {
      if (appliesTo(item.applicableTo, unit.group) && !notApplicable.has(item.code)) {
        sum += scoreApplicableLeaf(item);
      }
    }
    return Math.min(sum, toHundredths(group.maxPoints));
  };
  const bonus = adjustment(doc.adjustments?.bonus);
  const penalty = adjustment(doc.adjustments?.penalty);

  // Answers the walk did not use: for leaves that do not apply (ignored), or for codes that are
  // not leaves of the set (errors).
  const keys = Object.keys(unit.answers);
  if (used < keys.length) {
    for (const code of keys) {
      const known = lookup(code);
      if (known === undefined) {
        errors.push({
          path: answerPath(code),
          message: `${who}, tiêu chí ${code}: không có trong bộ chỉ số.`,
        });
      } else if (known.kind === 'node') {
        errors.push({
          path: answerPath(code),
          message: `${who}, tiêu chí ${code}: là nhóm tiêu chí, không chấm điểm trực tiếp.`,
        });
      }
    }
  }
  for (const code of Object.keys(unit.decided ?? {})) {
    if (lookup(code)?.kind !== 'leaf') {
      errors.push({
        path: `decided[${JSON.stringify(code)}]`,
        message: `${who}, tiêu chí ${code}: không phải tiêu chí được chấm điểm của bộ chỉ số.`,
      });
    }
  }
  errors.push(...leafErrors);
  if (errors.length === 0 && maxPoints === 0) {
    errors.push({
      path: '',
      message: `${who}: không có tiêu chí nào áp dụng (điểm tối đa bằng 0), không tính được chỉ số.`,
    });
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  // Rule 6: (Σ field points + bonus − penalty) / unit maximum × 100, clamped to [0, 100].
  const indexPercent = Math.min(10_000, Math.max(0, percentOf(points + bonus - penalty, maxPoints)));
  return {
    ok: true,
    result: {
      code: unit.code,
      group: unit.group,
      maxPoints,
      points,
      bonus,
      penalty,
      indexPercent,
      band: classify(
        doc.classification,
        indexPercent,
        fields.map((field) => field.percent),
      ),
      fields,
      leaves,
      unanswered,
    },
  };
}

/**
 * Rule 8: the first band (bands are in descending minPercent, which validation enforces) whose
 * minPercent ≤ the index and, where minEachFieldPercent is given, whose every field index is at
 * least that; otherwise the next band. Fields without an index (null) are skipped by floors.
 * Percents in hundredths of a percent. Returns the band label, or null when none fits.
 */
export function classify(
  bands: readonly ClassificationBand[],
  indexPercent: number,
  fieldPercents: readonly (number | null)[],
): string | null {
  for (const band of bands) {
    if (toHundredths(band.minPercent) > indexPercent) {
      continue;
    }
    const floor = band.minEachFieldPercent;
    if (floor !== undefined) {
      const floorH = toHundredths(floor);
      if (fieldPercents.some((percent) => percent !== null && percent < floorH)) {
        continue;
      }
    }
    return band.label;
  }
  return null;
}

/**
 * Rule 9: rank by index descending. `dense` ties give 1, 2, 2, 3; `competition` 1, 2, 2, 4.
 * With `scope: "unitGroup"` each group is ranked on its own. Ties are equal indexPercent values
 * (hundredths of a percent, as published). Returns unit code → rank.
 */
export function rankUnits(
  results: readonly Pick<UnitResult, 'code' | 'group' | 'indexPercent'>[],
  ranking: IndexSetDocument['ranking'],
): Map<string, number> {
  const scopes = new Map<string, Pick<UnitResult, 'code' | 'group' | 'indexPercent'>[]>();
  for (const result of results) {
    const key = ranking.scope === 'unitGroup' ? result.group : '';
    const list = scopes.get(key);
    if (list === undefined) {
      scopes.set(key, [result]);
    } else {
      list.push(result);
    }
  }
  const ranks = new Map<string, number>();
  for (const list of scopes.values()) {
    const sorted = [...list].sort((a, b) => b.indexPercent - a.indexPercent);
    let rank = 0;
    let previous: number | undefined;
    sorted.forEach((result, position) => {
      if (result.indexPercent !== previous) {
        rank = ranking.ties === 'dense' ? rank + 1 : position + 1;
        previous = result.indexPercent;
      }
      ranks.set(result.code, rank);
    });
  }
  return ranks;
}

/**
 * The tree as it applies to a unit of `group` (minus leaves declared not applicable): nodes
 * without an applicable leaf are dropped, maxima are per group with node caps applied. The group
 * is not checked against the set; an unknown group gets the leaves that apply to every group.
 */
export function applicableTree(
  doc: IndexSetDocument,
  group: string,
  notApplicable: readonly string[] = [],
): PreviewNode[] {
  const excluded = new Set(notApplicable);
  const build = (item: Node | Leaf): PreviewNode | undefined => {
    if (!appliesTo(item.applicableTo, group)) {
      return undefined;
    }
    if (isLeaf(item)) {
      if (excluded.has(item.code)) {
        return undefined;
      }
      return { code: item.code, name: item.name, maxPoints: toHundredths(item.maxPoints), leaf: item };
    }
    const children: PreviewNode[] = [];
    let max = 0;
    for (const child of item.children) {
      const built = build(child);
      if (built !== undefined) {
        children.push(built);
        max += built.maxPoints;
      }
    }
    if (children.length === 0) {
      return undefined;
    }
    if (item.maxPoints !== undefined) {
      max = Math.min(max, toHundredths(item.maxPoints));
    }
    return { code: item.code, name: item.name, maxPoints: max, children };
  };
  const tree: PreviewNode[] = [];
  for (const field of doc.nodes) {
    const built = build(field);
    if (built !== undefined) {
      tree.push(built);
    }
  }
  return tree;
}

/** Rule 2: the unit maximum (Σ applicable leaves, node caps applied) in hundredths. */
export function unitMaximum(
  doc: IndexSetDocument,
  group: string,
  notApplicable: readonly string[] = [],
): number {
  return applicableTree(doc, group, notApplicable).reduce((sum, field) => sum + field.maxPoints, 0);
}

/**
 * The maximum of one node or leaf over every unit group (applicability ignored), node caps
 * applied, in hundredths — what the index-set editor shows next to each item of the tree.
 * Like {@link toHundredths}, throws a RangeError for a points value that is not valid.
 */
export function itemMaximum(item: Node | Leaf): number {
  if (isLeaf(item)) {
    return toHundredths(item.maxPoints);
  }
  const sum = item.children.reduce((total, child) => total + itemMaximum(child), 0);
  return item.maxPoints === undefined ? sum : Math.min(sum, toHundredths(item.maxPoints));
}

/** The bonus and penalty items that apply to a unit of `group`, with the groups' caps (hundredths). */
export function applicableAdjustments(
  doc: IndexSetDocument,
  group: string,
  notApplicable: readonly string[] = [],
): {
  bonus: { maxPoints: number; items: Leaf[] } | null;
  penalty: { maxPoints: number; items: Leaf[] } | null;
} {
  const excluded = new Set(notApplicable);
  const pick = (adjustment: AdjustmentGroup | undefined) =>
    adjustment === undefined
      ? null
      : {
          maxPoints: toHundredths(adjustment.maxPoints),
          items: adjustment.items.filter(
            (item) => appliesTo(item.applicableTo, group) && !excluded.has(item.code),
          ),
        };
  return { bonus: pick(doc.adjustments?.bonus), penalty: pick(doc.adjustments?.penalty) };
}
