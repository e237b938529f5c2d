import { IdParams } from '@cchc/domain/api/common';
import { NotificationList, NotificationQuery } from '@cchc/domain/api/reminders';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/authenticate';
import type { NotificationsService } from './notifications.service';

export const notificationsRoutes =
  (notifications: NotificationsService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['notifications'];
    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'Thông báo của tôi (mới nhất trước), kèm số chưa đọc',
          querystring: NotificationQuery,
          response: { 200: NotificationList },
        },
      },
      (req) => notifications.list(ctxOf(req), req.query),
    );
    app.post(
      '/notifications/read-all',
      { schema: { tags, summary: 'Đánh dấu tất cả đã đọc', response: { 200: NotificationList } } },
      (req) => notifications.markAllRead(ctxOf(req)),
    );
    app.post(
      '/notifications/:id/read',
      {
        schema: { tags, summary: 'Đánh dấu đã đọc', params: IdParams, response: { 200: NotificationList } },
      },
      (req) => notifications.markRead(ctxOf(req), req.params.id),
    );
  };
