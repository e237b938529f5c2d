import { z } from 'zod';
import { isLocalDate } from '../campaign/calendar';
import { REMINDER_AUDIENCES } from '../campaign/defaults';
import { LIMITS } from '../validation';
import {
  CAMPAIGN_PHASES,
  CAMPAIGN_TRANSITION_ACTIONS,
  type CampaignTransitionAction,
} from '../workflow/campaign.machine';
import { SCORECARD_STATUSES } from '../workflow/scorecard.machine';
import { code, Id, text } from './common';

/**
 * Campaign API (kỳ đánh giá). Routes:
 *   GET  /api/campaigns                      → CampaignSummary[]
 *   POST /api/campaigns                      CreateCampaignInput → CampaignDetail
 *   GET  /api/campaigns/:id                  → CampaignDetail
 *   PATCH /api/campaigns/:id                 UpdateCampaignInput → CampaignDetail
 *   PUT  /api/campaigns/:id/milestones       SaveMilestonesInput → CampaignDetail
 *   PUT  /api/campaigns/:id/budget           SaveBudgetInput → CampaignDetail
 *   POST /api/campaigns/:id/budget/decision  BudgetDecisionInput → CampaignDetail (leadership)
 *   PUT  /api/campaigns/:id/units            SaveParticipantsInput → CampaignDetail
 *   POST /api/campaigns/:id/transitions      CampaignTransitionInput → CampaignDetail
 *   POST /api/campaigns/:id/files            multipart (file, title) → CampaignDetail (guidance file)
 *   DELETE /api/campaigns/:id/files/:fileId  → CampaignDetail
 *   GET  /api/campaigns/:id/files/:fileId    → the file (attachment; inline for PDF/images with ?inline=1)
 *   GET  /api/campaigns/:id/monitoring       → MonitoringView (Office, leadership)
 */

export const CAMPAIGN_LIMITS = {
  guidanceMax: 50_000,
  milestonesMax: 20,
  budgetLinesMax: 200,
  /** 1,000 billion đồng: far above any real estimate, far below 2^53. */
  budgetAmountMax: 1_000_000_000_000,
  reasonMax: 2000,
} as const;

export const BUDGET_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED'] as const;
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];
export const BUDGET_STATUS_LABELS: Record<BudgetStatus, { vi: string; en: string }> = {
  DRAFT: { vi: 'Đang lập', en: 'Draft' },
  SUBMITTED: { vi: 'Chờ phê duyệt', en: 'Awaiting approval' },
  APPROVED: { vi: 'Đã phê duyệt', en: 'Approved' },
  RETURNED: { vi: 'Bị trả lại', en: 'Returned' },
};

export const LocalDate = z.string().refine(isLocalDate, { error: 'Ngày không hợp lệ (YYYY-MM-DD).' });

/** Actions the UI may offer on a campaign (besides its phase transitions). */
export const CAMPAIGN_ITEM_ACTIONS = ['campaign.manage', 'campaign.approve', 'campaign.monitor'] as const;

export const CampaignSummary = z.object({
  id: Id,
  code: z.string(),
  year: z.number().int(),
  name: z.string(),
  phase: z.enum(CAMPAIGN_PHASES),
  indexSet: z.object({ id: Id, code: z.string(), version: z.number().int(), name: z.string() }),
  /** Self-assessment deadline (local date), when set. */
  selfAssessmentDue: z.string().nullable(),
  unitCount: z.number().int(),
  submittedCount: z.number().int(),
  /** The scorecard of the actor's own unit in this campaign, for focal officers and unit heads. */
  myScorecardId: Id.nullable(),
  createdAt: z.string(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;

export const MilestoneView = z.object({
  key: z.string(),
  label: z.string(),
  dueDate: z.string(),
  /** When the deadline passes: end of dueDate in Asia/Ho_Chi_Minh, ISO UTC. */
  deadlineAt: z.string(),
  isPast: z.boolean(),
});
export type MilestoneView = z.infer<typeof MilestoneView>;

export const BudgetLineView = z.object({
  description: z.string(),
  amountVnd: z.number().int(),
  note: z.string().nullable(),
});

export const CampaignFileView = z.object({
  id: Id,
  title: z.string(),
  filename: z.string(),
  sizeBytes: z.number().int(),
  mimeType: z.string(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export type CampaignFileView = z.infer<typeof CampaignFileView>;

export const ParticipantView = z.object({
  scorecardId: Id,
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  groupCode: z.string(),
  status: z.enum(SCORECARD_STATUSES),
});

export const CampaignDetail = CampaignSummary.extend({
  previousCampaignId: Id.nullable(),
  guidanceText: z.string(),
  guidanceIssuedAt: z.string().nullable(),
  milestones: z.array(MilestoneView),
  /** The budget estimate: internal, only for the Office and leadership (null for others). */
  budget: z
    .object({
      status: z.enum(BUDGET_STATUSES),
      note: z.string().nullable(),
      lines: z.array(BudgetLineView),
      totalVnd: z.number().int(),
      decidedAt: z.string().nullable(),
      decidedByName: z.string().nullable(),
    })
    .nullable(),
  files: z.array(CampaignFileView),
  participants: z.array(ParticipantView),
  rowVersion: z.number().int(),
  /** Phase transitions the actor may take now. */
  transitions: z.array(z.enum(CAMPAIGN_TRANSITION_ACTIONS as [CampaignTransitionAction])),
  allowedActions: z.array(z.enum(CAMPAIGN_ITEM_ACTIONS)),
});
export type CampaignDetail = z.infer<typeof CampaignDetail>;

export const CreateCampaignInput = z.object({
  code: code('Mã kỳ đánh giá').max(LIMITS.indexSetCodeMax),
  name: text('Tên kỳ đánh giá', LIMITS.nameMax),
  year: z
    .number({ error: 'Năm phải là số.' })
    .int({ error: 'Năm phải là số nguyên.' })
    .min(2000, { error: 'Năm từ 2000.' })
    .max(2100, { error: 'Năm tới 2100.' }),
  /** A PUBLISHED index-set version. */
  indexSetId: Id,
  previousCampaignId: Id.nullable().optional(),
  /** Participating units; default: every active unit that has a group. */
  unitIds: z.array(Id).max(100_000).optional(),
});
export type CreateCampaignInput = z.infer<typeof CreateCampaignInput>;

export const UpdateCampaignInput = z.object({
  rowVersion: z.number().int(),
  name: text('Tên kỳ đánh giá', LIMITS.nameMax).optional(),
  guidanceText: z
    .string()
    .max(CAMPAIGN_LIMITS.guidanceMax, { error: `Hướng dẫn: tối đa ${CAMPAIGN_LIMITS.guidanceMax} ký tự.` })
    .optional(),
  previousCampaignId: Id.nullable().optional(),
});
export type UpdateCampaignInput = z.infer<typeof UpdateCampaignInput>;

export const SaveMilestonesInput = z.object({
  rowVersion: z.number().int(),
  milestones: z
    .array(
      z.object({
        key: code('Mã mốc'),
        label: text('Tên mốc', LIMITS.nameMax),
        dueDate: LocalDate,
      }),
    )
    .min(1, { error: 'Cần ít nhất một mốc.' })
    .max(CAMPAIGN_LIMITS.milestonesMax),
});
export type SaveMilestonesInput = z.infer<typeof SaveMilestonesInput>;

export const SaveBudgetInput = z.object({
  rowVersion: z.number().int(),
  note: z.string().max(LIMITS.descriptionMax).nullable().optional(),
  lines: z
    .array(
      z.object({
        description: text('Nội dung chi', LIMITS.nameMax),
        amountVnd: z
          .number({ error: 'Số tiền phải là số.' })
          .int({ error: 'Số tiền tính bằng đồng, không có phần lẻ.' })
          .min(0, { error: 'Số tiền không âm.' })
          .max(CAMPAIGN_LIMITS.budgetAmountMax, { error: 'Số tiền quá lớn.' }),
        note: z.string().max(LIMITS.descriptionMax).nullable().optional(),
      }),
    )
    .max(CAMPAIGN_LIMITS.budgetLinesMax),
  /** true: send the estimate to leadership for approval. */
  submit: z.boolean().optional(),
});
export type SaveBudgetInput = z.infer<typeof SaveBudgetInput>;

export const BudgetDecisionInput = z.object({
  rowVersion: z.number().int(),
  decision: z.enum(['APPROVED', 'RETURNED']),
  note: z.string().max(CAMPAIGN_LIMITS.reasonMax).nullable().optional(),
});
export type BudgetDecisionInput = z.infer<typeof BudgetDecisionInput>;

export const SaveParticipantsInput = z.object({
  rowVersion: z.number().int(),
  unitIds: z.array(Id).min(1, { error: 'Cần ít nhất một đơn vị tham gia.' }).max(100_000),
});
export type SaveParticipantsInput = z.infer<typeof SaveParticipantsInput>;

export const CampaignTransitionInput = z.object({
  rowVersion: z.number().int(),
  action: z.enum(CAMPAIGN_TRANSITION_ACTIONS as [CampaignTransitionAction]),
  /** Required when leadership returns the results (returnToAppraisal). */
  reason: z.string().trim().max(CAMPAIGN_LIMITS.reasonMax).optional(),
});
export type CampaignTransitionInput = z.infer<typeof CampaignTransitionInput>;

/** One row of the Office's monitoring dashboard. */
export const MonitoringRow = z.object({
  scorecardId: Id,
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  groupCode: z.string(),
  status: z.enum(SCORECARD_STATUSES),
  answeredCount: z.number().int(),
  applicableCount: z.number().int(),
  /** Hundredths of a percent answered. */
  answeredPercent: z.number().int(),
  evidenceCount: z.number().int(),
  selfPoints: z.number().int(),
  lastActivityAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  minutesLate: z.number().int().nullable(),
  /** The unit's own deadline (extension applied). */
  dueDate: z.string().nullable(),
  /** Not submitted and the deadline has passed. */
  isOverdue: z.boolean(),
});
export type MonitoringRow = z.infer<typeof MonitoringRow>;

export const MonitoringView = z.object({
  campaignId: Id,
  phase: z.enum(CAMPAIGN_PHASES),
  selfAssessmentDue: z.string().nullable(),
  totals: z.object({
    units: z.number().int(),
    submitted: z.number().int(),
    inProgress: z.number().int(),
    notStarted: z.number().int(),
    overdue: z.number().int(),
  }),
  rows: z.array(MonitoringRow),
});
export type MonitoringView = z.infer<typeof MonitoringView>;

export const ReminderRuleView = z.object({
  id: Id,
  milestoneKey: z.string(),
  offsetDays: z.number().int(),
  audience: z.enum(REMINDER_AUDIENCES),
  isActive: z.boolean(),
});
export type ReminderRuleView = z.infer<typeof ReminderRuleView>;
