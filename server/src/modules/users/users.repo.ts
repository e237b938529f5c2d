import type { Database } from '../../db/database';

export interface UserRow {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  isActive: number;
  mustChangePassword: number;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
  homeUnitId: string | null;
  homeUnitCode: string | null;
  homeUnitName: string | null;
}

export interface RoleRow {
  userId: string;
  role: string;
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
}

const USER_COLUMNS = [
  'app_user.id',
  'app_user.username',
  'app_user.fullName',
  'app_user.email',
  'app_user.isActive',
  'app_user.mustChangePassword',
  'app_user.lastLoginAt',
  'app_user.lockedUntil',
  'app_user.createdAt',
  'app_user.homeUnitId',
  'home_unit.code as homeUnitCode',
  'home_unit.name as homeUnitName',
] as const;

/** Profiles and role grants. Credential columns belong to the auth module's repo. */
export function usersRepo(db: Database) {
  return {
    async list(filter: {
      search?: string;
      includeInactive: boolean;
      unitIds?: readonly string[];
      role?: string;
    }): Promise<UserRow[]> {
      let q = db
        .selectFrom('app_user')
        .leftJoin('unit as home_unit', 'home_unit.id', 'app_user.homeUnitId')
        .select(USER_COLUMNS);
      if (!filter.includeInactive) {
        q = q.where('app_user.isActive', '=', 1);
      }
      if (filter.search) {
        q = q.where('app_user.searchText', 'like', `%${filter.search}%`);
      }
      if (filter.unitIds) {
        if (filter.unitIds.length === 0) {
          return [];
        }
        const unitIds = filter.unitIds;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_role')
              .select('user_role.id')
              .whereRef('user_role.userId', '=', 'app_user.id')
              .where('user_role.unitId', 'in', unitIds),
          ),
        );
      }
      if (filter.role) {
        const role = filter.role;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_role')
              .select('user_role.id')
              .whereRef('user_role.userId', '=', 'app_user.id')
              .where('user_role.role', '=', role),
          ),
        );
      }
      return q.orderBy('app_user.username').execute();
    },

    findById(id: string): Promise<UserRow | undefined> {
      return db
        .selectFrom('app_user')
        .leftJoin('unit as home_unit', 'home_unit.id', 'app_user.homeUnitId')
        .select(USER_COLUMNS)
        .where('app_user.id', '=', id)
        .executeTakeFirst();
    },

    async usernameTaken(username: string): Promise<boolean> {
      return (
        (await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst()) !==
        undefined
      );
    },

    async rolesOf(userIds: readonly string[]): Promise<RoleRow[]> {
      if (userIds.length === 0) {
        return [];
      }
      return db
        .selectFrom('user_role')
        .leftJoin('unit', 'unit.id', 'user_role.unitId')
        .select([
          'user_role.userId',
          'user_role.role',
          'user_role.unitId',
          'unit.code as unitCode',
          'unit.name as unitName',
        ])
        .where('user_role.userId', 'in', userIds)
        .orderBy('user_role.createdAt')
        .orderBy('user_role.id')
        .execute();
    },

    async countAll(): Promise<number> {
      const row = await db
        .selectFrom('app_user')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async countActiveWithRole(role: string): Promise<number> {
      const row = await db
        .selectFrom('app_user')
        .innerJoin('user_role', 'user_role.userId', 'app_user.id')
        .select((eb) => eb.fn.count<string | number>('app_user.id').distinct().as('n'))
        .where('app_user.isActive', '=', 1)
        .where('user_role.role', '=', role)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insert(row: {
      id: string;
      username: string;
      fullName: string;
      email: string | null;
      passwordHash: string | null;
      mustChangePassword: boolean;
      homeUnitId?: string | null;
      searchText: string;
      now: string;
    }): Promise<void> {
      await db
        .insertInto('app_user')
        .values({
          id: row.id,
          username: row.username,
          fullName: row.fullName,
          email: row.email,
          passwordHash: row.passwordHash,
          isActive: 1,
          mustChangePassword: row.mustChangePassword ? 1 : 0,
          failedLoginCount: 0,
          lockedUntil: null,
          lastLoginAt: null,
          homeUnitId: row.homeUnitId ?? null,
          searchText: row.searchText,
          createdAt: row.now,
          updatedAt: row.now,
        })
        .execute();
    },

    async update(
      id: string,
      patch: Partial<{
        fullName: string;
        email: string | null;
        searchText: string;
        isActive: number;
        homeUnitId: string | null;
      }>,
      now: string,
    ): Promise<void> {
      await db
        .updateTable('app_user')
        .set({ ...patch, updatedAt: now })
        .where('id', '=', id)
        .execute();
    },

    async replaceRoles(
      userId: string,
      grants: readonly { id: string; role: string; unitId: string | null }[],
      now: string,
    ): Promise<void> {
      await db.deleteFrom('user_role').where('userId', '=', userId).execute();
      if (grants.length > 0) {
        await db
          .insertInto('user_role')
          .values(grants.map((g) => ({ id: g.id, userId, role: g.role, unitId: g.unitId, createdAt: now })))
          .execute();
      }
    },
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
