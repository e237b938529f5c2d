import type { Action } from '../access/policy';

/**
 * The life of one unit's scorecard in one campaign (plan 2546/KH-TTTP §III.2–3): the focal
 * officer fills it in (DRAFT), the unit head submits it (SUBMITTED); the Office may return a
 * submitted scorecard before the deadline with a reason (RETURNED, editable again).
 *
 * Appraisal (§III.3): when the Office starts the appraisal every scorecard enters round 1
 * (IN_REVIEW) — one never submitted is appraised on what it holds. The assigned working-group
 * member decides every leaf, then either sends the unit explanation requests (EXPLANATION; the
 * unit answers before the due date) or finishes (REVIEWED). After the explanation round the
 * explained leaves are reviewed again (RE_REVIEW → REVIEWED). The council records special cases
 * on REVIEWED scorecards and approves each unit's result (COUNCIL_APPROVED); it may reopen one
 * before leadership approves the campaign.
 */
export const SCORECARD_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'RETURNED',
  'IN_REVIEW',
  'EXPLANATION',
  'RE_REVIEW',
  'REVIEWED',
  'COUNCIL_APPROVED',
] as const;
export type ScorecardStatus = (typeof SCORECARD_STATUSES)[number];

export const SCORECARD_STATUS_LABELS: Record<ScorecardStatus, { vi: string; en: string }> = {
  DRAFT: { vi: 'Đang tự chấm', en: 'In progress' },
  SUBMITTED: { vi: 'Đã nộp', en: 'Submitted' },
  RETURNED: { vi: 'Bị trả lại', en: 'Returned' },
  IN_REVIEW: { vi: 'Đang thẩm định (vòng 1)', en: 'Review round 1' },
  EXPLANATION: { vi: 'Đang giải trình', en: 'Explanation round' },
  RE_REVIEW: { vi: 'Thẩm định lại (vòng 2)', en: 'Review round 2' },
  REVIEWED: { vi: 'Đã thẩm định', en: 'Reviewed' },
  COUNCIL_APPROVED: { vi: 'Hội đồng đã thông qua', en: 'Approved by the council' },
};

export const SCORECARD_TRANSITIONS = [
  { from: 'DRAFT', action: 'submit', to: 'SUBMITTED', permission: 'scorecard.submit' },
  { from: 'RETURNED', action: 'submit', to: 'SUBMITTED', permission: 'scorecard.submit' },
  { from: 'SUBMITTED', action: 'return', to: 'RETURNED', permission: 'scorecard.return' },
  // Started for every scorecard by the campaign's startAppraisal (the Office).
  { from: 'SUBMITTED', action: 'startReview', to: 'IN_REVIEW', permission: 'campaign.manage' },
  { from: 'DRAFT', action: 'startReview', to: 'IN_REVIEW', permission: 'campaign.manage' },
  { from: 'RETURNED', action: 'startReview', to: 'IN_REVIEW', permission: 'campaign.manage' },
  { from: 'IN_REVIEW', action: 'requestExplanations', to: 'EXPLANATION', permission: 'appraisal.review' },
  { from: 'IN_REVIEW', action: 'completeReview', to: 'REVIEWED', permission: 'appraisal.review' },
  { from: 'EXPLANATION', action: 'closeExplanation', to: 'RE_REVIEW', permission: 'appraisal.review' },
  { from: 'RE_REVIEW', action: 'completeReview', to: 'REVIEWED', permission: 'appraisal.review' },
  { from: 'REVIEWED', action: 'councilApprove', to: 'COUNCIL_APPROVED', permission: 'council.decide' },
  { from: 'COUNCIL_APPROVED', action: 'councilReopen', to: 'REVIEWED', permission: 'council.decide' },
  // The Office sends a reviewed unit back to its member (e.g. after leadership returned the results).
  { from: 'REVIEWED', action: 'reopenReview', to: 'RE_REVIEW', permission: 'appraisal.assign' },
] as const satisfies readonly {
  from: ScorecardStatus;
  action: string;
  to: ScorecardStatus;
  permission: Action;
}[];

export type ScorecardTransitionAction = (typeof SCORECARD_TRANSITIONS)[number]['action'];

export function findScorecardTransition(status: ScorecardStatus, action: ScorecardTransitionAction) {
  return SCORECARD_TRANSITIONS.find((t) => t.from === status && t.action === action) ?? null;
}

/** Statuses in which the unit may edit answers and evidence (time and phase permitting). */
export function isScorecardEditable(status: ScorecardStatus): boolean {
  return status === 'DRAFT' || status === 'RETURNED';
}

/** Statuses of a scorecard under appraisal (the working group or the council holds it). */
export function isUnderAppraisal(status: ScorecardStatus): boolean {
  return (
    status === 'IN_REVIEW' ||
    status === 'EXPLANATION' ||
    status === 'RE_REVIEW' ||
    status === 'REVIEWED' ||
    status === 'COUNCIL_APPROVED'
  );
}

export const SCORECARD_ACTION_LABELS: Record<ScorecardTransitionAction, { vi: string; en: string }> = {
  submit: { vi: 'Nộp kết quả tự đánh giá', en: 'Submit' },
  return: { vi: 'Trả lại đơn vị', en: 'Return to the unit' },
  startReview: { vi: 'Bắt đầu thẩm định', en: 'Start review' },
  requestExplanations: { vi: 'Gửi yêu cầu giải trình', en: 'Send explanation requests' },
  completeReview: { vi: 'Hoàn thành thẩm định', en: 'Complete the review' },
  closeExplanation: { vi: 'Kết thúc giải trình', en: 'Close the explanation round' },
  councilApprove: { vi: 'Hội đồng thông qua kết quả', en: 'Council approves the result' },
  councilReopen: { vi: 'Hội đồng mở lại để xem xét', en: 'Council reopens the result' },
  reopenReview: { vi: 'Mở lại thẩm định', en: 'Reopen the review' },
};

/**
 * Whether the unit submitted its self-assessment: SUBMITTED, or under appraisal after a
 * submission (a scorecard never submitted enters the appraisal too, without `submittedAt`).
 */
export function hasSubmitted(status: ScorecardStatus, submittedAt: string | null): boolean {
  return status === 'SUBMITTED' || (isUnderAppraisal(status) && submittedAt !== null);
}
