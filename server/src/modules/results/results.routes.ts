import { IdParams } from '@cchc/domain/api/common';
import {
  AnnouncementInput,
  AnnouncementView,
  ChartsQuery,
  PublicCampaignSummary,
  PublicResultsPage,
  PublicResultsQuery,
  ResultsCharts,
  ResultsPage,
  ResultsQuery,
  ResultsSettingsInput,
  ResultsSettingsView,
  UnitResultsView,
} from '@cchc/domain/api/results';
import { LIMITS } from '@cchc/domain/validation';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate';
import { contentDisposition } from '../evidence/filename';
import type { ResultsService } from './results.service';

const CodeParams = z.object({ code: z.string().min(1).max(LIMITS.codeMax) });
const CSV_MIME = 'text/csv; charset=utf-8';

/** Routes of results and publication (docs/results.md; the contract in domain/src/api/results.ts). Thin. */
export const resultsRoutes =
  (results: ResultsService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['results'];
    app.get(
      '/campaigns/:id/results',
      {
        schema: {
          tags,
          summary: 'Kết quả, xếp hạng và phân tích (một trang)',
          params: IdParams,
          querystring: ResultsQuery,
          response: { 200: ResultsPage },
        },
      },
      (req) => results.resultsPage(ctxOf(req), req.params.id, req.query),
    );
    app.get(
      '/campaigns/:id/results/charts',
      {
        schema: {
          tags,
          summary: 'Dữ liệu biểu đồ kết quả',
          params: IdParams,
          querystring: ChartsQuery,
          response: { 200: ResultsCharts },
        },
      },
      (req) => results.resultsCharts(ctxOf(req), req.params.id, req.query.group || null),
    );
    app.get(
      '/campaigns/:id/results/csv',
      { schema: { tags, summary: 'Kết quả nội bộ (CSV)', params: IdParams } },
      async (req, reply) => {
        const file = await results.resultsCsv(ctxOf(req), req.params.id);
        return reply
          .header('content-type', CSV_MIME)
          .header('content-disposition', contentDisposition('attachment', file.filename))
          .header('cache-control', 'private, no-store')
          .send(file.body);
      },
    );
    app.get(
      '/campaigns/:id/results/settings',
      {
        schema: {
          tags,
          summary: 'Thiết lập kết quả (mức hoàn thành nhiệm vụ, so sánh năm trước)',
          params: IdParams,
          response: { 200: ResultsSettingsView },
        },
      },
      (req) => results.settings(ctxOf(req), req.params.id),
    );
    app.put(
      '/campaigns/:id/results/settings',
      {
        schema: {
          tags,
          summary: 'Lưu thiết lập kết quả',
          params: IdParams,
          body: ResultsSettingsInput,
          response: { 200: ResultsSettingsView },
        },
      },
      (req) => results.saveSettings(ctxOf(req), req.params.id, req.body),
    );
    app.put(
      '/campaigns/:id/announcement',
      {
        schema: {
          tags,
          summary: 'Quyết định và hội nghị công bố kết quả',
          params: IdParams,
          body: AnnouncementInput,
          response: { 200: AnnouncementView },
        },
      },
      (req) => results.saveAnnouncement(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/scorecards/:id/results',
      {
        schema: {
          tags,
          summary: 'Kết quả của một đơn vị',
          params: IdParams,
          response: { 200: UnitResultsView },
        },
      },
      (req) => results.unitResults(ctxOf(req), req.params.id),
    );

    // ---- public (no login): published results only, for the agency's e-portal and open data
    app.get(
      '/public/results',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Các kỳ đã công bố kết quả',
          response: { 200: z.array(PublicCampaignSummary) },
        },
      },
      async (_req, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        return results.publicList();
      },
    );
    app.get(
      '/public/results/:code',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Kết quả đã công bố (JSON, một trang)',
          params: CodeParams,
          querystring: PublicResultsQuery,
          response: { 200: PublicResultsPage },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        return results.publicResultsPage(req.params.code, req.query);
      },
    );
    app.get(
      '/public/results/:code/csv',
      { config: { public: true }, schema: { tags, summary: 'Kết quả đã công bố (CSV)', params: CodeParams } },
      async (req, reply) => {
        const file = await results.publicCsv(req.params.code);
        return reply
          .header('content-type', CSV_MIME)
          .header('content-disposition', contentDisposition('attachment', file.filename))
          .header('cache-control', 'public, max-age=60')
          .send(file.body);
      },
    );
  };
