import { sql } from 'kysely';
import type { Database } from '../../db/database';
import type { AnnouncementTable, ResultsSettingsTable } from '../../db/tables';

/** SQL of the results module (settings, announcement, published campaigns). */
export function resultsRepo(db: Database) {
  return {
    settings(campaignId: string): Promise<ResultsSettingsTable | undefined> {
      return db
        .selectFrom('results_settings')
        .selectAll()
        .where('campaignId', '=', campaignId)
        .executeTakeFirst();
    },

    insertSettings(row: ResultsSettingsTable) {
      return db.insertInto('results_settings').values(row).execute();
    },

    /** Optimistic update: false when the version moved (someone else saved first). */
    async updateSettings(row: ResultsSettingsTable, expectedVersion: number): Promise<boolean> {
      const r = await db
        .updateTable('results_settings')
        .set({
          ratingMap: row.ratingMap,
          previousCampaignId: row.previousCampaignId,
          criterionMap: row.criterionMap,
          rowVersion: expectedVersion + 1,
          updatedBy: row.updatedBy,
          updatedAt: row.updatedAt,
        })
        .where('campaignId', '=', row.campaignId)
        .where('rowVersion', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    announcement(
      campaignId: string,
    ): Promise<(AnnouncementTable & { publishedByName: string | null }) | undefined> {
      return db
        .selectFrom('announcement as a')
        .leftJoin('app_user as u', 'u.id', 'a.publishedBy')
        .selectAll('a')
        .select('u.fullName as publishedByName')
        .where('a.campaignId', '=', campaignId)
        .executeTakeFirst();
    },

    async saveAnnouncement(row: AnnouncementTable): Promise<void> {
      const updated = await db
        .updateTable('announcement')
        .set({
          decisionNumber: row.decisionNumber,
          decisionDate: row.decisionDate,
          announcedOn: row.announcedOn,
          place: row.place,
          note: row.note,
          updatedBy: row.updatedBy,
          updatedAt: row.updatedAt,
        })
        .where('campaignId', '=', row.campaignId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await db.insertInto('announcement').values(row).execute();
      }
    },

    markPublished(campaignId: string, by: string, at: string) {
      return db
        .updateTable('announcement')
        .set({ publishedAt: at, publishedBy: by })
        .where('campaignId', '=', campaignId)
        .execute();
    },

    /** Self-assessment answers of some scorecards (a chunk of a campaign), the columns scoring needs. */
    answersOf(scorecardIds: readonly string[]) {
      return db
        .selectFrom('scorecard_answer')
        .select([
          'scorecardId',
          'leafCode',
          'value',
          'points',
          'naClaimed',
          'naReason',
          'noEvidenceReason',
          'isCarriedDraft',
        ])
        .where('scorecardId', 'in', scorecardIds)
        .execute();
    },

    /** Score decisions of some scorecards, in order (rule 3 takes the latest per stage). */
    decisionsOf(scorecardIds: readonly string[]) {
      return db
        .selectFrom('score_decision')
        .select(['scorecardId', 'leafCode', 'stage', 'kind', 'points', 'reason', 'createdAt'])
        .where('scorecardId', 'in', scorecardIds)
        .orderBy('scorecardId')
        .orderBy('seq')
        .execute();
    },

    /**
     * What the cached results of an approved campaign depend on besides the campaign row: how many
     * score decisions it has and the latest, and the latest edit of a participating unit (its code
     * and name are shown). One statement, two aggregates.
     */
    async resultsFingerprint(campaignId: string): Promise<string> {
      const row = await db
        .selectFrom('campaign as c')
        .select((eb) => [
          // One pass over the decisions for both aggregates ('||' concatenates on both databases).
          eb
            .selectFrom('score_decision as d')
            .innerJoin('scorecard as s', 's.id', 'd.scorecardId')
            .select(sql<string>`count(*) || ':' || coalesce(max(${sql.ref('d.createdAt')}), '')`.as('v'))
            .whereRef('s.campaignId', '=', 'c.id')
            .as('decisions'),
          eb
            .selectFrom('unit as u')
            .innerJoin('scorecard as s', 's.unitId', 'u.id')
            .select((e) => e.fn.max('u.updatedAt').as('m'))
            .whereRef('s.campaignId', '=', 'c.id')
            .as('lastUnitEdit'),
        ])
        .where('c.id', '=', campaignId)
        .executeTakeFirst();
      return `${row?.decisions ?? ''}:${row?.lastUnitEdit ?? ''}`;
    },

    /** Special cases per scorecard of a campaign. */
    async specialCaseCounts(campaignId: string): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('special_case as c')
        .innerJoin('scorecard as s', 's.id', 'c.scorecardId')
        .select((eb) => ['c.scorecardId', eb.fn.countAll<number>().as('n')])
        .where('s.campaignId', '=', campaignId)
        .groupBy('c.scorecardId')
        .execute();
      return new Map(rows.map((r) => [r.scorecardId, Number(r.n)]));
    },

    /** Campaigns whose results are public (published, or closed after publication). */
    publishedCampaigns() {
      return db
        .selectFrom('campaign as c')
        .innerJoin('announcement as a', 'a.campaignId', 'c.id')
        .select(['c.id', 'c.code', 'c.name', 'c.year', 'c.indexSetId', 'a.publishedAt'])
        .select((eb) =>
          eb
            .selectFrom('scorecard as s')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('s.campaignId', '=', 'c.id')
            .as('unitCount'),
        )
        .where('c.phase', 'in', ['PUBLISHED', 'CLOSED'])
        .where('a.publishedAt', 'is not', null)
        .orderBy('c.year', 'desc')
        .orderBy('c.code')
        .execute();
    },

    /** Campaigns with final results (approved or later), as candidates for year-over-year. */
    campaignsWithResults(exceptId: string) {
      return db
        .selectFrom('campaign')
        .select(['id', 'code', 'name', 'year'])
        .where('phase', 'in', ['APPROVED', 'PUBLISHED', 'CLOSED'])
        .where('id', '!=', exceptId)
        .orderBy('year', 'desc')
        .orderBy('code')
        .execute();
    },
  };
}
