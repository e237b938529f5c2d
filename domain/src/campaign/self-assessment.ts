import type { IndexSetDocument, Leaf } from '../index-set/format';
import { percentOf } from '../scoring/decimal';
import { applicableAdjustments, applicableTree, type PreviewNode, scoreUnit } from '../scoring/engine';

/**
 * Rules of the self-assessment (plan 2546/KH-TTTP §III.2, issue 4): what a unit must answer,
 * how its progress is counted and what blocks submission. Pure, so that the server enforces
 * exactly what the web page shows while the officer types.
 */

export type LeafKind = 'CRITERION' | 'BONUS' | 'PENALTY';

export interface AnswerableLeaf {
  leaf: Leaf;
  kind: LeafKind;
}

/** One saved self-assessment answer, as the rules need it. */
export interface SelfAnswer {
  leafCode: string;
  value: unknown;
  naClaimed: boolean;
  naReason: string;
  noEvidenceReason: string;
  /** Last year's answer offered as a starting draft and not yet confirmed. */
  isCarriedDraft: boolean;
  /** Hundredths, as the engine computed them. */
  points: number;
}

/** Leaves a unit of `group` answers: applicable criteria in tree order, then bonus and penalty items. */
export function answerableLeaves(doc: IndexSetDocument, group: string): Map<string, AnswerableLeaf> {
  const out = new Map<string, AnswerableLeaf>();
  const visit = (n: PreviewNode) => {
    if (n.leaf) {
      out.set(n.code, { leaf: n.leaf, kind: 'CRITERION' });
    }
    for (const c of n.children ?? []) {
      visit(c);
    }
  };
  for (const field of applicableTree(doc, group)) {
    visit(field);
  }
  const adj = applicableAdjustments(doc, group);
  for (const item of adj.bonus?.items ?? []) {
    out.set(item.code, { leaf: item, kind: 'BONUS' });
  }
  for (const item of adj.penalty?.items ?? []) {
    out.set(item.code, { leaf: item, kind: 'PENALTY' });
  }
  return out;
}

/** A criterion counts as answered when it has a confirmed value or a reasoned "not applicable" claim. */
export function isAnswered(a: SelfAnswer | undefined): boolean {
  if (!a || a.isCarriedDraft) {
    return false;
  }
  return a.naClaimed ? a.naReason.trim() !== '' : a.value !== null && a.value !== undefined;
}

export interface SelfProgress {
  /** Criteria (not bonus/penalty) answered. */
  answered: number;
  applicable: number;
  /** Criteria answered that have at least one piece of evidence. */
  withEvidence: number;
  /** Self-assessed total: points + bonus − penalty, hundredths. */
  selfPoints: number;
  /** Unit maximum without the claimed not-applicable criteria, hundredths. */
  maxPoints: number;
  /** Self-assessed index, hundredths of a percent. */
  indexPercent: number;
}

/**
 * Progress and the self-assessed total. Criteria claimed "not applicable" are left out of the
 * self total and maximum as the unit claims; the working group decides the claim in appraisal.
 * Carried drafts count for nothing until the officer confirms them.
 */
export function selfProgress(
  doc: IndexSetDocument,
  group: string,
  answers: readonly SelfAnswer[],
  evidenceCountByLeaf: ReadonlyMap<string, number>,
): SelfProgress {
  const leaves = answerableLeaves(doc, group);
  const byCode = new Map(answers.map((a) => [a.leafCode, a]));
  let answered = 0;
  let applicable = 0;
  let withEvidence = 0;
  const confirmed: Record<string, unknown> = {};
  const claimedNa: string[] = [];
  for (const [code, { kind }] of leaves) {
    const a = byCode.get(code);
    if (kind === 'CRITERION') {
      applicable += 1;
      if (isAnswered(a)) {
        answered += 1;
        if ((evidenceCountByLeaf.get(code) ?? 0) > 0) {
          withEvidence += 1;
        }
      }
    }
    if (a && !a.isCarriedDraft) {
      if (a.naClaimed && kind === 'CRITERION') {
        claimedNa.push(code);
      } else if (a.value !== null && a.value !== undefined) {
        confirmed[code] = a.value;
      }
    }
  }
  const scored = scoreUnit(doc, { code: 'SELF', group, notApplicable: claimedNa, answers: confirmed });
  if (!scored.ok) {
    // Saved answers were each checked by the engine; an error here means the set changed under them.
    throw new Error(`Self-assessment no longer scores: ${scored.errors.map((e) => e.message).join('; ')}`);
  }
  const r = scored.result;
  const total = r.points + r.bonus - r.penalty;
  return {
    answered,
    applicable,
    withEvidence,
    selfPoints: total,
    maxPoints: r.maxPoints,
    indexPercent: r.indexPercent,
  };
}

export type SubmissionProblemKind = 'UNANSWERED' | 'NO_EVIDENCE_REASON' | 'NA_REASON' | 'CARRIED_DRAFT';

export interface SelfSubmissionProblem {
  leafCode: string;
  leafName: string;
  kind: SubmissionProblemKind;
  message: string;
}

/**
 * Checks before submission (issue 4 §3): every applicable criterion answered; a leaf with points
 * but no evidence needs an explanation (unless its evidence is not required); a "not applicable"
 * claim needs a reason; no unconfirmed draft carried from last year remains.
 */
export function submissionProblems(
  doc: IndexSetDocument,
  group: string,
  answers: readonly SelfAnswer[],
  evidenceCountByLeaf: ReadonlyMap<string, number>,
): SelfSubmissionProblem[] {
  const problems: SelfSubmissionProblem[] = [];
  const byCode = new Map(answers.map((a) => [a.leafCode, a]));
  for (const [code, { leaf, kind }] of answerableLeaves(doc, group)) {
    const a = byCode.get(code);
    const p = (k: SubmissionProblemKind, message: string) =>
      problems.push({ leafCode: code, leafName: leaf.name, kind: k, message });
    if (a?.isCarriedDraft) {
      p('CARRIED_DRAFT', `Tiêu chí ${code}: còn là bản nháp lấy từ năm trước, cần xác nhận hoặc sửa.`);
      continue;
    }
    if (kind === 'CRITERION' && (!a || (!a.naClaimed && (a.value === null || a.value === undefined)))) {
      p('UNANSWERED', `Tiêu chí ${code}: chưa chấm điểm.`);
      continue;
    }
    if (!a) {
      continue;
    }
    if (a.naClaimed) {
      if (a.naReason.trim() === '') {
        p('NA_REASON', `Tiêu chí ${code}: đề nghị "không áp dụng" phải nêu lý do.`);
      }
      continue;
    }
    const needsEvidence = leaf.evidenceRequired !== false && kind !== 'PENALTY';
    if (
      needsEvidence &&
      a.points > 0 &&
      (evidenceCountByLeaf.get(code) ?? 0) === 0 &&
      a.noEvidenceReason.trim() === ''
    ) {
      p(
        'NO_EVIDENCE_REASON',
        `Tiêu chí ${code}: có điểm nhưng chưa có tài liệu kiểm chứng — cần giải thích.`,
      );
    }
  }
  return problems;
}

/** Share answered, hundredths of a percent (for the dashboard's progress bars). */
export function answeredPercent(answered: number, applicable: number): number {
  return applicable === 0 ? 0 : percentOf(answered, applicable);
}
