import { CampaignDetail } from '@cchc/domain/api/campaigns';
import { Id, OkResponse } from '@cchc/domain/api/common';
import { DocumentReferenceInput, EvidenceView } from '@cchc/domain/api/scorecards';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { ctxOf } from '../../http/authenticate';
import type { Ctx } from '../shared/context';
import type { EvidenceService, FileDownload, UploadSource } from './evidence.service';
import { contentDisposition } from './filename';

const EvidenceParams = z.object({ id: Id, evidenceId: Id });
const CampaignFileParams = z.object({ id: Id, fileId: Id });
const IdParams = z.object({ id: Id });
const InlineQuery = z.object({
  /** 1: show PDF, PNG and JPEG in the browser; ignored for every other type (always a download). */
  inline: z.enum(['0', '1']).optional(),
});

/** Text fields before the file: a handful, each short. */
const FIELD_LIMITS = { fields: 10, fieldSize: 4096, parts: 12, files: 1 } as const;

function multipartError(error: unknown): AppError {
  if (error instanceof AppError) {
    return error;
  }
  const code = (error as { code?: string }).code ?? '';
  if (
    code === 'FST_PARTS_LIMIT' ||
    code === 'FST_FILES_LIMIT' ||
    code === 'FST_FIELDS_LIMIT' ||
    code === 'FST_PROTO_VIOLATION' ||
    code === 'FST_INVALID_JSON_FIELD_ERROR'
  ) {
    return new AppError(
      'VALIDATION_ERROR',
      'Biểu mẫu tải lên không hợp lệ: chỉ gửi một tệp và vài trường ngắn.',
    );
  }
  // Premature close, "Unexpected end of form": the body stopped before its end.
  return new AppError('UPLOAD_ABORTED');
}

/**
 * The request body as an UploadSource: nothing is read until the service, having checked the
 * policy, calls `read()`; then the text fields are collected and the file part handed over unread.
 * @fastify/multipart gets the same size limit as the store (`fileSize`), so both agree.
 */
export function uploadSource(req: FastifyRequest, maxBytes: number): UploadSource {
  return {
    async read() {
      if (!req.isMultipart()) {
        throw new AppError(
          'VALIDATION_ERROR',
          'Cần gửi dạng multipart/form-data (các trường rồi đến "file").',
        );
      }
      const fields: Record<string, string> = {};
      try {
        for await (const part of req.parts({ limits: { ...FIELD_LIMITS, fileSize: maxBytes } })) {
          if (part.type === 'file') {
            return { fields, file: { stream: part.file, filename: part.filename } };
          }
          if (part.valueTruncated) {
            throw new AppError('VALIDATION_ERROR', `Trường “${part.fieldname}” quá dài.`);
          }
          if (typeof part.value === 'string' && !Object.hasOwn(fields, part.fieldname)) {
            fields[part.fieldname] = part.value;
          }
        }
      } catch (error) {
        throw multipartError(error);
      }
      return { fields, file: null };
    },
  };
}

/**
 * Runs an upload handler; on failure while the client is still sending, closes the connection
 * after the error response instead of reading (and discarding) the rest of the body — the
 * client gets its 413/415 at once rather than after uploading the whole file.
 */
export async function upload<T>(req: FastifyRequest, reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!req.raw.complete) {
      reply.header('connection', 'close');
    }
    throw error;
  }
}

export function sendFile(reply: FastifyReply, file: FileDownload, wantInline: boolean) {
  const disposition = wantInline && file.inlineAllowed ? 'inline' : 'attachment';
  return reply
    .header('content-type', file.mimeType)
    .header('content-length', String(file.sizeBytes))
    .header('content-disposition', contentDisposition(disposition, file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.stream);
}

export interface EvidenceRoutesOptions {
  /** EVIDENCE_MAX_BYTES. */
  maxBytes: number;
  /** The campaign as the campaigns module shows it: the answer of the campaign-file routes (API contract). */
  campaignDetail: (ctx: Ctx, campaignId: string) => Promise<CampaignDetail>;
}

export const evidenceRoutes =
  (evidence: EvidenceService, opts: EvidenceRoutesOptions): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['evidence'];
    app.post(
      '/scorecards/:id/evidence',
      {
        schema: {
          tags,
          summary: 'Tải lên tệp minh chứng (multipart: leafCode, title?, effectiveDate?, rồi file)',
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: { 201: EvidenceView },
        },
      },
      (req, reply) =>
        upload(req, reply, async () => {
          const view = await evidence.addFile(ctxOf(req), req.params.id, uploadSource(req, opts.maxBytes));
          return reply.status(201).send(view);
        }),
    );
    app.post(
      '/scorecards/:id/evidence/reference',
      {
        schema: {
          tags,
          summary: 'Thêm minh chứng là văn bản đã ban hành (số, ký hiệu, ngày, cơ quan ban hành)',
          params: IdParams,
          body: DocumentReferenceInput,
          response: { 201: EvidenceView },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await evidence.addReference(ctxOf(req), req.params.id, req.body)),
    );
    app.delete(
      '/scorecards/:id/evidence/:evidenceId',
      {
        schema: { tags, summary: 'Xoá minh chứng', params: EvidenceParams, response: { 200: OkResponse } },
      },
      async (req) => {
        await evidence.remove(ctxOf(req), req.params.id, req.params.evidenceId);
        return { ok: true as const };
      },
    );
    app.get(
      '/scorecards/:id/evidence/:evidenceId/file',
      {
        schema: {
          tags,
          summary: 'Tải tệp minh chứng (?inline=1: xem trực tiếp PDF, PNG, JPEG)',
          params: EvidenceParams,
          querystring: InlineQuery,
        },
      },
      async (req, reply) =>
        sendFile(
          reply,
          await evidence.download(ctxOf(req), req.params.id, req.params.evidenceId),
          req.query.inline === '1',
        ),
    );

    app.post(
      '/campaigns/:id/files',
      {
        schema: {
          tags: ['campaigns'],
          summary: 'Đính kèm tài liệu hướng dẫn vào kỳ đánh giá (multipart: title, rồi file)',
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: { 201: CampaignDetail },
        },
      },
      (req, reply) =>
        upload(req, reply, async () => {
          const ctx = ctxOf(req);
          await evidence.addCampaignFile(ctx, req.params.id, uploadSource(req, opts.maxBytes));
          return reply.status(201).send(await opts.campaignDetail(ctx, req.params.id));
        }),
    );
    app.delete(
      '/campaigns/:id/files/:fileId',
      {
        schema: {
          tags: ['campaigns'],
          summary: 'Gỡ tài liệu hướng dẫn',
          params: CampaignFileParams,
          response: { 200: CampaignDetail },
        },
      },
      async (req) => {
        const ctx = ctxOf(req);
        await evidence.removeCampaignFile(ctx, req.params.id, req.params.fileId);
        return opts.campaignDetail(ctx, req.params.id);
      },
    );
    app.get(
      '/campaigns/:id/files/:fileId',
      {
        schema: {
          tags: ['campaigns'],
          summary: 'Tải tài liệu hướng dẫn (?inline=1: xem trực tiếp PDF, PNG, JPEG)',
          params: CampaignFileParams,
          querystring: InlineQuery,
        },
      },
      async (req, reply) =>
        sendFile(
          reply,
          await evidence.downloadCampaignFile(ctxOf(req), req.params.id, req.params.fileId),
          req.query.inline === '1',
        ),
    );
  };
