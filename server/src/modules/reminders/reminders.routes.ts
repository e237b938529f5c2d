import { IdParams } from '@cchc/domain/api/common';
import {
  DeliveryPage,
  DeliveryQuery,
  ManualReminderInput,
  ManualReminderResult,
  ReminderRulesView,
  SaveReminderRulesInput,
} from '@cchc/domain/api/reminders';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/authenticate';
import type { RemindersService } from './reminders.service';

export const remindersRoutes =
  (reminders: RemindersService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['reminders'];
    app.get(
      '/campaigns/:id/reminder-rules',
      {
        schema: {
          tags,
          summary: 'Lịch nhắc hạn (đôn đốc) của kỳ đánh giá',
          params: IdParams,
          response: { 200: ReminderRulesView },
        },
      },
      (req) => reminders.listRules(ctxOf(req), req.params.id),
    );
    app.put(
      '/campaigns/:id/reminder-rules',
      {
        schema: {
          tags,
          summary: 'Thay lịch nhắc hạn của kỳ đánh giá',
          params: IdParams,
          body: SaveReminderRulesInput,
          response: { 200: ReminderRulesView },
        },
      },
      (req) => reminders.saveRules(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/campaigns/:id/reminder-deliveries',
      {
        schema: {
          tags,
          summary: 'Nhật ký gửi nhắc (lọc theo đơn vị, trạng thái; phân trang)',
          params: IdParams,
          querystring: DeliveryQuery,
          response: { 200: DeliveryPage },
        },
      },
      (req) => reminders.listDeliveries(ctxOf(req), req.params.id, req.query),
    );
    app.post(
      '/campaigns/:id/reminders',
      {
        schema: {
          tags,
          summary: 'Gửi nhắc ngay cho các đơn vị chưa nộp (Văn phòng)',
          params: IdParams,
          body: ManualReminderInput,
          response: { 202: ManualReminderResult },
        },
      },
      async (req, reply) =>
        reply.status(202).send(await reminders.sendManual(ctxOf(req), req.params.id, req.body)),
    );
  };
