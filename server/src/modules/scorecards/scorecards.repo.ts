import type { Database } from '../../db/database';
import type { ScorecardAnswerTable, ScorecardTable } from '../../db/tables';

export type ScorecardRow = ScorecardTable;
export type AnswerRow = ScorecardAnswerTable;

export function scorecardsRepo(db: Database) {
  return {
    findById(id: string): Promise<ScorecardRow | undefined> {
      return db.selectFrom('scorecard').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByCampaignUnit(campaignId: string, unitId: string): Promise<ScorecardRow | undefined> {
      return db
        .selectFrom('scorecard')
        .selectAll()
        .where('campaignId', '=', campaignId)
        .where('unitId', '=', unitId)
        .executeTakeFirst();
    },

    unitOf(unitId: string) {
      return db
        .selectFrom('unit')
        .select(['id', 'code', 'name'])
        .where('id', '=', unitId)
        .executeTakeFirstOrThrow();
    },

    async userName(userId: string): Promise<string | null> {
      const row = await db
        .selectFrom('app_user')
        .select('fullName')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.fullName ?? null;
    },

    answers(scorecardId: string) {
      return db
        .selectFrom('scorecard_answer as a')
        .leftJoin('app_user as u', 'u.id', 'a.updatedBy')
        .selectAll('a')
        .select('u.fullName as updatedByName')
        .where('a.scorecardId', '=', scorecardId)
        .execute();
    },

    answer(scorecardId: string, leafCode: string) {
      return db
        .selectFrom('scorecard_answer as a')
        .leftJoin('app_user as u', 'u.id', 'a.updatedBy')
        .selectAll('a')
        .select('u.fullName as updatedByName')
        .where('a.scorecardId', '=', scorecardId)
        .where('a.leafCode', '=', leafCode)
        .executeTakeFirst();
    },

    async insertAnswer(row: AnswerRow): Promise<void> {
      await db.insertInto('scorecard_answer').values(row).execute();
    },

    /** Many answers in few statements (chunks stay under SQLite's bound-parameter limit). */
    async insertAnswers(rows: readonly AnswerRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('scorecard_answer')
          .values(rows.slice(i, i + 500))
          .execute();
      }
    },

    /** Writes only when the row still has `expectedVersion`; false means someone else saved first. */
    async updateAnswer(
      id: string,
      expectedVersion: number,
      values: Omit<AnswerRow, 'id' | 'scorecardId' | 'leafCode' | 'rowVersion'>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('scorecard_answer')
        .set({ ...values, rowVersion: expectedVersion + 1 })
        .where('id', '=', id)
        .where('rowVersion', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    evidence(scorecardId: string) {
      return db
        .selectFrom('evidence as e')
        .leftJoin('blob as b', 'b.sha256', 'e.blobSha256')
        .innerJoin('app_user as u', 'u.id', 'e.uploadedBy')
        .selectAll('e')
        .select(['b.sizeBytes', 'b.mimeType', 'u.fullName as uploadedByName'])
        .where('e.scorecardId', '=', scorecardId)
        .where('e.deletedAt', 'is', null)
        .orderBy('e.uploadedAt')
        .orderBy('e.id')
        .execute();
    },

    async confirmCarriedEvidence(scorecardId: string, leafCode: string): Promise<void> {
      await db
        .updateTable('evidence')
        .set({ isCarriedDraft: 0 })
        .where('scorecardId', '=', scorecardId)
        .where('leafCode', '=', leafCode)
        .where('isCarriedDraft', '=', 1)
        .execute();
    },

    /** confirmCarriedEvidence for many leaves in few statements (the Excel import). */
    async confirmCarriedEvidenceOf(scorecardId: string, leafCodes: readonly string[]): Promise<void> {
      for (let i = 0; i < leafCodes.length; i += 500) {
        await db
          .updateTable('evidence')
          .set({ isCarriedDraft: 0 })
          .where('scorecardId', '=', scorecardId)
          .where('leafCode', 'in', leafCodes.slice(i, i + 500))
          .where('isCarriedDraft', '=', 1)
          .execute();
      }
    },

    async insertEvidence(rows: import('../../db/tables').EvidenceTable[]): Promise<void> {
      if (rows.length > 0) {
        await db.insertInto('evidence').values(rows).execute();
      }
    },

    /** Updates a scorecard only when it still has `expectedVersion`. */
    async update(
      id: string,
      expectedVersion: number,
      values: Partial<Omit<ScorecardRow, 'id' | 'campaignId' | 'unitId' | 'rowVersion'>>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('scorecard')
        .set({ ...values, rowVersion: expectedVersion + 1 })
        .where('id', '=', id)
        .where('rowVersion', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Touches the scorecard only while it is editable; false once it was submitted. */
    async touchIfEditable(id: string, nowIso: string): Promise<boolean> {
      const r = await db
        .updateTable('scorecard')
        .set({ lastActivityAt: nowIso, updatedAt: nowIso })
        .where('id', '=', id)
        .where('status', 'in', ['DRAFT', 'RETURNED'])
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Takes the row (a write lock on PostgreSQL) when it still has the version and status read. */
    async lockVersion(id: string, expectedVersion: number, status: string): Promise<boolean> {
      const r = await db
        .updateTable('scorecard')
        .set({ rowVersion: expectedVersion })
        .where('id', '=', id)
        .where('rowVersion', '=', expectedVersion)
        .where('status', '=', status)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Progress figures change with every answer; they do not bump the scorecard's version. */
    async setProgress(
      id: string,
      values: Pick<
        ScorecardRow,
        'answeredCount' | 'applicableCount' | 'selfPoints' | 'lastActivityAt' | 'updatedAt' | 'evidenceCount'
      >,
    ): Promise<void> {
      await db.updateTable('scorecard').set(values).where('id', '=', id).execute();
    },

    async countEvidence(scorecardId: string, excludeLeaf: string): Promise<number> {
      const r = await db
        .selectFrom('evidence')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('scorecardId', '=', scorecardId)
        .where('deletedAt', 'is', null)
        .where('leafCode', '!=', excludeLeaf)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    async insertMany(rows: ScorecardRow[]): Promise<void> {
      // Chunks keep each statement under SQLite's bound-parameter limit.
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('scorecard')
          .values(rows.slice(i, i + 500))
          .execute();
      }
    },

    async deleteEmpty(ids: string[]): Promise<void> {
      for (let i = 0; i < ids.length; i += 500) {
        await db
          .deleteFrom('scorecard')
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
      }
    },

    /** Working-group members currently assigned to appraise the scorecard (policy `appraiserIds`). */
    async appraiserIds(scorecardId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('appraisal_assignment')
        .select('userId')
        .where('scorecardId', '=', scorecardId)
        .where('removedAt', 'is', null)
        .execute();
      return rows.map((r) => r.userId);
    },

    listByCampaign(campaignId: string) {
      return db
        .selectFrom('scorecard as s')
        .innerJoin('unit as u', 'u.id', 's.unitId')
        .selectAll('s')
        .select(['u.code as unitCode', 'u.name as unitName'])
        .where('s.campaignId', '=', campaignId)
        .orderBy('u.code')
        .execute();
    },

    /** Scorecards with any answer or evidence: those are never removed from a campaign. */
    async withActivity(campaignId: string): Promise<Set<string>> {
      const rows = await db
        .selectFrom('scorecard')
        .select('id')
        .where('campaignId', '=', campaignId)
        .where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('scorecard_answer as a')
                .select('a.id')
                .whereRef('a.scorecardId', '=', 'scorecard.id'),
            ),
            eb.exists(
              eb.selectFrom('evidence as e').select('e.id').whereRef('e.scorecardId', '=', 'scorecard.id'),
            ),
          ]),
        )
        .execute();
      return new Set(rows.map((r) => r.id));
    },
  };
}
