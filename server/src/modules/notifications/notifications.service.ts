import type { NotificationList } from '@cchc/domain/api/reminders';
import { AppError } from '../../errors';
import { iso } from '../../platform/clock';
import type { Ctx, ServiceDeps } from '../shared/context';
import { notificationsRepo } from './notifications.repo';

/**
 * In-app notifications: each user sees and marks only their own, so no policy action is involved
 * (being signed in is the permission; every query is filtered by the actor's user id). Reading a
 * notification is not audited: it changes nothing the agency is accountable for.
 */
export function createNotificationsService({ db, clock }: ServiceDeps) {
  const repo = notificationsRepo(db);

  async function view(userId: string, f: { unreadOnly: boolean; limit: number }): Promise<NotificationList> {
    const [items, unreadCount] = await Promise.all([repo.list(userId, f), repo.unreadCount(userId)]);
    return {
      unreadCount,
      items: items.map((n) => ({
        id: n.id,
        campaignId: n.campaignId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        createdAt: n.createdAt,
        readAt: n.readAt,
      })),
    };
  }

  return {
    /** My notifications, newest first, with the unread count. */
    list(ctx: Ctx, query: { unreadOnly?: boolean | undefined; limit: number }): Promise<NotificationList> {
      return view(ctx.actor.userId, { unreadOnly: query.unreadOnly ?? false, limit: query.limit });
    },

    /** Marks one of my notifications read; someone else's is "not found", not "forbidden". */
    async markRead(ctx: Ctx, id: string): Promise<NotificationList> {
      const own = await repo.findOwn(id, ctx.actor.userId);
      if (!own) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy thông báo.');
      }
      await repo.markRead(id, ctx.actor.userId, iso(clock.now()));
      return view(ctx.actor.userId, { unreadOnly: false, limit: 50 });
    },

    /** Marks all my notifications read. */
    async markAllRead(ctx: Ctx): Promise<NotificationList> {
      await repo.markAllRead(ctx.actor.userId, iso(clock.now()));
      return view(ctx.actor.userId, { unreadOnly: false, limit: 50 });
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
