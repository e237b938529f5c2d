import { z } from 'zod';
import { isLocalDate } from '../campaign/calendar';
import { REMINDER_AUDIENCES } from '../campaign/defaults';
import { LIMITS } from '../validation';
import {
  CAMPAIGN_PHASES,
  CAMPAIGN_TRANSITION_ACTIONS,
  type CampaignTransitionAction,
} from '../workflow/campaign.machine';
import { hasSubmitted, SCORECARD_STATUSES, type ScorecardStatus } from '../workflow/scorecard.machine';
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
 *   GET  /api/campaigns/:id/monitoring       ?page&pageSize&sort&order&status&group&q
 *                                            → MonitoringView (Office, leadership): campaign-wide
 *                                              totals, one page of unit rows (docs/campaigns.md)
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

/**
 * Where a unit stands in its self-assessment, as the dashboard counts it (one state per unit; the
 * states partition the campaign): submitted (hasSubmitted: sent, or under appraisal after a
 * submission), returned for completion, not started (no activity, no answer, no evidence), or in
 * progress. The server filters and counts the same states in SQL (campaigns.repo.ts).
 */
export const MONITORING_STATES = ['notStarted', 'inProgress', 'returned', 'submitted'] as const;
export type MonitoringState = (typeof MONITORING_STATES)[number];

export function monitoringState(r: {
  status: ScorecardStatus;
  submittedAt: string | null;
  lastActivityAt: string | null;
  answeredCount: number;
  evidenceCount: number;
}): MonitoringState {
  if (hasSubmitted(r.status, r.submittedAt)) {
    return 'submitted';
  }
  if (r.status === 'RETURNED') {
    return 'returned';
  }
  return r.lastActivityAt === null && r.answeredCount === 0 && r.evidenceCount === 0
    ? 'notStarted'
    : 'inProgress';
}

/** Filters of the dashboard: a state, overdue (not submitted, deadline past), not submitted, submitted late. */
export const MONITORING_FILTERS = [...MONITORING_STATES, 'overdue', 'notSubmitted', 'late'] as const;
export type MonitoringFilter = (typeof MONITORING_FILTERS)[number];

/** Sortable columns; `attention` (the default): overdue, returned, not started, in progress, submitted. */
export const MONITORING_SORTS = [
  'attention',
  'unit',
  'group',
  'progress',
  'evidence',
  'points',
  'activity',
] as const;
export type MonitoringSort = (typeof MONITORING_SORTS)[number];

/** Progress distribution: share of applicable criteria answered, in hundredths of a percent. */
export const MONITORING_PROGRESS_BUCKETS = [
  'none',
  'under25',
  'under50',
  'under75',
  'under100',
  'complete',
] as const;
export type MonitoringProgressBucket = (typeof MONITORING_PROGRESS_BUCKETS)[number];

export const MONITORING_LIMITS = { pageSizeDefault: 50, pageSizeMax: 500, searchMax: 200 } as const;

const pageNumber = (label: string) =>
  z.coerce
    .number({ error: `${label} phải là số.` })
    .int({ error: `${label} phải là số nguyên.` })
    .min(1, { error: `${label} nhỏ nhất là 1.` });

/** One page of the dashboard's unit rows, filtered and sorted on the server. */
export const MonitoringQuery = z.object({
  page: pageNumber('Trang').max(1_000_000, { error: 'Trang quá lớn.' }).default(1),
  pageSize: pageNumber('Số dòng mỗi trang')
    .max(MONITORING_LIMITS.pageSizeMax, {
      error: `Số dòng mỗi trang tối đa ${MONITORING_LIMITS.pageSizeMax}.`,
    })
    .default(MONITORING_LIMITS.pageSizeDefault),
  sort: z
    .enum(MONITORING_SORTS, { error: `Cột sắp xếp phải là một trong: ${MONITORING_SORTS.join(', ')}.` })
    .default('attention'),
  order: z.enum(['asc', 'desc'], { error: 'Thứ tự sắp xếp là asc hoặc desc.' }).default('asc'),
  status: z
    .enum(MONITORING_FILTERS, {
      error: `Trạng thái lọc phải là một trong: ${MONITORING_FILTERS.join(', ')}.`,
    })
    .optional(),
  /** A unit group's code: only its units. */
  group: z
    .string()
    .trim()
    .max(LIMITS.codeMax, { error: `Mã khối tối đa ${LIMITS.codeMax} ký tự.` })
    .optional(),
  /** Unit code or name, without accents or case (foldForSearch: "vu phap che" finds "Vụ Pháp chế"). */
  q: z
    .string()
    .max(MONITORING_LIMITS.searchMax, {
      error: `Từ khóa tìm kiếm tối đa ${MONITORING_LIMITS.searchMax} ký tự.`,
    })
    .optional(),
});
export type MonitoringQuery = z.infer<typeof MonitoringQuery>;

/** One row of the Office's monitoring dashboard. */
export const MonitoringRow = z.object({
  scorecardId: Id,
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  groupCode: z.string(),
  status: z.enum(SCORECARD_STATUSES),
  state: z.enum(MONITORING_STATES),
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

/** Counts over a set of units: the states partition `units`; overdue and late cut across them. */
const MonitoringCounts = {
  units: z.number().int(),
  submitted: z.number().int(),
  inProgress: z.number().int(),
  notStarted: z.number().int(),
  returned: z.number().int(),
  /** Not submitted, deadline (with extension) past. */
  overdue: z.number().int(),
  /** Submitted after the deadline. */
  late: z.number().int(),
};

export const MonitoringView = z.object({
  campaignId: Id,
  phase: z.enum(CAMPAIGN_PHASES),
  selfAssessmentDue: z.string().nullable(),
  /** Every participating unit, whatever the filters and the page. */
  totals: z.object(MonitoringCounts),
  /** Per unit group (by code), every unit; answeredPercent: the mean of the units' (hundredths). */
  groups: z.array(
    z.object({ groupCode: z.string(), ...MonitoringCounts, answeredPercent: z.number().int() }),
  ),
  /** Units per progress bucket, every unit, in MONITORING_PROGRESS_BUCKETS order. */
  progress: z.array(z.object({ bucket: z.enum(MONITORING_PROGRESS_BUCKETS), units: z.number().int() })),
  /** Units matching the filters and search (all pages). */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  sort: z.enum(MONITORING_SORTS),
  order: z.enum(['asc', 'desc']),
  /** One page of the matching units. */
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
