import { randomInt } from 'node:crypto';
import type { Role } from '@cchc/domain/access/roles';
import type { UnitKind } from '@cchc/domain/api/organisation';
import { localDateOf } from '@cchc/domain/campaign/calendar';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import demoIndexSet from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { foldForSearch } from '@cchc/domain/text';
import { isStrongPassword } from '@cchc/domain/validation';
import type { Database } from '../db/database';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors';
import { auditRepo } from '../modules/audit/audit.repo';
import { hashPassword } from '../modules/auth/password';
import { createSessionService } from '../modules/auth/session.service';
import { createCampaignsService } from '../modules/campaigns/campaigns.service';
import { createIndexSetsService } from '../modules/index-sets/index-sets.service';
import { createScorecardsService } from '../modules/scorecards/scorecards.service';
import type { Ctx } from '../modules/shared/context';
import { unitsRepo } from '../modules/units/units.repo';
import { createUnitsService } from '../modules/units/units.service';
import { usersRepo } from '../modules/users/users.repo';
import { createUsersService } from '../modules/users/users.service';
import { type Clock, systemClock } from '../platform/clock';
import { newId } from '../platform/ids';
import { goodAnswer } from './demo-answers';
import { seedDemoAppraisal } from './demo-appraisal';
import demoOrganisation from './demo-organisation.json' with { type: 'json' };
import { seedDemoPublished } from './demo-results';

/** Group names for the group codes used in the demo organisation file. */
const GROUP_NAMES: Record<string, string> = {
  THAM_MUU: 'Khối tham mưu',
  NGHIEP_VU: 'Khối nghiệp vụ',
  SU_NGHIEP: 'Khối sự nghiệp',
};

/** The plan names units "vụ, cục, đơn vị"; the demo file gives only names, so the kind follows the name. */
export function kindFromName(name: string): UnitKind {
  // Not \b: in JavaScript it sees only ASCII word characters, and "ụ" is not one of them.
  if (/^Vụ(\s|$)/u.test(name)) {
    return 'VU';
  }
  if (/^Cục(\s|$)/u.test(name)) {
    return 'CUC';
  }
  return 'DON_VI';
}

export interface DemoUserSpec {
  username: string;
  fullName: string;
  role: Role;
  unitCode?: string;
  /** Đơn vị công tác; a unit-scoped role's unit is its holder's unit of work. */
  homeUnitCode?: string;
}

/**
 * One demo account per role; unit-scoped roles sit in Vụ Pháp chế (the journeys' Anh Tuấn). The
 * working-group and council members work in staff units without a demo scorecard in progress, so
 * they may appraise Vụ Pháp chế and the units already started (never their own unit).
 */
export const DEMO_USERS: readonly DemoUserSpec[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', role: 'SYSTEM_ADMIN' },
  { username: 'vanphong', fullName: 'Nguyễn Thị Hạnh', role: 'OFFICE_STAFF' },
  { username: 'daumoi.vpc', fullName: 'Trần Văn Tuấn', role: 'UNIT_FOCAL', unitCode: 'VPC' },
  { username: 'thutruong.vpc', fullName: 'Lê Minh Đức', role: 'UNIT_HEAD', unitCode: 'VPC' },
  { username: 'togiupviec', fullName: 'Phạm Thị Mai', role: 'WORKING_GROUP', homeUnitCode: 'VKHTH' },
  { username: 'hoidong', fullName: 'Hoàng Văn Nam', role: 'COUNCIL_MEMBER', homeUnitCode: 'VTCCB' },
  { username: 'lanhdao', fullName: 'Đỗ Quang Huy', role: 'LEADERSHIP' },
  { username: 'xem', fullName: 'Vũ Thu Trang', role: 'VIEWER' },
];

/** A readable random password that meets the policy (letters and digits, ≥ 10 characters). */
export function generatePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyz';
  const digits = '23456789';
  const pick = (set: string, n: number) =>
    Array.from({ length: n }, () => set[randomInt(set.length)]).join('');
  return `${pick(letters, 4)}-${pick(digits, 4)}-${pick(letters, 4)}`;
}

/**
 * Creates a system administrator directly (there is nobody yet to authorise it).
 * Used by `cli create-admin` and as the first step of the demo seed.
 */
export async function createFirstAdmin(
  db: Database,
  input: { username: string; fullName: string; password: string },
  clock: Clock = systemClock,
): Promise<string> {
  const id = newId();
  const passwordHash = await hashPassword(input.password);
  await inTransaction(db, async (tx) => {
    const now = clock.now();
    const repo = usersRepo(tx);
    if (await repo.usernameTaken(input.username)) {
      throw new AppError('DUPLICATE', `Tên đăng nhập "${input.username}" đã được dùng.`);
    }
    await repo.insert({
      id,
      username: input.username,
      fullName: input.fullName,
      email: null,
      passwordHash,
      mustChangePassword: false,
      searchText: foldForSearch(`${input.username} ${input.fullName}`),
      now: now.toISOString(),
    });
    await repo.replaceRoles(id, [{ id: newId(), role: 'SYSTEM_ADMIN', unitId: null }], now.toISOString());
    await auditRepo(tx).append({
      at: now,
      actorUserId: null,
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      data: { after: { username: input.username, roles: ['SYSTEM_ADMIN'] }, via: 'cli' },
    });
  });
  return id;
}

export interface SeedResult {
  unitsCreated: number;
  /** The demo index set when this run loaded it (published, so every role can read it). */
  indexSet?: { code: string; version: number };
  /** The demo campaign when this run created it. */
  campaign?: { code: string; year: number };
  /** Last year's campaign under appraisal (seed/demo-appraisal.ts), when this run created it. */
  appraisalCampaign?: { code: string; year: number };
  /** Two years ago: approved and published (results pages, public page, year over year). */
  publishedCampaign?: { code: string; year: number; id: string };
  /** Only accounts created by this run, with the password shown once. */
  users: { username: string; fullName: string; role: Role; unitCode?: string; password: string }[];
}

/**
 * Seeds the demo organisation (server/src/seed/demo-organisation.json, the project's own copy)
 * and one user per role. Idempotent: existing units and usernames are left as they are.
 */
export async function seedDemo(db: Database, clock: Clock = systemClock): Promise<SeedResult> {
  const result: SeedResult = { unitsCreated: 0, users: [] };
  const users = usersRepo(db);
  let adminId: string;
  const existingAdmin = (await users.list({ includeInactive: true, search: 'admin' })).find(
    (u) => u.username === 'admin',
  );
  if (existingAdmin) {
    adminId = existingAdmin.id;
  } else {
    const password = generatePassword();
    adminId = await createFirstAdmin(
      db,
      { username: 'admin', fullName: 'Quản trị hệ thống', password },
      clock,
    );
    result.users.push({ username: 'admin', fullName: 'Quản trị hệ thống', role: 'SYSTEM_ADMIN', password });
  }
  const ctx: Ctx = { actor: { userId: adminId, roles: [{ role: 'SYSTEM_ADMIN', unitId: null }] }, ip: null };
  const deps = { db, clock };
  const unitsService = createUnitsService(deps);
  const usersService = createUsersService(
    deps,
    createSessionService(deps, { idleMinutes: 60, maxHours: 12, cookieSecure: false }),
  );
  const repo = unitsRepo(db);

  const groupIds = new Map<string, string>();
  for (const code of [...new Set(demoOrganisation.units.map((u) => u.group))]) {
    const existing = await repo.findGroupByCode(code);
    groupIds.set(
      code,
      existing?.id ?? (await unitsService.createGroup(ctx, { code, name: GROUP_NAMES[code] ?? code })).id,
    );
  }
  const unitIds = new Map<string, string>();
  const existingUnits = await repo.list({ includeInactive: true });
  for (const u of existingUnits) {
    unitIds.set(u.code, u.id);
  }
  for (const u of demoOrganisation.units) {
    if (unitIds.has(u.code)) {
      continue;
    }
    const created = await unitsService.createUnit(ctx, {
      code: u.code,
      name: u.name,
      kind: kindFromName(u.name),
      groupId: groupIds.get(u.group) ?? null,
    });
    unitIds.set(u.code, created.id);
    result.unitsCreated++;
  }
  for (const spec of DEMO_USERS) {
    if (spec.username === 'admin' || (await users.usernameTaken(spec.username))) {
      continue;
    }
    let password = generatePassword();
    // A random pick may, rarely, contain a short username ("xem"): the policy refuses that.
    while (!isStrongPassword(password, spec.username)) {
      password = generatePassword();
    }
    await usersService.createUser(
      ctx,
      {
        username: spec.username,
        fullName: spec.fullName,
        // Reminders go by e-mail too; the demo addresses use the reserved .example domain (RFC 2606).
        email: `${spec.username}@thanhtra.example`,
        password,
        roles: [{ role: spec.role, unitId: spec.unitCode ? (unitIds.get(spec.unitCode) ?? null) : null }],
        homeUnitId: unitIds.get(spec.homeUnitCode ?? spec.unitCode ?? '') ?? null,
      },
      { mustChangePassword: false },
    );
    result.users.push({ ...spec, password });
  }
  const indexSets = createIndexSetsService(deps);
  if (!(await indexSets.list(ctx)).some((s) => s.code === demoIndexSet.code)) {
    const imported = await indexSets.importFile(ctx, {
      filename: 'demo-index-set.json',
      read: async () => Buffer.from(JSON.stringify(demoIndexSet)),
    });
    await indexSets.transition(ctx, imported.id, 'publish');
    result.indexSet = { code: imported.code, version: imported.version };
  }
  result.campaign = await seedDemoCampaign(deps, ctx, unitIds);
  result.publishedCampaign = await seedDemoPublished(db, ctx, unitIds, campaignYear(clock.now()));
  result.appraisalCampaign = await seedDemoAppraisal(
    db,
    clock,
    ctx,
    unitIds,
    campaignYear(clock.now()),
    result.publishedCampaign?.id ?? null,
  );
  await auditRepo(db).append({
    at: clock.now(),
    actorUserId: adminId,
    action: 'system.demoSeeded',
    entityType: 'system',
    entityId: null,
    data: {
      unitsCreated: result.unitsCreated,
      usersCreated: result.users.map((u) => u.username),
      indexSet: result.indexSet ?? null,
      campaign: result.campaign ?? null,
      appraisalCampaign: result.appraisalCampaign ?? null,
      publishedCampaign: result.publishedCampaign ? { code: result.publishedCampaign.code } : null,
    },
  });
  return result;
}

/** True when no account exists yet: `npm start` then seeds the demo. */
export async function isEmpty(db: Database): Promise<boolean> {
  return (await usersRepo(db).countAll()) === 0;
}

/** This year's campaign, or next year's once this year's guidance date (09/12) has passed. */
export function campaignYear(now: Date): number {
  const today = localDateOf(now);
  const year = Number(today.slice(0, 4));
  return today > `${year}-12-09` ? year + 1 : year;
}

/**
 * A campaign open for self-assessment this year (or next, once this year's 16/12 has passed), on
 * the demo index set, with every demo unit taking part and a few of them part-way through — so
 * that the Office's dashboard and a focal officer's scorecard have something to show.
 */
async function seedDemoCampaign(
  deps: { db: Database; clock: Clock },
  ctx: Ctx,
  unitIds: Map<string, string>,
): Promise<{ code: string; year: number } | undefined> {
  const campaigns = createCampaignsService(deps);
  const year = campaignYear(deps.clock.now());
  const code = `CCHC-${year}`;
  if ((await campaigns.list(ctx)).some((c) => c.code === code)) {
    return undefined;
  }
  const set = (await createIndexSetsService(deps).list(ctx)).find(
    (s) => s.code === demoIndexSet.code && s.status === 'PUBLISHED',
  );
  if (!set) {
    return undefined;
  }
  let c = await campaigns.create(ctx, {
    code,
    name: `Đánh giá, xác định Chỉ số CCHC năm ${year}`,
    year,
    indexSetId: set.id,
  });
  c = await campaigns.update(ctx, c.id, {
    rowVersion: c.rowVersion,
    guidanceText:
      'Các đơn vị tự đánh giá, chấm điểm từng tiêu chí, tiêu chí thành phần theo Bộ chỉ số; mỗi tiêu chí có điểm phải kèm tài liệu kiểm chứng (văn bản, báo cáo, quyết định) hoặc giải thích. Thủ trưởng đơn vị rà soát và nộp kết quả trước thời hạn.',
  });
  c = await campaigns.transition(ctx, c.id, { rowVersion: c.rowVersion, action: 'issueGuidance' });
  c = await campaigns.transition(ctx, c.id, { rowVersion: c.rowVersion, action: 'openSelfAssessment' });
  // A few units have started: answers written straight through the engine, as a focal officer's saves would be.
  const doc = demoIndexSet as unknown as IndexSetDocument;
  const scorecards = createScorecardsService(deps);
  const started = ['VP', 'C1', 'TCBTT'].map((u) => unitIds.get(u)).filter((id): id is string => !!id);
  for (const [i, unitId] of started.entries()) {
    const p = c.participants.find((x) => x.unitId === unitId);
    if (!p) {
      continue;
    }
    const officer: Ctx = {
      actor: { userId: ctx.actor.userId, roles: [{ role: 'UNIT_FOCAL', unitId }] },
      ip: null,
    };
    const leaves = [...answerableLeaves(doc, p.groupCode).entries()].filter(
      ([, l]) => l.kind === 'CRITERION',
    );
    for (const [leafCode, { leaf }] of leaves.slice(0, Math.round(leaves.length * (0.8 - i * 0.3)))) {
      await scorecards.saveAnswer(officer, p.scorecardId, leafCode, {
        rowVersion: 0,
        value: goodAnswer(leaf),
        note: '',
        noEvidenceReason: 'Tài liệu kiểm chứng lưu bản giấy tại đơn vị (dữ liệu mẫu).',
        naClaimed: false,
        naReason: '',
      });
    }
  }
  return { code, year };
}
