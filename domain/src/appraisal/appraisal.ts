import { answerableLeaves, type SelfAnswer } from '../campaign/self-assessment';
import type { IndexSetDocument } from '../index-set/format';
import { formatPointsVi, toHundredths } from '../scoring/decimal';
import { scoreUnit, type UnitResult } from '../scoring/engine';

/**
 * Appraisal of one unit's scorecard (plan 2546/KH-TTTP §III.3; docs/appraisal.md). Pure.
 *
 * A leaf's score is a chain of permanent values: the unit's self-score, then decisions of the
 * working group (round 1, round 2 after the explanation), of the council (special cases) and,
 * after approval, amendments (corrections and accepted appeals). Decisions are appended, never
 * overwritten; within a stage the latest decision counts, and across stages the latest stage
 * that has one counts (docs/index-set-format.md, rule 3).
 */
export const REVIEW_STAGES = ['ROUND1', 'ROUND2', 'COUNCIL', 'AMENDMENT'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export const REVIEW_STAGE_LABELS: Record<ReviewStage, { vi: string; en: string }> = {
  ROUND1: { vi: 'Thẩm định vòng 1', en: 'Review round 1' },
  ROUND2: { vi: 'Thẩm định sau giải trình', en: 'Review after explanation' },
  COUNCIL: { vi: 'Hội đồng thẩm định', en: 'Council' },
  AMENDMENT: { vi: 'Điều chỉnh sau phê duyệt', en: 'Amendment' },
};

/** Stages of the working group: the "appraised" score; the council and amendments give the "final". */
export const WORKING_GROUP_STAGES: readonly ReviewStage[] = ['ROUND1', 'ROUND2'];

export const DECISION_KINDS = ['ACCEPT', 'ADJUST', 'NOT_APPLICABLE'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_KIND_LABELS: Record<DecisionKind, { vi: string; en: string }> = {
  ACCEPT: { vi: 'Công nhận điểm tự chấm', en: 'Accept the self-score' },
  ADJUST: { vi: 'Điều chỉnh điểm', en: 'Adjust the score' },
  NOT_APPLICABLE: { vi: 'Không áp dụng', en: 'Not applicable' },
};

/** One stored decision on one leaf. `points` is null when the leaf is declared not applicable. */
export interface LeafDecision {
  leafCode: string;
  stage: ReviewStage;
  kind: DecisionKind;
  points: number | null;
  reason: string;
  /** ISO time; decisions of one stage are ordered by it (then by insertion order). */
  createdAt: string;
}

/** What a reviewer sends for one leaf. */
export interface DecisionInput {
  kind: DecisionKind;
  /** Hundredths; required for ADJUST. */
  points?: number | null;
  reason?: string;
}

export interface CheckedDecision {
  kind: DecisionKind;
  points: number | null;
  reason: string;
}

export type DecisionProblem =
  | { code: 'SCORE_OUT_OF_RANGE'; message: string; max: number }
  | { code: 'REASON_REQUIRED'; message: string }
  | { code: 'NOT_APPLICABLE_NOT_CLAIMED'; message: string };

/**
 * Checks one decision against the leaf and the unit's self-score and returns what to store:
 * ACCEPT copies the self-score (or the unit's "not applicable" claim) so the stored value stays
 * true whatever happens later; ADJUST needs points within [0, max] and a reason; NOT_APPLICABLE
 * in a working-group round only confirms the unit's own claim, while the council (a special
 * case) may declare it with a reason.
 */
export function checkDecision(
  leaf: { code: string; maxPoints: number; kind: 'CRITERION' | 'BONUS' | 'PENALTY' },
  self: { points: number; naClaimed: boolean },
  stage: ReviewStage,
  input: DecisionInput,
): { ok: true; decision: CheckedDecision } | { ok: false; problem: DecisionProblem } {
  const reason = (input.reason ?? '').normalize('NFC').trim();
  const max = toHundredths(leaf.maxPoints);
  const councilLike = stage === 'COUNCIL' || stage === 'AMENDMENT';
  if (input.kind === 'ACCEPT') {
    if (councilLike) {
      // The council's and an amendment's decisions are changes by nature: each needs its reason.
      if (reason === '') {
        return {
          ok: false,
          problem: { code: 'REASON_REQUIRED', message: 'Quyết định của Hội đồng phải nêu lý do.' },
        };
      }
    }
    return {
      ok: true,
      decision: self.naClaimed
        ? { kind: 'NOT_APPLICABLE', points: null, reason }
        : { kind: 'ACCEPT', points: self.points, reason },
    };
  }
  if (input.kind === 'ADJUST') {
    const points = input.points;
    if (typeof points !== 'number' || !Number.isSafeInteger(points) || points < 0 || points > max) {
      return {
        ok: false,
        problem: {
          code: 'SCORE_OUT_OF_RANGE',
          max,
          message: `Tiêu chí ${leaf.code}: điểm thẩm định phải từ 0 đến ${formatPointsVi(max)} điểm.`,
        },
      };
    }
    if (reason === '') {
      return {
        ok: false,
        problem: {
          code: 'REASON_REQUIRED',
          message: `Tiêu chí ${leaf.code}: điều chỉnh điểm phải nêu lý do.`,
        },
      };
    }
    return { ok: true, decision: { kind: 'ADJUST', points, reason } };
  }
  if (leaf.kind !== 'CRITERION') {
    return {
      ok: false,
      problem: {
        code: 'NOT_APPLICABLE_NOT_CLAIMED',
        message: `Mục ${leaf.code} là điểm thưởng/điểm trừ: không khai báo "không áp dụng", hãy chấm 0 điểm.`,
      },
    };
  }
  if (!councilLike && !self.naClaimed) {
    return {
      ok: false,
      problem: {
        code: 'NOT_APPLICABLE_NOT_CLAIMED',
        message: `Tiêu chí ${leaf.code}: đơn vị không đề nghị "không áp dụng"; chỉ Hội đồng thẩm định quyết định trường hợp đặc biệt này.`,
      },
    };
  }
  if (reason === '' && (councilLike || !self.naClaimed)) {
    return {
      ok: false,
      problem: { code: 'REASON_REQUIRED', message: `Tiêu chí ${leaf.code}: phải nêu lý do không áp dụng.` },
    };
  }
  return { ok: true, decision: { kind: 'NOT_APPLICABLE', points: null, reason } };
}

/** The latest decision of each leaf among `stages` (input in chronological order). */
export function latestDecisions(
  decisions: readonly LeafDecision[],
  stages: readonly ReviewStage[] = REVIEW_STAGES,
): Map<string, LeafDecision> {
  const order = new Map(REVIEW_STAGES.map((s, i) => [s, i]));
  const latest = new Map<string, LeafDecision>();
  for (const d of decisions) {
    if (!stages.includes(d.stage)) {
      continue;
    }
    const current = latest.get(d.leafCode);
    if (current === undefined || order.get(d.stage)! >= order.get(current.stage)!) {
      latest.set(d.leafCode, d);
    }
  }
  return latest;
}

/** Per-leaf values of one scorecard at one moment: the three permanent values side by side. */
export interface LeafScores {
  leafCode: string;
  /** Hundredths; null when the unit claimed "not applicable". */
  self: number | null;
  /** After the working group; null = not applicable; undefined = not reviewed yet. */
  appraised: number | null | undefined;
  /** After the council and amendments; same conventions. */
  final: number | null | undefined;
}

export interface UnitScores {
  self: UnitResult;
  /** Working-group stages applied over the self-score (undecided leaves keep the self-score). */
  appraised: UnitResult;
  /** Every stage applied. */
  final: UnitResult;
  leaves: LeafScores[];
  /** Applicable leaves without a working-group decision yet. */
  undecided: string[];
}

function scoreWith(
  doc: IndexSetDocument,
  code: string,
  group: string,
  selfByCode: ReadonlyMap<string, SelfAnswer>,
  decided: ReadonlyMap<string, LeafDecision>,
): UnitResult {
  const answers: Record<string, unknown> = {};
  const points: Record<string, { points: number; explanation: string }> = {};
  const notApplicable: string[] = [];
  for (const [leafCode, { kind }] of answerableLeaves(doc, group)) {
    const d = decided.get(leafCode);
    if (d !== undefined) {
      if (d.points === null) {
        notApplicable.push(leafCode);
      } else {
        points[leafCode] = {
          points: d.points,
          explanation: `${REVIEW_STAGE_LABELS[d.stage].vi}: ${DECISION_KIND_LABELS[d.kind].vi.toLowerCase()}`,
        };
      }
      continue;
    }
    const a = selfByCode.get(leafCode);
    if (a === undefined || a.isCarriedDraft) {
      continue;
    }
    if (a.naClaimed && kind === 'CRITERION') {
      notApplicable.push(leafCode);
    } else if (a.value !== null && a.value !== undefined) {
      answers[leafCode] = a.value;
    }
  }
  const scored = scoreUnit(doc, { code, group, notApplicable, answers, decided: points });
  if (!scored.ok) {
    // Every stored value was checked when it was saved; an error here means corrupted data.
    throw new Error(`Scorecard ${code} no longer scores: ${scored.errors.map((e) => e.message).join('; ')}`);
  }
  return scored.result;
}

/**
 * Self, appraised and final results of one unit, each recomputed by the engine from the stored
 * values (never typed in): self from the answers, appraised with the working group's decisions,
 * final with every decision. A leaf declared not applicable leaves the unit's maximum, so the
 * index is renormalised (rule 2).
 */
export function unitScores(
  doc: IndexSetDocument,
  unit: { code: string; group: string },
  selfAnswers: readonly SelfAnswer[],
  decisions: readonly LeafDecision[],
): UnitScores {
  const selfByCode = new Map(selfAnswers.map((a) => [a.leafCode, a]));
  const none = new Map<string, LeafDecision>();
  const wg = latestDecisions(decisions, WORKING_GROUP_STAGES);
  const all = latestDecisions(decisions);
  const self = scoreWith(doc, unit.code, unit.group, selfByCode, none);
  const appraised = scoreWith(doc, unit.code, unit.group, selfByCode, wg);
  const final = scoreWith(doc, unit.code, unit.group, selfByCode, all);
  const selfPoints = new Map(self.leaves.map((l) => [l.code, l.points]));
  const leaves: LeafScores[] = [];
  const undecided: string[] = [];
  for (const [leafCode] of answerableLeaves(doc, unit.group)) {
    const w = wg.get(leafCode);
    const f = all.get(leafCode);
    if (w === undefined) {
      undecided.push(leafCode);
    }
    leaves.push({
      leafCode,
      self: selfPoints.get(leafCode) ?? null,
      appraised: w === undefined ? undefined : w.points,
      final: f === undefined ? undefined : f.points,
    });
  }
  return { self, appraised, final, leaves, undecided };
}

/** Total points as published: Σ field points + bonus − penalty (hundredths). */
export function totalPoints(r: Pick<UnitResult, 'points' | 'bonus' | 'penalty'>): number {
  return r.points + r.bonus - r.penalty;
}

/**
 * Leaves worth the council's attention: the final (or appraised) score differs from the
 * self-score, an explanation was requested, or the evidence was marked insufficient.
 */
export function isDisputed(
  leaf: LeafScores,
  flags: { explanationRequested: boolean; evidenceInsufficient: boolean },
): boolean {
  const decided = leaf.final !== undefined ? leaf.final : leaf.appraised;
  return (
    flags.explanationRequested ||
    flags.evidenceInsufficient ||
    (decided !== undefined && decided !== leaf.self)
  );
}
