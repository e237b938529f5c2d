import {
  BudgetDecisionInput,
  CampaignDetail,
  CampaignSummary,
  CampaignTransitionInput,
  CreateCampaignInput,
  MonitoringQuery,
  MonitoringView,
  SaveBudgetInput,
  SaveMilestonesInput,
  SaveParticipantsInput,
  UpdateCampaignInput,
} from '@cchc/domain/api/campaigns';
import { IdParams } from '@cchc/domain/api/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate';
import type { CampaignsService } from './campaigns.service';

export const campaignsRoutes =
  (campaigns: CampaignsService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['campaigns'];
    app.get(
      '/campaigns',
      { schema: { tags, summary: 'Danh sách kỳ đánh giá', response: { 200: z.array(CampaignSummary) } } },
      (req) => campaigns.list(ctxOf(req)),
    );
    app.post(
      '/campaigns',
      {
        schema: {
          tags,
          summary: 'Tạo kỳ đánh giá (mốc thời gian mặc định theo kế hoạch)',
          body: CreateCampaignInput,
          response: { 201: CampaignDetail },
        },
      },
      async (req, reply) => reply.status(201).send(await campaigns.create(ctxOf(req), req.body)),
    );
    app.get(
      '/campaigns/:id',
      { schema: { tags, summary: 'Một kỳ đánh giá', params: IdParams, response: { 200: CampaignDetail } } },
      (req) => campaigns.get(ctxOf(req), req.params.id),
    );
    app.patch(
      '/campaigns/:id',
      {
        schema: {
          tags,
          summary: 'Sửa tên, hướng dẫn chấm điểm, kỳ năm trước',
          params: IdParams,
          body: UpdateCampaignInput,
          response: { 200: CampaignDetail },
        },
      },
      (req) => campaigns.update(ctxOf(req), req.params.id, req.body),
    );
    app.put(
      '/campaigns/:id/milestones',
      {
        schema: {
          tags,
          summary: 'Lưu các mốc thời gian (ngày theo giờ Việt Nam)',
          params: IdParams,
          body: SaveMilestonesInput,
          response: { 200: CampaignDetail },
        },
      },
      (req) => campaigns.saveMilestones(ctxOf(req), req.params.id, req.body),
    );
    app.put(
      '/campaigns/:id/budget',
      {
        schema: {
          tags,
          summary: 'Lưu dự toán kinh phí (và trình phê duyệt)',
          params: IdParams,
          body: SaveBudgetInput,
          response: { 200: CampaignDetail },
        },
      },
      (req) => campaigns.saveBudget(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/campaigns/:id/budget/decision',
      {
        schema: {
          tags,
          summary: 'Phê duyệt hoặc trả lại dự toán (lãnh đạo)',
          params: IdParams,
          body: BudgetDecisionInput,
          response: { 200: CampaignDetail },
        },
      },
      (req) => campaigns.decideBudget(ctxOf(req), req.params.id, req.body),
    );
    app.put(
      '/campaigns/:id/units',
      {
        schema: {
          tags,
          summary: 'Đơn vị tham gia',
          params: IdParams,
          body: SaveParticipantsInput,
          response: { 200: CampaignDetail },
        },
      },
      (req) => campaigns.saveParticipants(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/campaigns/:id/transitions',
      {
        schema: {
          tags,
          summary: 'Chuyển giai đoạn kỳ đánh giá',
          params: IdParams,
          body: CampaignTransitionInput,
          response: { 200: CampaignDetail },
        },
      },
      (req) => campaigns.transition(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/campaigns/:id/monitoring',
      {
        schema: {
          tags,
          summary: 'Theo dõi tiến độ tự đánh giá: số liệu toàn kỳ và một trang đơn vị',
          params: IdParams,
          querystring: MonitoringQuery,
          response: { 200: MonitoringView },
        },
      },
      (req) => campaigns.monitoring(ctxOf(req), req.params.id, req.query),
    );
  };
