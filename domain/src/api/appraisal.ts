import { z } from 'zod';
import { DECISION_KINDS, REVIEW_STAGES } from '../appraisal/appraisal';
import { LIMITS } from '../validation';
import { CAMPAIGN_PHASES } from '../workflow/campaign.machine';
import { SCORECARD_STATUSES, SCORECARD_TRANSITIONS } from '../workflow/scorecard.machine';
import { CAMPAIGN_LIMITS, LocalDate } from './campaigns';
import { Id, text } from './common';

/**
 * Appraisal API (thẩm định; docs/appraisal.md). Points are integer hundredths; percents are
 * hundredths of a percent; dates are local dates (YYYY-MM-DD, Asia/Ho_Chi_Minh). Routes:
 *
 * Working group (Tổ giúp việc) and the Office
 *   GET  /api/appraisal/my-assignments                      → MyAssignment[] (the caller's units to appraise)
 *   GET  /api/campaigns/:id/appraisal                       → AppraisalOverview (rows filtered by role)
 *   PUT  /api/scorecards/:id/appraisers                     SaveAppraisersInput → AppraisalRow (Office)
 *   GET  /api/scorecards/:id/appraisal                      → AppraisalView (assigned member, Office,
 *                                                             council, leadership, the unit itself)
 *   PUT  /api/scorecards/:id/appraisal/leaves/:leafCode     LeafDecisionInput → AppraisalView
 *   POST /api/scorecards/:id/appraisal/accept-remaining     AcceptRemainingInput → AppraisalView
 *   POST /api/scorecards/:id/appraisal/explanation-requests ExplanationRequestInput → AppraisalView
 *   DELETE /api/scorecards/:id/appraisal/explanation-requests/:requestId → AppraisalView (round 1 only)
 *   POST /api/scorecards/:id/appraisal/transitions          ScorecardTransitionInput → AppraisalView
 * The unit (explanation round, giải trình)
 *   PUT  /api/explanation-requests/:id/response             ExplanationResponseInput → AppraisalView
 *   POST /api/explanation-requests/:id/files                multipart (file) → AppraisalView
 *   GET  /api/attachments/:id/file[?inline=1]               → a supplementary file (explanation or appeal)
 *   DELETE /api/attachments/:id                             → AppraisalView (while the owner may still edit)
 * Council (Hội đồng thẩm định) and leadership
 *   GET  /api/campaigns/:id/council                         → CouncilView
 *   POST /api/campaigns/:id/council/meetings                MeetingInput → CouncilView
 *   PUT  /api/council-meetings/:id                          MeetingInput → CouncilView
 *   POST /api/scorecards/:id/special-cases                  SpecialCaseInput → AppraisalView (council)
 *   GET  /api/campaigns/:id/council/minutes                 → minutes draft (DOCX)
 *   GET  /api/campaigns/:id/appeals                         → CampaignAppeals (the appeals alone, unscored)
 *   (ranked results: GET /api/campaigns/:id/results, domain/src/api/results.ts)
 *   (leadership approves or returns through POST /api/campaigns/:id/transitions, with `reason`)
 * After approval
 *   PUT  /api/campaigns/:id/appeal-window                   AppealWindowInput → CouncilView (Office)
 *   POST /api/scorecards/:id/appeals                        AppealInput → AppraisalView (unit head)
 *   POST /api/appeals/:id/files                             multipart (file) → AppraisalView
 *   POST /api/appeals/:id/decision                          AppealDecisionInput → AppraisalView (council)
 *   POST /api/scorecards/:id/amendments                     AmendmentInput → AppraisalView (council)
 */

export const APPRAISAL_LIMITS = {
  reasonMax: CAMPAIGN_LIMITS.reasonMax,
  decisionTextMax: 10_000,
  responseMax: 10_000,
  membersMax: 50,
  appraisersMax: 10,
  changesMax: 200,
  /** Supplementary files of one explanation or one appeal. */
  attachmentsMax: 20,
} as const;

/** Short list of adjustment reasons (user journey "a reason from a short list plus text"). */
export const ADJUSTMENT_REASONS = [
  'EVIDENCE_MISSING',
  'EVIDENCE_INSUFFICIENT',
  'EVIDENCE_OUT_OF_PERIOD',
  'WRONG_METHOD',
  'LATE',
  'OTHER',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
export const ADJUSTMENT_REASON_LABELS: Record<AdjustmentReason, { vi: string; en: string }> = {
  EVIDENCE_MISSING: { vi: 'Không có tài liệu kiểm chứng', en: 'No evidence' },
  EVIDENCE_INSUFFICIENT: { vi: 'Tài liệu kiểm chứng chưa đầy đủ', en: 'Evidence incomplete' },
  EVIDENCE_OUT_OF_PERIOD: { vi: 'Tài liệu ngoài kỳ đánh giá', en: 'Evidence outside the period' },
  WRONG_METHOD: { vi: 'Chấm chưa đúng hướng dẫn', en: 'Not scored per the guidance' },
  LATE: { vi: 'Thực hiện chậm so với yêu cầu', en: 'Done late' },
  OTHER: { vi: 'Lý do khác', en: 'Other' },
};

export const SPECIAL_CASE_KINDS = ['SCORE_CHANGE', 'NOT_APPLICABLE', 'OTHER'] as const;
export type SpecialCaseKind = (typeof SPECIAL_CASE_KINDS)[number];
export const SPECIAL_CASE_LABELS: Record<SpecialCaseKind, { vi: string; en: string }> = {
  SCORE_CHANGE: { vi: 'Thay đổi điểm tiêu chí', en: 'Change a leaf score' },
  NOT_APPLICABLE: { vi: 'Không áp dụng tiêu chí cho đơn vị', en: 'Declare a leaf not applicable' },
  OTHER: { vi: 'Trường hợp đặc biệt khác', en: 'Other exception' },
};

export const SNAPSHOT_MILESTONES = [
  'SUBMITTED',
  'ROUND1',
  'EXPLANATION',
  'COUNCIL',
  'APPROVED',
  'AMENDMENT',
] as const;
export type SnapshotMilestone = (typeof SNAPSHOT_MILESTONES)[number];
export const SNAPSHOT_LABELS: Record<SnapshotMilestone, { vi: string; en: string }> = {
  SUBMITTED: { vi: 'Khi nộp', en: 'Submitted' },
  ROUND1: { vi: 'Sau thẩm định vòng 1', en: 'After round 1' },
  EXPLANATION: { vi: 'Sau giải trình', en: 'After the explanation' },
  COUNCIL: { vi: 'Hội đồng thông qua', en: 'Council' },
  APPROVED: { vi: 'Lãnh đạo phê duyệt', en: 'Approved' },
  AMENDMENT: { vi: 'Sau điều chỉnh', en: 'After an amendment' },
};

export const APPEAL_STATUSES = ['FILED', 'ACCEPTED', 'REJECTED'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export const EXPLANATION_STATUSES = ['OPEN', 'ANSWERED', 'CLOSED'] as const;

const reason = (label: string) => text(label, APPRAISAL_LIMITS.reasonMax);
const optionalReason = z.string().trim().max(APPRAISAL_LIMITS.reasonMax).default('');
const Points = z
  .number({ error: 'Điểm phải là số.' })
  .int({ error: 'Điểm tính theo phần trăm điểm (số nguyên).' });

/** Totals of one unit at one stage. */
export const TotalsView = z.object({
  /** Σ field points + bonus − penalty. */
  points: z.number().int(),
  maxPoints: z.number().int(),
  bonus: z.number().int(),
  penalty: z.number().int(),
  indexPercent: z.number().int(),
  band: z.string().nullable(),
  fields: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      points: z.number().int(),
      maxPoints: z.number().int(),
      percent: z.number().int().nullable(),
    }),
  ),
});
export type TotalsView = z.infer<typeof TotalsView>;

export const PersonRef = z.object({ userId: Id, fullName: z.string() });

export const DecisionView = z.object({
  id: Id,
  stage: z.enum(REVIEW_STAGES),
  kind: z.enum(DECISION_KINDS),
  /** Null = not applicable. */
  points: z.number().int().nullable(),
  reasonCode: z.enum(ADJUSTMENT_REASONS).nullable(),
  reason: z.string(),
  evidenceInsufficient: z.boolean(),
  byName: z.string(),
  at: z.string(),
  /** Set when the decision belongs to a council special case or an amendment. */
  specialCaseId: Id.nullable(),
  amendmentId: Id.nullable(),
});
export type DecisionView = z.infer<typeof DecisionView>;

export const AttachmentView = z.object({
  id: Id,
  filename: z.string(),
  sizeBytes: z.number().int(),
  mimeType: z.string(),
  sha256: z.string(),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const ExplanationView = z.object({
  id: Id,
  leafCode: z.string(),
  question: z.string(),
  dueDate: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  response: z.string().nullable(),
  respondedByName: z.string().nullable(),
  respondedAt: z.string().nullable(),
  status: z.enum(EXPLANATION_STATUSES),
  files: z.array(AttachmentView),
  /** The unit may still answer (round open, due date not passed, own unit). */
  canRespond: z.boolean(),
});
export type ExplanationView = z.infer<typeof ExplanationView>;

export const LeafAppraisalView = z.object({
  leafCode: z.string(),
  name: z.string(),
  kind: z.enum(['CRITERION', 'BONUS', 'PENALTY']),
  /** Path of names from the field down, for context. */
  path: z.array(z.string()),
  maxPoints: z.number().int(),
  self: z.object({
    points: z.number().int().nullable(),
    naClaimed: z.boolean(),
    naReason: z.string(),
    explanation: z.string(),
    note: z.string(),
    noEvidenceReason: z.string(),
    evidenceCount: z.number().int(),
  }),
  /** Working-group value; null = not applicable; absent = not reviewed yet. */
  appraised: z.number().int().nullable().optional(),
  final: z.number().int().nullable().optional(),
  /** Latest decision of any stage (its id is the concurrency token for the next decision). */
  current: DecisionView.nullable(),
  decisions: z.array(DecisionView),
  evidenceInsufficient: z.boolean(),
  explanation: ExplanationView.nullable(),
  disputed: z.boolean(),
  /** The caller may record a decision on this leaf now (stage and state permitting). */
  canDecide: z.boolean(),
});
export type LeafAppraisalView = z.infer<typeof LeafAppraisalView>;

export const SpecialCaseView = z.object({
  id: Id,
  kind: z.enum(SPECIAL_CASE_KINDS),
  leafCode: z.string().nullable(),
  points: z.number().int().nullable(),
  reason: z.string(),
  decisionText: z.string(),
  meetingId: Id.nullable(),
  byName: z.string(),
  at: z.string(),
});
export type SpecialCaseView = z.infer<typeof SpecialCaseView>;

export const SnapshotView = z.object({
  id: Id,
  milestone: z.enum(SNAPSHOT_MILESTONES),
  takenAt: z.string(),
  byName: z.string(),
  self: TotalsView,
  appraised: TotalsView,
  final: TotalsView,
  /** Rank at that moment (campaign-wide milestones only). */
  rank: z.number().int().nullable(),
});
export type SnapshotView = z.infer<typeof SnapshotView>;

export const ChangeView = z.object({
  leafCode: z.string(),
  before: z.number().int().nullable().optional(),
  after: z.number().int().nullable(),
});

export const ResultDiff = z.object({
  indexBefore: z.number().int(),
  indexAfter: z.number().int(),
  pointsBefore: z.number().int(),
  pointsAfter: z.number().int(),
  bandBefore: z.string().nullable(),
  bandAfter: z.string().nullable(),
  rankBefore: z.number().int().nullable(),
  rankAfter: z.number().int().nullable(),
});
export type ResultDiff = z.infer<typeof ResultDiff>;

export const AmendmentView = z.object({
  id: Id,
  kind: z.enum(['CORRECTION', 'APPEAL']),
  reason: z.string(),
  decisionText: z.string(),
  changes: z.array(ChangeView),
  diff: ResultDiff,
  byName: z.string(),
  at: z.string(),
});
export type AmendmentView = z.infer<typeof AmendmentView>;

export const AppealView = z.object({
  id: Id,
  leafCode: z.string().nullable(),
  grounds: z.string(),
  status: z.enum(APPEAL_STATUSES),
  filedByName: z.string(),
  filedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  amendmentId: Id.nullable(),
  files: z.array(AttachmentView),
});
export type AppealView = z.infer<typeof AppealView>;

export const APPRAISAL_ACTIONS = [
  'appraisal.review',
  'appraisal.acceptRemaining',
  'appraisal.requestExplanation',
  'explanation.respond',
  'council.decide',
  'appeal.file',
  'appeal.decide',
  'amendment.create',
] as const;

export const AppraisalView = z.object({
  scorecardId: Id,
  rowVersion: z.number().int(),
  status: z.enum(SCORECARD_STATUSES),
  campaign: z.object({
    id: Id,
    name: z.string(),
    phase: z.enum(CAMPAIGN_PHASES),
    appealUntil: z.string().nullable(),
  }),
  unit: z.object({ id: Id, code: z.string(), name: z.string(), groupCode: z.string() }),
  submittedAt: z.string().nullable(),
  appraisers: z.array(PersonRef),
  /** The stage a decision by the caller would be recorded in now, or null. */
  decisionStage: z.enum(REVIEW_STAGES).nullable(),
  self: TotalsView,
  appraised: TotalsView,
  final: TotalsView,
  leaves: z.array(LeafAppraisalView),
  undecidedCount: z.number().int(),
  specialCases: z.array(SpecialCaseView),
  snapshots: z.array(SnapshotView),
  amendments: z.array(AmendmentView),
  appeals: z.array(AppealView),
  councilApprovedAt: z.string().nullable(),
  councilApprovedByName: z.string().nullable(),
  /** Scorecard transitions the caller may take now (see scorecard.machine). */
  transitions: z.array(z.enum(SCORECARD_TRANSITIONS.map((t) => t.action) as [string, ...string[]])),
  allowedActions: z.array(z.enum(APPRAISAL_ACTIONS)),
});
export type AppraisalView = z.infer<typeof AppraisalView>;

export const AppraisalRow = z.object({
  scorecardId: Id,
  unit: z.object({ id: Id, code: z.string(), name: z.string(), groupCode: z.string() }),
  status: z.enum(SCORECARD_STATUSES),
  submittedAt: z.string().nullable(),
  appraisers: z.array(PersonRef),
  selfPoints: z.number().int(),
  appraisedPoints: z.number().int(),
  finalPoints: z.number().int(),
  maxPoints: z.number().int(),
  selfIndex: z.number().int(),
  appraisedIndex: z.number().int(),
  finalIndex: z.number().int(),
  band: z.string().nullable(),
  decidedCount: z.number().int(),
  applicableCount: z.number().int(),
  openExplanations: z.number().int(),
  disputedLeaves: z.array(z.string()),
  specialCaseCount: z.number().int(),
});
export type AppraisalRow = z.infer<typeof AppraisalRow>;

export const AppraisalOverview = z.object({
  campaignId: Id,
  campaignName: z.string(),
  phase: z.enum(CAMPAIGN_PHASES),
  rows: z.array(AppraisalRow),
  /** Working-group members the Office may assign (only for appraisal.assign), with their unit. */
  candidates: z.array(PersonRef.extend({ homeUnitId: Id.nullable(), homeUnitName: z.string().nullable() })),
  canAssign: z.boolean(),
});
export type AppraisalOverview = z.infer<typeof AppraisalOverview>;

export const SaveAppraisersInput = z.object({
  userIds: z
    .array(Id)
    .max(APPRAISAL_LIMITS.appraisersMax, { error: `Tối đa ${APPRAISAL_LIMITS.appraisersMax} người.` }),
});
export type SaveAppraisersInput = z.infer<typeof SaveAppraisersInput>;

export const LeafDecisionInput = z.object({
  kind: z.enum(DECISION_KINDS),
  points: Points.nullable().optional(),
  reasonCode: z.enum(ADJUSTMENT_REASONS).nullable().optional(),
  reason: optionalReason,
  evidenceInsufficient: z.boolean().default(false),
  /** Id of the leaf's latest decision the caller saw (null when none): a stale one gets 409. */
  expectedCurrentId: Id.nullable(),
});
export type LeafDecisionInput = z.input<typeof LeafDecisionInput>;

export const AcceptRemainingInput = z.object({ rowVersion: z.number().int() });
export type AcceptRemainingInput = z.infer<typeof AcceptRemainingInput>;

export const ExplanationRequestInput = z.object({
  leafCode: z.string().min(1).max(LIMITS.indexSetCodeMax),
  question: text('Nội dung yêu cầu giải trình', APPRAISAL_LIMITS.reasonMax),
  dueDate: LocalDate,
});
export type ExplanationRequestInput = z.infer<typeof ExplanationRequestInput>;

export const ScorecardTransitionInput = z.object({
  action: z.enum([
    'requestExplanations',
    'completeReview',
    'closeExplanation',
    'councilApprove',
    'councilReopen',
    'reopenReview',
  ]),
  rowVersion: z.number().int(),
  reason: optionalReason,
});
export type ScorecardTransitionInput = z.infer<typeof ScorecardTransitionInput>;

export const ExplanationResponseInput = z.object({
  response: text('Nội dung giải trình', APPRAISAL_LIMITS.responseMax),
});

export const MeetingInput = z.object({
  heldOn: LocalDate,
  place: text('Địa điểm', LIMITS.nameMax),
  chairName: text('Chủ trì', LIMITS.nameMax),
  membersPresent: z
    .array(text('Thành viên', LIMITS.nameMax))
    .min(1, { error: 'Cần ít nhất một thành viên dự họp.' })
    .max(APPRAISAL_LIMITS.membersMax),
  notes: z.string().trim().max(APPRAISAL_LIMITS.decisionTextMax).default(''),
});
export type MeetingInput = z.input<typeof MeetingInput>;

export const MeetingView = z.object({
  id: Id,
  heldOn: z.string(),
  place: z.string(),
  chairName: z.string(),
  membersPresent: z.array(z.string()),
  notes: z.string(),
  byName: z.string(),
  at: z.string(),
});
export type MeetingView = z.infer<typeof MeetingView>;

export const SpecialCaseInput = z.object({
  kind: z.enum(SPECIAL_CASE_KINDS),
  leafCode: z.string().max(LIMITS.indexSetCodeMax).nullable().optional(),
  points: Points.nullable().optional(),
  reason: reason('Lý do'),
  decisionText: text('Nội dung quyết định', APPRAISAL_LIMITS.decisionTextMax),
  meetingId: Id.nullable().optional(),
});
export type SpecialCaseInput = z.input<typeof SpecialCaseInput>;

/** An appeal in a campaign-wide list: with its unit. */
export const CampaignAppealView = AppealView.extend({
  scorecardId: Id,
  unitCode: z.string(),
  unitName: z.string(),
});
export type CampaignAppealView = z.infer<typeof CampaignAppealView>;

/**
 * The appeals of a campaign without its scores (GET /api/campaigns/:id/appeals): what the results
 * page lists after approval. The same list as CouncilView.appeals, read in a constant number of
 * queries instead of scoring every unit.
 */
export const CampaignAppeals = z.object({
  campaignId: Id,
  appeals: z.array(CampaignAppealView),
  /** The caller may decide the open ones (council.decide). */
  canDecide: z.boolean(),
});
export type CampaignAppeals = z.infer<typeof CampaignAppeals>;

/** Leadership's latest return of the results (returnToAppraisal), with its reason. */
export const ReturnRecord = z.object({ at: z.string(), byName: z.string(), reason: z.string() });

export const CouncilView = z.object({
  campaignId: Id,
  campaignCode: z.string(),
  campaignName: z.string(),
  phase: z.enum(CAMPAIGN_PHASES),
  rowVersion: z.number().int(),
  appealUntil: z.string().nullable(),
  meetings: z.array(MeetingView),
  rows: z.array(AppraisalRow),
  specialCases: z.array(
    SpecialCaseView.extend({ scorecardId: Id, unitCode: z.string(), unitName: z.string() }),
  ),
  appeals: z.array(CampaignAppealView),
  lastReturn: ReturnRecord.nullable(),
  canDecide: z.boolean(),
  canRecord: z.boolean(),
});
export type CouncilView = z.infer<typeof CouncilView>;

export const AppealWindowInput = z.object({ until: LocalDate.nullable() });

export const AppealInput = z.object({
  leafCode: z.string().max(LIMITS.indexSetCodeMax).nullable().optional(),
  grounds: text('Nội dung kiến nghị', APPRAISAL_LIMITS.responseMax),
});
export type AppealInput = z.input<typeof AppealInput>;

export const LeafChangeInput = z.object({
  leafCode: z.string().min(1).max(LIMITS.indexSetCodeMax),
  kind: z.enum(['ADJUST', 'NOT_APPLICABLE']),
  points: Points.nullable().optional(),
});

export const AppealDecisionInput = z.object({
  accept: z.boolean(),
  reason: reason('Lý do'),
  decisionText: z.string().trim().max(APPRAISAL_LIMITS.decisionTextMax).default(''),
  changes: z.array(LeafChangeInput).max(APPRAISAL_LIMITS.changesMax).default([]),
});
export type AppealDecisionInput = z.input<typeof AppealDecisionInput>;

export const AmendmentInput = z.object({
  reason: reason('Lý do'),
  decisionText: text('Nội dung quyết định', APPRAISAL_LIMITS.decisionTextMax),
  changes: z
    .array(LeafChangeInput)
    .min(1, { error: 'Cần ít nhất một thay đổi.' })
    .max(APPRAISAL_LIMITS.changesMax),
});
export type AmendmentInput = z.input<typeof AmendmentInput>;

/** One unit a working-group member is assigned to appraise, in a campaign under appraisal. */
export const MyAssignment = z.object({
  scorecardId: Id,
  campaignId: Id,
  campaignName: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
  status: z.enum(SCORECARD_STATUSES),
});
export type MyAssignment = z.infer<typeof MyAssignment>;
