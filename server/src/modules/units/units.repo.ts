import type { Database } from '../../db/database';

export interface UnitRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  groupId: string | null;
  groupName: string | null;
  isActive: number;
  createdAt: string;
  updatedAt: string;
}

export function unitsRepo(db: Database) {
  const selectUnits = () =>
    db
      .selectFrom('unit')
      .leftJoin('unit_group', 'unit_group.id', 'unit.groupId')
      .select([
        'unit.id',
        'unit.code',
        'unit.name',
        'unit.kind',
        'unit.groupId',
        'unit_group.name as groupName',
        'unit.isActive',
        'unit.createdAt',
        'unit.updatedAt',
      ]);

  return {
    async list(filter: {
      search?: string;
      includeInactive: boolean;
      onlyIds?: readonly string[];
    }): Promise<UnitRow[]> {
      let q = selectUnits();
      if (!filter.includeInactive) {
        q = q.where('unit.isActive', '=', 1);
      }
      if (filter.search) {
        q = q.where('unit.searchText', 'like', `%${filter.search}%`);
      }
      if (filter.onlyIds) {
        if (filter.onlyIds.length === 0) {
          return [];
        }
        q = q.where('unit.id', 'in', filter.onlyIds);
      }
      return q.orderBy('unit.code').execute();
    },

    findById(id: string): Promise<UnitRow | undefined> {
      return selectUnits().where('unit.id', '=', id).executeTakeFirst();
    },

    async findIdsByIds(ids: readonly string[]): Promise<string[]> {
      if (ids.length === 0) {
        return [];
      }
      const rows = await db.selectFrom('unit').select('id').where('id', 'in', ids).execute();
      return rows.map((r) => r.id);
    },

    async codeTaken(code: string, exceptId?: string): Promise<boolean> {
      let q = db.selectFrom('unit').select('id').where('code', '=', code);
      if (exceptId) {
        q = q.where('id', '!=', exceptId);
      }
      return (await q.executeTakeFirst()) !== undefined;
    },

    async insert(row: {
      id: string;
      code: string;
      name: string;
      kind: string;
      groupId: string | null;
      searchText: string;
      now: string;
    }): Promise<void> {
      await db
        .insertInto('unit')
        .values({
          id: row.id,
          code: row.code,
          name: row.name,
          kind: row.kind,
          groupId: row.groupId,
          isActive: 1,
          searchText: row.searchText,
          createdAt: row.now,
          updatedAt: row.now,
        })
        .execute();
    },

    async update(
      id: string,
      patch: Partial<{
        code: string;
        name: string;
        kind: string;
        groupId: string | null;
        isActive: number;
        searchText: string;
      }>,
      now: string,
    ): Promise<void> {
      await db
        .updateTable('unit')
        .set({ ...patch, updatedAt: now })
        .where('id', '=', id)
        .execute();
    },

    // Unit groups (khối) live with units: a group has no meaning without them.
    listGroups() {
      return db
        .selectFrom('unit_group')
        .leftJoin('unit', (j) => j.onRef('unit.groupId', '=', 'unit_group.id').on('unit.isActive', '=', 1))
        .select(['unit_group.id', 'unit_group.code', 'unit_group.name', 'unit_group.isActive'])
        .select((eb) => eb.fn.count<string | number>('unit.id').as('unitCount'))
        .groupBy(['unit_group.id', 'unit_group.code', 'unit_group.name', 'unit_group.isActive'])
        .orderBy('unit_group.code')
        .execute();
    },

    findGroupById(id: string) {
      return db.selectFrom('unit_group').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findGroupByCode(code: string) {
      return db.selectFrom('unit_group').selectAll().where('code', '=', code).executeTakeFirst();
    },

    async groupCodeTaken(code: string, exceptId?: string): Promise<boolean> {
      let q = db.selectFrom('unit_group').select('id').where('code', '=', code);
      if (exceptId) {
        q = q.where('id', '!=', exceptId);
      }
      return (await q.executeTakeFirst()) !== undefined;
    },

    async insertGroup(row: { id: string; code: string; name: string; now: string }): Promise<void> {
      await db
        .insertInto('unit_group')
        .values({
          id: row.id,
          code: row.code,
          name: row.name,
          isActive: 1,
          createdAt: row.now,
          updatedAt: row.now,
        })
        .execute();
    },

    async updateGroup(
      id: string,
      patch: Partial<{ code: string; name: string; isActive: number }>,
      now: string,
    ): Promise<void> {
      await db
        .updateTable('unit_group')
        .set({ ...patch, updatedAt: now })
        .where('id', '=', id)
        .execute();
    },
  };
}
export type UnitsRepo = ReturnType<typeof unitsRepo>;
