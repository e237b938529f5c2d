import { AuditPage, AuditPageQuery, AuditQuery, AuditVerifyView } from '@cchc/domain/api/audit';
import { IdParams } from '@cchc/domain/api/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/authenticate';
import type { AuditService } from './audit.service';

/** Routes of the audit log (docs/audit.md; contract in domain/src/api/audit.ts). Thin. */
export const auditRoutes =
  (audit: AuditService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['audit'];
    app.get(
      '/audit',
      {
        schema: {
          tags,
          summary: 'Nhật ký kiểm toán (lọc theo thời gian, người, loại sự kiện, đối tượng)',
          querystring: AuditQuery,
          response: { 200: AuditPage },
        },
      },
      (req) => audit.list(ctxOf(req), req.query),
    );
    app.get(
      '/audit/verify',
      {
        schema: {
          tags,
          summary: 'Kiểm tra chuỗi băm của nhật ký kiểm toán',
          response: { 200: AuditVerifyView },
        },
      },
      (req) => audit.verify(ctxOf(req)),
    );
    app.get(
      '/scorecards/:id/audit',
      {
        schema: {
          tags,
          summary: 'Nhật ký của một phiếu tự đánh giá',
          params: IdParams,
          querystring: AuditPageQuery,
          response: { 200: AuditPage },
        },
      },
      (req) => audit.scorecardLog(ctxOf(req), req.params.id, req.query),
    );
  };
