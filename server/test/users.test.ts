import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createSessionService } from '../src/modules/auth/session.service';
import { createUsersService } from '../src/modules/users/users.service';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

const UNKNOWN_UNIT = '01900000-0000-7000-8000-000000000001';

/** Đơn vị công tác (`homeUnitId`): recorded, validated, audited and carried by the session's actor. */
describe.each(testDialects())('users: unit of work on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let unitA: string;
  let unitB: string;
  let closedUnit: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin', ADMIN_PASSWORD);
    const unit = async (code: string, name: string, kind: string) => {
      const res = await t.as(admin).post('/api/units', { code, name, kind });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    unitA = await unit('VPC', 'Vụ Pháp chế', 'VU');
    unitB = await unit('VKHTH', 'Vụ Kế hoạch – Tổng hợp', 'VU');
    closedUnit = await unit('CU', 'Đơn vị đã giải thể', 'DON_VI');
    expect((await t.as(admin).post(`/api/units/${closedUnit}/deactivate`)).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const get = async (id: string) => (await t.as(admin).get(`/api/users/${id}`)).json();
  const storedHomeUnit = async (id: string) =>
    (await t.db.selectFrom('app_user').select('homeUnitId').where('id', '=', id).executeTakeFirstOrThrow())
      .homeUnitId;

  /** What the HTTP layer does on each request: session cookie → session → principal. */
  async function actorOf(session: Session) {
    const deps = { db: t.db, clock: t.clock };
    const sessions = createSessionService(deps, loadConfig({}).session);
    const resolved = await sessions.resolve(session.cookie.slice(session.cookie.indexOf('=') + 1));
    expect(resolved).not.toBeNull();
    return (await createUsersService(deps, sessions).loadPrincipal(resolved!.userId))?.actor;
  }

  it('records a unit of work on create, shows it, and lists users without one as null', async () => {
    const res = await t.as(admin).post('/api/users', {
      username: 'tgv.mai',
      fullName: 'Phạm Thị Mai',
      password: 'matkhau-2024-xyz',
      roles: [{ role: 'WORKING_GROUP' }],
      homeUnitId: unitA,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ homeUnitId: unitA, homeUnitCode: 'VPC', homeUnitName: 'Vụ Pháp chế' });
    const list = (await t.as(admin).get('/api/users')).json<
      { username: string; homeUnitId: string | null }[]
    >();
    expect(list.find((u) => u.username === 'tgv.mai')?.homeUnitId).toBe(unitA);
    expect(list.find((u) => u.username === 'admin')).toMatchObject({
      homeUnitId: null,
      homeUnitCode: null,
      homeUnitName: null,
    });
  });

  it('sets, keeps, changes and clears the unit of work, each change audited', async () => {
    const u = await t.userWithRole('COUNCIL_MEMBER');
    expect((await get(u.id)).homeUnitId).toBeNull();

    // Audit events are ordered by time: one second between changes.
    const patch = (body: object) => {
      t.clock.advance(1000);
      return t.as(admin).patch(`/api/users/${u.id}`, body);
    };
    const set = await patch({ homeUnitId: unitA });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ homeUnitId: unitA, homeUnitName: 'Vụ Pháp chế' });

    // Absent leaves it unchanged.
    const renamed = await patch({ fullName: 'Hoàng Văn Nam' });
    expect(renamed.json()).toMatchObject({ fullName: 'Hoàng Văn Nam', homeUnitId: unitA });

    const moved = await patch({ homeUnitId: unitB });
    expect(moved.json()).toMatchObject({ homeUnitId: unitB, homeUnitCode: 'VKHTH' });

    const cleared = await patch({ homeUnitId: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ homeUnitId: null, homeUnitCode: null, homeUnitName: null });
    expect(await storedHomeUnit(u.id)).toBeNull();

    const events = await t.db
      .selectFrom('audit_event')
      .select(['action', 'actorUserId', 'data'])
      .where('entityType', '=', 'user')
      .where('entityId', '=', u.id)
      .where('action', '=', 'user.updated')
      .orderBy('at')
      .execute();
    const changes = events.map((e) => {
      const data = JSON.parse(e.data) as { before: { homeUnitId: unknown }; after: { homeUnitId: unknown } };
      return [e.actorUserId, data.before.homeUnitId, data.after.homeUnitId];
    });
    expect(changes).toEqual([
      [t.adminId, null, unitA],
      [t.adminId, unitA, unitA],
      [t.adminId, unitA, unitB],
      [t.adminId, unitB, null],
    ]);
  });

  it('refuses an unknown unit on create and on update, changing nothing', async () => {
    const users = (await t.db.selectFrom('app_user').select('id').execute()).length;
    const created = await t.as(admin).post('/api/users', {
      username: 'khong.co.donvi',
      fullName: 'Người dùng',
      password: 'matkhau-2024-xyz',
      roles: [{ role: 'WORKING_GROUP' }],
      homeUnitId: UNKNOWN_UNIT,
    });
    expect(created.statusCode).toBe(422);
    expect(created.json().error).toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      message: 'Đơn vị công tác không tồn tại.',
      fields: { homeUnitId: 'Đơn vị không tồn tại.' },
    });
    expect((await t.db.selectFrom('app_user').select('id').execute()).length).toBe(users);

    const u = await t.userWithRole('WORKING_GROUP');
    await t.as(admin).patch(`/api/users/${u.id}`, { homeUnitId: unitA });
    const audits = async () =>
      (await t.db.selectFrom('audit_event').select('id').where('entityId', '=', u.id).execute()).length;
    const before = await audits();
    const res = await t
      .as(admin)
      .patch(`/api/users/${u.id}`, { fullName: 'Tên mới', homeUnitId: UNKNOWN_UNIT });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      fields: { homeUnitId: expect.any(String) },
    });
    expect(await get(u.id)).toMatchObject({ fullName: 'Người dùng WORKING_GROUP', homeUnitId: unitA });
    expect(await audits()).toBe(before);

    const malformed = await t.as(admin).patch(`/api/users/${u.id}`, { homeUnitId: 'VPC' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_ERROR');
    expect(await storedHomeUnit(u.id)).toBe(unitA);
  });

  it('refuses a deactivated unit as a new unit of work, but keeps one recorded before', async () => {
    const u = await t.userWithRole('WORKING_GROUP');
    const res = await t.as(admin).patch(`/api/users/${u.id}`, { homeUnitId: closedUnit });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_ERROR',
      fields: { homeUnitId: expect.stringContaining('ngừng hoạt động') },
    });
    expect(await storedHomeUnit(u.id)).toBeNull();

    const created = await t.as(admin).post('/api/users', {
      username: 'don.vi.dong',
      fullName: 'Người dùng',
      password: 'matkhau-2024-xyz',
      roles: [{ role: 'VIEWER' }],
      homeUnitId: closedUnit,
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error.code).toBe('VALIDATION_ERROR');

    // A unit closed after it was recorded stays recorded when other fields are edited.
    const other = await t.as(admin).post('/api/units', { code: 'TAM', name: 'Đơn vị tạm', kind: 'DON_VI' });
    const tempUnit = other.json<{ id: string }>().id;
    expect((await t.as(admin).patch(`/api/users/${u.id}`, { homeUnitId: tempUnit })).statusCode).toBe(200);
    expect((await t.as(admin).post(`/api/units/${tempUnit}/deactivate`)).statusCode).toBe(200);
    const edited = await t
      .as(admin)
      .patch(`/api/users/${u.id}`, { fullName: 'Tên khác', homeUnitId: tempUnit });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ fullName: 'Tên khác', homeUnitId: tempUnit, homeUnitCode: 'TAM' });
  });

  it('refuses an administrator changing their own unit of work (separation of duties)', async () => {
    const res = await t.as(admin).patch(`/api/users/${t.adminId}`, { homeUnitId: unitA });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CONFLICT', fields: { homeUnitId: expect.any(String) } });
    expect(await storedHomeUnit(t.adminId)).toBeNull();
    // Re-sending the unchanged value (as the edit form does) is fine.
    const same = await t
      .as(admin)
      .patch(`/api/users/${t.adminId}`, { fullName: 'Quản trị', homeUnitId: null });
    expect(same.statusCode).toBe(200);
  });

  it("puts the unit of work into a fresh session's actor", async () => {
    const u = await t.userWithRole('WORKING_GROUP');
    expect(await actorOf(u.session)).toEqual({
      userId: u.id,
      roles: [{ role: 'WORKING_GROUP', unitId: null }],
      homeUnitId: null,
    });

    await t.as(admin).patch(`/api/users/${u.id}`, { homeUnitId: unitB });
    const fresh = await t.login(u.username, u.password);
    expect(await actorOf(fresh)).toEqual({
      userId: u.id,
      roles: [{ role: 'WORKING_GROUP', unitId: null }],
      homeUnitId: unitB,
    });

    await t.as(admin).patch(`/api/users/${u.id}`, { homeUnitId: null });
    expect((await actorOf(await t.login(u.username, u.password)))?.homeUnitId).toBeNull();
  });
});
