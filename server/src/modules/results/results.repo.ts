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
     * What the cached results of an approved campaign depend on besides the campaign row (its
     * phase and version). After approval a score changes only through an amendment (a correction
     * or an accepted appeal: the appraisal module records the amendment with its decisions; every
     * other decision needs the APPRAISAL phase), so the campaign's amendments — count and latest —
     * stand for its 1.5 million decisions at 10,000 units (reading those took 150–600 ms a request
     * on SQLite; this takes ~2 ms). Unit codes and names are shown, so the latest edit of any unit
     * counts too (a rename elsewhere only costs a recomputation). One statement.
     */
    async resultsFingerprint(campaignId: string): Promise<string> {
      const row = await db
        .selectFrom('campaign as c')
        .select((eb) => [
          // '||' concatenates on both databases.
          eb
            .selectFrom('amendment as a')
            .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
            .select(sql<string>`count(*) || ':' || coalesce(max(${sql.ref('a.createdAt')}), '')`.as('v'))
            .whereRef('s.campaignId', '=', 'c.id')
            .as('amendments'),
          eb
            .selectFrom('unit as u')
            .select((e) => e.fn.max('u.updatedAt').as('m'))
            .as('lastUnitEdit'),
        ])
        .where('c.id', '=', campaignId)
        .executeTakeFirst();
      return `${row?.amendments ?? ''}:${row?.lastUnitEdit ?? ''}`;
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
