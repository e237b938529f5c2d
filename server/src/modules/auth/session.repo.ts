import type { Database } from '../../db/database';

export function sessionRepo(db: Database) {
  return {
    async insert(row: {
      id: string;
      userId: string;
      csrfToken: string;
      provider: string;
      now: string;
      expiresAt: string;
      ip: string | null;
      userAgent: string | null;
    }): Promise<void> {
      await db
        .insertInto('session')
        .values({
          id: row.id,
          userId: row.userId,
          csrfToken: row.csrfToken,
          provider: row.provider,
          createdAt: row.now,
          lastSeenAt: row.now,
          expiresAt: row.expiresAt,
          revokedAt: null,
          ip: row.ip,
          userAgent: row.userAgent,
        })
        .execute();
    },

    findById(id: string) {
      return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
      await db.updateTable('session').set({ lastSeenAt, expiresAt }).where('id', '=', id).execute();
    },

    async revoke(id: string, now: string): Promise<void> {
      await db
        .updateTable('session')
        .set({ revokedAt: now })
        .where('id', '=', id)
        .where('revokedAt', 'is', null)
        .execute();
    },

    async revokeAllForUser(userId: string, now: string, exceptId?: string): Promise<void> {
      let q = db
        .updateTable('session')
        .set({ revokedAt: now })
        .where('userId', '=', userId)
        .where('revokedAt', 'is', null);
      if (exceptId) {
        q = q.where('id', '!=', exceptId);
      }
      await q.execute();
    },
  };
}
