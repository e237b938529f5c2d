import type { Database } from '../../db/database';

/** The credential columns of app_user: only the auth module reads or writes them. */
export function credentialsRepo(db: Database) {
  return {
    findByUsername(username: string) {
      return db
        .selectFrom('app_user')
        .select(['id', 'passwordHash', 'isActive', 'failedLoginCount', 'lockedUntil'])
        .where('username', '=', username)
        .executeTakeFirst();
    },

    findById(id: string) {
      return db
        .selectFrom('app_user')
        .select(['id', 'passwordHash', 'isActive', 'failedLoginCount', 'lockedUntil'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async recordFailure(id: string, failedLoginCount: number, lockedUntil: string | null): Promise<void> {
      await db.updateTable('app_user').set({ failedLoginCount, lockedUntil }).where('id', '=', id).execute();
    },

    async recordSuccess(id: string, now: string): Promise<void> {
      await db
        .updateTable('app_user')
        .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now })
        .where('id', '=', id)
        .execute();
    },

    async setPassword(
      id: string,
      passwordHash: string,
      mustChangePassword: boolean,
      now: string,
    ): Promise<void> {
      await db
        .updateTable('app_user')
        .set({
          passwordHash,
          mustChangePassword: mustChangePassword ? 1 : 0,
          failedLoginCount: 0,
          lockedUntil: null,
          updatedAt: now,
        })
        .where('id', '=', id)
        .execute();
    },
  };
}
