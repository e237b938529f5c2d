import { z } from 'zod';
import { LIMITS } from '../validation';
import { SCORECARD_STATUSES } from '../workflow/scorecard.machine';
import { CAMPAIGN_LIMITS, LocalDate } from './campaigns';
import { Id, text } from './common';

/**
 * Scorecard API: one unit's self-assessment in one campaign. Routes:
 *   GET  /api/scorecards/:id                         → ScorecardView (tree + answers + evidence)
 *   PUT  /api/scorecards/:id/answers/:leafCode       SaveAnswerInput → AnswerView (409 EDIT_CONFLICT with details.current)
 *   POST /api/scorecards/:id/carry-forward           → ScorecardView (start from last year: drafts only)
 *   GET  /api/scorecards/:id/checks                  → SubmissionCheck
 *   POST /api/scorecards/:id/submit                  SubmitInput → ScorecardView (unit head)
 *   POST /api/scorecards/:id/return                  ReturnInput → ScorecardView (Office, before the deadline)
 *   POST /api/scorecards/:id/extension               ExtensionInput → ScorecardView (Office)
 *   POST /api/scorecards/:id/evidence                multipart (leafCode, title?, effectiveDate?, file) → EvidenceView
 *   POST /api/scorecards/:id/evidence/reference      DocumentReferenceInput → EvidenceView
 *   DELETE /api/scorecards/:id/evidence/:evidenceId  → { ok: true }
 *   GET  /api/scorecards/:id/evidence/:evidenceId/file[?inline=1] → the file
 *   GET  /api/scorecards/:id/xlsx                    → the scorecard as a workbook
 *   POST /api/scorecards/:id/xlsx                    multipart workbook → { saved, unchanged, blank, scorecard } (all or nothing)
 *   GET  /api/scorecards/:id/report-draft            → the self-assessment report as an editable DOCX draft to sign
 */

export const SCORECARD_LIMITS = {
  noteMax: 4000,
  reasonMax: CAMPAIGN_LIMITS.reasonMax,
  evidencePerLeafMax: 50,
} as const;

export const EVIDENCE_KINDS = ['FILE', 'DOCUMENT_REF'] as const;

export const EvidenceView = z.object({
  id: Id,
  leafCode: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  title: z.string(),
  filename: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  mimeType: z.string().nullable(),
  sha256: z.string().nullable(),
  docNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  /** Date of the document itself (local date), separate from the upload time. */
  effectiveDate: z.string().nullable(),
  /** Carried from last year's campaign and not yet confirmed. */
  isCarriedDraft: z.boolean(),
  uploadedAt: z.string(),
  uploadedByName: z.string(),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

export const AnswerView = z.object({
  leafCode: z.string(),
  /** The method input (docs/index-set-format.md "Answers"), null when not answered. */
  value: z.unknown().nullable(),
  /** Hundredths, computed by the engine. */
  points: z.number().int(),
  explanation: z.string(),
  note: z.string(),
  noEvidenceReason: z.string(),
  naClaimed: z.boolean(),
  naReason: z.string(),
  isCarriedDraft: z.boolean(),
  rowVersion: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
export type AnswerView = z.infer<typeof AnswerView>;

export const SCORECARD_ITEM_ACTIONS = [
  'scorecard.edit',
  'scorecard.submit',
  'scorecard.return',
  'scorecard.extend',
] as const;

export const ScorecardView = z.object({
  id: Id,
  campaign: z.object({
    id: Id,
    code: z.string(),
    name: z.string(),
    year: z.number().int(),
    phase: z.string(),
  }),
  unit: z.object({ id: Id, code: z.string(), name: z.string() }),
  groupCode: z.string(),
  status: z.enum(SCORECARD_STATUSES),
  rowVersion: z.number().int(),
  /** The unit's deadline (extension applied), local date. */
  dueDate: z.string().nullable(),
  /** The extension granted to this unit (local date), or null. */
  extendedUntil: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  /** Whether answers may be changed now (status, phase and deadline all allow it). */
  editable: z.boolean(),
  /** Why not, in Vietnamese, when not editable. */
  lockedReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Who submitted, and the head's covering note. */
  submittedByName: z.string().nullable(),
  submitNote: z.string().nullable(),
  /** The signed self-assessment report attached at submission (an evidence id of leaf __REPORT__). */
  signedReportEvidenceId: Id.nullable(),
  minutesLate: z.number().int().nullable(),
  returnReason: z.string().nullable(),
  /** The index-set document (interchange format) the web app renders and previews with the engine. */
  indexSet: z.object({
    id: Id,
    code: z.string(),
    version: z.number().int(),
    document: z.record(z.string(), z.unknown()),
  }),
  answers: z.array(AnswerView),
  evidence: z.array(EvidenceView),
  progress: z.object({
    answered: z.number().int(),
    applicable: z.number().int(),
    withEvidence: z.number().int(),
    /** Hundredths. */
    selfPoints: z.number().int(),
    maxPoints: z.number().int(),
  }),
  /** A previous campaign with answers to start from, when there is one and nothing is answered yet. */
  canCarryForward: z.boolean(),
  allowedActions: z.array(z.enum(SCORECARD_ITEM_ACTIONS)),
});
export type ScorecardView = z.infer<typeof ScorecardView>;

export const SaveAnswerInput = z.object({
  /** The rowVersion the client last read (0 for a leaf never saved): the optimistic-concurrency check. */
  rowVersion: z.number().int().min(0),
  value: z.unknown().nullable(),
  note: z
    .string()
    .max(SCORECARD_LIMITS.noteMax, { error: `Ghi chú: tối đa ${SCORECARD_LIMITS.noteMax} ký tự.` })
    .default(''),
  noEvidenceReason: z
    .string()
    .max(SCORECARD_LIMITS.reasonMax, { error: `Giải thích: tối đa ${SCORECARD_LIMITS.reasonMax} ký tự.` })
    .default(''),
  naClaimed: z.boolean().default(false),
  naReason: z
    .string()
    .max(SCORECARD_LIMITS.reasonMax, { error: `Lý do: tối đa ${SCORECARD_LIMITS.reasonMax} ký tự.` })
    .default(''),
});
export type SaveAnswerInput = z.infer<typeof SaveAnswerInput>;

export const DocumentReferenceInput = z.object({
  leafCode: z.string().min(1).max(LIMITS.indexSetCodeMax),
  title: text('Trích yếu', LIMITS.nameMax),
  docNumber: text('Số, ký hiệu', 100),
  issuer: text('Cơ quan ban hành', LIMITS.nameMax),
  effectiveDate: LocalDate,
});
export type DocumentReferenceInput = z.infer<typeof DocumentReferenceInput>;

export const SubmissionProblem = z.object({
  leafCode: z.string(),
  leafName: z.string(),
  /** UNANSWERED | NO_EVIDENCE_REASON | NA_REASON | CARRIED_DRAFT */
  kind: z.enum(['UNANSWERED', 'NO_EVIDENCE_REASON', 'NA_REASON', 'CARRIED_DRAFT']),
  message: z.string(),
});
export type SubmissionProblem = z.infer<typeof SubmissionProblem>;

export const SubmissionCheck = z.object({
  ok: z.boolean(),
  problems: z.array(SubmissionProblem),
  /** Summary the unit head reviews before submitting. */
  summary: z.object({
    selfPoints: z.number().int(),
    maxPoints: z.number().int(),
    indexPercent: z.number().int(),
    answered: z.number().int(),
    applicable: z.number().int(),
    evidenceCount: z.number().int(),
    naClaims: z.number().int(),
  }),
  dueDate: z.string().nullable(),
  wouldBeLate: z.boolean(),
});
export type SubmissionCheck = z.infer<typeof SubmissionCheck>;

export const SubmitInput = z.object({
  rowVersion: z.number().int(),
  note: z.string().max(SCORECARD_LIMITS.noteMax).default(''),
  /** Evidence id of the signed self-assessment report (uploaded with leafCode "__REPORT__"). */
  signedReportEvidenceId: Id.nullable().optional(),
});
export type SubmitInput = z.infer<typeof SubmitInput>;

export const ReturnInput = z.object({
  rowVersion: z.number().int(),
  reason: text('Lý do trả lại', SCORECARD_LIMITS.reasonMax),
});
export type ReturnInput = z.infer<typeof ReturnInput>;

export const ExtensionInput = z.object({
  rowVersion: z.number().int(),
  extendedUntil: LocalDate.nullable(),
  reason: text('Lý do gia hạn', SCORECARD_LIMITS.reasonMax),
});
export type ExtensionInput = z.infer<typeof ExtensionInput>;

/** Pseudo leaf code under which the signed self-assessment report is stored as evidence. */
export const REPORT_LEAF_CODE = '__REPORT__';
