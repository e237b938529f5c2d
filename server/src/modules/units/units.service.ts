import { allowedActions, canEverywhere } from '@cchc/domain/access/policy';
import type {
  CreateUnitGroupInput,
  CreateUnitInput,
  ListUnitsQuery,
  UnitGroupView,
  UnitKind,
  UnitView,
  UpdateUnitGroupInput,
  UpdateUnitInput,
} from '@cchc/domain/api/organisation';
import { foldForSearch } from '@cchc/domain/text';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { newId } from '../../platform/ids';
import { auditRepo } from '../audit/audit.repo';
import { type Ctx, requirePermission, type ServiceDeps } from '../shared/context';
import { type UnitRow, unitsRepo } from './units.repo';

function toView(ctx: Ctx, row: UnitRow): UnitView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as UnitKind,
    groupId: row.groupId,
    groupName: row.groupName,
    isActive: row.isActive === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    allowedActions: allowedActions(ctx.actor, ['unit.update', 'unit.deactivate'] as const, {
      type: 'unit',
      unitId: row.id,
    }),
  };
}

/** Units (vụ, cục, đơn vị) and unit groups (khối). */
export function createUnitsService({ db, clock }: ServiceDeps) {
  const units = unitsRepo(db);

  async function requireGroupExists(groupId: string | null | undefined, repo = units): Promise<void> {
    if (groupId && !(await repo.findGroupById(groupId))) {
      throw new AppError('REFERENCE_NOT_FOUND', 'Khối đơn vị không tồn tại.', {
        fields: { groupId: 'Khối đơn vị không tồn tại.' },
      });
    }
  }

  async function getVisible(ctx: Ctx, id: string): Promise<UnitRow> {
    requirePermission(ctx.actor, 'unit.read', { type: 'unit', unitId: id });
    const row = await units.findById(id);
    if (!row) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy đơn vị.');
    }
    return row;
  }

  return {
    /** Lists the units the actor may read: all of them, or only their own unit(s). */
    async listUnits(ctx: Ctx, query: ListUnitsQuery): Promise<UnitView[]> {
      requirePermission(ctx.actor, 'unit.read');
      const onlyIds = canEverywhere(ctx.actor, 'unit.read')
        ? undefined
        : ctx.actor.roles.flatMap((g) => (g.unitId ? [g.unitId] : []));
      const rows = await units.list({
        search: query.q ? foldForSearch(query.q) : undefined,
        includeInactive: query.includeInactive === 'true',
        onlyIds,
      });
      return rows.map((r) => toView(ctx, r));
    },

    async getUnit(ctx: Ctx, id: string): Promise<UnitView> {
      return toView(ctx, await getVisible(ctx, id));
    },

    /** Creates a unit; the code is unique across active and inactive units. */
    async createUnit(ctx: Ctx, input: CreateUnitInput): Promise<UnitView> {
      requirePermission(ctx.actor, 'unit.create');
      const id = newId();
      await inTransaction(db, async (tx) => {
        const repo = unitsRepo(tx);
        if (await repo.codeTaken(input.code)) {
          throw new AppError('DUPLICATE', `Mã đơn vị "${input.code}" đã được dùng.`, {
            fields: { code: 'Mã đơn vị đã được dùng.' },
          });
        }
        await requireGroupExists(input.groupId, repo);
        const now = clock.now();
        await repo.insert({
          id,
          code: input.code,
          name: input.name,
          kind: input.kind,
          groupId: input.groupId ?? null,
          searchText: foldForSearch(`${input.code} ${input.name}`),
          now: now.toISOString(),
        });
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'unit.created',
          entityType: 'unit',
          entityId: id,
          data: { after: input },
          ip: ctx.ip,
        });
      });
      return this.getUnit(ctx, id);
    },

    async updateUnit(ctx: Ctx, id: string, input: UpdateUnitInput): Promise<UnitView> {
      requirePermission(ctx.actor, 'unit.update', { type: 'unit', unitId: id });
      await inTransaction(db, async (tx) => {
        const repo = unitsRepo(tx);
        const before = await repo.findById(id);
        if (!before) {
          throw new AppError('NOT_FOUND', 'Không tìm thấy đơn vị.');
        }
        if (input.code !== undefined && (await repo.codeTaken(input.code, id))) {
          throw new AppError('DUPLICATE', `Mã đơn vị "${input.code}" đã được dùng.`, {
            fields: { code: 'Mã đơn vị đã được dùng.' },
          });
        }
        await requireGroupExists(input.groupId, repo);
        const code = input.code ?? before.code;
        const name = input.name ?? before.name;
        const now = clock.now();
        await repo.update(
          id,
          {
            code,
            name,
            kind: input.kind ?? before.kind,
            groupId: input.groupId === undefined ? before.groupId : input.groupId,
            searchText: foldForSearch(`${code} ${name}`),
          },
          now.toISOString(),
        );
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'unit.updated',
          entityType: 'unit',
          entityId: id,
          data: {
            before: { code: before.code, name: before.name, kind: before.kind, groupId: before.groupId },
            after: input,
          },
          ip: ctx.ip,
        });
      });
      return this.getUnit(ctx, id);
    },

    /** Deactivation keeps the unit and its history; it only leaves lists and new cycles. */
    async setUnitActive(ctx: Ctx, id: string, active: boolean): Promise<UnitView> {
      requirePermission(ctx.actor, 'unit.deactivate', { type: 'unit', unitId: id });
      await inTransaction(db, async (tx) => {
        const repo = unitsRepo(tx);
        const before = await repo.findById(id);
        if (!before) {
          throw new AppError('NOT_FOUND', 'Không tìm thấy đơn vị.');
        }
        if ((before.isActive === 1) === active) {
          return;
        }
        const now = clock.now();
        await repo.update(id, { isActive: active ? 1 : 0 }, now.toISOString());
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: active ? 'unit.activated' : 'unit.deactivated',
          entityType: 'unit',
          entityId: id,
          ip: ctx.ip,
        });
      });
      return this.getUnit(ctx, id);
    },

    async listGroups(ctx: Ctx): Promise<UnitGroupView[]> {
      requirePermission(ctx.actor, 'unitGroup.read');
      const rows = await units.listGroups();
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        isActive: r.isActive === 1,
        unitCount: Number(r.unitCount),
        allowedActions: allowedActions(ctx.actor, ['unitGroup.update'] as const, {
          type: 'unitGroup',
          groupId: r.id,
        }),
      }));
    },

    async createGroup(ctx: Ctx, input: CreateUnitGroupInput): Promise<UnitGroupView> {
      requirePermission(ctx.actor, 'unitGroup.create');
      const id = newId();
      await inTransaction(db, async (tx) => {
        const repo = unitsRepo(tx);
        if (await repo.groupCodeTaken(input.code)) {
          throw new AppError('DUPLICATE', `Mã khối "${input.code}" đã được dùng.`, {
            fields: { code: 'Mã khối đã được dùng.' },
          });
        }
        const now = clock.now();
        await repo.insertGroup({ id, code: input.code, name: input.name, now: now.toISOString() });
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'unitGroup.created',
          entityType: 'unitGroup',
          entityId: id,
          data: { after: input },
          ip: ctx.ip,
        });
      });
      const all = await this.listGroups(ctx);
      return all.find((g) => g.id === id)!;
    },

    async updateGroup(ctx: Ctx, id: string, input: UpdateUnitGroupInput): Promise<UnitGroupView> {
      requirePermission(ctx.actor, 'unitGroup.update', { type: 'unitGroup', groupId: id });
      await inTransaction(db, async (tx) => {
        const repo = unitsRepo(tx);
        const before = await repo.findGroupById(id);
        if (!before) {
          throw new AppError('NOT_FOUND', 'Không tìm thấy khối đơn vị.');
        }
        if (input.code !== undefined && (await repo.groupCodeTaken(input.code, id))) {
          throw new AppError('DUPLICATE', `Mã khối "${input.code}" đã được dùng.`, {
            fields: { code: 'Mã khối đã được dùng.' },
          });
        }
        const now = clock.now();
        await repo.updateGroup(
          id,
          {
            code: input.code ?? before.code,
            name: input.name ?? before.name,
            isActive: input.isActive === undefined ? before.isActive : input.isActive ? 1 : 0,
          },
          now.toISOString(),
        );
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'unitGroup.updated',
          entityType: 'unitGroup',
          entityId: id,
          data: { before: { code: before.code, name: before.name, isActive: before.isActive }, after: input },
          ip: ctx.ip,
        });
      });
      const all = await this.listGroups(ctx);
      return all.find((g) => g.id === id)!;
    },
  };
}
export type UnitsService = ReturnType<typeof createUnitsService>;
