import type { Database } from '../../db/database';
import { newId } from '../../platform/ids';

export function notificationsRepo(db: Database) {
  return {
    list(userId: string, f: { unreadOnly: boolean; limit: number }) {
      let q = db.selectFrom('notification').selectAll().where('userId', '=', userId);
      if (f.unreadOnly) {
        q = q.where('readAt', 'is', null);
      }
      return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
    },

    async unreadCount(userId: string): Promise<number> {
      const row = await db
        .selectFrom('notification')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('userId', '=', userId)
        .where('readAt', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    findOwn(id: string, userId: string) {
      return db
        .selectFrom('notification')
        .select(['id', 'readAt'])
        .where('id', '=', id)
        .where('userId', '=', userId)
        .executeTakeFirst();
    },

    /** Keeps the first read time: reading twice does not move it. */
    async markRead(id: string, userId: string, now: string): Promise<void> {
      await db
        .updateTable('notification')
        .set({ readAt: now })
        .where('id', '=', id)
        .where('userId', '=', userId)
        .where('readAt', 'is', null)
        .execute();
    },

    /** One notification to every active officer (focal officers and the head) of a unit. */
    async notifyUnit(
      unitId: string,
      n: {
        campaignId: string | null;
        kind: string;
        title: string;
        body: string;
        link: string | null;
        createdAt: string;
      },
    ): Promise<number> {
      const users = await db
        .selectFrom('user_role as r')
        .innerJoin('app_user as u', 'u.id', 'r.userId')
        .select('u.id')
        .distinct()
        .where('r.unitId', '=', unitId)
        .where('r.role', 'in', ['UNIT_FOCAL', 'UNIT_HEAD'])
        .where('u.isActive', '=', 1)
        .execute();
      if (users.length > 0) {
        await db
          .insertInto('notification')
          .values(users.map((u) => ({ id: newId(), userId: u.id, readAt: null, ...n })))
          .execute();
      }
      return users.length;
    },

    async markAllRead(userId: string, now: string): Promise<void> {
      await db
        .updateTable('notification')
        .set({ readAt: now })
        .where('userId', '=', userId)
        .where('readAt', 'is', null)
        .execute();
    },
  };
}
