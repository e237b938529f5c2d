import { createHash } from 'node:crypto';
import type { Actor } from '@cchc/domain/access/roles';
import type {
  DeliveryPage,
  DeliveryQuery,
  DeliveryStatus,
  ManualReminderInput,
  ManualReminderResult,
  ReminderChannel,
  ReminderRulesView,
  ReminderRuleView,
  SaveReminderRulesInput,
} from '@cchc/domain/api/reminders';
import { ManualReminderInput as ManualReminderSchema, ReminderRuleInput } from '@cchc/domain/api/reminders';
import { deadlineInstant } from '@cchc/domain/campaign/calendar';
import { defaultReminderLadder, type ReminderAudience } from '@cchc/domain/campaign/defaults';
import type { Database } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { iso } from '../../platform/clock';
import { newId } from '../../platform/ids';
import { jobQueue } from '../../platform/jobs';
import { auditRepo } from '../audit/audit.repo';
import { type Ctx, requirePermission, type ServiceDeps } from '../shared/context';
import { reminderTexts } from './reminder-texts';
import {
  type OpenScorecardRow,
  type RecipientRow,
  type RemindersRepo,
  remindersRepo,
  SELF_ASSESSMENT_KEY,
} from './reminders.repo';

export const REMINDER_JOB = { plan: 'reminders.plan', deliver: 'reminders.deliver' } as const;
/** The planner's period; the worker enqueues one plan job per period, deduped across processes. */
export const PLAN_EVERY_MS = 60_000;
/**
 * A ladder step fires only while its fire time is within the last 3 days. A campaign opened (or a
 * rule added) late must not flood units with "còn 7 ngày" mails that are no longer true, and a
 * server that was down for a weekend still sends what is due when it comes back.
 */
export const FIRE_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** Delivery attempts per recipient and channel (about 30 s, 1, 2, 4 min apart). */
export const DELIVERY_MAX_ATTEMPTS = 5;
export const NOTIFICATION_KIND = 'REMINDER';

const DAY_MS = 24 * 60 * 60 * 1000;
const ROLES_OF: Record<ReminderAudience, readonly string[]> = {
  FOCAL: ['UNIT_FOCAL'],
  HEAD: ['UNIT_HEAD'],
  BOTH: ['UNIT_FOCAL', 'UNIT_HEAD'],
};

/** What a delivery job carries: everything needed to send without recomputing the text. */
export interface DeliverPayload {
  deliveryId: string;
  scorecardId: string;
  title: string;
  body: string;
  /** Path inside the web app. */
  link: string;
}

/** When a ladder step fires for a unit: its deadline (end of the local day) plus offsetDays days. */
export function ruleFireTime(dueDate: string, offsetDays: number): Date {
  return new Date(deadlineInstant(dueDate).getTime() + offsetDays * DAY_MS);
}

/** The web page a reminder links to: the unit's scorecard. */
export function scorecardLink(scorecardId: string): string {
  return `/scorecards/${scorecardId}`;
}

/**
 * Creates the default ladder (domain/data/campaign-defaults.json) for a campaign that has no rule
 * yet; returns false when it already has rules. Called by the campaign service at creation, in its
 * transaction (pass the transaction handle as `db`).
 */
export async function ensureDefaultReminderRules(
  db: Database,
  campaignId: string,
  now: Date,
): Promise<boolean> {
  const repo = remindersRepo(db);
  if ((await repo.listRules(campaignId)).length > 0) {
    return false;
  }
  for (const rule of defaultReminderLadder()) {
    await repo.insertRule({
      campaignId,
      milestoneKey: rule.milestoneKey,
      offsetDays: rule.offsetDays,
      audience: rule.audience,
      isActive: 1,
      createdAt: iso(now),
    });
  }
  return true;
}

interface PlannedDelivery {
  scorecard: OpenScorecardRow;
  recipient: RecipientRow & { isHead: boolean };
  channel: ReminderChannel;
  address: string;
  reminderKey: string;
}

/** One delivery row per (recipient, channel): IN_APP always, EMAIL when the user has an address. */
function expand(
  scorecard: OpenScorecardRow,
  recipients: readonly (RecipientRow & { isHead: boolean })[],
  reminderKey: string,
): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  for (const r of recipients) {
    out.push({ scorecard, recipient: r, channel: 'IN_APP', address: r.userId, reminderKey });
    if (r.email) {
      // Lower-cased: the unique key must not treat Focal@x and focal@x as two mailboxes.
      out.push({ scorecard, recipient: r, channel: 'EMAIL', address: r.email.toLowerCase(), reminderKey });
    }
  }
  return out;
}

/** Recipients of `audience` on the unit, one entry per user (a user holding both roles gets one). */
function recipientsFor(
  all: readonly RecipientRow[],
  unitId: string,
  audience: ReminderAudience,
): (RecipientRow & { isHead: boolean })[] {
  const roles = ROLES_OF[audience];
  const byUser = new Map<string, RecipientRow & { isHead: boolean }>();
  for (const r of all) {
    if (r.unitId !== unitId || !roles.includes(r.role)) {
      continue;
    }
    const seen = byUser.get(r.userId);
    byUser.set(r.userId, { ...r, isHead: (seen?.isHead ?? false) || r.role === 'UNIT_HEAD' });
  }
  return [...byUser.values()];
}

/**
 * Logs a delivery and queues its job in one transaction: either both exist or neither. Returns
 * false when the (reminderKey, channel, recipient) was already logged — the exactly-once guard.
 */
async function queueDelivery(
  tx: Database,
  d: PlannedDelivery,
  texts: { subject: string; title: string; body: string },
  meta: { campaignId: string; ruleId: string | null; sentBy: string | null; now: Date },
): Promise<boolean> {
  const id = await remindersRepo(tx).insertDelivery({
    campaignId: meta.campaignId,
    unitId: d.scorecard.unitId,
    userId: d.recipient.userId,
    ruleId: meta.ruleId,
    reminderKey: d.reminderKey,
    channel: d.channel,
    recipient: d.address,
    subject: texts.subject,
    sentBy: meta.sentBy,
    now: iso(meta.now),
  });
  if (!id) {
    return false;
  }
  const payload: DeliverPayload = {
    deliveryId: id,
    scorecardId: d.scorecard.id,
    title: texts.title,
    body: texts.body,
    link: scorecardLink(d.scorecard.id),
  };
  await jobQueue(tx).enqueue(REMINDER_JOB.deliver, `${REMINDER_JOB.deliver}:${id}`, payload, meta.now, {
    maxAttempts: DELIVERY_MAX_ATTEMPTS,
  });
  return true;
}

/**
 * The planner (one run of the "reminders.plan" job): for every campaign in SELF_ASSESSMENT, every
 * active rule whose fire time is within FIRE_WINDOW_MS before `now`, every scorecard with work and
 * every recipient of the rule's audience, queues one delivery per channel. Safe to run any number
 * of times, concurrently: the reminder key `rule:<ruleId>:<scorecardId>:<offsetDays>:<dueDate>`
 * with the channel and recipient is unique in the delivery log. The due date is part of the key so
 * that an extension (or a moved milestone) gets its own ladder instead of being silently skipped.
 */
export async function planReminders(db: Database, now: Date): Promise<{ queued: number }> {
  const repo = remindersRepo(db);
  let queued = 0;
  for (const campaign of await repo.campaignsInPhase('SELF_ASSESSMENT')) {
    const milestoneDue = await repo.milestoneDueDate(campaign.id, SELF_ASSESSMENT_KEY);
    const rules = (await repo.listRules(campaign.id)).filter(
      (r) => r.isActive === 1 && r.milestoneKey === SELF_ASSESSMENT_KEY,
    );
    if (!milestoneDue || rules.length === 0) {
      continue;
    }
    const steps: { scorecard: OpenScorecardRow; rule: (typeof rules)[number]; dueDate: string }[] = [];
    for (const scorecard of await repo.openScorecards(campaign.id)) {
      const dueDate = scorecard.extendedUntil ?? milestoneDue;
      for (const rule of rules) {
        const age = now.getTime() - ruleFireTime(dueDate, rule.offsetDays).getTime();
        if (age >= 0 && age < FIRE_WINDOW_MS) {
          steps.push({ scorecard, rule, dueDate });
        }
      }
    }
    if (steps.length === 0) {
      continue;
    }
    const keyOf = (s: (typeof steps)[number]) =>
      `rule:${s.rule.id}:${s.scorecard.id}:${s.rule.offsetDays}:${s.dueDate}`;
    const recipients = await repo.recipients(
      [...new Set(steps.map((s) => s.scorecard.unitId))],
      ROLES_OF.BOTH,
    );
    // Most runs find everything already logged: one read instead of one conflicting insert each.
    const existing = await repo.existingDeliveryKeys(campaign.id, [...new Set(steps.map(keyOf))]);
    for (const step of steps) {
      const planned = expand(
        step.scorecard,
        recipientsFor(recipients, step.scorecard.unitId, step.rule.audience as ReminderAudience),
        keyOf(step),
      ).filter((d) => !existing.has(`${d.reminderKey}|${d.channel}|${d.address}`));
      if (planned.length === 0) {
        continue;
      }
      queued += await inTransaction(db, async (tx) => {
        let n = 0;
        for (const d of planned) {
          const texts = reminderTexts({
            campaignName: campaign.name,
            unitName: step.scorecard.unitName,
            recipientName: d.recipient.fullName,
            dueDate: step.dueDate,
            offsetDays: step.rule.offsetDays,
            now,
            scorecardStatus: step.scorecard.status,
            answeredCount: step.scorecard.answeredCount,
            applicableCount: step.scorecard.applicableCount,
            isHead: d.recipient.isHead,
          });
          if (
            await queueDelivery(tx, d, texts, {
              campaignId: campaign.id,
              ruleId: step.rule.id,
              sentBy: null,
              now,
            })
          ) {
            n++;
          }
        }
        return n;
      });
    }
  }
  return { queued };
}

function ruleView(r: {
  id: string;
  milestoneKey: string;
  offsetDays: number;
  audience: string;
  isActive: number;
}) {
  return {
    id: r.id,
    milestoneKey: r.milestoneKey,
    offsetDays: r.offsetDays,
    audience: r.audience as ReminderAudience,
    isActive: r.isActive === 1,
  };
}

/** Reminders (đôn đốc): the ladder of a campaign, manual reminders and the delivery log (Office). */
export function createRemindersService({ db, clock }: ServiceDeps) {
  const repo = remindersRepo(db);

  async function loadCampaign(actor: Actor, campaignId: string, r: RemindersRepo = repo) {
    requirePermission(actor, 'reminder.manage', { type: 'campaign', campaignId });
    const campaign = await r.findCampaign(campaignId);
    if (!campaign) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy kỳ đánh giá.');
    }
    return campaign;
  }

  /** A short fingerprint of the ladder as stored: ids and settings, in a stable order. */
  function ladderVersion(rules: readonly ReminderRuleView[]): string {
    const canonical = [...rules]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((x) => `${x.id}|${x.milestoneKey}|${x.offsetDays}|${x.audience}|${x.isActive ? 1 : 0}`)
      .join(';');
    return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
  }

  async function rulesView(campaignId: string, r: RemindersRepo = repo): Promise<ReminderRulesView> {
    const rules = (await r.listRules(campaignId)).map(ruleView);
    return {
      campaignId,
      version: ladderVersion(rules),
      rules,
      defaults: defaultReminderLadder().map((d) => ({ ...ReminderRuleInput.parse(d), isActive: true })),
    };
  }

  return {
    /** The campaign's reminder ladder. */
    async listRules(ctx: Ctx, campaignId: string): Promise<ReminderRulesView> {
      await loadCampaign(ctx.actor, campaignId);
      return rulesView(campaignId);
    },

    /**
     * Replaces the ladder. A step that stays (same milestone and offset) keeps its id, so saving
     * the ladder never re-sends a step already sent; removed steps are deleted, new ones added.
     */
    async saveRules(ctx: Ctx, campaignId: string, input: SaveReminderRulesInput): Promise<ReminderRulesView> {
      await loadCampaign(ctx.actor, campaignId);
      const wanted = input.rules.map((r) => ReminderRuleInput.parse(r));
      return inTransaction(db, async (tx) => {
        const r = remindersRepo(tx);
        const before = await r.listRules(campaignId);
        if (ladderVersion(before.map(ruleView)) !== input.version) {
          throw new AppError(
            'EDIT_CONFLICT',
            'Lịch nhắc vừa được người khác sửa. Tải lại để xem lịch hiện tại rồi sửa lại.',
            { details: { current: before.map(ruleView) } },
          );
        }
        const now = clock.now();
        const keep = new Set<string>();
        for (const w of wanted) {
          const match = before.find(
            (b) => b.milestoneKey === w.milestoneKey && b.offsetDays === w.offsetDays,
          );
          if (match) {
            keep.add(match.id);
            await r.updateRule(match.id, { audience: w.audience, isActive: w.isActive ? 1 : 0 });
          } else {
            await r.insertRule({
              campaignId,
              milestoneKey: w.milestoneKey,
              offsetDays: w.offsetDays,
              audience: w.audience,
              isActive: w.isActive ? 1 : 0,
              createdAt: iso(now),
            });
          }
        }
        await r.deleteRules(before.filter((b) => !keep.has(b.id)).map((b) => b.id));
        const view = await rulesView(campaignId, r);
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'reminder.rulesUpdated',
          entityType: 'campaign',
          entityId: campaignId,
          data: { before: before.map(ruleView), after: view.rules },
          ip: ctx.ip,
        });
        return view;
      });
    },

    /** The delivery log, newest first; filters by unit and status. */
    async listDeliveries(ctx: Ctx, campaignId: string, query: DeliveryQuery): Promise<DeliveryPage> {
      await loadCampaign(ctx.actor, campaignId);
      const { total, items } = await repo.listDeliveries(campaignId, {
        unitId: query.unitId,
        status: query.status,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return {
        total,
        page: query.page,
        pageSize: query.pageSize,
        items: items.map((d) => ({
          id: d.id,
          unitId: d.unitId,
          unitCode: d.unitCode,
          unitName: d.unitName,
          userId: d.userId,
          recipientName: d.recipientName,
          ruleId: d.ruleId,
          reminderKey: d.reminderKey,
          channel: d.channel as ReminderChannel,
          recipient: d.recipient,
          subject: d.subject,
          status: d.status as DeliveryStatus,
          attempts: d.attempts,
          lastError: d.lastError,
          sentBy: d.sentBy,
          createdAt: d.createdAt,
          deliveredAt: d.deliveredAt,
        })),
      };
    },

    /**
     * A reminder sent by hand by the Office to chosen units (default: all with work). Each call is
     * a new reminder (its own key), recorded with who sent it; delivery happens in the worker.
     */
    async sendManual(ctx: Ctx, campaignId: string, raw: ManualReminderInput): Promise<ManualReminderResult> {
      const campaign = await loadCampaign(ctx.actor, campaignId);
      const input = ManualReminderSchema.parse(raw);
      if (campaign.phase !== 'SELF_ASSESSMENT') {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          'Chỉ gửi nhắc được khi kỳ đánh giá đang ở giai đoạn tự đánh giá.',
        );
      }
      const milestoneDue = await repo.milestoneDueDate(campaignId, SELF_ASSESSMENT_KEY);
      const wanted = input.unitIds ? [...new Set(input.unitIds)] : undefined;
      const open = await repo.openScorecards(campaignId, wanted);
      const openUnits = new Set(open.map((s) => s.unitId));
      const skippedUnitIds = (wanted ?? []).filter((u) => !openUnits.has(u));
      const recipients = await repo.recipients([...openUnits], ROLES_OF[input.audience]);
      const manualId = newId();
      const now = clock.now();
      const deliveryCount = await inTransaction(db, async (tx) => {
        let n = 0;
        for (const scorecard of open) {
          const dueDate = scorecard.extendedUntil ?? milestoneDue;
          const planned = expand(
            scorecard,
            recipientsFor(recipients, scorecard.unitId, input.audience),
            `manual:${manualId}:${scorecard.id}`,
          );
          for (const d of planned) {
            const texts = reminderTexts({
              campaignName: campaign.name,
              unitName: scorecard.unitName,
              recipientName: d.recipient.fullName,
              dueDate,
              offsetDays: null,
              now,
              scorecardStatus: scorecard.status,
              answeredCount: scorecard.answeredCount,
              applicableCount: scorecard.applicableCount,
              isHead: d.recipient.isHead,
              message: input.message || null,
            });
            if (
              await queueDelivery(tx, d, texts, { campaignId, ruleId: null, sentBy: ctx.actor.userId, now })
            ) {
              n++;
            }
          }
        }
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'reminder.manualSent',
          entityType: 'campaign',
          entityId: campaignId,
          data: {
            manualId,
            unitIds: [...openUnits],
            skippedUnitIds,
            audience: input.audience,
            message: input.message ?? null,
            deliveryCount: n,
          },
          ip: ctx.ip,
        });
        return n;
      });
      // Units that would be "reminded" with nobody to read it: said plainly, not counted as reached.
      const noRecipientUnits = open
        .filter((sc) => recipientsFor(recipients, sc.unitId, input.audience).length === 0)
        .map((sc) => ({ unitId: sc.unitId, unitCode: sc.unitCode, unitName: sc.unitName }));
      return {
        unitCount: openUnits.size - noRecipientUnits.length,
        deliveryCount,
        skippedUnitIds,
        noRecipientUnits,
      };
    },
  };
}
export type RemindersService = ReturnType<typeof createRemindersService>;
