import { IdParams } from '@cchc/domain/api/common';
import {
  CloneIndexSetInput,
  ExportFormatParams,
  IndexSetDetail,
  IndexSetSummary,
  SaveIndexSetDocumentInput,
} from '@cchc/domain/api/index-sets';
import { LIMITS } from '@cchc/domain/validation';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { ctxOf } from '../../http/authenticate';
import type { IndexSetsService } from './index-sets.service';

/**
 * Content-Disposition for a download: `filename` must be ASCII (Node refuses other characters in
 * a header, which turned a Vietnamese code into a 500), so it gets a transliterated fallback
 * ("Bộ chỉ số" → "Bo_chi_so"); `filename*` carries the exact UTF-8 name (RFC 6266 / RFC 5987).
 */
export function contentDisposition(filename: string): string {
  const ascii =
    filename
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '') || 'download';
  // encodeURIComponent leaves ' ( ) * unescaped; RFC 5987 attr-char does not allow them.
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const indexSetsRoutes =
  (indexSets: IndexSetsService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['index-sets'];
    app.get(
      '/index-sets',
      {
        schema: {
          tags,
          summary: 'Danh sách bộ chỉ số (các phiên bản)',
          response: { 200: z.array(IndexSetSummary) },
        },
      },
      (req) => indexSets.list(ctxOf(req)),
    );
    app.get(
      '/index-sets/:id',
      {
        schema: {
          tags,
          summary: 'Một phiên bản bộ chỉ số, kèm nội dung',
          params: IdParams,
          response: { 200: IndexSetDetail },
        },
      },
      (req) => indexSets.get(ctxOf(req), req.params.id),
    );
    app.post(
      '/index-sets/import',
      {
        schema: {
          tags,
          summary: 'Nhập bộ chỉ số từ tệp JSON hoặc Excel (multipart, trường "file")',
          consumes: ['multipart/form-data'],
          response: { 201: IndexSetSummary },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        if (!req.isMultipart()) {
          throw new AppError('VALIDATION_ERROR', 'Cần gửi tệp dạng multipart/form-data, trường "file".');
        }
        const file = await req.file({ limits: { fileSize: LIMITS.indexSetUploadBytes, files: 1 } });
        if (!file) {
          throw new AppError('VALIDATION_ERROR', 'Chưa chọn tệp.', { fields: { file: 'Chưa chọn tệp.' } });
        }
        // toBuffer stops at the size limit and throws (→ PAYLOAD_TOO_LARGE): a 200 MB upload is never held.
        const read = async () => {
          const data = await file.toBuffer();
          if (file.file.truncated) {
            throw new AppError(
              'PAYLOAD_TOO_LARGE',
              `Tệp vượt quá ${LIMITS.indexSetUploadBytes / 1024 / 1024} MB.`,
            );
          }
          return data;
        };
        return reply.status(201).send(await indexSets.importFile(ctx, { filename: file.filename, read }));
      },
    );
    app.put(
      '/index-sets/:id/document',
      {
        bodyLimit: LIMITS.indexSetUploadBytes,
        schema: {
          tags,
          summary: 'Lưu nội dung một phiên bản dự thảo',
          params: IdParams,
          body: SaveIndexSetDocumentInput,
          response: { 200: IndexSetDetail },
        },
      },
      (req) => indexSets.saveDocument(ctxOf(req), req.params.id, req.body.document),
    );
    app.post(
      '/index-sets/:id/publish',
      {
        schema: {
          tags,
          summary: 'Ban hành (khoá) phiên bản',
          params: IdParams,
          response: { 200: IndexSetDetail },
        },
      },
      (req) => indexSets.transition(ctxOf(req), req.params.id, 'publish'),
    );
    app.post(
      '/index-sets/:id/versions',
      {
        schema: {
          tags,
          summary: 'Tạo phiên bản mới từ phiên bản này',
          params: IdParams,
          response: { 201: IndexSetDetail },
        },
      },
      async (req, reply) => reply.status(201).send(await indexSets.newVersion(ctxOf(req), req.params.id)),
    );
    app.post(
      '/index-sets/:id/clone',
      {
        schema: {
          tags,
          summary: 'Nhân bản thành bộ chỉ số mới (năm khác)',
          params: IdParams,
          body: CloneIndexSetInput,
          response: { 201: IndexSetDetail },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await indexSets.clone(ctxOf(req), req.params.id, req.body)),
    );
    app.get(
      '/index-sets/:id/export/:format',
      { schema: { tags, summary: 'Tải về dạng JSON hoặc Excel', params: ExportFormatParams } },
      async (req, reply) => {
        const file = await indexSets.exportFile(ctxOf(req), req.params.id, req.params.format);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', contentDisposition(file.filename))
          .send(file.data);
      },
    );
  };
