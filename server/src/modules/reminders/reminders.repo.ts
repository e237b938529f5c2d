import type { Database } from '../../db/database';
import { newId } from '../../platform/ids';

export const SELF_ASSESSMENT_KEY = 'SELF_ASSESSMENT';
/** Scorecard statuses that still have work for the unit: the ones reminders are about. */
export const STATUSES_WITH_WORK = ['DRAFT', 'RETURNED'] as const;

export interface RuleRow {
  id: string;
  campaignId: string;
  milestoneKey: string;
  offsetDays: number;
  audience: string;
  isActive: number;
  createdAt: string;
}

export interface OpenScorecardRow {
  id: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  status: string;
  extendedUntil: string | null;
  answeredCount: number;
  applicableCount: number;
}

export interface RecipientRow {
  userId: string;
  unitId: string;
  role: string;
  fullName: string;
  email: string | null;
}

export interface NewDelivery {
  campaignId: string;
  unitId: string;
  userId: string | null;
  ruleId: string | null;
  reminderKey: string;
  channel: 'IN_APP' | 'EMAIL';
  recipient: string;
  subject: string;
  sentBy: string | null;
  now: string;
}

export function remindersRepo(db: Database) {
  return {
    findCampaign(id: string) {
      return db
        .selectFrom('campaign')
        .select(['id', 'name', 'code', 'year', 'phase'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    campaignsInPhase(phase: string) {
      return db
        .selectFrom('campaign')
        .select(['id', 'name', 'code', 'year', 'phase'])
        .where('phase', '=', phase)
        .orderBy('id')
        .execute();
    },

    async milestoneDueDate(campaignId: string, key: string): Promise<string | null> {
      const row = await db
        .selectFrom('campaign_milestone')
        .select('dueDate')
        .where('campaignId', '=', campaignId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row?.dueDate ?? null;
    },

    listRules(campaignId: string): Promise<RuleRow[]> {
      return db
        .selectFrom('reminder_rule')
        .selectAll()
        .where('campaignId', '=', campaignId)
        .orderBy('milestoneKey')
        .orderBy('offsetDays')
        .orderBy('id')
        .execute();
    },

    async insertRule(row: Omit<RuleRow, 'id'>): Promise<string> {
      const id = newId();
      await db
        .insertInto('reminder_rule')
        .values({ id, ...row })
        .execute();
      return id;
    },

    async updateRule(id: string, patch: { audience: string; isActive: number }): Promise<void> {
      await db.updateTable('reminder_rule').set(patch).where('id', '=', id).execute();
    },

    async deleteRules(ids: string[]): Promise<void> {
      if (ids.length > 0) {
        await db.deleteFrom('reminder_rule').where('id', 'in', ids).execute();
      }
    },

    /** Scorecards of the campaign that still have work, with their unit; optionally only `unitIds`. */
    openScorecards(campaignId: string, unitIds?: readonly string[]): Promise<OpenScorecardRow[]> {
      let q = db
        .selectFrom('scorecard as s')
        .innerJoin('unit as u', 'u.id', 's.unitId')
        .select([
          's.id',
          's.unitId',
          'u.code as unitCode',
          'u.name as unitName',
          's.status',
          's.extendedUntil',
          's.answeredCount',
          's.applicableCount',
        ])
        .where('s.campaignId', '=', campaignId)
        .where('s.status', 'in', [...STATUSES_WITH_WORK]);
      if (unitIds) {
        if (unitIds.length === 0) {
          return Promise.resolve([]);
        }
        q = q.where('s.unitId', 'in', [...unitIds]);
      }
      return q.orderBy('u.code').execute();
    },

    findScorecard(id: string) {
      return db
        .selectFrom('scorecard')
        .select(['id', 'campaignId', 'unitId', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Active users holding `roles` on any of `unitIds`. */
    async recipients(unitIds: readonly string[], roles: readonly string[]): Promise<RecipientRow[]> {
      if (unitIds.length === 0 || roles.length === 0) {
        return [];
      }
      const rows = await db
        .selectFrom('user_role as r')
        .innerJoin('app_user as a', 'a.id', 'r.userId')
        .select(['a.id as userId', 'r.unitId', 'r.role', 'a.fullName', 'a.email'])
        .where('r.unitId', 'in', [...unitIds])
        .where('r.role', 'in', [...roles])
        .where('a.isActive', '=', 1)
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({ ...r, unitId: r.unitId ?? '' }));
    },

    /** Keys already in the log for `reminderKeys`: lets the planner skip work instead of relying on conflicts. */
    async existingDeliveryKeys(campaignId: string, reminderKeys: readonly string[]): Promise<Set<string>> {
      const out = new Set<string>();
      // Chunked: SQLite limits bound parameters per statement.
      for (let i = 0; i < reminderKeys.length; i += 500) {
        const rows = await db
          .selectFrom('reminder_delivery')
          .select(['reminderKey', 'channel', 'recipient'])
          .where('campaignId', '=', campaignId)
          .where('reminderKey', 'in', reminderKeys.slice(i, i + 500))
          .execute();
        for (const r of rows) {
          out.add(`${r.reminderKey}|${r.channel}|${r.recipient}`);
        }
      }
      return out;
    },

    /**
     * Inserts a PENDING delivery unless (reminderKey, channel, recipient) is already logged;
     * returns its id, or null when it existed. The unique key is what makes a reminder
     * exactly-once across planner runs, restarts and processes.
     */
    async insertDelivery(d: NewDelivery): Promise<string | null> {
      const id = newId();
      const res = await db
        .insertInto('reminder_delivery')
        .values({
          id,
          campaignId: d.campaignId,
          unitId: d.unitId,
          userId: d.userId,
          ruleId: d.ruleId,
          reminderKey: d.reminderKey,
          channel: d.channel,
          recipient: d.recipient,
          subject: d.subject,
          status: 'PENDING',
          attempts: 0,
          lastError: null,
          sentBy: d.sentBy,
          createdAt: d.now,
          deliveredAt: null,
        })
        .onConflict((oc) => oc.columns(['reminderKey', 'channel', 'recipient']).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1 ? id : null;
    },

    findDelivery(id: string) {
      return db.selectFrom('reminder_delivery').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** PENDING/FAILED → SENT; false when it was already SENT (another attempt won). */
    async markSent(id: string, now: string): Promise<boolean> {
      const res = await db
        .updateTable('reminder_delivery')
        .set((eb) => ({
          status: 'SENT',
          attempts: eb('attempts', '+', 1),
          lastError: null,
          deliveredAt: now,
        }))
        .where('id', '=', id)
        .where('status', '<>', 'SENT')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async markFailed(id: string, error: string): Promise<boolean> {
      const res = await db
        .updateTable('reminder_delivery')
        .set((eb) => ({ status: 'FAILED', attempts: eb('attempts', '+', 1), lastError: error }))
        .where('id', '=', id)
        .where('status', '<>', 'SENT')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async insertNotification(n: {
      userId: string;
      campaignId: string | null;
      kind: string;
      title: string;
      body: string;
      link: string | null;
      now: string;
    }): Promise<void> {
      await db
        .insertInto('notification')
        .values({
          id: newId(),
          userId: n.userId,
          campaignId: n.campaignId,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          createdAt: n.now,
          readAt: null,
        })
        .execute();
    },

    async listDeliveries(
      campaignId: string,
      f: { unitId?: string | undefined; status?: string | undefined; limit: number; offset: number },
    ) {
      let base = db.selectFrom('reminder_delivery as d').where('d.campaignId', '=', campaignId);
      if (f.unitId) {
        base = base.where('d.unitId', '=', f.unitId);
      }
      if (f.status) {
        base = base.where('d.status', '=', f.status);
      }
      const total = await base
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      const items = await base
        .innerJoin('unit as u', 'u.id', 'd.unitId')
        .leftJoin('app_user as a', 'a.id', 'd.userId')
        .selectAll('d')
        .select(['u.code as unitCode', 'u.name as unitName', 'a.fullName as recipientName'])
        .orderBy('d.createdAt', 'desc')
        .orderBy('d.id', 'desc')
        .limit(f.limit)
        .offset(f.offset)
        .execute();
      return { total: Number(total.n), items };
    },
  };
}
export type RemindersRepo = ReturnType<typeof remindersRepo>;
