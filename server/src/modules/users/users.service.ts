import { allowedActions, canEverywhere } from '@cchc/domain/access/policy';
import { type Actor, ROLE_LABELS, type Role, roleNeedsUnit } from '@cchc/domain/access/roles';
import type { RoleGrantView } from '@cchc/domain/api/auth';
import type {
  CreateUserInput,
  ListUsersQuery,
  RoleGrantInput,
  UpdateUserInput,
  UserView,
} from '@cchc/domain/api/users';
import { foldForSearch } from '@cchc/domain/text';
import { isUniqueViolation } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { newId } from '../../platform/ids';
import { auditRepo } from '../audit/audit.repo';
import { credentialsRepo } from '../auth/credentials.repo';
import { assertPasswordPolicy, hashPassword } from '../auth/password';
import { sessionRepo } from '../auth/session.repo';
import type { SessionService } from '../auth/session.service';
import { type Ctx, requirePermission, type ServiceDeps } from '../shared/context';
import { unitsRepo } from '../units/units.repo';
import { type RoleRow, type UserRow, usersRepo } from './users.repo';

function toGrantView(r: RoleRow): RoleGrantView {
  return { role: r.role as Role, unitId: r.unitId, unitCode: r.unitCode, unitName: r.unitName };
}

/**
 * Checks role grants against the rules of the organisation model and returns them deduplicated:
 * unit-scoped roles need an existing unit; other roles take no unit.
 */
async function normaliseGrants(
  grants: readonly RoleGrantInput[],
  existingUnitIds: (ids: string[]) => Promise<string[]>,
): Promise<{ role: Role; unitId: string | null }[]> {
  const fields: Record<string, string> = {};
  grants.forEach((g, i) => {
    if (roleNeedsUnit(g.role) && !g.unitId) {
      fields[`roles.${i}.unitId`] = `Vai trò "${ROLE_LABELS[g.role].vi}" phải gắn với một đơn vị.`;
    }
    if (!roleNeedsUnit(g.role) && g.unitId) {
      fields[`roles.${i}.unitId`] = `Vai trò "${ROLE_LABELS[g.role].vi}" không gắn với đơn vị.`;
    }
  });
  if (Object.keys(fields).length > 0) {
    const code = grants.some((g) => roleNeedsUnit(g.role) && !g.unitId)
      ? 'ROLE_REQUIRES_UNIT'
      : 'VALIDATION_ERROR';
    throw new AppError(code, Object.values(fields)[0], { fields });
  }
  const wanted = [...new Set(grants.flatMap((g) => (g.unitId ? [g.unitId] : [])))];
  const found = new Set(await existingUnitIds(wanted));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError('REFERENCE_NOT_FOUND', 'Đơn vị được gán cho người dùng không tồn tại.', {
      fields: Object.fromEntries(
        grants.flatMap((g, i) =>
          g.unitId && missing.includes(g.unitId) ? [[`roles.${i}.unitId`, 'Đơn vị không tồn tại.']] : [],
        ),
      ),
    });
  }
  const seen = new Set<string>();
  return grants
    .map((g) => ({ role: g.role, unitId: g.unitId ?? null }))
    .filter((g) => {
      const key = `${g.role}:${g.unitId ?? ''}`;
      if (seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    });
}

/**
 * Checks a unit of work (đơn vị công tác) being set: it must exist and be active. Null (none) is
 * always allowed.
 */
async function checkHomeUnit(db: ServiceDeps['db'], homeUnitId: string | null): Promise<void> {
  if (homeUnitId === null) {
    return;
  }
  const unit = await unitsRepo(db).findById(homeUnitId);
  if (!unit) {
    throw new AppError('REFERENCE_NOT_FOUND', 'Đơn vị công tác không tồn tại.', {
      fields: { homeUnitId: 'Đơn vị không tồn tại.' },
    });
  }
  if (unit.isActive !== 1) {
    throw new AppError('VALIDATION_ERROR', `Đơn vị công tác ${unit.code} đã ngừng hoạt động.`, {
      fields: { homeUnitId: `Đơn vị ${unit.code} đã ngừng hoạt động; chọn một đơn vị đang hoạt động.` },
    });
  }
}

/** Users and their role grants. Users are never hard-deleted: deactivation keeps what they did attributable. */
export function createUsersService({ db, clock }: ServiceDeps, sessions: SessionService) {
  const users = usersRepo(db);

  async function toViews(ctx: Ctx, rows: UserRow[]): Promise<UserView[]> {
    const roles = await users.rolesOf(rows.map((r) => r.id));
    return rows.map((row) => {
      const own = roles.filter((r) => r.userId === row.id);
      return {
        id: row.id,
        username: row.username,
        fullName: row.fullName,
        email: row.email,
        isActive: row.isActive === 1,
        roles: own.map(toGrantView),
        homeUnitId: row.homeUnitId,
        homeUnitCode: row.homeUnitCode,
        homeUnitName: row.homeUnitName,
        lastLoginAt: row.lastLoginAt,
        lockedUntil: row.lockedUntil,
        createdAt: row.createdAt,
        allowedActions:
          row.id === ctx.actor.userId
            ? allowedActions(ctx.actor, ['user.update'] as const, userResource(row.id, own))
            : allowedActions(
                ctx.actor,
                ['user.update', 'user.deactivate', 'user.resetPassword'] as const,
                userResource(row.id, own),
              ),
      };
    });
  }

  function userResource(userId: string, roles: readonly RoleRow[]) {
    return { type: 'user' as const, userId, unitIds: roles.flatMap((r) => (r.unitId ? [r.unitId] : [])) };
  }

  async function getRow(ctx: Ctx, id: string): Promise<{ row: UserRow; roles: RoleRow[] }> {
    const row = await users.findById(id);
    const roles = row ? await users.rolesOf([id]) : [];
    if (!row || !ctxCanRead(ctx, id, roles)) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy người dùng.');
    }
    return { row, roles };
  }

  function ctxCanRead(ctx: Ctx, id: string, roles: readonly RoleRow[]): boolean {
    return allowedActions(ctx.actor, ['user.read'] as const, userResource(id, roles)).length > 0;
  }

  /** Refuses changes that would leave nobody able to administer the system. */
  async function guardLastAdmin(tx: typeof db, userId: string, removingAdmin: boolean): Promise<void> {
    if (!removingAdmin) {
      return;
    }
    const repo = usersRepo(tx);
    const roles = await repo.rolesOf([userId]);
    if (
      roles.some((r) => r.role === 'SYSTEM_ADMIN') &&
      (await repo.countActiveWithRole('SYSTEM_ADMIN')) <= 1
    ) {
      throw new AppError('CONFLICT', 'Không thể bỏ quyền hoặc vô hiệu hoá quản trị hệ thống cuối cùng.');
    }
  }

  return {
    /** The Actor for a user id: what the policy needs. Null if the user is missing or deactivated. */
    async loadActor(userId: string): Promise<Actor | null> {
      return (await this.loadPrincipal(userId))?.actor ?? null;
    },

    /** The Actor plus account flags the HTTP layer enforces (forced password change). */
    async loadPrincipal(userId: string): Promise<{ actor: Actor; mustChangePassword: boolean } | null> {
      const row = await users.findById(userId);
      if (row?.isActive !== 1) {
        return null;
      }
      const roles = await users.rolesOf([userId]);
      return {
        actor: {
          userId,
          roles: roles.map((r) => ({ role: r.role as Role, unitId: r.unitId })),
          homeUnitId: row.homeUnitId,
        },
        mustChangePassword: row.mustChangePassword === 1,
      };
    },

    async getProfile(userId: string) {
      const row = await users.findById(userId);
      if (!row) {
        throw new AppError('UNAUTHENTICATED');
      }
      const roles = await users.rolesOf([userId]);
      return { ...row, roles: roles.map(toGrantView) };
    },

    async listUsers(ctx: Ctx, query: ListUsersQuery): Promise<UserView[]> {
      requirePermission(ctx.actor, 'user.read');
      const scoped = canEverywhere(ctx.actor, 'user.read')
        ? undefined
        : ctx.actor.roles.flatMap((g) => (g.unitId ? [g.unitId] : []));
      const unitIds = query.unitId
        ? scoped
          ? scoped.filter((u) => u === query.unitId)
          : [query.unitId]
        : scoped;
      const rows = await users.list({
        search: query.q ? foldForSearch(query.q) : undefined,
        includeInactive: query.includeInactive === 'true',
        unitIds,
        role: query.role,
      });
      return toViews(ctx, rows);
    },

    async getUser(ctx: Ctx, id: string): Promise<UserView> {
      const { row } = await getRow(ctx, id);
      const [view] = await toViews(ctx, [row]);
      return view!;
    },

    /** Creates an account; the password set by an administrator must be changed at first sign-in. */
    async createUser(
      ctx: Ctx,
      input: CreateUserInput,
      options: { mustChangePassword?: boolean } = {},
    ): Promise<UserView> {
      requirePermission(ctx.actor, 'user.create');
      const username = input.username.trim().toLowerCase();
      assertPasswordPolicy(input.password, username, 'password');
      const grants = await normaliseGrants(input.roles, (ids) => unitsRepo(db).findIdsByIds(ids));
      const homeUnitId = input.homeUnitId ?? null;
      await checkHomeUnit(db, homeUnitId);
      const passwordHash = await hashPassword(input.password);
      const id = newId();
      try {
        await inTransaction(db, async (tx) => {
          const repo = usersRepo(tx);
          if (await repo.usernameTaken(username)) {
            throw new AppError('DUPLICATE', `Tên đăng nhập "${username}" đã được dùng.`, {
              fields: { username: 'Tên đăng nhập đã được dùng.' },
            });
          }
          const now = clock.now();
          await repo.insert({
            id,
            username,
            fullName: input.fullName,
            email: input.email ?? null,
            passwordHash,
            mustChangePassword: options.mustChangePassword ?? true,
            homeUnitId,
            searchText: foldForSearch(`${username} ${input.fullName} ${input.email ?? ''}`),
            now: now.toISOString(),
          });
          await repo.replaceRoles(
            id,
            grants.map((g) => ({ id: newId(), ...g })),
            now.toISOString(),
          );
          await auditRepo(tx).append({
            at: now,
            actorUserId: ctx.actor.userId,
            action: 'user.created',
            entityType: 'user',
            entityId: id,
            data: {
              after: {
                username,
                fullName: input.fullName,
                email: input.email ?? null,
                roles: grants,
                homeUnitId,
              },
            },
            ip: ctx.ip,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('DUPLICATE', `Tên đăng nhập "${username}" đã được dùng.`, {
            fields: { username: 'Tên đăng nhập đã được dùng.' },
          });
        }
        throw error;
      }
      return this.getUser(ctx, id);
    },

    async updateUser(ctx: Ctx, id: string, input: UpdateUserInput): Promise<UserView> {
      const { row, roles } = await getRow(ctx, id);
      requirePermission(ctx.actor, 'user.update', userResource(id, roles));
      const grants = input.roles
        ? await normaliseGrants(input.roles, (ids) => unitsRepo(db).findIdsByIds(ids))
        : undefined;
      // Only a change is checked: a unit deactivated since it was recorded may stay recorded.
      const homeUnitChanged = input.homeUnitId !== undefined && input.homeUnitId !== row.homeUnitId;
      const homeUnitId = homeUnitChanged ? (input.homeUnitId ?? null) : row.homeUnitId;
      if (homeUnitChanged) {
        // Same separation of duties as roles: the unit of work decides conflicts of interest in
        // appraisal, so nobody moves their own; another administrator must.
        if (id === ctx.actor.userId) {
          throw new AppError(
            'CONFLICT',
            'Không tự thay đổi đơn vị công tác của chính mình; đề nghị một quản trị viên khác thực hiện.',
            { fields: { homeUnitId: 'Không tự thay đổi đơn vị công tác của chính mình.' } },
          );
        }
        await checkHomeUnit(db, homeUnitId);
      }
      const grantsKey = (list: readonly { role: string; unitId: string | null }[]) =>
        list
          .map((g) => `${g.role}:${g.unitId ?? ''}`)
          .sort()
          .join(',');
      const rolesChanged = grants !== undefined && grantsKey(roles) !== grantsKey(grants);
      // Separation of duties: nobody grants roles to themselves (an administrator could otherwise
      // make itself unit head or leadership and score or approve). Another administrator must.
      if (grants && id === ctx.actor.userId) {
        if (rolesChanged) {
          throw new AppError(
            'CONFLICT',
            'Không tự thay đổi vai trò của chính mình; đề nghị một quản trị viên khác thực hiện.',
            {
              fields: { roles: 'Không tự cấp hoặc bỏ vai trò của chính mình.' },
            },
          );
        }
      }
      await inTransaction(db, async (tx) => {
        const repo = usersRepo(tx);
        const now = clock.now();
        if (grants) {
          await guardLastAdmin(tx, id, !grants.some((g) => g.role === 'SYSTEM_ADMIN'));
        }
        const fullName = input.fullName ?? row.fullName;
        const email = input.email === undefined ? row.email : input.email;
        await repo.update(
          id,
          {
            fullName,
            email,
            homeUnitId,
            searchText: foldForSearch(`${row.username} ${fullName} ${email ?? ''}`),
          },
          now.toISOString(),
        );
        if (grants) {
          await repo.replaceRoles(
            id,
            grants.map((g) => ({ id: newId(), ...g })),
            now.toISOString(),
          );
        }
        // A change of privileges (roles, unit of work) signs the user out everywhere, in the same
        // transaction: no session opened under the old privileges outlives them, and the user's web
        // app cannot keep showing what they no longer may do (self-changes are refused above).
        // Before the audit append, which comes last in the transaction.
        if (rolesChanged || homeUnitChanged) {
          await sessionRepo(tx).revokeAllForUser(id, now.toISOString());
        }
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'user.updated',
          entityType: 'user',
          entityId: id,
          data: {
            before: {
              fullName: row.fullName,
              email: row.email,
              roles: roles.map((r) => ({ role: r.role, unitId: r.unitId })),
              homeUnitId: row.homeUnitId,
            },
            after: { fullName, email, roles: grants, homeUnitId },
          },
          ip: ctx.ip,
        });
      });
      return this.getUser(ctx, id);
    },

    /** Deactivating signs the user out everywhere; their past actions stay attributed to them. */
    async setUserActive(ctx: Ctx, id: string, active: boolean): Promise<UserView> {
      const { row, roles } = await getRow(ctx, id);
      requirePermission(ctx.actor, 'user.deactivate', userResource(id, roles));
      if (id === ctx.actor.userId) {
        throw new AppError('CONFLICT', 'Không thể tự vô hiệu hoá tài khoản của chính mình.');
      }
      if ((row.isActive === 1) === active) {
        return this.getUser(ctx, id);
      }
      await inTransaction(db, async (tx) => {
        if (!active) {
          await guardLastAdmin(tx, id, true);
        }
        const now = clock.now();
        await usersRepo(tx).update(id, { isActive: active ? 1 : 0 }, now.toISOString());
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: active ? 'user.activated' : 'user.deactivated',
          entityType: 'user',
          entityId: id,
          ip: ctx.ip,
        });
      });
      if (!active) {
        await sessions.revokeAllForUser(id);
      }
      return this.getUser(ctx, id);
    },

    /** Sets a temporary password, unlocks the account and signs the user out everywhere. */
    async resetPassword(ctx: Ctx, id: string, newPassword: string): Promise<UserView> {
      const { row, roles } = await getRow(ctx, id);
      requirePermission(ctx.actor, 'user.resetPassword', userResource(id, roles));
      assertPasswordPolicy(newPassword, row.username, 'newPassword');
      const passwordHash = await hashPassword(newPassword);
      await inTransaction(db, async (tx) => {
        const now = clock.now();
        await credentialsRepo(tx).setPassword(id, passwordHash, true, now.toISOString());
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'user.passwordReset',
          entityType: 'user',
          entityId: id,
          ip: ctx.ip,
        });
      });
      await sessions.revokeAllForUser(id);
      return this.getUser(ctx, id);
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
