import { IdParams } from '@cchc/domain/api/common';
import {
  DocumentSettingsInput,
  DocumentSettingsView,
  ExportList,
  ExportRequest,
  ExportView,
  ReportDraftInput,
  ReportDraftView,
  ScorecardExportRequest,
} from '@cchc/domain/api/reports';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/authenticate';
import { contentDisposition } from '../evidence/filename';
import type { ReportsService } from './reports.service';

/** Routes of reports, documents and exports (docs/reports.md; contract in domain/src/api/reports.ts). Thin. */
export const reportsRoutes =
  (reports: ReportsService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['reports'];
    app.get(
      '/document-settings',
      {
        schema: {
          tags,
          summary: 'Thiết lập văn bản (cơ quan, ký hiệu, người ký)',
          response: { 200: DocumentSettingsView },
        },
      },
      (req) => reports.documentSettings(ctxOf(req)),
    );
    app.put(
      '/document-settings',
      {
        schema: {
          tags,
          summary: 'Lưu thiết lập văn bản',
          body: DocumentSettingsInput,
          response: { 200: DocumentSettingsView },
        },
      },
      (req) => reports.saveDocumentSettings(ctxOf(req), req.body),
    );
    app.get(
      '/campaigns/:id/report-draft',
      {
        schema: {
          tags,
          summary: 'Nội dung báo cáo tổng hợp (phần lời văn)',
          params: IdParams,
          response: { 200: ReportDraftView },
        },
      },
      (req) => reports.reportDraft(ctxOf(req), req.params.id),
    );
    app.put(
      '/campaigns/:id/report-draft',
      {
        schema: {
          tags,
          summary: 'Lưu nội dung báo cáo tổng hợp',
          params: IdParams,
          body: ReportDraftInput,
          response: { 200: ReportDraftView },
        },
      },
      (req) => reports.saveReportDraft(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/campaigns/:id/exports',
      {
        schema: {
          tags,
          summary: 'Yêu cầu tạo văn bản hoặc bảng tính (chạy nền)',
          params: IdParams,
          body: ExportRequest,
          response: { 200: ExportView, 202: ExportView },
        },
      },
      async (req, reply) => {
        const r = await reports.requestExport(ctxOf(req), req.params.id, req.body);
        return reply.code(r.created ? 202 : 200).send(r.view);
      },
    );
    app.get(
      '/campaigns/:id/exports',
      {
        schema: {
          tags,
          summary: 'Các tệp đã yêu cầu của kỳ đánh giá',
          params: IdParams,
          response: { 200: ExportList },
        },
      },
      (req) => reports.list(ctxOf(req), req.params.id),
    );
    app.post(
      '/scorecards/:id/exports',
      {
        schema: {
          tags,
          summary: 'Yêu cầu tạo báo cáo tự đánh giá của đơn vị (chạy nền)',
          params: IdParams,
          body: ScorecardExportRequest,
          response: { 200: ExportView, 202: ExportView },
        },
      },
      async (req, reply) => {
        const r = await reports.requestScorecardExport(ctxOf(req), req.params.id, req.body.format);
        return reply.code(r.created ? 202 : 200).send(r.view);
      },
    );
    app.get(
      '/scorecards/:id/exports',
      {
        schema: {
          tags,
          summary: 'Các tệp đã yêu cầu của phiếu chấm điểm',
          params: IdParams,
          response: { 200: ExportList },
        },
      },
      (req) => reports.listForScorecard(ctxOf(req), req.params.id),
    );
    app.get(
      '/exports/:id',
      {
        schema: {
          tags,
          summary: 'Trạng thái, tiến độ của một tệp xuất',
          params: IdParams,
          response: { 200: ExportView },
        },
      },
      (req) => reports.get(ctxOf(req), req.params.id),
    );
    app.get(
      '/exports/:id/file',
      { schema: { tags, summary: 'Tải tệp đã tạo', params: IdParams } },
      async (req, reply) => {
        const file = await reports.file(ctxOf(req), req.params.id);
        return reply
          .header('content-type', file.contentType)
          .header('content-length', String(file.sizeBytes))
          .header('content-disposition', contentDisposition('attachment', file.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(file.stream);
      },
    );
  };
