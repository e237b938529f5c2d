import { z } from 'zod';
import { AUDIT_EVENTS } from '../audit/events';

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Ngày phải có dạng YYYY-MM-DD.' });

/** Filters of the audit viewer (GET /api/audit). Dates are local days (Asia/Ho_Chi_Minh), inclusive. */
export const AuditQuery = z
  .object({
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    /** A user id or a username. */
    actor: z.string().trim().min(1).max(100).optional(),
    /** Comma-separated event names. */
    action: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').filter((s) => s.length > 0) : []))
      .pipe(z.array(z.enum(AUDIT_EVENTS, { error: 'Loại sự kiện không hợp lệ.' })).max(AUDIT_EVENTS.length)),
    entityType: z.string().trim().min(1).max(40).optional(),
    entityId: z.string().trim().min(1).max(100).optional(),
    /** Keyset paging: events before this sequence number (the previous page's `nextBefore`). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    error: 'Từ ngày phải trước hoặc bằng đến ngày.',
    path: ['to'],
  });
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Paging of one scorecard's log (GET /api/scorecards/:id/audit). */
export const AuditPageQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type AuditPageQuery = z.infer<typeof AuditPageQuery>;

export const AuditEntryView = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actor: z.object({ userId: z.string(), username: z.string(), fullName: z.string() }).nullable(),
  /** The actor's role grants at the time, `ROLE` or `ROLE@unitId`; null for the CLI and jobs. */
  actorRoles: z.array(z.string()).nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** What changed (before → after) or why. */
  data: z.record(z.string(), z.unknown()),
  /** Null in a unit's view of its scorecard (other people's addresses are not the unit's to see). */
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = z.object({
  rows: z.array(AuditEntryView),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditVerifyView = z.object({
  ok: z.boolean(),
  checked: z.number(),
  headSeq: z.number(),
  headHash: z.string(),
  broken: z
    .object({
      problem: z.string(),
      event: z
        .object({ seq: z.number().nullable(), id: z.string(), at: z.string(), action: z.string() })
        .nullable(),
      message: z.string(),
    })
    .nullable(),
});
export type AuditVerifyView = z.infer<typeof AuditVerifyView>;
