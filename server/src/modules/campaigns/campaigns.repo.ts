import type { MonitoringFilter, MonitoringSort } from '@cchc/domain/api/campaigns';
import { isUnderAppraisal, SCORECARD_STATUSES } from '@cchc/domain/workflow/scorecard.machine';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { CampaignBudgetLineTable, CampaignMilestoneTable, CampaignTable } from '../../db/tables';

export type CampaignRow = CampaignTable;

/** What the monitoring queries select from: a campaign's scorecards (`s`) and their units (`u`). */
export interface MonitoringScope {
  campaignId: string;
  /** Today in Vietnam (YYYY-MM-DD): a unit is overdue once its due date is before it (calendar.isPast). */
  today: string;
  /** The campaign's self-assessment due date; a unit's extension (extendedUntil) replaces it. */
  selfDue: string | null;
}

export interface MonitoringWhere {
  status?: MonitoringFilter;
  group?: string;
  /** foldForSearch() of the query: matched against unit.searchText (code and name, folded). */
  search?: string;
}

const UNDER_APPRAISAL = SCORECARD_STATUSES.filter(isUnderAppraisal);

/**
 * The dashboard's states and figures as SQL, the same on SQLite and PostgreSQL: each is the SQL
 * twin of a domain function (monitoringState, hasSubmitted, answeredPercent, isPast), which the
 * tests compare on every unit. Booleans are never NULL here, so `not` is safe.
 */
function monitoringSql(scope: MonitoringScope) {
  const status = sql.ref('s.status');
  const submitted = sql<SqlBool>`(${status} = ${'SUBMITTED'} or (${status} in (${sql.join(
    UNDER_APPRAISAL,
  )}) and ${sql.ref('s.submittedAt')} is not null))`;
  const returned = sql<SqlBool>`(not ${submitted} and ${status} = ${'RETURNED'})`;
  const notStarted = sql<SqlBool>`(not ${submitted} and not ${returned} and ${sql.ref(
    's.lastActivityAt',
  )} is null and ${sql.ref('s.answeredCount')} = 0 and ${sql.ref('s.evidenceCount')} = 0)`;
  const inProgress = sql<SqlBool>`(not ${submitted} and not ${returned} and not ${notStarted})`;
  // due = extendedUntil ?? selfDue; overdue when due < today (local dates compare as text).
  const extended = sql.ref('s.extendedUntil');
  const duePast =
    scope.selfDue !== null && scope.selfDue < scope.today
      ? sql<SqlBool>`(${extended} is null or ${extended} < ${scope.today})`
      : sql<SqlBool>`(${extended} is not null and ${extended} < ${scope.today})`;
  const overdue = sql<SqlBool>`(not ${submitted} and ${duePast})`;
  const late = sql<SqlBool>`(coalesce(${sql.ref('s.minutesLate')}, 0) > 0)`;
  // answeredPercent(): hundredths, rounded half up (both are ≥ 0), 0 without applicable criteria.
  const answered = sql.ref('s.answeredCount');
  const applicable = sql.ref('s.applicableCount');
  const percent = sql<number>`(case when ${applicable} = 0 then 0 else (${answered} * 20000 + ${applicable}) / (2 * ${applicable}) end)`;
  // The state as one CASE (1 not started, 2 in progress, 3 returned, 4 submitted): each WHEN
  // already excludes the earlier ones, so the predicates above are not nested again.
  const stateCode = sql<number>`(case when ${submitted} then 4 when ${status} = ${'RETURNED'} then 3 when ${sql.ref(
    's.lastActivityAt',
  )} is null and ${sql.ref('s.answeredCount')} = 0 and ${sql.ref('s.evidenceCount')} = 0 then 1 else 2 end)`;
  const states = { submitted, returned, notStarted, inProgress, overdue, late };
  return { ...states, percent, stateCode };
}

function monitoringMatch(scope: MonitoringScope, where: MonitoringWhere): RawBuilder<SqlBool>[] {
  const m = monitoringSql(scope);
  const out: RawBuilder<SqlBool>[] = [];
  if (where.status) {
    out.push(where.status === 'notSubmitted' ? sql<SqlBool>`(not ${m.submitted})` : m[where.status]);
  }
  if (where.group) {
    out.push(sql<SqlBool>`(${sql.ref('s.groupCode')} = ${where.group})`);
  }
  if (where.search) {
    // LIKE wildcards typed by the user are literal characters.
    const pattern = `%${where.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // A correlated subquery, not a join: the aggregates then read no unit row when there is no
    // search; and not `unitId in (select … where searchText like …)`, which reads every unit of the
    // organisation (a substring LIKE has no index) where this looks up only the campaign's units by
    // primary key (server/test/query-plans.test.ts).
    out.push(
      sql<SqlBool>`exists (select 1 from ${sql.table('unit')} as ${sql.id('su')} where ${sql.ref('su.id')} = ${sql.ref('s.unitId')} and ${sql.ref('su.searchText')} like ${pattern} escape '\\')`,
    );
  }
  return out;
}

export interface MonitoringGroupAggregate {
  groupCode: string;
  units: number;
  submitted: number;
  returned: number;
  notStarted: number;
  inProgress: number;
  overdue: number;
  late: number;
  /** Sum of the units' answeredPercent (hundredths). */
  answeredSum: number;
  /** Units per progress bucket: 0, under 25 %, under 50 %, under 75 %, under 100 %, complete. */
  buckets: [number, number, number, number, number, number];
  /** Units matching the filters and search. */
  matched: number;
}

export function campaignsRepo(db: Database) {
  return {
    findById(id: string): Promise<CampaignRow | undefined> {
      return db.selectFrom('campaign').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByCode(code: string): Promise<CampaignRow | undefined> {
      return db.selectFrom('campaign').selectAll().where('code', '=', code).executeTakeFirst();
    },

    list() {
      return db
        .selectFrom('campaign as c')
        .innerJoin('index_set as i', 'i.id', 'c.indexSetId')
        .selectAll('c')
        .select(['i.code as indexSetCode', 'i.version as indexSetVersion', 'i.name as indexSetName'])
        .orderBy('c.year', 'desc')
        .orderBy('c.code')
        .execute();
    },

    /** Per campaign: participating units and submitted scorecards. */
    async counts(): Promise<Map<string, { units: number; submitted: number }>> {
      const rows = await db
        .selectFrom('scorecard')
        .select((eb) => [
          'campaignId',
          eb.fn.countAll<number>().as('units'),
          // hasSubmitted() of scorecard.machine: submitted, or under appraisal after a submission.
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(
                  eb.and([eb('submittedAt', 'is not', null), eb('status', 'not in', ['DRAFT', 'RETURNED'])]),
                )
                .then(1)
                .else(0)
                .end(),
            )
            .as('submitted'),
        ])
        .groupBy('campaignId')
        .execute();
      return new Map(
        rows.map((r) => [r.campaignId, { units: Number(r.units), submitted: Number(r.submitted ?? 0) }]),
      );
    },

    /** The actor's own scorecards (unit-scoped roles): campaignId → scorecardId. */
    async scorecardsOfUnits(unitIds: readonly string[]): Promise<Map<string, string>> {
      if (unitIds.length === 0) {
        return new Map();
      }
      const rows = await db
        .selectFrom('scorecard')
        .select(['id', 'campaignId'])
        .where('unitId', 'in', [...unitIds])
        .execute();
      return new Map(rows.map((r) => [r.campaignId, r.id]));
    },

    async insert(row: CampaignRow): Promise<void> {
      await db.insertInto('campaign').values(row).execute();
    },

    async update(
      id: string,
      expectedVersion: number,
      values: Partial<Omit<CampaignRow, 'id' | 'rowVersion'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('campaign')
        .set({ ...values, rowVersion: expectedVersion + 1 })
        .where('id', '=', id)
        .where('rowVersion', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Takes the campaign row while it still has `expectedVersion` (PostgreSQL: a row lock until
     * commit), before a change reads anything it depends on.
     */
    async lockVersion(id: string, expectedVersion: number): Promise<boolean> {
      const r = await db
        .updateTable('campaign')
        .set({ rowVersion: expectedVersion })
        .where('id', '=', id)
        .where('rowVersion', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    milestones(campaignId: string) {
      return db
        .selectFrom('campaign_milestone')
        .selectAll()
        .where('campaignId', '=', campaignId)
        .orderBy('sortOrder')
        .execute();
    },

    /** campaignId → due date of the milestone `key`, for every campaign. */
    async milestoneDates(key: string): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('campaign_milestone')
        .select(['campaignId', 'dueDate'])
        .where('key', '=', key)
        .execute();
      return new Map(rows.map((r) => [r.campaignId, r.dueDate]));
    },

    async replaceMilestones(campaignId: string, rows: CampaignMilestoneTable[]): Promise<void> {
      await db.deleteFrom('campaign_milestone').where('campaignId', '=', campaignId).execute();
      if (rows.length > 0) {
        await db.insertInto('campaign_milestone').values(rows).execute();
      }
    },

    budgetLines(campaignId: string) {
      return db
        .selectFrom('campaign_budget_line')
        .selectAll()
        .where('campaignId', '=', campaignId)
        .orderBy('sortOrder')
        .execute();
    },

    async replaceBudgetLines(campaignId: string, rows: CampaignBudgetLineTable[]): Promise<void> {
      await db.deleteFrom('campaign_budget_line').where('campaignId', '=', campaignId).execute();
      if (rows.length > 0) {
        await db.insertInto('campaign_budget_line').values(rows).execute();
      }
    },

    files(campaignId: string) {
      return db
        .selectFrom('campaign_file as f')
        .innerJoin('blob as b', 'b.sha256', 'f.blobSha256')
        .select(['f.id', 'f.title', 'f.filename', 'f.uploadedAt', 'b.sha256', 'b.sizeBytes', 'b.mimeType'])
        .where('f.campaignId', '=', campaignId)
        .where('f.deletedAt', 'is', null)
        .orderBy('f.uploadedAt')
        .execute();
    },

    async insertReminderRules(rows: import('../../db/tables').ReminderRuleTable[]): Promise<void> {
      if (rows.length > 0) {
        await db.insertInto('reminder_rule').values(rows).execute();
      }
    },

    indexSetHash(id: string) {
      return db
        .selectFrom('index_set')
        .select(['id', 'code', 'version', 'documentHash'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    indexSet(id: string) {
      return db
        .selectFrom('index_set')
        .select(['id', 'code', 'version', 'name', 'status', 'document', 'documentHash'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Active units that belong to a group (a unit without a group cannot be scored). */
    activeGroupedUnits() {
      return db
        .selectFrom('unit as u')
        .innerJoin('unit_group as g', 'g.id', 'u.groupId')
        .select(['u.id', 'u.code', 'g.code as groupCode'])
        .where('u.isActive', '=', 1)
        .orderBy('u.code')
        .execute();
    },

    /**
     * The dashboard's figures of every unit in one pass over the campaign's scorecards
     * (index scorecard_campaign_unit_uq), one row per unit group: states, overdue, late, progress
     * buckets, and how many units match the page's filters (its `total`).
     */
    async monitoringAggregates(
      scope: MonitoringScope,
      where: MonitoringWhere,
    ): Promise<MonitoringGroupAggregate[]> {
      const m = monitoringSql(scope);
      const match = monitoringMatch(scope, where);
      const p = m.percent;
      // Each unit's state, flags and percent once (inner query), then counted per group: the
      // nested state predicates are not evaluated again for every figure.
      const flag = (c: RawBuilder<SqlBool>) => sql<number>`(case when ${c} then 1 else 0 end)`;
      const perUnit = db
        .selectFrom('scorecard as s')
        .where('s.campaignId', '=', scope.campaignId)
        .select([
          's.groupCode',
          m.stateCode.as('st'),
          flag(m.overdue).as('od'),
          flag(m.late).as('lt'),
          p.as('pc'),
          (match.length > 0 ? flag(sql<SqlBool>`(${sql.join(match, sql` and `)})`) : sql<number>`1`).as('mt'),
        ]);
      const st = sql.ref('t.st');
      const pc = sql.ref('t.pc');
      const count = (c: RawBuilder<SqlBool>) => sql<number | string>`sum(case when ${c} then 1 else 0 end)`;
      const rows = await db
        .selectFrom(perUnit.as('t'))
        .select([
          't.groupCode',
          sql<number | string>`count(*)`.as('units'),
          count(sql<SqlBool>`${st} = 4`).as('submitted'),
          count(sql<SqlBool>`${st} = 3`).as('returned'),
          count(sql<SqlBool>`${st} = 1`).as('notStarted'),
          count(sql<SqlBool>`${st} = 2`).as('inProgress'),
          sql<number | string>`sum(${sql.ref('t.od')})`.as('overdue'),
          sql<number | string>`sum(${sql.ref('t.lt')})`.as('late'),
          sql<number | string>`sum(${pc})`.as('answeredSum'),
          count(sql<SqlBool>`${pc} = 0`).as('b0'),
          count(sql<SqlBool>`${pc} > 0 and ${pc} < 2500`).as('b1'),
          count(sql<SqlBool>`${pc} >= 2500 and ${pc} < 5000`).as('b2'),
          count(sql<SqlBool>`${pc} >= 5000 and ${pc} < 7500`).as('b3'),
          count(sql<SqlBool>`${pc} >= 7500 and ${pc} < 10000`).as('b4'),
          count(sql<SqlBool>`${pc} >= 10000`).as('b5'),
          sql<number | string>`sum(${sql.ref('t.mt')})`.as('matched'),
        ])
        .groupBy('t.groupCode')
        .orderBy('t.groupCode')
        .execute();
      // PostgreSQL returns count/sum as bigint text.
      const n = (v: number | string | null) => Number(v ?? 0);
      return rows.map((r) => ({
        groupCode: r.groupCode,
        units: n(r.units),
        submitted: n(r.submitted),
        returned: n(r.returned),
        notStarted: n(r.notStarted),
        inProgress: n(r.inProgress),
        overdue: n(r.overdue),
        late: n(r.late),
        answeredSum: n(r.answeredSum),
        buckets: [n(r.b0), n(r.b1), n(r.b2), n(r.b3), n(r.b4), n(r.b5)],
        matched: n(r.matched),
      }));
    },

    /** One page of the dashboard's unit rows: filtered, sorted (then by unit code) in SQL. */
    monitoringPage(
      scope: MonitoringScope,
      where: MonitoringWhere,
      page: { sort: MonitoringSort; order: 'asc' | 'desc'; limit: number; offset: number },
    ) {
      const m = monitoringSql(scope);
      const match = monitoringMatch(scope, where);
      const by: Record<MonitoringSort, RawBuilder<unknown>> = {
        // Overdue first, then returned, not started, in progress, submitted.
        attention: sql`(case when ${m.overdue} then 0 else (case ${m.stateCode} when 3 then 1 when 1 then 2 when 2 then 3 else 4 end) end)`,
        unit: sql`${sql.ref('u.code')}`,
        group: sql`${sql.ref('s.groupCode')}`,
        progress: m.percent,
        evidence: sql`${sql.ref('s.evidenceCount')}`,
        points: sql`${sql.ref('s.selfPoints')}`,
        // Never active first in ascending order, on both databases (NULLs sort differently).
        activity: sql`coalesce(${sql.ref('s.lastActivityAt')}, '')`,
      };
      let q = db
        .selectFrom('scorecard as s')
        .innerJoin('unit as u', 'u.id', 's.unitId')
        .select([
          's.id',
          's.unitId',
          'u.code as unitCode',
          'u.name as unitName',
          's.groupCode',
          's.status',
          's.answeredCount',
          's.applicableCount',
          's.evidenceCount',
          's.selfPoints',
          's.lastActivityAt',
          's.submittedAt',
          's.minutesLate',
          's.extendedUntil',
        ])
        .where('s.campaignId', '=', scope.campaignId);
      for (const condition of match) {
        q = q.where(condition);
      }
      return q
        .orderBy(by[page.sort], page.order)
        .orderBy('u.code', page.sort === 'unit' ? page.order : 'asc')
        .orderBy('s.id')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
    },

    unitsByIds(ids: readonly string[]) {
      return db
        .selectFrom('unit as u')
        .leftJoin('unit_group as g', 'g.id', 'u.groupId')
        .select(['u.id', 'u.code', 'u.isActive', 'g.code as groupCode'])
        .where('u.id', 'in', [...ids])
        .execute();
    },
  };
}
