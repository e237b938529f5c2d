import { IdParams } from '@cchc/domain/api/common';
import {
  AnswerView,
  ExtensionInput,
  ReturnInput,
  SaveAnswerInput,
  ScorecardView,
  SubmissionCheck,
  SubmitInput,
} from '@cchc/domain/api/scorecards';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate';
import { type Clock, systemClock } from '../../platform/clock';
import { contentDisposition } from '../evidence/filename';
import type { ScorecardsService } from './scorecards.service';
import { createScorecardXlsx, ScorecardXlsxImportResult, XLSX_MIME } from './xlsx/scorecard-xlsx';
import { readXlsxUpload } from './xlsx/upload';

const LeafParams = IdParams.extend({ leafCode: z.string().min(1).max(40) });

export const scorecardsRoutes =
  (scorecards: ScorecardsService, options: { clock?: Clock } = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['scorecards'];
    const xlsx = createScorecardXlsx(scorecards, options.clock ?? systemClock);
    app.get(
      '/scorecards/:id',
      {
        schema: {
          tags,
          summary: 'Phiếu tự đánh giá của một đơn vị (cây tiêu chí, điểm, tài liệu)',
          params: IdParams,
          response: { 200: ScorecardView },
        },
      },
      (req) => scorecards.get(ctxOf(req), req.params.id),
    );
    app.put(
      '/scorecards/:id/answers/:leafCode',
      {
        schema: {
          tags,
          summary: 'Lưu điểm tự chấm của một tiêu chí (kiểm tra phiên bản)',
          params: LeafParams,
          body: SaveAnswerInput,
          response: { 200: AnswerView },
        },
      },
      (req) => scorecards.saveAnswer(ctxOf(req), req.params.id, req.params.leafCode, req.body),
    );
    app.post(
      '/scorecards/:id/carry-forward',
      {
        schema: {
          tags,
          summary: 'Lấy kết quả năm trước làm bản nháp',
          params: IdParams,
          response: { 200: ScorecardView },
        },
      },
      (req) => scorecards.carryForward(ctxOf(req), req.params.id),
    );
    app.get(
      '/scorecards/:id/report-draft',
      {
        schema: {
          tags,
          summary: 'Dự thảo báo cáo tự đánh giá (DOCX) để thủ trưởng ký',
          params: IdParams,
        },
      },
      async (req, reply) => {
        const file = await scorecards.reportDraft(ctxOf(req), req.params.id);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('x-content-type-options', 'nosniff')
          .send(file.data);
      },
    );
    app.get(
      '/scorecards/:id/checks',
      {
        schema: {
          tags,
          summary: 'Kiểm tra trước khi nộp',
          params: IdParams,
          response: { 200: SubmissionCheck },
        },
      },
      (req) => scorecards.checks(ctxOf(req), req.params.id),
    );
    app.post(
      '/scorecards/:id/submit',
      {
        schema: {
          tags,
          summary: 'Nộp kết quả tự đánh giá',
          params: IdParams,
          body: SubmitInput,
          response: { 200: ScorecardView },
        },
      },
      (req) => scorecards.submit(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/scorecards/:id/return',
      {
        schema: {
          tags,
          summary: 'Trả lại phiếu đã nộp (Văn phòng, trước hạn)',
          params: IdParams,
          body: ReturnInput,
          response: { 200: ScorecardView },
        },
      },
      (req) => scorecards.returnToUnit(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/scorecards/:id/extension',
      {
        schema: {
          tags,
          summary: 'Gia hạn tự đánh giá cho đơn vị',
          params: IdParams,
          body: ExtensionInput,
          response: { 200: ScorecardView },
        },
      },
      (req) => scorecards.extend(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/scorecards/:id/xlsx',
      {
        schema: {
          tags,
          summary: 'Tải phiếu tự chấm dạng Excel (điền rồi tải lên lại)',
          params: IdParams,
        },
      },
      async (req, reply) => {
        const file = await xlsx.exportFile(ctxOf(req), req.params.id);
        return reply
          .header('content-type', XLSX_MIME)
          .header('content-disposition', contentDisposition('attachment', file.filename))
          .header('cache-control', 'private, no-store')
          .send(file.data);
      },
    );
    app.post(
      '/scorecards/:id/xlsx',
      {
        schema: {
          tags,
          summary:
            'Tải lên phiếu tự chấm đã điền bằng Excel (multipart, trường "file"; lưu tất cả hoặc không)',
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: { 200: ScorecardXlsxImportResult },
        },
      },
      (req) => xlsx.importFile(ctxOf(req), req.params.id, { read: () => readXlsxUpload(req) }),
    );
  };
