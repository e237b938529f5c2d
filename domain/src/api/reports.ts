import { z } from 'zod';
import { text } from './common';

/**
 * Reports and documents (issue 7): the settings of generated administrative documents, the
 * editable prose of the consolidated report, and export jobs (documents as DOCX/PDF, workbooks
 * as XLSX) run in the background with progress.
 */

export const REPORTS_LIMITS = {
  nameMax: 200,
  symbolMax: 40,
  placeMax: 100,
  recipientMax: 200,
  recipientsMax: 20,
  sectionMax: 20_000,
} as const;

/** Documents generated as DOCX (editable) and PDF. */
export const DOCUMENT_KINDS = [
  'consolidated-report',
  'approval-decision',
  'council-minutes',
  'self-assessment-report',
] as const;
/** Workbooks generated as XLSX (streaming writer). */
export const WORKBOOK_KINDS = ['summary-workbook', 'detail-workbook', 'field-workbook'] as const;
export const EXPORT_KINDS = [...DOCUMENT_KINDS, ...WORKBOOK_KINDS] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['docx', 'pdf', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATUSES = ['PENDING', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const EXPORT_KIND_LABELS: Record<ExportKind, { vi: string; en: string }> = {
  'consolidated-report': { vi: 'Báo cáo tổng hợp kết quả chấm điểm', en: 'Consolidated report' },
  'approval-decision': {
    vi: 'Dự thảo Quyết định phê duyệt, công bố Chỉ số CCHC',
    en: 'Draft decision approving and announcing the results',
  },
  'council-minutes': { vi: 'Biên bản họp Hội đồng thẩm định', en: 'Council minutes' },
  'self-assessment-report': { vi: 'Báo cáo tự đánh giá của đơn vị', en: "Unit's self-assessment report" },
  'summary-workbook': { vi: 'Bảng tổng hợp kết quả (Excel)', en: 'Summary workbook' },
  'detail-workbook': { vi: 'Bảng chi tiết điểm từng tiêu chí (Excel)', en: 'Detail workbook' },
  'field-workbook': { vi: 'Phân tích theo lĩnh vực (Excel)', en: 'Per-field workbook' },
};

/** Which formats each kind is generated in. */
export function formatsOf(kind: ExportKind): readonly ExportFormat[] {
  return (WORKBOOK_KINDS as readonly string[]).includes(kind) ? ['xlsx'] : ['docx', 'pdf'];
}

// ---------------------------------------------------------------------------------------------
// Document settings: agency name, numbering and signers are data, not code (Decree 30/2020/NĐ-CP).

export const Signer = z.object({
  /** "KT. CHÁNH THANH TRA" — the authority line above the title; empty when signing in own name. */
  authority: z.string().trim().max(REPORTS_LIMITS.nameMax).default(''),
  /** "PHÓ CHÁNH THANH TRA", "CHÁNH VĂN PHÒNG". */
  title: text('Chức vụ người ký', REPORTS_LIMITS.nameMax),
  /** Left empty in a draft when not known yet. */
  name: z.string().trim().max(REPORTS_LIMITS.nameMax).default(''),
});
export type Signer = z.infer<typeof Signer>;

const Recipients = z
  .array(text('Nơi nhận', REPORTS_LIMITS.recipientMax))
  .max(REPORTS_LIMITS.recipientsMax, { error: `Nơi nhận: tối đa ${REPORTS_LIMITS.recipientsMax} dòng.` });

const DocSymbol = text('Ký hiệu văn bản', REPORTS_LIMITS.symbolMax).regex(/^[\p{L}\d.\-/]+$/u, {
  error: "Ký hiệu văn bản: chỉ gồm chữ, chữ số, '.', '-' hoặc '/' (ví dụ BC-VP).",
});

export const DocumentSettingsInput = z.object({
  rowVersion: z.number().int().min(0),
  /** Governing body above the issuer ("THANH TRA CHÍNH PHỦ"); may be empty for a top-level agency. */
  agencyName: z.string().trim().max(REPORTS_LIMITS.nameMax).default(''),
  /** The agency issuing the decision (its name heads the decision). */
  issuerName: text('Tên cơ quan ban hành quyết định', REPORTS_LIMITS.nameMax),
  /** The Office, which issues the consolidated report. */
  officeName: text('Tên đơn vị tham mưu (Văn phòng)', REPORTS_LIMITS.nameMax),
  councilName: text('Tên Hội đồng thẩm định', REPORTS_LIMITS.nameMax),
  place: text('Địa danh', REPORTS_LIMITS.placeMax),
  /** Head of the issuing agency, as the decision names them ("Tổng Thanh tra Chính phủ"). */
  headTitle: text('Chức danh thủ trưởng cơ quan', REPORTS_LIMITS.nameMax),
  reportSymbol: DocSymbol,
  decisionSymbol: DocSymbol,
  minutesSymbol: DocSymbol,
  reportSigner: Signer,
  decisionSigner: Signer,
  minutesChair: Signer,
  minutesSecretary: Signer,
  reportRecipients: Recipients,
  decisionRecipients: Recipients,
});
export type DocumentSettingsInput = z.input<typeof DocumentSettingsInput>;
export type DocumentSettings = Omit<z.infer<typeof DocumentSettingsInput>, 'rowVersion'>;

export const DocumentSettingsView = DocumentSettingsInput.extend({
  /** False while the defaults (from AGENCY_NAME, DOCUMENT_PLACE) were never saved. */
  saved: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  canEdit: z.boolean(),
});
export type DocumentSettingsView = z.infer<typeof DocumentSettingsView>;

// ---------------------------------------------------------------------------------------------
// The consolidated report's prose: numbers are filled from data, these sections are edited in the app.

export const REPORT_SECTIONS = ['purpose', 'organisation', 'assessment', 'limitations', 'proposals'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export const REPORT_SECTION_LABELS: Record<ReportSection, { vi: string; en: string }> = {
  purpose: { vi: 'Mục đích, căn cứ', en: 'Purpose and basis' },
  organisation: { vi: 'Tổ chức triển khai', en: 'Organisation of the cycle' },
  assessment: { vi: 'Đánh giá chung', en: 'General assessment' },
  limitations: { vi: 'Tồn tại, hạn chế', en: 'Shortcomings' },
  proposals: { vi: 'Kiến nghị, đề xuất', en: 'Proposals' },
};

const SectionText = z
  .string()
  .max(REPORTS_LIMITS.sectionMax, { error: `Mỗi phần tối đa ${REPORTS_LIMITS.sectionMax} ký tự.` })
  .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim());

export const ReportDraftInput = z.object({
  rowVersion: z.number().int().min(0),
  sections: z.object(
    Object.fromEntries(REPORT_SECTIONS.map((s) => [s, SectionText])) as Record<
      ReportSection,
      typeof SectionText
    >,
  ),
});
export type ReportDraftInput = z.input<typeof ReportDraftInput>;

export const ReportDraftView = z.object({
  campaignId: z.string(),
  /** The stored text, or the default offered until the Office saves. */
  sections: z.record(z.enum(REPORT_SECTIONS), z.string()),
  defaults: z.record(z.enum(REPORT_SECTIONS), z.string()),
  rowVersion: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  canEdit: z.boolean(),
});
export type ReportDraftView = z.infer<typeof ReportDraftView>;

// ---------------------------------------------------------------------------------------------
// Export jobs.

export const ExportRequest = z
  .object({ kind: z.enum(EXPORT_KINDS), format: z.enum(EXPORT_FORMATS) })
  .refine((r) => formatsOf(r.kind).includes(r.format), {
    error: 'Định dạng không phù hợp: văn bản xuất DOCX hoặc PDF, bảng tính xuất XLSX.',
    path: ['format'],
  });
export type ExportRequest = z.infer<typeof ExportRequest>;

export const ScorecardExportRequest = z.object({ format: z.enum(['docx', 'pdf']) });

export const ExportView = z.object({
  id: z.string(),
  campaignId: z.string(),
  scorecardId: z.string().nullable(),
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(EXPORT_STATUSES),
  /** 0–100. */
  progress: z.number().int(),
  /** What the job is doing now, in Vietnamese ("Đang ghi 4.000/10.000 đơn vị"). */
  stage: z.string().nullable(),
  /** Why a failed job failed, in Vietnamese. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  fileName: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  requestedByName: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Set once DONE. */
  downloadUrl: z.string().nullable(),
});
export type ExportView = z.infer<typeof ExportView>;

export const ExportList = z.object({ items: z.array(ExportView) });
export type ExportList = z.infer<typeof ExportList>;
