import type { Action } from '../access/policy';

/**
 * The life of one unit's scorecard in one campaign (plan 2546/KH-TTTP §III.2): the focal
 * officer fills it in (DRAFT), the unit head submits it (SUBMITTED); the Office may return a
 * submitted scorecard before the deadline with a reason (RETURNED, editable again). Appraisal
 * states are added by the appraisal module.
 */
export const SCORECARD_STATUSES = ['DRAFT', 'SUBMITTED', 'RETURNED'] as const;
export type ScorecardStatus = (typeof SCORECARD_STATUSES)[number];

export const SCORECARD_STATUS_LABELS: Record<ScorecardStatus, { vi: string; en: string }> = {
  DRAFT: { vi: 'Đang tự chấm', en: 'In progress' },
  SUBMITTED: { vi: 'Đã nộp', en: 'Submitted' },
  RETURNED: { vi: 'Bị trả lại', en: 'Returned' },
};

export const SCORECARD_TRANSITIONS = [
  { from: 'DRAFT', action: 'submit', to: 'SUBMITTED', permission: 'scorecard.submit' },
  { from: 'RETURNED', action: 'submit', to: 'SUBMITTED', permission: 'scorecard.submit' },
  { from: 'SUBMITTED', action: 'return', to: 'RETURNED', permission: 'scorecard.return' },
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
