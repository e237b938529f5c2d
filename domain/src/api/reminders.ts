import { z } from 'zod';
import { REMINDER_AUDIENCES } from '../campaign/defaults';
import { ReminderRuleView } from './campaigns';
import { Id } from './common';

/**
 * Reminders (đôn đốc) and in-app notifications. Routes:
 *   GET  /api/campaigns/:id/reminder-rules       → ReminderRulesView (Office)
 *   PUT  /api/campaigns/:id/reminder-rules       SaveReminderRulesInput → ReminderRulesView
 *   GET  /api/campaigns/:id/reminder-deliveries  ?unitId&status&page&pageSize → DeliveryPage
 *   POST /api/campaigns/:id/reminders            ManualReminderInput → ManualReminderResult (202)
 *   GET  /api/notifications                      ?unreadOnly&limit → NotificationList (own)
 *   POST /api/notifications/:id/read             → NotificationList
 *   POST /api/notifications/read-all             → NotificationList
 */

export { ReminderRuleView };

export const REMINDER_LIMITS = {
  rulesMax: 20,
  /** A reminder more than 60 days away from its deadline is a typo, not a plan. */
  offsetDaysMax: 60,
  messageMax: 2000,
  pageSizeMax: 200,
} as const;

/** Milestones that reminders can follow: only the self-assessment deadline has work to urge today. */
export const REMINDER_MILESTONE_KEYS = ['SELF_ASSESSMENT'] as const;

export const REMINDER_CHANNELS = ['IN_APP', 'EMAIL'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
export const DELIVERY_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, { vi: string; en: string }> = {
  PENDING: { vi: 'Đang chờ gửi', en: 'Pending' },
  SENT: { vi: 'Đã gửi', en: 'Sent' },
  FAILED: { vi: 'Gửi lỗi', en: 'Failed' },
};

export const ReminderRuleInput = z.object({
  milestoneKey: z.enum(REMINDER_MILESTONE_KEYS, { error: 'Mốc nhắc hạn không hợp lệ.' }),
  offsetDays: z
    .number({ error: 'Số ngày phải là số.' })
    .int({ error: 'Số ngày phải là số nguyên.' })
    .min(-REMINDER_LIMITS.offsetDaysMax, { error: `Tối đa ${REMINDER_LIMITS.offsetDaysMax} ngày trước hạn.` })
    .max(REMINDER_LIMITS.offsetDaysMax, { error: `Tối đa ${REMINDER_LIMITS.offsetDaysMax} ngày sau hạn.` }),
  audience: z.enum(REMINDER_AUDIENCES, { error: 'Người nhận phải là FOCAL, HEAD hoặc BOTH.' }),
  isActive: z.boolean().default(true),
});
export type ReminderRuleInput = z.input<typeof ReminderRuleInput>;

export const SaveReminderRulesInput = z.object({
  /** The `version` of the ladder the editor read: a save over someone else's change is refused. */
  version: z.string().min(1).max(100),
  rules: z
    .array(ReminderRuleInput)
    .max(REMINDER_LIMITS.rulesMax, { error: `Tối đa ${REMINDER_LIMITS.rulesMax} lần nhắc.` })
    // One rule per (milestone, offset): a rule keeps its id across saves, which is what stops an
    // edited ladder from sending the same step again (docs/reminders.md).
    .refine((rules) => new Set(rules.map((r) => `${r.milestoneKey}:${r.offsetDays}`)).size === rules.length, {
      error: 'Mỗi mốc chỉ có một lần nhắc cho mỗi số ngày.',
    }),
});
export type SaveReminderRulesInput = z.input<typeof SaveReminderRulesInput>;

export const ReminderRulesView = z.object({
  campaignId: Id,
  /** Fingerprint of the ladder as stored (optimistic concurrency for SaveReminderRulesInput). */
  version: z.string(),
  rules: z.array(ReminderRuleView),
  /** The default ladder, for a "restore defaults" button. */
  defaults: z.array(ReminderRuleInput.required()),
});
export type ReminderRulesView = z.infer<typeof ReminderRulesView>;

export const DeliveryQuery = z.object({
  unitId: Id.optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(REMINDER_LIMITS.pageSizeMax).default(50),
});
export type DeliveryQuery = z.infer<typeof DeliveryQuery>;

export const DeliveryView = z.object({
  id: Id,
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  userId: Id.nullable(),
  recipientName: z.string().nullable(),
  ruleId: Id.nullable(),
  /** rule:… for the automatic ladder, manual:… for a reminder the Office sent. */
  reminderKey: z.string(),
  channel: z.enum(REMINDER_CHANNELS),
  recipient: z.string(),
  subject: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentBy: Id.nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const DeliveryPage = z.object({
  items: z.array(DeliveryView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type DeliveryPage = z.infer<typeof DeliveryPage>;

export const ManualReminderInput = z.object({
  /** Default: every participating unit whose scorecard still has work (DRAFT or RETURNED). */
  unitIds: z.array(Id).min(1, { error: 'Chọn ít nhất một đơn vị.' }).max(100_000).optional(),
  message: z
    .string()
    .trim()
    .max(REMINDER_LIMITS.messageMax, { error: `Lời nhắn: tối đa ${REMINDER_LIMITS.messageMax} ký tự.` })
    .optional(),
  /** Who receives it: the focal officers, the heads, or both (default). */
  audience: z
    .enum(REMINDER_AUDIENCES, { error: 'Người nhận phải là FOCAL, HEAD hoặc BOTH.' })
    .default('BOTH'),
});
export type ManualReminderInput = z.input<typeof ManualReminderInput>;

export const ManualReminderResult = z.object({
  /** Units reminded (those chosen that still have work). */
  unitCount: z.number().int(),
  /** Deliveries queued (one per recipient and channel). */
  deliveryCount: z.number().int(),
  /** Chosen units skipped because they already submitted or do not take part. */
  skippedUnitIds: z.array(Id),
  /** Units with work but nobody to receive a reminder (no active focal officer or head account). */
  noRecipientUnits: z.array(z.object({ unitId: Id, unitCode: z.string(), unitName: z.string() })),
});
export type ManualReminderResult = z.infer<typeof ManualReminderResult>;

export const NotificationView = z.object({
  id: Id,
  campaignId: Id.nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** A path inside the web app. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationQuery = z.object({
  unreadOnly: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const NotificationList = z.object({
  items: z.array(NotificationView),
  unreadCount: z.number().int(),
});
export type NotificationList = z.infer<typeof NotificationList>;
