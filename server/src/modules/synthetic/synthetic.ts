/**
 * Synthetic campaigns for load, benchmarks and demos (issue 9; docs/synthetic-data.md): an
 * organisation of units in groups with their officers, a published index set, and one campaign
 * taken as far as `stage` along the real workflow — answers, evidence metadata, submission,
 * working-group decisions and explanation rounds, the council, leadership's approval with ranks,
 * publication — with the rows each step of the real services would have left.
 *
 * Why not drive the services: a 10 000-unit campaign is 1,5 million answers and as many
 * decisions; one transaction per answer (the services' unit of work) would take hours. The rows
 * are therefore bulk-inserted, but every number in them comes from the domain's own functions
 * (scoreLeaf, selfProgress, submissionProblems, checkDecision, unitScores, ranksOf) and follows
 * what the services store (see the comments naming them), so that the pages, the results and
 * the checks read the data exactly as if people had typed it. Bulk steps are recorded in the audit
 * chain as one summary event each (with `synthetic: true`), the phase changes one event each.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { defaultMilestones, defaultReminderLadder } from '@cchc/domain/campaign/defaults';
import { type AnswerableLeaf, answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { parseIndexSet } from '@cchc/domain/index-set/validate';
import { ranksOf } from '@cchc/domain/results/results';
import { foldForSearch } from '@cchc/domain/text';
import { CODE_PATTERN, LIMITS } from '@cchc/domain/validation';
import type { CampaignPhase } from '@cchc/domain/workflow/campaign.machine';
import { type Database, type Dialect, isUniqueViolation } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { kindFromName } from '../../seed/demo';
import { type AuditInput, auditRepo } from '../audit/audit.repo';
import { hashPassword } from '../auth/password';
import { type Row, syntheticRepo } from './synthetic.repo';
import {
  groupCatalogue,
  idFactory,
  indexSetInput,
  intIn,
  personName,
  prng,
  seedOf,
  unitName,
} from './synthetic-content';
import {
  type CampaignCounts,
  type CampaignEnv,
  emptyRows,
  iso,
  MINUTE,
  type Rows,
  STAGE_ORDER,
  type StageTiming,
  Stopwatch,
  SYNTHETIC_STAGES,
  type SyntheticOrganisation,
  type SyntheticStage,
  type SyntheticUnit,
  type SyntheticUser,
  simulateUnit,
  timeline,
  type UnitOutcome,
} from './synthetic-unit';

export {
  type StageTiming,
  SYNTHETIC_STAGES,
  type SyntheticOrganisation,
  type SyntheticStage,
  type SyntheticUnit,
  type SyntheticUser,
} from './synthetic-unit';

// ---------------------------------------------------------------------------------------------
// Options.

export const SYNTHETIC_LIMITS = { unitsMax: 100_000, leavesMax: 1000, groupsMax: 100, seedMax: 2 ** 32 - 1 };
export const SYNTHETIC_DEFAULTS = {
  units: 1000,
  leaves: 150,
  groups: 3,
  seed: 1,
  stage: 'published',
} as const;

export interface SyntheticOptions {
  units: number;
  leaves: number;
  groups: number;
  /** Campaign code; the index set is `<code>-BCS`. */
  code: string;
  seed: number;
  stage: SyntheticStage;
  /** Campaign year; default: the last one whose whole cycle (publication in January) is past. */
  year?: number;
}

const PHASE_OF: Record<SyntheticStage, CampaignPhase> = {
  'self-assessment': 'SELF_ASSESSMENT',
  appraisal: 'APPRAISAL',
  approved: 'APPROVED',
  published: 'PUBLISHED',
};
function integerProblem(name: string, value: number, min: number, max: number): string | null {
  return Number.isSafeInteger(value) && value >= min && value <= max
    ? null
    : `--${name} phải là số nguyên từ ${min} đến ${max} (nhận được ${String(value)}).`;
}

/** The first problem of `o`, in Vietnamese, or null. */
export function syntheticOptionsProblem(o: SyntheticOptions): string | null {
  return (
    integerProblem('units', o.units, 1, SYNTHETIC_LIMITS.unitsMax) ??
    integerProblem('leaves', o.leaves, 1, SYNTHETIC_LIMITS.leavesMax) ??
    integerProblem('groups', o.groups, 1, SYNTHETIC_LIMITS.groupsMax) ??
    integerProblem('seed', o.seed, 0, SYNTHETIC_LIMITS.seedMax) ??
    (SYNTHETIC_STAGES.includes(o.stage)
      ? null
      : `--stage phải là một trong: ${SYNTHETIC_STAGES.join(', ')} (nhận được "${o.stage}").`) ??
    (CODE_PATTERN.test(o.code) && o.code.length <= LIMITS.codeMax
      ? null
      : `--code "${o.code}" không hợp lệ: chỉ gồm chữ in hoa không dấu, chữ số, '_' hoặc '-', tối đa ${LIMITS.codeMax} ký tự.`) ??
    (o.year === undefined || integerProblem('year', o.year, 2000, 2999) === null
      ? null
      : `Năm ${o.year} không hợp lệ.`)
  );
}

/**
 * The CLI's options as typed (strings, or undefined when absent), checked: whole decimal numbers
 * only — "1e4", "10.5", "-3" and "" are refused rather than read as something else.
 */
export function parseSyntheticArgs(
  raw: Partial<Record<'units' | 'leaves' | 'groups' | 'code' | 'seed' | 'stage', string>>,
): { ok: true; options: SyntheticOptions } | { ok: false; message: string } {
  const numbers: Record<'units' | 'leaves' | 'groups' | 'seed', number> = { ...SYNTHETIC_DEFAULTS };
  const limits = {
    units: [1, SYNTHETIC_LIMITS.unitsMax],
    leaves: [1, SYNTHETIC_LIMITS.leavesMax],
    groups: [1, SYNTHETIC_LIMITS.groupsMax],
    seed: [0, SYNTHETIC_LIMITS.seedMax],
  } as const;
  for (const name of ['units', 'leaves', 'groups', 'seed'] as const) {
    const text = raw[name];
    if (text === undefined) {
      continue;
    }
    const [min, max] = limits[name];
    const value = /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      return {
        ok: false,
        message: `--${name} phải là số nguyên từ ${min} đến ${max} (nhận được "${text}").`,
      };
    }
    numbers[name] = value;
  }
  const options: SyntheticOptions = {
    ...numbers,
    code: raw.code?.trim() ?? `SYN-${numbers.units}`,
    stage: (raw.stage?.trim() ?? SYNTHETIC_DEFAULTS.stage) as SyntheticStage,
  };
  const problem = syntheticOptionsProblem(options);
  return problem ? { ok: false, message: problem } : { ok: true, options };
}

/** The last campaign year whose publication (January of the next year) lies in the past. */
export function defaultSyntheticYear(now: Date): number {
  const y = now.getUTCFullYear();
  return now.getTime() >= Date.UTC(y, 1, 1) ? y - 1 : y - 2;
}

export interface SyntheticDeps {
  db: Database;
  dialect: Dialect;
  /** Progress lines. */
  log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Organisation.

/** One working-group member per 200 units (1 to 500). */
export function memberCount(units: number): number {
  return Math.min(500, Math.max(1, Math.ceil(units / 200)));
}

/**
 * Units DV000001… in `groups` groups (unit i in group i mod groups), a focal officer and a head
 * for each unit (daumoi.dv000001, thutruong.dv000001), and the central accounts: the Office
 * (syn.vanphong), leadership (syn.lanhdao), three council members (syn.hoidong1…3) and the
 * working group (syn.togiupviec001…). What exists already is reused as it is — a second campaign
 * on the same database evaluates the same units, as next year's campaign would — so a unit keeps
 * its group. New accounts share one password hash (argon2 costs ~50 ms a hash).
 */
export async function createOrganisation(
  { db, dialect }: SyntheticDeps,
  opts: { units: number; groups: number; seed: number; passwordHash: string; at: number },
  audit: AuditInput[],
): Promise<SyntheticOrganisation> {
  const repo = syntheticRepo(db, dialect);
  const ids = idFactory(opts.at);
  const random = prng(seedOf(opts.seed, 'organisation'));
  const now = iso(opts.at);
  const wanted = groupCatalogue(opts.groups);
  const existingGroups = new Map(
    (await repo.groupsByCode(wanted.map((g) => g.code))).map((g) => [g.code, g]),
  );
  const groupIds = new Map<string, string>();
  const groups = new Map<string, { code: string; name: string }>();
  const newGroups: Row<'unit_group'>[] = [];
  for (const g of wanted) {
    const found = existingGroups.get(g.code);
    const id = found?.id ?? ids();
    if (!found) {
      newGroups.push({ id, code: g.code, name: g.name, isActive: 1, createdAt: now, updatedAt: now });
      audit.push({
        at: new Date(opts.at),
        actorUserId: null,
        action: 'unitGroup.created',
        entityType: 'unitGroup',
        entityId: id,
        data: { after: g, synthetic: true },
      });
    }
    groupIds.set(g.code, id);
    groups.set(g.code, found ? { code: found.code, name: found.name } : g);
  }
  await repo.insert('unit_group', newGroups);

  const codes = Array.from({ length: opts.units }, (_, i) => `DV${String(i + 1).padStart(6, '0')}`);
  const existingUnits = new Map((await repo.unitsByCode(codes)).map((u) => [u.code, u]));
  const unitRows: Row<'unit'>[] = [];
  const units: Omit<SyntheticUnit, 'focal' | 'head'>[] = [];
  codes.forEach((code, i) => {
    const found = existingUnits.get(code);
    if (found) {
      if (!found.groupCode) {
        throw new AppError(
          'CONFLICT',
          `Đơn vị ${code} đã có nhưng chưa thuộc khối nào, nên không tham gia kỳ đánh giá được.`,
        );
      }
      if (!groups.has(found.groupCode)) {
        groups.set(found.groupCode, { code: found.groupCode, name: found.groupName ?? found.groupCode });
      }
      units.push({ id: found.id, code, name: found.name, groupCode: found.groupCode });
      return;
    }
    const group = wanted[i % wanted.length]!;
    const name = unitName(i + 1);
    const id = ids();
    units.push({ id, code, name, groupCode: group.code });
    unitRows.push({
      id,
      code,
      name,
      kind: kindFromName(name),
      groupId: groupIds.get(group.code)!,
      isActive: 1,
      searchText: foldForSearch(`${code} ${name}`),
      createdAt: now,
      updatedAt: now,
    });
  });
  await repo.insert('unit', unitRows);

  // Accounts: wanted ones in a fixed order (names drawn whether or not the account exists, so
  // that what is drawn does not depend on the database).
  type Spec = { username: string; fullName: string; role: string; unitId: string | null };
  const specs: Spec[] = [];
  const spec = (username: string, role: string, unitId: string | null): Spec => {
    const s = { username, fullName: personName(random), role, unitId };
    specs.push(s);
    return s;
  };
  const office = spec('syn.vanphong', 'OFFICE_STAFF', null);
  const leader = spec('syn.lanhdao', 'LEADERSHIP', null);
  const council = [1, 2, 3].map((k) => spec(`syn.hoidong${k}`, 'COUNCIL_MEMBER', null));
  const members = Array.from({ length: memberCount(opts.units) }, (_, k) =>
    spec(`syn.togiupviec${String(k + 1).padStart(3, '0')}`, 'WORKING_GROUP', null),
  );
  const officers = units.map((u) => ({
    focal: spec(`daumoi.${u.code.toLowerCase()}`, 'UNIT_FOCAL', u.id),
    head: spec(`thutruong.${u.code.toLowerCase()}`, 'UNIT_HEAD', u.id),
  }));
  const existingUsers = new Map(
    (await repo.usersByUsername(specs.map((s) => s.username))).map((u) => [u.username, u]),
  );
  const userRows: Row<'app_user'>[] = [];
  const roleRows: Row<'user_role'>[] = [];
  const resolved = new Map<Spec, SyntheticUser>();
  for (const s of specs) {
    const found = existingUsers.get(s.username);
    if (found) {
      resolved.set(s, { id: found.id, username: found.username, fullName: found.fullName });
      continue;
    }
    const id = ids();
    resolved.set(s, { id, username: s.username, fullName: s.fullName });
    userRows.push({
      id,
      username: s.username,
      fullName: s.fullName,
      // No addresses: reminders of a running server would otherwise e-mail thousands of people.
      email: null,
      passwordHash: opts.passwordHash,
      isActive: 1,
      mustChangePassword: 0,
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: null,
      // A unit's officers work in it (conflicts of interest in appraisal are judged by this).
      homeUnitId: s.unitId,
      searchText: foldForSearch(`${s.username} ${s.fullName}`),
      createdAt: now,
      updatedAt: now,
    });
    roleRows.push({ id: ids(), userId: id, role: s.role, unitId: s.unitId, createdAt: now });
  }
  await repo.insert('app_user', userRows);
  await repo.insert('user_role', roleRows);
  const user = (s: Spec) => resolved.get(s)!;
  const created = {
    groups: newGroups.length,
    units: unitRows.length,
    users: userRows.length,
    reusedUnits: units.length - unitRows.length,
  };
  audit.push({
    at: new Date(opts.at),
    actorUserId: null,
    action: 'system.demoSeeded',
    entityType: 'system',
    entityId: null,
    data: { synthetic: true, step: 'organisation', ...created },
  });
  return {
    groups: [...groups.values()],
    units: units.map((u, i) => ({ ...u, focal: user(officers[i]!.focal), head: user(officers[i]!.head) })),
    office: user(office),
    leader: user(leader),
    council: council.map(user),
    members: members.map(user),
    created,
  };
}

// ---------------------------------------------------------------------------------------------
// Index set.

export interface SyntheticIndexSet {
  id: string;
  code: string;
  version: number;
  doc: IndexSetDocument;
}

/** A PUBLISHED index set (synthetic-content.ts), as import + publish would store it. */
export async function createIndexSet(
  { db, dialect }: SyntheticDeps,
  spec: {
    code: string;
    name: string;
    year: number;
    leaves: number;
    seed: number;
    groups: readonly { code: string; name: string }[];
    at: number;
  },
  audit: AuditInput[],
): Promise<SyntheticIndexSet> {
  const repo = syntheticRepo(db, dialect);
  const parsed = parseIndexSet(indexSetInput(spec));
  if (!parsed.ok) {
    throw new Error(`synthetic index set is invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  }
  const doc = parsed.document;
  const document = JSON.stringify(doc);
  const documentHash = createHash('sha256').update(document).digest('hex');
  const version = (await repo.latestIndexSetVersion(doc.code)) + 1;
  const id = idFactory(spec.at)();
  const published = spec.at + 60 * MINUTE;
  await repo.insert('index_set', [
    {
      id,
      code: doc.code,
      version,
      year: doc.year,
      name: doc.name,
      status: 'PUBLISHED',
      document,
      documentHash,
      leafCount: spec.leaves,
      basedOnId: null,
      createdBy: null,
      createdAt: iso(spec.at),
      updatedAt: iso(published),
      publishedAt: iso(published),
      publishedBy: null,
    },
  ]);
  const base = { actorUserId: null, entityType: 'indexSet', entityId: id } as const;
  audit.push(
    {
      ...base,
      at: new Date(spec.at),
      action: 'indexSet.imported',
      data: { code: doc.code, version, filename: 'generate-synthetic', synthetic: true },
    },
    {
      ...base,
      at: new Date(published),
      action: 'indexSet.published',
      data: { code: doc.code, version, from: 'DRAFT', to: 'PUBLISHED', documentHash, synthetic: true },
    },
  );
  return { id, code: doc.code, version, doc };
}

// ---------------------------------------------------------------------------------------------
// One campaign.

export interface SyntheticCampaign {
  id: string;
  code: string;
  year: number;
  stage: SyntheticStage;
  phase: CampaignPhase;
  counts: CampaignCounts;
  timings: StageTiming[];
}

const BATCH = 200;

/**
 * A campaign over the first `units` units of `org`, taken as far as `stage`, with the audit
 * events of its steps appended to `audit` (in time order).
 */
export async function createCampaign(
  deps: SyntheticDeps,
  org: SyntheticOrganisation,
  set: SyntheticIndexSet,
  spec: { code: string; name?: string; year: number; stage: SyntheticStage; seed: number; units?: number },
  audit: AuditInput[],
): Promise<SyntheticCampaign> {
  const { db, dialect, log = () => {} } = deps;
  const repo = syntheticRepo(db, dialect);
  const watch = new Stopwatch();
  const reach = STAGE_ORDER[spec.stage];
  const milestones = defaultMilestones(spec.year);
  const selfDue = milestones.find((m) => m.key === 'SELF_ASSESSMENT')!.dueDate;
  const tl = timeline(spec.year, selfDue);
  const ids = idFactory(tl.created);
  const units = org.units.slice(0, spec.units ?? org.units.length);
  const campaignId = ids();
  const phase = PHASE_OF[spec.stage];
  const { office, leader } = org;
  const chair = org.council[0]!;
  const counts: CampaignCounts = {
    scorecards: 0,
    submitted: 0,
    late: 0,
    answers: 0,
    naClaims: 0,
    evidence: 0,
    files: 0,
    references: 0,
    blobs: 0,
    blobBytes: 0,
    decisions: 0,
    adjusted: 0,
    explanations: 0,
    responses: 0,
    specialCases: 0,
    snapshots: 0,
  };
  const campaignAudit = (
    at: number,
    actor: SyntheticUser | null,
    action: AuditInput['action'],
    data: Record<string, unknown>,
  ) =>
    audit.push({
      at: new Date(at),
      actorUserId: actor?.id ?? null,
      action,
      entityType: 'campaign',
      entityId: campaignId,
      data,
    });
  const transitioned = (
    at: number,
    actor: SyntheticUser,
    action: string,
    from: CampaignPhase,
    to: CampaignPhase,
    extra: Record<string, unknown> = {},
  ) => campaignAudit(at, actor, 'campaign.transitioned', { action, from, to, ...extra });

  // ---- Set-up (campaigns.service create, update, transition issueGuidance/openSelfAssessment).
  const guidanceText =
    'Các đơn vị tự đánh giá, chấm điểm từng tiêu chí theo Bộ chỉ số; mỗi tiêu chí có điểm phải kèm tài liệu kiểm chứng hoặc giải thích. Thủ trưởng đơn vị ký báo cáo và nộp kết quả trước thời hạn.';
  // Phase changes up to the stage: issueGuidance, openSelfAssessment | lock, startAppraisal | convokeCouncil, approve | publish.
  const transitions = [2, 4, 6, 7][reach]!;
  const lastChange = [tl.open, tl.startAppraisal, tl.approve, tl.publish][reach]!;
  let meetingId: string | null = null;
  await watch.time('set-up', async () => {
    await repo.insert('campaign', [
      {
        id: campaignId,
        code: spec.code,
        year: spec.year,
        name:
          spec.name ??
          `Đánh giá, xác định Chỉ số CCHC năm ${spec.year} (dữ liệu tổng hợp, ${units.length} đơn vị)`,
        indexSetId: set.id,
        previousCampaignId: null,
        phase,
        guidanceText,
        guidanceIssuedAt: iso(tl.guidance),
        budgetStatus: 'DRAFT',
        budgetNote: null,
        budgetDecidedBy: null,
        budgetDecidedAt: null,
        appealUntil: null,
        approvedAt: reach >= STAGE_ORDER.approved ? iso(tl.approve) : null,
        approvedBy: reach >= STAGE_ORDER.approved ? leader.id : null,
        // One for the row, one per update: the guidance text, then each phase change.
        rowVersion: 2 + transitions,
        createdBy: office.id,
        createdAt: iso(tl.created),
        updatedAt: iso(lastChange),
      },
    ]);
    await repo.insert(
      'campaign_milestone',
      milestones.map((m, i) => ({ id: ids(), campaignId, ...m, sortOrder: i, achievedAt: null })),
    );
    await repo.insert(
      'reminder_rule',
      defaultReminderLadder().map((rule) => ({
        id: ids(),
        campaignId,
        ...rule,
        isActive: 1,
        createdAt: iso(tl.created),
      })),
    );
    if (reach >= STAGE_ORDER.approved) {
      meetingId = ids();
      await repo.insert('council_meeting', [
        {
          id: meetingId,
          campaignId,
          heldOn: tl.meetingDay,
          place: 'Phòng họp số 1, trụ sở cơ quan',
          chairName: chair.fullName,
          membersPresent: JSON.stringify(org.council.map((c) => c.fullName)),
          notes:
            'Hội đồng xem xét kết quả thẩm định của Tổ giúp việc và các trường hợp đặc biệt (dữ liệu tổng hợp).',
          createdBy: office.id,
          createdAt: iso(tl.meetingSaved),
          updatedAt: iso(tl.meetingSaved),
        },
      ]);
    }
  });
  campaignAudit(tl.created, office, 'campaign.created', {
    code: spec.code,
    year: spec.year,
    indexSet: { id: set.id, code: set.code, version: set.version },
    units: units.length,
    synthetic: true,
  });
  campaignAudit(tl.guidance - MINUTE, office, 'campaign.updated', {
    fields: ['guidanceText'],
    before: { guidanceText: '' },
  });
  transitioned(tl.guidance, office, 'issueGuidance', 'SETUP', 'GUIDANCE_ISSUED');
  transitioned(tl.open, office, 'openSelfAssessment', 'GUIDANCE_ISSUED', 'SELF_ASSESSMENT');

  // ---- Every unit, in batches.
  const byGroup = new Map<string, [string, AnswerableLeaf][]>();
  const env: CampaignEnv = {
    campaignId,
    code: spec.code,
    seed: spec.seed,
    stage: spec.stage,
    doc: set.doc,
    tl,
    org,
    meetingId,
    ids,
    leavesOf: (group) => {
      let list = byGroup.get(group);
      if (!list) {
        list = [...answerableLeaves(set.doc, group).entries()];
        byGroup.set(group, list);
      }
      return list;
    },
    sharedBlobs: new Set(),
    counts,
    watch,
    sha256: (text) => createHash('sha256').update(text).digest('hex'),
  };
  const outcomes: UnitOutcome[] = [];
  const started = performance.now();
  const computing = ['self-assessment: rows', 'appraisal: rows', 'council: rows'];
  const computedBefore = watch.sum(computing);
  let reported = 0;
  /** Parents first (foreign keys). */
  const write = async (rows: Rows) => {
    await repo.insert('scorecard', rows.scorecard);
    await repo.insert('scorecard_answer', rows.scorecard_answer);
    await repo.insert('blob', rows.blob, { ignoreDuplicates: true });
    await repo.insert('evidence', rows.evidence);
    await repo.insert('appraisal_assignment', rows.appraisal_assignment);
    await repo.insert('explanation_request', rows.explanation_request);
    await repo.insert('special_case', rows.special_case);
    await repo.insert('score_decision', rows.score_decision);
    await repo.insert('scorecard_snapshot', rows.scorecard_snapshot);
  };
  // A batch is written while the next one is computed: PostgreSQL works in its own process
  // meanwhile (the pg client sends the queued statements whenever this loop yields), which
  // saves about a third of the time there; on SQLite the writes simply run at the yields.
  let writing: Promise<void> = Promise.resolve();
  for (let from = 0; from < units.length; from += BATCH) {
    const rows = emptyRows();
    for (let u = from; u < Math.min(units.length, from + BATCH); u++) {
      const outcome = simulateUnit(env, u, units[u]!, rows);
      if (outcome) {
        outcomes.push(outcome);
      }
      if ((u - from) % 25 === 24) {
        await yieldToIo();
      }
    }
    counts.snapshots += rows.scorecard_snapshot.length;
    await writing;
    writing = write(rows);
    // Handled when awaited (next batch or after the loop); this only keeps Node from calling a
    // failure in the meantime "unhandled".
    writing.catch(() => {});
    const done = Math.min(units.length, from + BATCH);
    if (done === units.length || done - reported >= Math.max(BATCH, units.length / 10)) {
      reported = done;
      log(
        `  ${spec.code}: ${done}/${units.length} đơn vị (${Math.round((done * 100) / units.length)} %), ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
  }
  await writing;
  // What the loop spent not computing rows: writing them (SQLite), or waiting for PostgreSQL to.
  watch.add(
    'scorecard rows: database writes',
    performance.now() - started - (watch.sum(computing) - computedBefore),
  );

  // ---- Audit of the bulk steps, as one summary event each, dated when the step ends.
  const bulk = (
    at: number,
    actor: SyntheticUser | null,
    action: AuditInput['action'],
    data: Record<string, unknown>,
  ) => campaignAudit(at, actor, action, { synthetic: true, ...data });
  bulk(tl.answersEnd, null, 'scorecard.answerSaved', {
    scorecards: counts.scorecards,
    answers: counts.answers,
    naClaims: counts.naClaims,
  });
  bulk(tl.answersEnd, null, 'evidence.added', {
    files: counts.files,
    references: counts.references,
    blobs: counts.blobs,
    bytes: counts.blobBytes,
  });
  bulk(tl.lateEnd, null, 'scorecard.submitted', {
    submitted: counts.submitted,
    late: counts.late,
    notSubmitted: counts.scorecards - counts.submitted,
  });
  if (reach >= STAGE_ORDER.appraisal) {
    transitioned(tl.lock, office, 'lockSelfAssessment', 'SELF_ASSESSMENT', 'SELF_ASSESSMENT_LOCKED');
    transitioned(tl.startAppraisal, office, 'startAppraisal', 'SELF_ASSESSMENT_LOCKED', 'APPRAISAL', {
      scorecards: counts.scorecards,
      notSubmitted: counts.scorecards - counts.submitted,
    });
    bulk(tl.assign, office, 'appraisal.assigned', {
      members: Math.min(org.members.length, units.length),
      scorecards: counts.scorecards,
    });
    bulk(tl.reviewEnd, null, 'appraisal.decided', {
      decisions: counts.decisions - counts.specialCases,
      adjusted: counts.adjusted,
    });
    bulk(tl.reviewEnd, null, 'appraisal.explanationRequested', { requests: counts.explanations });
    bulk(tl.responseEnd, null, 'appraisal.explained', { responses: counts.responses });
    bulk(tl.closeExplanation + 8 * 60 * MINUTE, null, 'appraisal.transitioned', {
      action: 'completeReview',
      scorecards: counts.scorecards,
    });
  }
  if (reach >= STAGE_ORDER.approved) {
    transitioned(tl.convoke, office, 'convokeCouncil', 'APPRAISAL', 'COUNCIL');
    bulk(tl.council + 7 * 60 * MINUTE, chair, 'council.specialCase', {
      specialCases: counts.specialCases,
      meetingId,
    });
    bulk(tl.council + 8 * 60 * MINUTE, chair, 'appraisal.transitioned', {
      action: 'councilApprove',
      scorecards: counts.scorecards,
    });
    campaignAudit(tl.meetingSaved, office, 'council.meetingSaved', {
      meetingId,
      heldOn: tl.meetingDay,
      chairName: chair.fullName,
    });
  }

  // ---- Leadership's approval: ranks over every unit, the APPROVED snapshots (the approve hook).
  if (reach >= STAGE_ORDER.approved) {
    await watch.time('approval', async () => {
      const ranks = ranksOf(
        outcomes.map((o) => ({ code: o.scorecardId, group: o.group, indexPercent: o.finalIndex })),
        set.doc.ranking,
      );
      // The approved snapshot is the council's with the rank: read back in chunks (memory stays
      // bounded whatever the number of units) rather than kept or recomputed.
      for (let i = 0; i < outcomes.length; i += 500) {
        const chunk = outcomes.slice(i, i + 500);
        const council = new Map(
          (
            await repo.snapshots(
              chunk.map((o) => o.scorecardId),
              'COUNCIL',
            )
          ).map((s) => [s.scorecardId, s.data]),
        );
        const approved: Row<'scorecard_snapshot'>[] = chunk.map((o) => {
          const before = council.get(o.scorecardId) ?? '';
          const data = before.replace(
            '"rank":null,"leaves":',
            `"rank":${ranks.get(o.scorecardId)?.rank ?? 0},"leaves":`,
          );
          if (data === before) {
            throw new Error(`synthetic approval: no council snapshot of scorecard ${o.scorecardId}`);
          }
          return {
            id: ids(),
            scorecardId: o.scorecardId,
            milestone: 'APPROVED',
            data,
            takenBy: leader.id,
            takenAt: iso(tl.approve),
          };
        });
        await repo.insert('scorecard_snapshot', approved);
        counts.snapshots += approved.length;
      }
      transitioned(tl.approve, leader, 'approve', 'COUNCIL', 'APPROVED', {
        results: outcomes.map((o) => ({
          unit: o.unitCode,
          index: o.finalIndex,
          band: o.band,
          rank: ranks.get(o.scorecardId)?.rank ?? 0,
        })),
      });
    });
  }

  // ---- Publication (results.service saveAnnouncement, the publish transition).
  if (reach >= STAGE_ORDER.published) {
    await watch.time('publication', async () => {
      const decisionNumber = `${intIn(prng(seedOf(spec.seed, spec.code, 'decision')), 10, 480)}/QĐ-CCHC`;
      const announcement = {
        decisionNumber,
        decisionDate: tl.decisionDate,
        announcedOn: tl.announcedOn,
        place: 'Hội trường trụ sở cơ quan, Hà Nội',
      };
      await repo.insert('announcement', [
        {
          campaignId,
          ...announcement,
          note: `Công bố Chỉ số CCHC năm ${spec.year} (dữ liệu tổng hợp).`,
          publishedAt: iso(tl.publish),
          publishedBy: office.id,
          updatedBy: office.id,
          updatedAt: iso(tl.announcementSaved),
        },
      ]);
      campaignAudit(tl.announcementSaved, office, 'results.announcementSaved', {
        before: null,
        after: announcement,
      });
      transitioned(tl.publish, office, 'publish', 'APPROVED', 'PUBLISHED', {
        decisionNumber,
        decisionDate: tl.decisionDate,
      });
    });
  }
  return {
    id: campaignId,
    code: spec.code,
    year: spec.year,
    stage: spec.stage,
    phase,
    counts,
    timings: watch.list(),
  };
}

/** Appends queued events to the hash chain in time order (audit.repo keeps the chain). */
export async function appendAudit(db: Database, events: readonly AuditInput[]): Promise<void> {
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map((x) => x.e);
  for (const e of ordered) {
    await auditRepo(db).append(e);
  }
}

// ---------------------------------------------------------------------------------------------
// The whole thing.

export interface SyntheticReport {
  campaign: SyntheticCampaign;
  indexSet: { id: string; code: string; version: number };
  organisation: SyntheticOrganisation['created'] & { groups: number; members: number };
  accounts: { office: string; leader: string; council: string; member: string; focal: string; head: string };
  /** Seconds per stage, in order, then the total. */
  timings: StageTiming[];
  totalSeconds: number;
  databaseBytes: number;
}

/**
 * Checks the options and the campaign code (nothing is written when either is refused), then
 * generates the organisation, the index set and the campaign in one transaction — a failure
 * half-way leaves nothing behind — and finally checkpoints (SQLite) or analyses (PostgreSQL).
 */
export async function generateSynthetic(
  deps: SyntheticDeps,
  options: SyntheticOptions & { password: string; now?: Date },
): Promise<SyntheticReport> {
  const { db, dialect, log = () => {} } = deps;
  const problem = syntheticOptionsProblem(options);
  if (problem) {
    throw new AppError('VALIDATION_ERROR', problem);
  }
  const duplicate = () =>
    new AppError(
      'DUPLICATE',
      `Mã kỳ đánh giá "${options.code}" đã tồn tại; chọn --code khác. Không ghi dữ liệu nào.`,
    );
  if (await syntheticRepo(db, dialect).campaignCodeTaken(options.code)) {
    throw duplicate();
  }
  const t0 = performance.now();
  const watch = new Stopwatch();
  const year = options.year ?? defaultSyntheticYear(options.now ?? new Date());
  const selfDue = defaultMilestones(year).find((m) => m.key === 'SELF_ASSESSMENT')!.dueDate;
  const tl = timeline(year, selfDue);
  const passwordHash = await watch.time('password hash', () => hashPassword(options.password));
  let result: { org: SyntheticOrganisation; set: SyntheticIndexSet; campaign: SyntheticCampaign };
  try {
    result = await inTransaction(db, async (tx) => {
      const audit: AuditInput[] = [];
      const inTx = { db: tx, dialect, log };
      log(`Tổ chức: ${options.units} đơn vị trong ${options.groups} khối, tài khoản…`);
      const org = await watch.time('organisation', () =>
        createOrganisation(
          inTx,
          {
            units: options.units,
            groups: options.groups,
            seed: options.seed,
            passwordHash,
            at: tl.organisation,
          },
          audit,
        ),
      );
      log(
        `  ${org.created.units} đơn vị mới, ${org.created.reusedUnits} đơn vị dùng lại, ${org.created.users} tài khoản mới (${watch.list().at(-1)!.seconds.toFixed(1)} s)`,
      );
      const set = await watch.time('index set', () =>
        createIndexSet(
          inTx,
          {
            code: `${options.code}-BCS`,
            name: `Bộ Chỉ số CCHC năm ${year} (dữ liệu tổng hợp, ${options.leaves} tiêu chí)`,
            year,
            leaves: options.leaves,
            seed: seedOf(options.seed, 'index-set'),
            groups: org.groups,
            at: tl.indexSet,
          },
          audit,
        ),
      );
      log(
        `Kỳ đánh giá ${options.code} (năm ${year}) tới giai đoạn ${options.stage}: ${options.units} phiếu × ${options.leaves} tiêu chí…`,
      );
      const campaign = await createCampaign(
        inTx,
        org,
        set,
        { code: options.code, year, stage: options.stage, seed: options.seed },
        audit,
      );
      for (const t of campaign.timings) {
        watch.add(t.stage, t.seconds * 1000);
      }
      await watch.time('audit', () => appendAudit(tx, audit));
      log(`  ${audit.length} sự kiện nhật ký kiểm toán; ghi (commit)…`);
      return { org, set, campaign };
    });
  } catch (error) {
    // Another run took the code between the check and the commit (anything else stays as it is).
    if (isUniqueViolation(error) && (await syntheticRepo(db, dialect).campaignCodeTaken(options.code))) {
      throw duplicate();
    }
    throw error;
  }
  // The commit is timed with the transaction above; this is what follows it.
  const repo = syntheticRepo(db, dialect);
  await watch.time(dialect === 'sqlite' ? 'checkpoint' : 'analyze', () => repo.finish());
  const databaseBytes = await repo.sizeBytes();
  const { org, set, campaign } = result;
  const timings = watch.list();
  const totalSeconds = (performance.now() - t0) / 1000;
  const first = org.units[0]!;
  return {
    campaign,
    indexSet: { id: set.id, code: set.code, version: set.version },
    organisation: { ...org.created, groups: org.groups.length, members: org.members.length },
    accounts: {
      office: org.office.username,
      leader: org.leader.username,
      council: org.council[0]!.username,
      member: org.members[0]!.username,
      focal: first.focal.username,
      head: first.head.username,
    },
    timings: [
      ...timings,
      {
        stage: 'other (transaction, commit)',
        seconds: Math.max(0, totalSeconds - timings.reduce((s, t) => s + t.seconds, 0)),
      },
    ],
    totalSeconds,
    databaseBytes,
  };
}
