import { allowedActions, can } from '@cchc/domain/access/policy';
import {
  type BudgetDecisionInput,
  type BudgetStatus,
  CAMPAIGN_ITEM_ACTIONS,
  type CampaignDetail,
  type CampaignSummary,
  type CampaignTransitionInput,
  type CreateCampaignInput,
  MONITORING_PROGRESS_BUCKETS,
  MonitoringQuery,
  type MonitoringView,
  monitoringState,
  type SaveBudgetInput,
  type SaveMilestonesInput,
  type SaveParticipantsInput,
  type UpdateCampaignInput,
} from '@cchc/domain/api/campaigns';
import { deadlineInstant, isPast, localDateOf } from '@cchc/domain/campaign/calendar';
import { defaultMilestones, defaultReminderLadder, MILESTONE_KEYS } from '@cchc/domain/campaign/defaults';
import { answerableLeaves, answeredPercent } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { foldForSearch } from '@cchc/domain/text';
import {
  CAMPAIGN_TRANSITIONS,
  type CampaignPhase,
  type CampaignTransitionAction,
  findCampaignTransition,
  isSetupEditable,
} from '@cchc/domain/workflow/campaign.machine';
import { hasSubmitted, type ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/database';
import type { ScorecardTable } from '../../db/tables';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { newId } from '../../platform/ids';
import { auditRepo } from '../audit/audit.repo';
import { scorecardsRepo } from '../scorecards/scorecards.repo';
import { type Ctx, requirePermission, type ServiceDeps } from '../shared/context';
import { type CampaignRow, campaignsRepo, type MonitoringGroupAggregate } from './campaigns.repo';

function staleVersion(current: number): never {
  throw new AppError(
    'EDIT_CONFLICT',
    'Kỳ đánh giá vừa được người khác cập nhật. Tải lại trang để xem nội dung mới rồi thao tác lại.',
    { details: { currentVersion: current } },
  );
}

/** Campaigns (kỳ đánh giá): set-up, calendar, budget, participants and phases (issue 4 §1). */
/**
 * Work another module does inside a campaign's phase change (the appraisal module: opening the
 * review, checks before the council and approval, snapshots). It may throw to refuse the change;
 * what it returns is added to the transition's audit event.
 */
export type CampaignTransitionHook = (
  tx: Database,
  ctx: Ctx,
  campaign: CampaignRow,
  action: CampaignTransitionAction,
  reason: string | undefined,
) => Promise<Record<string, unknown>>;

/** Several modules taking part in one phase change, in order, in the same transaction. */
export function combineTransitionHooks(...hooks: CampaignTransitionHook[]): CampaignTransitionHook {
  return async (tx, ctx, campaign, action, reason) => {
    let extra: Record<string, unknown> = {};
    for (const hook of hooks) {
      extra = { ...extra, ...(await hook(tx, ctx, campaign, action, reason)) };
    }
    return extra;
  };
}

export function createCampaignsService(
  { db, clock }: ServiceDeps,
  hooks: { onTransition?: CampaignTransitionHook } = {},
) {
  const repo = campaignsRepo(db);

  /** A campaign in SETUP is the Office's draft: others do not see it (nor its draft guidance). */
  function visible(ctx: Ctx, row: { id: string; phase: string }): boolean {
    const resource = { type: 'campaign' as const, campaignId: row.id };
    // Leadership sees it too: it approves the budget estimate, which may be submitted during set-up.
    return (
      row.phase !== 'SETUP' ||
      can(ctx.actor, 'campaign.manage', resource) ||
      can(ctx.actor, 'campaign.approve', resource)
    );
  }

  async function load(ctx: Ctx, id: string): Promise<CampaignRow> {
    requirePermission(ctx.actor, 'campaign.read', { type: 'campaign', campaignId: id });
    const row = await repo.findById(id);
    if (!row || !visible(ctx, row)) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy kỳ đánh giá.');
    }
    return row;
  }

  function ownUnitIds(ctx: Ctx): string[] {
    return ctx.actor.roles.flatMap((g) => (g.unitId ? [g.unitId] : []));
  }

  async function detail(ctx: Ctx, row: CampaignRow): Promise<CampaignDetail> {
    const [set, milestones, lines, files, participants, mine] = await Promise.all([
      repo.indexSet(row.indexSetId),
      repo.milestones(row.id),
      repo.budgetLines(row.id),
      repo.files(row.id),
      scorecardsRepo(db).listByCampaign(row.id),
      repo.scorecardsOfUnits(ownUnitIds(ctx)),
    ]);
    const now = clock.now();
    const phase = row.phase as CampaignPhase;
    const resource = { type: 'campaign' as const, campaignId: row.id };
    const selfDue = milestones.find((m) => m.key === 'SELF_ASSESSMENT')?.dueDate ?? null;
    // Units see the list of participants (names, status) but not other units' scores.
    return {
      id: row.id,
      code: row.code,
      year: row.year,
      name: row.name,
      phase,
      indexSet: { id: set!.id, code: set!.code, version: set!.version, name: set!.name },
      selfAssessmentDue: selfDue,
      unitCount: participants.length,
      submittedCount: participants.filter((p) => hasSubmitted(p.status as ScorecardStatus, p.submittedAt))
        .length,
      myScorecardId: mine.get(row.id) ?? null,
      createdAt: row.createdAt,
      previousCampaignId: row.previousCampaignId,
      guidanceText: row.guidanceText,
      guidanceIssuedAt: row.guidanceIssuedAt,
      milestones: milestones.map((m) => ({
        key: m.key,
        label: m.label,
        dueDate: m.dueDate,
        deadlineAt: deadlineInstant(m.dueDate).toISOString(),
        isPast: isPast(m.dueDate, now),
      })),
      // The estimate is internal: the Office drafts it, leadership approves it; units do not see it.
      budget:
        can(ctx.actor, 'campaign.manage', resource) || can(ctx.actor, 'campaign.approve', resource)
          ? {
              status: row.budgetStatus as BudgetStatus,
              note: row.budgetNote,
              lines: lines.map((l) => ({
                description: l.description,
                amountVnd: Number(l.amountVnd),
                note: l.note,
              })),
              totalVnd: lines.reduce((s, l) => s + Number(l.amountVnd), 0),
              decidedAt: row.budgetDecidedAt,
              decidedByName: row.budgetDecidedBy
                ? await scorecardsRepo(db).userName(row.budgetDecidedBy)
                : null,
            }
          : null,
      files: files.map((f) => ({ ...f, sizeBytes: Number(f.sizeBytes) })),
      participants: participants.map((p) => ({
        scorecardId: p.id,
        unitId: p.unitId,
        unitCode: p.unitCode,
        unitName: p.unitName,
        groupCode: p.groupCode,
        status: p.status as ScorecardStatus,
      })),
      rowVersion: row.rowVersion,
      transitions: CAMPAIGN_TRANSITIONS.filter(
        (t) => t.from === phase && can(ctx.actor, t.permission, resource),
      ).map((t) => t.action),
      allowedActions: allowedActions(ctx.actor, CAMPAIGN_ITEM_ACTIONS, resource),
    };
  }

  async function audit(
    tx: typeof db,
    ctx: Ctx,
    at: Date,
    action: Parameters<ReturnType<typeof auditRepo>['append']>[0]['action'],
    id: string,
    data: Record<string, unknown>,
  ) {
    await auditRepo(tx).append({
      at,
      actorUserId: ctx.actor.userId,
      action,
      entityType: 'campaign',
      entityId: id,
      data,
      ip: ctx.ip,
    });
  }

  /** Units that may join: they exist, are active and belong to a group of the index set. */
  async function participantRows(unitIds: readonly string[] | undefined, doc: IndexSetDocument) {
    const groups = new Set(doc.unitGroups.map((g) => g.code));
    const units =
      unitIds === undefined
        ? (await repo.activeGroupedUnits()).filter((u) => groups.has(u.groupCode))
        : await repo.unitsByIds(unitIds);
    if (unitIds !== undefined) {
      const found = new Map(units.map((u) => [u.id, u]));
      const fields: Record<string, string> = {};
      unitIds.forEach((id, i) => {
        const u = found.get(id);
        if (!u) {
          fields[`unitIds.${i}`] = 'Không tìm thấy đơn vị.';
        } else if ('isActive' in u && u.isActive !== 1) {
          fields[`unitIds.${i}`] = `Đơn vị ${u.code} đã ngừng hoạt động.`;
        } else if (!u.groupCode || !groups.has(u.groupCode)) {
          fields[`unitIds.${i}`] = `Đơn vị ${u.code} chưa thuộc khối nào của bộ chỉ số.`;
        }
      });
      if (Object.keys(fields).length > 0) {
        throw new AppError('VALIDATION_ERROR', 'Danh sách đơn vị tham gia không hợp lệ.', { fields });
      }
    }
    return units.map((u) => ({ id: u.id, groupCode: u.groupCode as string }));
  }

  function newScorecard(
    campaignId: string,
    unit: { id: string; groupCode: string },
    doc: IndexSetDocument,
    now: string,
  ): ScorecardTable {
    const applicable = [...answerableLeaves(doc, unit.groupCode).values()].filter(
      (l) => l.kind === 'CRITERION',
    ).length;
    return {
      id: newId(),
      campaignId,
      unitId: unit.id,
      groupCode: unit.groupCode,
      status: 'DRAFT',
      rowVersion: 1,
      extendedUntil: null,
      submittedAt: null,
      submittedBy: null,
      minutesLate: null,
      submitNote: null,
      signedReportEvidenceId: null,
      returnedAt: null,
      returnedBy: null,
      returnReason: null,
      answeredCount: 0,
      applicableCount: applicable,
      evidenceCount: 0,
      selfPoints: 0,
      lastActivityAt: null,
      councilApprovedAt: null,
      councilApprovedBy: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  async function updateGuarded(
    ctx: Ctx,
    row: CampaignRow,
    expectedVersion: number,
    work: (tx: typeof db, now: Date) => Promise<Partial<CampaignRow>>,
  ): Promise<CampaignDetail> {
    if (row.rowVersion !== expectedVersion) {
      staleVersion(row.rowVersion);
    }
    await inTransaction(db, async (tx) => {
      // The row first: what `work` checks (e.g. every unit approved by the council) cannot change
      // under it, since appraisal steps take the same row (appraisal.service `phaseTx`).
      if (!(await campaignsRepo(tx).lockVersion(row.id, expectedVersion))) {
        staleVersion(-1);
      }
      const now = clock.now();
      const values = await work(tx, now);
      if (
        !(await campaignsRepo(tx).update(row.id, expectedVersion, {
          ...values,
          updatedAt: now.toISOString(),
        }))
      ) {
        staleVersion(-1);
      }
    });
    return detail(ctx, (await repo.findById(row.id))!);
  }

  return {
    async list(ctx: Ctx): Promise<CampaignSummary[]> {
      requirePermission(ctx.actor, 'campaign.read');
      const [rows, counts, mine] = await Promise.all([
        repo.list(),
        repo.counts(),
        repo.scorecardsOfUnits(ownUnitIds(ctx)),
      ]);
      // One query for every campaign's deadline, not one per campaign.
      const dues = await repo.milestoneDates('SELF_ASSESSMENT');
      const out: CampaignSummary[] = [];
      for (const r of rows.filter((row) => visible(ctx, row))) {
        const selfDue = dues.get(r.id) ?? null;
        const c = counts.get(r.id) ?? { units: 0, submitted: 0 };
        out.push({
          id: r.id,
          code: r.code,
          year: r.year,
          name: r.name,
          phase: r.phase as CampaignPhase,
          indexSet: {
            id: r.indexSetId,
            code: r.indexSetCode,
            version: r.indexSetVersion,
            name: r.indexSetName,
          },
          selfAssessmentDue: selfDue,
          unitCount: c.units,
          submittedCount: c.submitted,
          myScorecardId: mine.get(r.id) ?? null,
          createdAt: r.createdAt,
        });
      }
      return out;
    },

    async get(ctx: Ctx, id: string): Promise<CampaignDetail> {
      return detail(ctx, await load(ctx, id));
    },

    async create(ctx: Ctx, input: CreateCampaignInput): Promise<CampaignDetail> {
      requirePermission(ctx.actor, 'campaign.manage');
      const set = await repo.indexSet(input.indexSetId);
      if (!set) {
        throw new AppError('REFERENCE_NOT_FOUND', 'Không tìm thấy bộ chỉ số.', {
          fields: { indexSetId: 'Không tìm thấy.' },
        });
      }
      if (set.status !== 'PUBLISHED') {
        throw new AppError('INDEX_SET_NOT_PUBLISHED', undefined, {
          fields: { indexSetId: 'Hãy ban hành bộ chỉ số trước khi mở kỳ đánh giá.' },
        });
      }
      if (input.previousCampaignId) {
        const prev = await repo.findById(input.previousCampaignId);
        if (!prev) {
          throw new AppError('REFERENCE_NOT_FOUND', 'Không tìm thấy kỳ đánh giá năm trước.', {
            fields: { previousCampaignId: 'Không tìm thấy.' },
          });
        }
        if (prev.year >= input.year) {
          throw new AppError('VALIDATION_ERROR', 'Kỳ năm trước phải có năm nhỏ hơn.', {
            fields: {
              previousCampaignId: `Kỳ ${prev.code} (năm ${prev.year}) không trước năm ${input.year}.`,
            },
          });
        }
      }
      const doc = JSON.parse(set.document) as IndexSetDocument;
      const units = await participantRows(input.unitIds, doc);
      if (units.length === 0) {
        throw new AppError('VALIDATION_ERROR', 'Chưa có đơn vị nào thuộc các khối của bộ chỉ số.', {
          fields: { unitIds: 'Cần ít nhất một đơn vị tham gia.' },
        });
      }
      const id = newId();
      const now = clock.now();
      const iso = now.toISOString();
      try {
        await inTransaction(db, async (tx) => {
          const r = campaignsRepo(tx);
          await r.insert({
            id,
            code: input.code,
            year: input.year,
            name: input.name,
            indexSetId: set.id,
            previousCampaignId: input.previousCampaignId ?? null,
            phase: 'SETUP',
            guidanceText: '',
            guidanceIssuedAt: null,
            budgetStatus: 'DRAFT',
            budgetNote: null,
            budgetDecidedBy: null,
            budgetDecidedAt: null,
            appealUntil: null,
            approvedAt: null,
            approvedBy: null,
            rowVersion: 1,
            createdBy: ctx.actor.userId,
            createdAt: iso,
            updatedAt: iso,
          });
          await r.replaceMilestones(
            id,
            defaultMilestones(input.year).map((m, i) => ({
              id: newId(),
              campaignId: id,
              ...m,
              sortOrder: i,
              achievedAt: null,
            })),
          );
          await scorecardsRepo(tx).insertMany(units.map((u) => newScorecard(id, u, doc, iso)));
          await r.insertReminderRules(
            defaultReminderLadder().map((rule) => ({
              id: newId(),
              campaignId: id,
              ...rule,
              isActive: 1,
              createdAt: iso,
            })),
          );
          await audit(tx, ctx, now, 'campaign.created', id, {
            code: input.code,
            year: input.year,
            indexSet: { id: set.id, code: set.code, version: set.version },
            units: units.length,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('DUPLICATE', `Mã kỳ đánh giá "${input.code}" đã tồn tại.`, {
            fields: { code: 'Đã tồn tại.' },
          });
        }
        throw error;
      }
      return detail(ctx, (await repo.findById(id))!);
    },

    async update(ctx: Ctx, id: string, input: UpdateCampaignInput): Promise<CampaignDetail> {
      requirePermission(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId: id });
      const row = await load(ctx, id);
      if (row.phase === 'CLOSED') {
        throw new AppError('CONFLICT', 'Kỳ đánh giá đã kết thúc.');
      }
      if (input.previousCampaignId) {
        const prev = await repo.findById(input.previousCampaignId);
        if (!prev || prev.year >= row.year) {
          throw new AppError('VALIDATION_ERROR', 'Kỳ năm trước không hợp lệ.', {
            fields: { previousCampaignId: 'Phải là một kỳ đánh giá của năm trước.' },
          });
        }
      }
      if (
        input.guidanceText !== undefined &&
        input.guidanceText.trim() === '' &&
        row.guidanceIssuedAt !== null
      ) {
        throw new AppError('VALIDATION_ERROR', 'Hướng dẫn đã ban hành không được để trống.', {
          fields: { guidanceText: 'Sửa nội dung hướng dẫn thay vì xoá trắng.' },
        });
      }
      return updateGuarded(ctx, row, input.rowVersion, async (tx, now) => {
        const values: Partial<CampaignRow> = {};
        if (input.name !== undefined) {
          values.name = input.name;
        }
        if (input.guidanceText !== undefined) {
          values.guidanceText = input.guidanceText.normalize('NFC');
        }
        if (input.previousCampaignId !== undefined) {
          values.previousCampaignId = input.previousCampaignId;
        }
        await audit(tx, ctx, now, 'campaign.updated', id, {
          fields: Object.keys(values),
          before: Object.fromEntries(Object.keys(values).map((k) => [k, row[k as keyof CampaignRow]])),
        });
        return values;
      });
    },

    async saveMilestones(ctx: Ctx, id: string, input: SaveMilestonesInput): Promise<CampaignDetail> {
      requirePermission(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId: id });
      const row = await load(ctx, id);
      if (row.phase === 'CLOSED') {
        throw new AppError('CONFLICT', 'Kỳ đánh giá đã kết thúc.');
      }
      const keys = input.milestones.map((m) => m.key);
      const fields: Record<string, string> = {};
      keys.forEach((k, i) => {
        if (keys.indexOf(k) !== i) {
          fields[`milestones.${i}.key`] = `Mã mốc "${k}" bị trùng.`;
        }
      });
      if (!keys.includes('SELF_ASSESSMENT')) {
        fields.milestones = 'Phải có mốc SELF_ASSESSMENT (hạn tự đánh giá).';
      }
      // The plan's steps follow each other: guidance ≤ self-assessment ≤ appraisal ≤ report ≤ announcement.
      const ordered = MILESTONE_KEYS.map((k) => input.milestones.find((m) => m.key === k)).filter(
        (m): m is (typeof input.milestones)[number] => m !== undefined,
      );
      for (let i = 1; i < ordered.length; i++) {
        if (ordered[i]!.dueDate < ordered[i - 1]!.dueDate) {
          const at = input.milestones.indexOf(ordered[i]!);
          fields[`milestones.${at}.dueDate`] =
            `"${ordered[i]!.label}" không được trước "${ordered[i - 1]!.label}" (${ordered[i - 1]!.dueDate.split('-').reverse().join('/')}).`;
        }
      }
      // Once units are working, their deadline moves only later, and is fixed after the lock.
      const before = await repo.milestones(id);
      const oldSelf = before.find((m) => m.key === 'SELF_ASSESSMENT')?.dueDate;
      const newSelf = input.milestones.find((m) => m.key === 'SELF_ASSESSMENT')?.dueDate;
      const selfAt = input.milestones.findIndex((m) => m.key === 'SELF_ASSESSMENT');
      const phase = row.phase as CampaignPhase;
      if (oldSelf && newSelf && newSelf !== oldSelf) {
        if (!['SETUP', 'GUIDANCE_ISSUED', 'SELF_ASSESSMENT'].includes(phase)) {
          fields[`milestones.${selfAt}.dueDate`] = 'Đã khoá tự đánh giá: không đổi hạn tự đánh giá nữa.';
        } else if (phase === 'SELF_ASSESSMENT' && newSelf < oldSelf && newSelf < localDateOf(clock.now())) {
          fields[`milestones.${selfAt}.dueDate`] =
            'Không đưa hạn tự đánh giá về một ngày đã qua khi các đơn vị đang làm.';
        }
      }
      if (Object.keys(fields).length > 0) {
        throw new AppError('VALIDATION_ERROR', 'Mốc thời gian không hợp lệ.', { fields });
      }
      return updateGuarded(ctx, row, input.rowVersion, async (tx, now) => {
        await campaignsRepo(tx).replaceMilestones(
          id,
          input.milestones.map((m, i) => ({
            id: newId(),
            campaignId: id,
            key: m.key,
            label: m.label.normalize('NFC'),
            dueDate: m.dueDate,
            sortOrder: i,
            achievedAt: before.find((b) => b.key === m.key)?.achievedAt ?? null,
          })),
        );
        await audit(tx, ctx, now, 'campaign.milestonesUpdated', id, {
          before: before.map((m) => ({ key: m.key, dueDate: m.dueDate })),
          after: input.milestones.map((m) => ({ key: m.key, dueDate: m.dueDate })),
        });
        return {};
      });
    },

    async saveBudget(ctx: Ctx, id: string, input: SaveBudgetInput): Promise<CampaignDetail> {
      requirePermission(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId: id });
      const row = await load(ctx, id);
      if (row.budgetStatus === 'APPROVED') {
        throw new AppError('CONFLICT', 'Dự toán đã được phê duyệt; không sửa được.');
      }
      return updateGuarded(ctx, row, input.rowVersion, async (tx, now) => {
        await campaignsRepo(tx).replaceBudgetLines(
          id,
          input.lines.map((l, i) => ({
            id: newId(),
            campaignId: id,
            sortOrder: i,
            description: l.description.normalize('NFC'),
            amountVnd: l.amountVnd,
            note: l.note?.trim() || null,
          })),
        );
        const status: BudgetStatus = input.submit ? 'SUBMITTED' : 'DRAFT';
        await audit(tx, ctx, now, 'campaign.budgetUpdated', id, {
          lines: input.lines.length,
          totalVnd: input.lines.reduce((s, l) => s + l.amountVnd, 0),
          status,
        });
        return { budgetStatus: status, budgetNote: input.note?.trim() || null };
      });
    },

    async decideBudget(ctx: Ctx, id: string, input: BudgetDecisionInput): Promise<CampaignDetail> {
      requirePermission(ctx.actor, 'campaign.approve', { type: 'campaign', campaignId: id });
      const row = await load(ctx, id);
      if (row.budgetStatus !== 'SUBMITTED') {
        throw new AppError('INVALID_STATE_TRANSITION', 'Chỉ phê duyệt được dự toán đã trình.');
      }
      if (input.decision === 'RETURNED' && !input.note?.trim()) {
        throw new AppError('VALIDATION_ERROR', 'Trả lại dự toán phải nêu lý do.', {
          fields: { note: 'Bắt buộc nêu lý do.' },
        });
      }
      return updateGuarded(ctx, row, input.rowVersion, async (tx, now) => {
        await audit(tx, ctx, now, 'campaign.budgetDecided', id, {
          decision: input.decision,
          note: input.note ?? null,
        });
        return {
          budgetStatus: input.decision,
          budgetNote: input.note?.trim() || row.budgetNote,
          budgetDecidedBy: ctx.actor.userId,
          budgetDecidedAt: now.toISOString(),
        };
      });
    },

    async saveParticipants(ctx: Ctx, id: string, input: SaveParticipantsInput): Promise<CampaignDetail> {
      requirePermission(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId: id });
      const row = await load(ctx, id);
      if (!isSetupEditable(row.phase as CampaignPhase)) {
        throw new AppError('CONFLICT', 'Chỉ thay đổi đơn vị tham gia trước khi mở tự đánh giá.');
      }
      const set = (await repo.indexSet(row.indexSetId))!;
      const doc = JSON.parse(set.document) as IndexSetDocument;
      const wanted = await participantRows([...new Set(input.unitIds)], doc);
      const current = await scorecardsRepo(db).listByCampaign(id);
      const wantedIds = new Set(wanted.map((u) => u.id));
      const currentIds = new Set(current.map((s) => s.unitId));
      const removed = current.filter((s) => !wantedIds.has(s.unitId));
      const active = await scorecardsRepo(db).withActivity(id);
      const blocked = removed.filter((s) => active.has(s.id));
      if (blocked.length > 0) {
        throw new AppError(
          'CONFLICT',
          `Không bỏ được đơn vị đã có dữ liệu tự đánh giá: ${blocked.map((s) => s.unitCode).join(', ')}.`,
        );
      }
      return updateGuarded(ctx, row, input.rowVersion, async (tx, now) => {
        const added = wanted.filter((u) => !currentIds.has(u.id));
        await scorecardsRepo(tx).insertMany(added.map((u) => newScorecard(id, u, doc, now.toISOString())));
        await scorecardsRepo(tx).deleteEmpty(removed.map((s) => s.id));
        await audit(tx, ctx, now, 'campaign.unitsUpdated', id, {
          added: added.map((u) => u.id),
          removed: removed.map((s) => s.unitId),
        });
        return {};
      });
    },

    /** One phase change through the campaign machine: policy first, then state, then audit. */
    async transition(ctx: Ctx, id: string, input: CampaignTransitionInput): Promise<CampaignDetail> {
      const row = await load(ctx, id);
      const candidates = CAMPAIGN_TRANSITIONS.filter((t) => t.action === input.action);
      if (!candidates.some((t) => can(ctx.actor, t.permission, { type: 'campaign', campaignId: id }))) {
        throw new AppError('FORBIDDEN');
      }
      const t = findCampaignTransition(row.phase as CampaignPhase, input.action);
      if (!t) {
        if (input.action === 'publish' && row.phase !== 'PUBLISHED' && row.phase !== 'CLOSED') {
          throw new AppError('RESULTS_NOT_APPROVED', 'Chỉ công bố được kết quả sau khi lãnh đạo phê duyệt.');
        }
        throw new AppError('INVALID_STATE_TRANSITION');
      }
      if (
        input.action === 'issueGuidance' &&
        row.guidanceText.trim() === '' &&
        (await repo.files(id)).length === 0
      ) {
        throw new AppError('VALIDATION_ERROR', 'Chưa có nội dung hoặc tệp hướng dẫn chấm điểm để ban hành.', {
          fields: { guidanceText: 'Nhập hướng dẫn hoặc đính kèm tệp.' },
        });
      }
      return updateGuarded(ctx, row, input.rowVersion, async (tx, now) => {
        const extra = hooks.onTransition
          ? await hooks.onTransition(tx, ctx, row, t.action, input.reason)
          : {};
        await audit(tx, ctx, now, 'campaign.transitioned', id, {
          action: t.action,
          from: t.from,
          to: t.to,
          ...(input.reason ? { reason: input.reason } : {}),
          ...extra,
        });
        return {
          phase: t.to,
          ...(t.action === 'issueGuidance' ? { guidanceIssuedAt: now.toISOString() } : {}),
        };
      });
    },

    /**
     * The Office's dashboard (issue 4 §6): figures over every participating unit and one page of
     * unit rows, filtered and sorted in SQL — a request costs two queries over the campaign's
     * scorecards whatever its size, and sends one page (docs/campaigns.md, "Monitoring").
     */
    async monitoring(ctx: Ctx, id: string, query: Partial<MonitoringQuery> = {}): Promise<MonitoringView> {
      requirePermission(ctx.actor, 'campaign.monitor', { type: 'campaign', campaignId: id });
      const q = MonitoringQuery.parse(query);
      const row = await load(ctx, id);
      const selfDue = (await repo.milestones(id)).find((m) => m.key === 'SELF_ASSESSMENT')?.dueDate ?? null;
      const now = clock.now();
      const scope = { campaignId: id, today: localDateOf(now), selfDue };
      const search = q.q ? foldForSearch(q.q) : '';
      const where = { status: q.status, group: q.group || undefined, search: search || undefined };
      const [groups, cards] = await Promise.all([
        repo.monitoringAggregates(scope, where),
        repo.monitoringPage(scope, where, {
          sort: q.sort,
          order: q.order,
          limit: q.pageSize,
          offset: (q.page - 1) * q.pageSize,
        }),
      ]);
      const rows = cards.map((s) => {
        const due = s.extendedUntil ?? selfDue;
        const status = s.status as ScorecardStatus;
        return {
          scorecardId: s.id,
          unitId: s.unitId,
          unitCode: s.unitCode,
          unitName: s.unitName,
          groupCode: s.groupCode,
          status,
          state: monitoringState({ ...s, status }),
          answeredCount: s.answeredCount,
          applicableCount: s.applicableCount,
          answeredPercent: answeredPercent(s.answeredCount, s.applicableCount),
          evidenceCount: s.evidenceCount,
          selfPoints: s.selfPoints,
          lastActivityAt: s.lastActivityAt,
          submittedAt: s.submittedAt,
          minutesLate: s.minutesLate,
          dueDate: due,
          isOverdue: !hasSubmitted(status, s.submittedAt) && due !== null && isPast(due, now),
        };
      });
      const counts = (g: MonitoringGroupAggregate) => ({
        units: g.units,
        submitted: g.submitted,
        inProgress: g.inProgress,
        notStarted: g.notStarted,
        returned: g.returned,
        overdue: g.overdue,
        late: g.late,
      });
      const sum = (pick: (g: MonitoringGroupAggregate) => number) => groups.reduce((n, g) => n + pick(g), 0);
      return {
        campaignId: id,
        phase: row.phase as CampaignPhase,
        selfAssessmentDue: selfDue,
        totals: {
          units: sum((g) => g.units),
          submitted: sum((g) => g.submitted),
          inProgress: sum((g) => g.inProgress),
          notStarted: sum((g) => g.notStarted),
          returned: sum((g) => g.returned),
          overdue: sum((g) => g.overdue),
          late: sum((g) => g.late),
        },
        groups: groups.map((g) => ({
          groupCode: g.groupCode,
          ...counts(g),
          // The mean of the units' hundredths, rounded half up, in integers.
          answeredPercent: g.units === 0 ? 0 : Math.floor((2 * g.answeredSum + g.units) / (2 * g.units)),
        })),
        progress: MONITORING_PROGRESS_BUCKETS.map((bucket, i) => ({
          bucket,
          units: sum((g) => g.buckets[i] ?? 0),
        })),
        total: sum((g) => g.matched),
        page: q.page,
        pageSize: q.pageSize,
        sort: q.sort,
        order: q.order,
        rows,
      };
    },
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
