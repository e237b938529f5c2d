import type { Readable } from 'node:stream';
import { can } from '@cchc/domain/access/policy';
import type { CampaignFileView } from '@cchc/domain/api/campaigns';
import { LocalDate } from '@cchc/domain/api/campaigns';
import {
  type DocumentReferenceInput,
  type EvidenceView,
  REPORT_LEAF_CODE,
  SCORECARD_LIMITS,
} from '@cchc/domain/api/scorecards';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { LIMITS } from '@cchc/domain/validation';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { newId } from '../../platform/ids';
import { auditRepo } from '../audit/audit.repo';
import { campaignsRepo } from '../campaigns/campaigns.repo';
import type { ScorecardAccess } from '../scorecards/scorecard-access';
import { scorecardsRepo } from '../scorecards/scorecards.repo';
import { type Ctx, requirePermission, type ServiceDeps } from '../shared/context';
import type { BlobStore, StoredBlob } from './blob-store';
import {
  type CampaignFileDetailRow,
  type EvidenceDetailRow,
  type EvidenceRow,
  evidenceRepo,
} from './evidence.repo';
import { INLINE_MIME_TYPES } from './sniff';

/** One multipart upload as the HTTP layer hands it over: nothing is read until `read()` is called. */
export interface UploadSource {
  /** Reads the text fields sent before the file, then stops at the file part (its bytes unread). */
  read(): Promise<{ fields: Record<string, string>; file: { stream: Readable; filename: string } | null }>;
}

/** A stored file ready to be sent. */
export interface FileDownload {
  stream: Readable;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  /** True only for PDF, PNG and JPEG (a browser shows them itself); everything else is an attachment. */
  inlineAllowed: boolean;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const EvidenceUploadFields = z.object({
  leafCode: z
    .string({ error: 'Tiêu chí: bắt buộc.' })
    .trim()
    .min(1, { error: 'Tiêu chí: bắt buộc.' })
    .max(LIMITS.indexSetCodeMax, { error: 'Mã tiêu chí quá dài.' }),
  title: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(LIMITS.nameMax, { error: `Tên minh chứng: tối đa ${LIMITS.nameMax} ký tự.` })
      .optional(),
  ),
  effectiveDate: z.preprocess(blankToUndefined, LocalDate.optional()),
});

const CampaignFileFields = z.object({
  title: z
    .string({ error: 'Tên tài liệu: bắt buộc nhập.' })
    .trim()
    .min(1, { error: 'Tên tài liệu: bắt buộc nhập.' })
    .max(LIMITS.nameMax, { error: `Tên tài liệu: tối đa ${LIMITS.nameMax} ký tự.` }),
});

function parseFields<T extends z.ZodType>(schema: T, fields: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(fields);
  if (parsed.success) {
    return parsed.data;
  }
  const messages: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    messages[issue.path.join('.') || '_'] ??= issue.message;
  }
  const first = Object.values(messages)[0];
  throw new AppError('VALIDATION_ERROR', first ? `Dữ liệu không hợp lệ: ${first}` : undefined, {
    fields: messages,
  });
}

function noFile(): AppError {
  return new AppError('VALIDATION_ERROR', 'Chưa chọn tệp (trường "file", gửi sau các trường khác).', {
    fields: { file: 'Chưa chọn tệp.' },
  });
}

export function evidenceView(row: EvidenceDetailRow): EvidenceView {
  return {
    id: row.id,
    leafCode: row.leafCode,
    kind: row.kind as EvidenceView['kind'],
    title: row.title,
    filename: row.filename,
    sizeBytes: row.sizeBytes,
    mimeType: row.mimeType,
    sha256: row.blobSha256,
    docNumber: row.docNumber,
    issuer: row.issuer,
    effectiveDate: row.effectiveDate,
    isCarriedDraft: row.isCarriedDraft === 1,
    uploadedAt: row.uploadedAt,
    uploadedByName: row.uploadedByName,
  };
}

function campaignFileView(row: CampaignFileDetailRow): CampaignFileView {
  return {
    id: row.id,
    title: row.title,
    filename: row.filename,
    sizeBytes: row.sizeBytes,
    mimeType: row.mimeType,
    sha256: row.blobSha256,
    uploadedAt: row.uploadedAt,
  };
}

type NewEvidence = Pick<
  EvidenceRow,
  'leafCode' | 'kind' | 'blobSha256' | 'filename' | 'title' | 'docNumber' | 'issuer' | 'effectiveDate'
> & { sizeBytes: number | null };

export interface EvidenceServiceDeps extends ServiceDeps {
  blobs: BlobStore;
  access: ScorecardAccess;
  /** EVIDENCE_MAX_BYTES. */
  maxBytes: number;
}

/** Evidence of scorecards (files and references to issued documents) and campaign guidance files. */
export function createEvidenceService({ db, clock, blobs, access, maxBytes }: EvidenceServiceDeps) {
  const nfc = (s: string) => s.normalize('NFC');

  /** Evidence belongs to a leaf the unit answers (its group's criteria, bonus, penalty) or to the report. */
  function checkLeaf(document: IndexSetDocument, groupCode: string, leafCode: string): void {
    if (leafCode !== REPORT_LEAF_CODE && !answerableLeaves(document, groupCode).has(leafCode)) {
      throw new AppError(
        'VALIDATION_ERROR',
        `Tiêu chí mã “${leafCode}” không áp dụng cho đơn vị trong kỳ đánh giá này.`,
        {
          fields: { leafCode: 'Tiêu chí không áp dụng cho đơn vị.' },
        },
      );
    }
  }

  /** First statement of a content change: only while the scorecard is still editable (no race with submit). */
  async function lockEditable(tx: typeof db, scorecardId: string, now: Date): Promise<void> {
    if (!(await scorecardsRepo(tx).touchIfEditable(scorecardId, now.toISOString()))) {
      throw new AppError('SCORECARD_LOCKED', 'Phiếu vừa được nộp hoặc khoá; thay đổi không được lưu.');
    }
  }

  async function checkLeafRoom(
    scorecardId: string,
    leafCode: string,
    repo = evidenceRepo(db),
  ): Promise<void> {
    if ((await repo.countLiveEvidence(scorecardId, leafCode)) >= SCORECARD_LIMITS.evidencePerLeafMax) {
      throw new AppError(
        'CONFLICT',
        `Mỗi tiêu chí có tối đa ${SCORECARD_LIMITS.evidencePerLeafMax} minh chứng; hãy gộp hoặc xoá bớt.`,
        { fields: { leafCode: `Tối đa ${SCORECARD_LIMITS.evidencePerLeafMax} minh chứng.` } },
      );
    }
  }

  /** Inserts one evidence row with its audit event and the scorecard's count, in one transaction. */
  async function insertEvidence(ctx: Ctx, scorecardId: string, values: NewEvidence): Promise<EvidenceView> {
    const now = clock.now();
    const id = newId(now.getTime());
    await inTransaction(db, async (tx) => {
      const repo = evidenceRepo(tx);
      await lockEditable(tx, scorecardId, now);
      await checkLeafRoom(scorecardId, values.leafCode, repo);
      await repo.insertEvidence({
        id,
        scorecardId,
        leafCode: values.leafCode,
        kind: values.kind,
        blobSha256: values.blobSha256,
        filename: values.filename,
        title: values.title,
        docNumber: values.docNumber,
        issuer: values.issuer,
        effectiveDate: values.effectiveDate,
        isCarriedDraft: 0,
        uploadedBy: ctx.actor.userId,
        uploadedAt: now.toISOString(),
        deletedAt: null,
        deletedBy: null,
      });
      const evidenceCount = await repo.refreshEvidenceCount(scorecardId, REPORT_LEAF_CODE, now.toISOString());
      await auditRepo(tx).append({
        at: now,
        actorUserId: ctx.actor.userId,
        action: 'evidence.added',
        entityType: 'scorecard',
        entityId: scorecardId,
        data: {
          evidenceId: id,
          leafCode: values.leafCode,
          kind: values.kind,
          title: values.title,
          ...(values.kind === 'FILE'
            ? { sha256: values.blobSha256, filename: values.filename, sizeBytes: values.sizeBytes }
            : { docNumber: values.docNumber, issuer: values.issuer }),
          evidenceCount,
        },
        ip: ctx.ip,
      });
    });
    return evidenceView((await evidenceRepo(db).findEvidence(id))!);
  }

  async function readFile(storageKey: string | null): Promise<Readable> {
    if (!storageKey) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy tệp.');
    }
    try {
      return await blobs.openRead(storageKey);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        // A row without its file: the store was restored without its blobs folder.
        throw new AppError('NOT_FOUND', 'Không tìm thấy nội dung tệp trong kho lưu trữ.');
      }
      throw error;
    }
  }

  return {
    /**
     * Adds a file as evidence of one leaf. The policy and the scorecard's state are checked
     * before a byte of the body is read; the fields (leafCode, title, effectiveDate) before the file.
     */
    async addFile(ctx: Ctx, scorecardId: string, upload: UploadSource): Promise<EvidenceView> {
      // Policy, status and phase before a byte of the body is read; the deadline once the leaf is known.
      const { document, scorecard } = await access.loadForReport(ctx, scorecardId);
      const { fields, file } = await upload.read();
      const input = parseFields(EvidenceUploadFields, fields);
      const leafCode = nfc(input.leafCode);
      const recheck = () =>
        leafCode === REPORT_LEAF_CODE
          ? access.loadForReport(ctx, scorecardId)
          : access.loadForEdit(ctx, scorecardId);
      await recheck();
      checkLeaf(document, scorecard.groupCode, leafCode);
      await checkLeafRoom(scorecardId, leafCode);
      if (!file) {
        throw noFile();
      }
      const stored: StoredBlob = await blobs.storeUpload(file.stream, { maxBytes, filename: file.filename });
      // The upload may have taken minutes: the deadline or a submission may have come meanwhile.
      await recheck();
      return insertEvidence(ctx, scorecardId, {
        leafCode,
        kind: 'FILE',
        blobSha256: stored.sha256,
        filename: stored.filename,
        title: input.title ? nfc(input.title) : stored.filename,
        docNumber: null,
        issuer: null,
        effectiveDate: input.effectiveDate ?? null,
        sizeBytes: stored.sizeBytes,
      });
    },

    /** Adds a reference to an issued document (number/symbol, date, issuer) — no file. */
    async addReference(ctx: Ctx, scorecardId: string, input: DocumentReferenceInput): Promise<EvidenceView> {
      const { document, scorecard } = await access.loadForEdit(ctx, scorecardId);
      const leafCode = nfc(input.leafCode);
      checkLeaf(document, scorecard.groupCode, leafCode);
      return insertEvidence(ctx, scorecardId, {
        leafCode,
        kind: 'DOCUMENT_REF',
        blobSha256: null,
        filename: null,
        title: nfc(input.title),
        docNumber: nfc(input.docNumber),
        issuer: nfc(input.issuer),
        effectiveDate: input.effectiveDate,
        sizeBytes: null,
      });
    },

    /** Removes evidence (soft delete: the row and its file stay for the audit trail). */
    async remove(ctx: Ctx, scorecardId: string, evidenceId: string): Promise<void> {
      await access.loadForEdit(ctx, scorecardId);
      const row = await evidenceRepo(db).findEvidence(evidenceId);
      if (!row || row.scorecardId !== scorecardId || row.deletedAt !== null) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy minh chứng.');
      }
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        const repo = evidenceRepo(tx);
        await lockEditable(tx, scorecardId, now);
        if (!(await repo.softDeleteEvidence(evidenceId, now.toISOString(), ctx.actor.userId))) {
          throw new AppError('NOT_FOUND', 'Không tìm thấy minh chứng.');
        }
        const evidenceCount = await repo.refreshEvidenceCount(
          scorecardId,
          REPORT_LEAF_CODE,
          now.toISOString(),
        );
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'evidence.removed',
          entityType: 'scorecard',
          entityId: scorecardId,
          data: {
            evidenceId,
            leafCode: row.leafCode,
            kind: row.kind,
            title: row.title,
            sha256: row.blobSha256,
            filename: row.filename,
            evidenceCount,
          },
          ip: ctx.ip,
        });
      });
    },

    /**
     * The file of one evidence row, for anyone who may read the scorecard. Another unit's
     * evidence (by its scorecard or by an evidence id of another scorecard) is refused and logged.
     */
    async download(ctx: Ctx, scorecardId: string, evidenceId: string): Promise<FileDownload> {
      const denied = async (reason: string, unitScorecardId: string) => {
        await auditRepo(db).append({
          at: clock.now(),
          actorUserId: ctx.actor.userId,
          action: 'evidence.accessDenied',
          entityType: 'scorecard',
          entityId: unitScorecardId,
          data: { evidenceId, requestedScorecardId: scorecardId, reason },
          ip: ctx.ip,
        });
      };
      try {
        await access.loadForRead(ctx, scorecardId);
      } catch (error) {
        if (error instanceof AppError && error.code === 'FORBIDDEN') {
          await denied('forbidden', scorecardId);
        }
        throw error;
      }
      const row = await evidenceRepo(db).findEvidence(evidenceId);
      if (row && row.scorecardId !== scorecardId) {
        // An evidence id of another scorecard behind a scorecard the actor may read: a probe.
        await denied('otherScorecard', row.scorecardId);
      }
      if (!row || row.scorecardId !== scorecardId || row.deletedAt !== null) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy minh chứng.');
      }
      if (row.kind !== 'FILE' || !row.blobSha256 || !row.mimeType || row.sizeBytes === null) {
        throw new AppError('NOT_FOUND', 'Minh chứng này là văn bản tham chiếu, không có tệp đính kèm.');
      }
      return {
        stream: await readFile(row.storageKey),
        filename: row.filename ?? row.title,
        mimeType: row.mimeType,
        sizeBytes: row.sizeBytes,
        sha256: row.blobSha256,
        inlineAllowed: INLINE_MIME_TYPES.has(row.mimeType),
      };
    },

    /** Attaches a guidance file to a campaign (the Office). */
    async addCampaignFile(ctx: Ctx, campaignId: string, upload: UploadSource): Promise<CampaignFileView> {
      requirePermission(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId });
      if (!(await evidenceRepo(db).findCampaign(campaignId))) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy kỳ đánh giá.');
      }
      const { fields, file } = await upload.read();
      const input = parseFields(CampaignFileFields, fields);
      if (!file) {
        throw noFile();
      }
      const stored = await blobs.storeUpload(file.stream, { maxBytes, filename: file.filename });
      const now = clock.now();
      const id = newId(now.getTime());
      await inTransaction(db, async (tx) => {
        await evidenceRepo(tx).insertCampaignFile({
          id,
          campaignId,
          blobSha256: stored.sha256,
          filename: stored.filename,
          title: nfc(input.title),
          uploadedBy: ctx.actor.userId,
          uploadedAt: now.toISOString(),
          deletedAt: null,
        });
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'campaign.fileAdded',
          entityType: 'campaign',
          entityId: campaignId,
          data: { fileId: id, title: nfc(input.title), filename: stored.filename, sha256: stored.sha256 },
          ip: ctx.ip,
        });
      });
      return campaignFileView((await evidenceRepo(db).findCampaignFile(id))!);
    },

    /** Removes a guidance file from a campaign (soft delete). */
    async removeCampaignFile(ctx: Ctx, campaignId: string, fileId: string): Promise<void> {
      requirePermission(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId });
      const row = await evidenceRepo(db).findCampaignFile(fileId);
      if (!row || row.campaignId !== campaignId || row.deletedAt !== null) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy tài liệu.');
      }
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        if (!(await evidenceRepo(tx).softDeleteCampaignFile(fileId, now.toISOString()))) {
          throw new AppError('NOT_FOUND', 'Không tìm thấy tài liệu.');
        }
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'campaign.fileRemoved',
          entityType: 'campaign',
          entityId: campaignId,
          data: { fileId, title: row.title, filename: row.filename, sha256: row.blobSha256 },
          ip: ctx.ip,
        });
      });
    },

    /** A campaign's guidance file, for anyone who may read the campaign. */
    async downloadCampaignFile(ctx: Ctx, campaignId: string, fileId: string): Promise<FileDownload> {
      requirePermission(ctx.actor, 'campaign.read', { type: 'campaign', campaignId });
      // Draft guidance is the Office's until it is issued (campaign in SETUP).
      const campaign = await campaignsRepo(db).findById(campaignId);
      if (
        !campaign ||
        (campaign.phase === 'SETUP' && !can(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId }))
      ) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy tài liệu.');
      }
      const row = await evidenceRepo(db).findCampaignFile(fileId);
      if (!row || row.campaignId !== campaignId || row.deletedAt !== null) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy tài liệu.');
      }
      return {
        stream: await readFile(row.storageKey),
        filename: row.filename,
        mimeType: row.mimeType,
        sizeBytes: row.sizeBytes,
        sha256: row.blobSha256,
        inlineAllowed: INLINE_MIME_TYPES.has(row.mimeType),
      };
    },
  };
}
export type EvidenceService = ReturnType<typeof createEvidenceService>;
