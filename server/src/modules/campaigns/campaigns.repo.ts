import type { Database } from '../../db/database';
import type { CampaignBudgetLineTable, CampaignMilestoneTable, CampaignTable } from '../../db/tables';

export type CampaignRow = CampaignTable;

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
