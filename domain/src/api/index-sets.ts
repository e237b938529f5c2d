import { z } from 'zod';
import { LIMITS } from '../validation';
import { code, Id, text } from './common';

export const INDEX_SET_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export type IndexSetStatus = (typeof INDEX_SET_STATUSES)[number];
export const INDEX_SET_STATUS_LABELS: Record<IndexSetStatus, { vi: string; en: string }> = {
  DRAFT: { vi: 'Dự thảo', en: 'Draft' },
  PUBLISHED: { vi: 'Đã ban hành', en: 'Published' },
};

/** Actions the UI may offer on one index-set version. */
export const INDEX_SET_ITEM_ACTIONS = [
  'indexSet.edit',
  'indexSet.publish',
  'indexSet.newVersion',
  'indexSet.clone',
] as const;

export const IndexSetSummary = z.object({
  id: Id,
  code: z.string(),
  version: z.number().int(),
  year: z.number().int(),
  name: z.string(),
  status: z.enum(INDEX_SET_STATUSES),
  leafCount: z.number().int(),
  /** Whether a newer version of the same code exists. */
  isLatest: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  allowedActions: z.array(z.enum(INDEX_SET_ITEM_ACTIONS)),
});
export type IndexSetSummary = z.infer<typeof IndexSetSummary>;

/**
 * One version with its whole document. `document` follows docs/index-set-format.md
 * (type IndexSetDocument in domain/src/index-set/format.ts); it is validated by
 * parseIndexSet on the server, so the schema here only says "an object".
 */
export const IndexSetDetail = IndexSetSummary.extend({
  document: z.record(z.string(), z.unknown()),
});
export type IndexSetDetail = z.infer<typeof IndexSetDetail>;

/** PUT /api/index-sets/:id/document — replaces the document of a DRAFT version. */
export const SaveIndexSetDocumentInput = z.object({
  document: z.record(z.string(), z.unknown()),
});
export type SaveIndexSetDocumentInput = z.infer<typeof SaveIndexSetDocumentInput>;

/** POST /api/index-sets/:id/clone — a new set (new code, version 1) for another year. */
export const CloneIndexSetInput = z.object({
  code: code('Mã bộ chỉ số').max(LIMITS.indexSetCodeMax),
  name: text('Tên bộ chỉ số', LIMITS.nameMax),
  year: z
    .number({ error: 'Năm phải là số.' })
    .int()
    .min(2000, { error: 'Năm từ 2000.' })
    .max(2100, { error: 'Năm tới 2100.' }),
});
export type CloneIndexSetInput = z.infer<typeof CloneIndexSetInput>;

export const ExportFormatParams = z.object({ id: Id, format: z.enum(['json', 'xlsx']) });
