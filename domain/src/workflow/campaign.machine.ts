import type { Action } from '../access/policy';

/**
 * The phases of one campaign (kỳ đánh giá), as data — plan 2546/KH-TTTP §II–III:
 * the Office sets the campaign up and issues the scoring guidance (by 10/12), units self-assess
 * (by 16/12), self-assessment is locked, the working group and council appraise (by 25/12),
 * leadership approves, results are published (Q1 next year), then the campaign is closed.
 * Later phases (council, approval) are driven by the appraisal module; they are listed here so
 * that there is one machine for the whole life of a campaign.
 */
export const CAMPAIGN_PHASES = [
  'SETUP',
  'GUIDANCE_ISSUED',
  'SELF_ASSESSMENT',
  'SELF_ASSESSMENT_LOCKED',
  'APPRAISAL',
  'COUNCIL',
  'APPROVED',
  'PUBLISHED',
  'CLOSED',
] as const;
export type CampaignPhase = (typeof CAMPAIGN_PHASES)[number];

export const CAMPAIGN_PHASE_LABELS: Record<CampaignPhase, { vi: string; en: string }> = {
  SETUP: { vi: 'Đang chuẩn bị', en: 'Setting up' },
  GUIDANCE_ISSUED: { vi: 'Đã ban hành hướng dẫn', en: 'Guidance issued' },
  SELF_ASSESSMENT: { vi: 'Đang tự đánh giá', en: 'Self-assessment open' },
  SELF_ASSESSMENT_LOCKED: { vi: 'Đã khoá tự đánh giá', en: 'Self-assessment locked' },
  APPRAISAL: { vi: 'Đang thẩm định', en: 'Appraisal' },
  COUNCIL: { vi: 'Hội đồng thẩm định', en: 'Appraisal council' },
  APPROVED: { vi: 'Lãnh đạo đã phê duyệt', en: 'Approved' },
  PUBLISHED: { vi: 'Đã công bố', en: 'Published' },
  CLOSED: { vi: 'Đã kết thúc', en: 'Closed' },
};

export const CAMPAIGN_TRANSITIONS = [
  { from: 'SETUP', action: 'issueGuidance', to: 'GUIDANCE_ISSUED', permission: 'campaign.manage' },
  {
    from: 'GUIDANCE_ISSUED',
    action: 'openSelfAssessment',
    to: 'SELF_ASSESSMENT',
    permission: 'campaign.manage',
  },
  {
    from: 'SELF_ASSESSMENT',
    action: 'lockSelfAssessment',
    to: 'SELF_ASSESSMENT_LOCKED',
    permission: 'campaign.manage',
  },
  // Reopening serves a deadline extension decided by the Office; submitted scorecards stay submitted.
  {
    from: 'SELF_ASSESSMENT_LOCKED',
    action: 'reopenSelfAssessment',
    to: 'SELF_ASSESSMENT',
    permission: 'campaign.manage',
  },
  {
    from: 'SELF_ASSESSMENT_LOCKED',
    action: 'startAppraisal',
    to: 'APPRAISAL',
    permission: 'campaign.manage',
  },
  { from: 'APPRAISAL', action: 'convokeCouncil', to: 'COUNCIL', permission: 'campaign.manage' },
  { from: 'COUNCIL', action: 'approve', to: 'APPROVED', permission: 'campaign.approve' },
  { from: 'COUNCIL', action: 'returnToAppraisal', to: 'APPRAISAL', permission: 'campaign.approve' },
  { from: 'APPROVED', action: 'publish', to: 'PUBLISHED', permission: 'campaign.manage' },
  { from: 'PUBLISHED', action: 'close', to: 'CLOSED', permission: 'campaign.manage' },
] as const satisfies readonly {
  from: CampaignPhase;
  action: string;
  to: CampaignPhase;
  permission: Action;
}[];

export type CampaignTransitionAction = (typeof CAMPAIGN_TRANSITIONS)[number]['action'];
export const CAMPAIGN_TRANSITION_ACTIONS = [
  ...new Set(CAMPAIGN_TRANSITIONS.map((t) => t.action)),
] as CampaignTransitionAction[];

export const CAMPAIGN_ACTION_LABELS: Record<CampaignTransitionAction, { vi: string; en: string }> = {
  issueGuidance: { vi: 'Ban hành hướng dẫn', en: 'Issue guidance' },
  openSelfAssessment: { vi: 'Mở tự đánh giá', en: 'Open self-assessment' },
  lockSelfAssessment: { vi: 'Khoá tự đánh giá', en: 'Lock self-assessment' },
  reopenSelfAssessment: { vi: 'Mở lại tự đánh giá', en: 'Reopen self-assessment' },
  startAppraisal: { vi: 'Bắt đầu thẩm định', en: 'Start appraisal' },
  convokeCouncil: { vi: 'Chuyển Hội đồng thẩm định', en: 'Convene the council' },
  approve: { vi: 'Phê duyệt kết quả', en: 'Approve results' },
  returnToAppraisal: { vi: 'Trả lại thẩm định', en: 'Return to appraisal' },
  publish: { vi: 'Công bố kết quả', en: 'Publish results' },
  close: { vi: 'Kết thúc kỳ đánh giá', en: 'Close the campaign' },
};

export function findCampaignTransition(phase: CampaignPhase, action: CampaignTransitionAction) {
  return CAMPAIGN_TRANSITIONS.find((t) => t.from === phase && t.action === action) ?? null;
}

/** Phases in which the campaign's set-up (units, milestones, index set) may still change. */
export function isSetupEditable(phase: CampaignPhase): boolean {
  return phase === 'SETUP' || phase === 'GUIDANCE_ISSUED';
}
