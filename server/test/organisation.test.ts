import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

describe.each(testDialects())('organisation and users on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let groupId: string;
  let unitA: string;
  let unitB: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin', ADMIN_PASSWORD);
    const g = await t.as(admin).post('/api/unit-groups', { code: 'THAM_MUU', name: 'Khối tham mưu' });
    expect(g.statusCode).toBe(201);
    groupId = g.json().id;
    unitA = (
      await t.as(admin).post('/api/units', { code: 'VPC', name: 'Vụ Pháp chế', kind: 'VU', groupId })
    ).json().id;
    unitB = (await t.as(admin).post('/api/units', { code: 'C1', name: 'Cục I', kind: 'CUC', groupId })).json()
      .id;
  });
  afterAll(() => t.close());

  const count = async (table: 'unit' | 'app_user' | 'user_role' | 'unit_group') =>
    (await t.db.selectFrom(table).select('id').execute()).length;

  it('creates and lists units with their group, actions and Vietnamese search', async () => {
    const list = await t.as(admin).get('/api/units?q=phap che');
    expect(list.statusCode).toBe(200);
    const units = list.json();
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ code: 'VPC', groupName: 'Khối tham mưu', kind: 'VU', isActive: true });
    expect(units[0].allowedActions).toEqual(['unit.update', 'unit.deactivate']);
    const groups = (await t.as(admin).get('/api/unit-groups')).json();
    expect(groups[0]).toMatchObject({ code: 'THAM_MUU', unitCount: 2 });
  });

  it('refuses a duplicate unit code and adds nothing', async () => {
    const before = await count('unit');
    const res = await t.as(admin).post('/api/units', { code: 'VPC', name: 'Trùng mã', kind: 'VU' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'DUPLICATE',
      fields: { code: 'Mã đơn vị đã được dùng.' },
    });
    const renamed = await t.as(admin).patch(`/api/units/${unitB}`, { code: 'VPC' });
    expect(renamed.statusCode).toBe(409);
    expect(await count('unit')).toBe(before);
    expect((await t.as(admin).get(`/api/units/${unitB}`)).json().code).toBe('C1');
  });

  it('refuses a duplicate group code and a unit in a group that does not exist', async () => {
    const before = await count('unit_group');
    expect((await t.as(admin).post('/api/unit-groups', { code: 'THAM_MUU', name: 'x' })).statusCode).toBe(
      409,
    );
    expect(await count('unit_group')).toBe(before);
    const units = await count('unit');
    const res = await t.as(admin).post('/api/units', {
      code: 'X9',
      name: 'Đơn vị lạ',
      kind: 'DON_VI',
      groupId: '01900000-0000-7000-8000-000000000000',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('REFERENCE_NOT_FOUND');
    expect(await count('unit')).toBe(units);
  });

  it('rejects over-long and malformed fields with field messages, storing nothing', async () => {
    const before = await count('unit');
    const res = await t
      .as(admin)
      .post('/api/units', { code: 'vpc lower', name: 'x'.repeat(256), kind: 'NOPE' });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(Object.keys(err.fields).sort()).toEqual(['code', 'kind', 'name']);
    expect(err.fields.name).toContain('tối đa 255 ký tự');
    expect(await count('unit')).toBe(before);
    const longUser = await t.as(admin).post('/api/users', {
      username: 'a'.repeat(65),
      fullName: 'Tên',
      password: 'matkhau-2024-xyz',
      roles: [{ role: 'VIEWER' }],
    });
    expect(longUser.statusCode).toBe(400);
    expect(longUser.json().error.fields.username).toContain('tối đa 64');
  });

  it('refuses a user assigned to a unit that does not exist, and creates nothing', async () => {
    const users = await count('app_user');
    const roles = await count('user_role');
    const res = await t.as(admin).post('/api/users', {
      username: 'ma.unit',
      fullName: 'Người dùng',
      password: 'matkhau-2024-xyz',
      roles: [{ role: 'UNIT_FOCAL', unitId: '01900000-0000-7000-8000-000000000001' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      fields: { 'roles.0.unitId': 'Đơn vị không tồn tại.' },
    });
    expect(await count('app_user')).toBe(users);
    expect(await count('user_role')).toBe(roles);
  });

  it('refuses a unit-scoped role given no unit, on create and on update', async () => {
    const users = await count('app_user');
    const res = await t.as(admin).post('/api/users', {
      username: 'khong.donvi',
      fullName: 'Người dùng',
      password: 'matkhau-2024-xyz',
      roles: [{ role: 'UNIT_HEAD' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ROLE_REQUIRES_UNIT');
    expect(await count('app_user')).toBe(users);

    const u = await t.userWithRole('VIEWER');
    const upd = await t
      .as(admin)
      .patch(`/api/users/${u.id}`, { roles: [{ role: 'UNIT_FOCAL', unitId: null }] });
    expect(upd.json().error.code).toBe('ROLE_REQUIRES_UNIT');
    const after = (await t.as(admin).get(`/api/users/${u.id}`)).json();
    expect(after.roles.map((r: { role: string }) => r.role)).toEqual(['VIEWER']);
  });

  it('refuses a duplicate username', async () => {
    const u = await t.userWithRole('VIEWER');
    const res = await t.as(admin).post('/api/users', {
      username: u.username,
      fullName: 'Trùng',
      password: 'matkhau-2024-xyz',
      roles: [{ role: 'VIEWER' }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('DUPLICATE');
  });

  it('scopes a focal officer to their own unit', async () => {
    const focal = await t.userWithRole('UNIT_FOCAL', unitA);
    const units = (await t.as(focal.session).get('/api/units')).json();
    expect(units.map((u: { code: string }) => u.code)).toEqual(['VPC']);
    expect(units[0].allowedActions).toEqual([]);
    expect((await t.as(focal.session).get(`/api/units/${unitB}`)).statusCode).toBe(403);
    const create = await t.as(focal.session).post('/api/units', { code: 'HACK', name: 'x', kind: 'VU' });
    expect(create.statusCode).toBe(403);
    expect(create.json().error.code).toBe('FORBIDDEN');
    const users = (await t.as(focal.session).get('/api/users')).json();
    expect(
      users.every((u: { roles: { unitId: string | null }[] }) => u.roles.some((r) => r.unitId === unitA)),
    ).toBe(true);
    expect(focal.session.info.permissions).not.toContain('user.create');
  });

  it('deactivates instead of deleting: the user is signed out, cannot sign in, and stays listed with history', async () => {
    const u = await t.userWithRole('OFFICE_STAFF');
    const res = await t.as(admin).post(`/api/users/${u.id}/deactivate`);
    expect(res.statusCode).toBe(200);
    expect(res.json().isActive).toBe(false);
    expect((await t.as(u.session).get('/api/auth/me')).statusCode).toBe(401);
    const login = await t.as(null).post('/api/auth/login', { username: u.username, password: u.password });
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
    const listed = (await t.as(admin).get('/api/users?includeInactive=true')).json();
    expect(listed.some((x: { id: string }) => x.id === u.id)).toBe(true);
    expect((await t.as(admin).get('/api/users')).json().some((x: { id: string }) => x.id === u.id)).toBe(
      false,
    );
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${u.id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(del.statusCode).toBe(404);
    expect(await t.users.findById(u.id)).toBeDefined();
  });

  it('keeps at least one administrator and refuses self-deactivation', async () => {
    const self = await t.as(admin).post(`/api/users/${t.adminId}/deactivate`);
    expect(self.statusCode).toBe(409);
    const demote = await t.as(admin).patch(`/api/users/${t.adminId}`, { roles: [{ role: 'VIEWER' }] });
    expect(demote.statusCode).toBe(409);
    expect((await t.as(admin).get(`/api/users/${t.adminId}`)).json().roles[0].role).toBe('SYSTEM_ADMIN');
    // Nor may an administrator grant itself leadership or a unit role (separation of duties).
    const selfGrant = await t.as(admin).patch(`/api/users/${t.adminId}`, {
      roles: [{ role: 'SYSTEM_ADMIN' }, { role: 'LEADERSHIP' }],
    });
    expect(selfGrant.statusCode).toBe(409);
    expect(selfGrant.json().error.fields.roles).toBeTruthy();
    expect((await t.as(admin).get(`/api/users/${t.adminId}`)).json().roles).toHaveLength(1);
  });

  it('resets a password: unlocks, forces a change, signs the user out', async () => {
    const u = await t.userWithRole('VIEWER');
    const res = await t
      .as(admin)
      .post(`/api/users/${u.id}/reset-password`, { newPassword: 'tam-thoi-2024-ab' });
    expect(res.statusCode).toBe(200);
    expect((await t.as(u.session).get('/api/auth/me')).statusCode).toBe(401);
    const s = await t.login(u.username, 'tam-thoi-2024-ab');
    expect(s.info.user.mustChangePassword).toBe(true);
    const blocked = await t.as(s).get('/api/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await t.as(s).get('/api/auth/me')).statusCode).toBe(200);
    const changed = await t
      .as(s)
      .post('/api/auth/password', { currentPassword: 'tam-thoi-2024-ab', newPassword: 'rieng-2024-abcd' });
    expect(changed.statusCode).toBe(200);
    expect((await t.as(s).get('/api/units')).statusCode).toBe(200);
  });

  it('writes an audit event for each change, attributed to the actor', async () => {
    const events = await t.db
      .selectFrom('audit_event')
      .select(['action', 'actorUserId'])
      .where('entityType', '=', 'unit')
      .where('entityId', '=', unitA)
      .execute();
    expect(events).toEqual([{ action: 'unit.created', actorUserId: t.adminId }]);
  });
});
