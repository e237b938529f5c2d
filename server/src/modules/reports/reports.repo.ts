import type { SpecialCaseKind } from '@cchc/domain/api/appraisal';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/database';
import type { DB, ExportJobTable } from '../../db/tables';

export type ExportJobRow = ExportJobTable;

const SETTINGS_ID = 'default';

/** SQL of the reports module: document settings, the report's prose, export jobs. */
export function reportsRepo(db: Database) {
  /** Jobs with the requester's name (one query for a list, not one per row). */
  const withRequester = () =>
    db
      .selectFrom('export_job')
      .leftJoin('app_user', 'app_user.id', 'export_job.requestedBy')
      .selectAll('export_job')
      .select('app_user.fullName as requestedByName');

  return {
    documentSettings() {
      return db
        .selectFrom('document_settings')
        .leftJoin('app_user', 'app_user.id', 'document_settings.updatedBy')
        .select([
          'document_settings.settings',
          'document_settings.rowVersion',
          'document_settings.updatedAt',
          'app_user.fullName as updatedByName',
        ])
        .where('document_settings.id', '=', SETTINGS_ID)
        .executeTakeFirst();
    },

    /**
     * Saves the settings when the stored version is `expectedVersion` (0: none stored yet); false
     * when someone saved first. The first save is an insert that does nothing on conflict, so two
     * first saves at once give one row and one conflict, on both databases.
     */
    async saveDocumentSettings(
      settings: string,
      expectedVersion: number,
      by: string,
      at: string,
    ): Promise<boolean> {
      if (expectedVersion === 0) {
        const r = await db
          .insertInto('document_settings')
          .values({ id: SETTINGS_ID, settings, rowVersion: 1, updatedBy: by, updatedAt: at })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const r = await db
        .updateTable('document_settings')
        .set({ settings, rowVersion: expectedVersion + 1, updatedBy: by, updatedAt: at })
        .where('id', '=', SETTINGS_ID)
        .where('rowVersion', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    reportDraft(campaignId: string) {
      return db
        .selectFrom('report_draft')
        .leftJoin('app_user', 'app_user.id', 'report_draft.updatedBy')
        .select([
          'report_draft.sections',
          'report_draft.rowVersion',
          'report_draft.updatedAt',
          'app_user.fullName as updatedByName',
        ])
        .where('report_draft.campaignId', '=', campaignId)
        .executeTakeFirst();
    },

    /** As saveDocumentSettings, per campaign. */
    async saveReportDraft(
      campaignId: string,
      sections: string,
      expectedVersion: number,
      by: string,
      at: string,
    ): Promise<boolean> {
      if (expectedVersion === 0) {
        const r = await db
          .insertInto('report_draft')
          .values({ campaignId, sections, rowVersion: 1, updatedBy: by, updatedAt: at })
          .onConflict((oc) => oc.column('campaignId').doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const r = await db
        .updateTable('report_draft')
        .set({ sections, rowVersion: expectedVersion + 1, updatedBy: by, updatedAt: at })
        .where('campaignId', '=', campaignId)
        .where('rowVersion', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Inserts a job unless one with the same active key is pending or running; true when added.
     * ON CONFLICT DO NOTHING on the unique `activeKey`: two identical requests at once make one job.
     */
    async insertJob(row: ExportJobRow): Promise<boolean> {
      const r = await db
        .insertInto('export_job')
        .values(row)
        .onConflict((oc) => oc.column('activeKey').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    activeJob(activeKey: string) {
      return withRequester().where('export_job.activeKey', '=', activeKey).executeTakeFirst();
    },

    job(id: string) {
      return withRequester().where('export_job.id', '=', id).executeTakeFirst();
    },

    jobsOf(filter: { campaignId: string; scorecardId: string | null }, limit = 50) {
      let q = withRequester().where('export_job.campaignId', '=', filter.campaignId);
      q =
        filter.scorecardId === null
          ? q.where('export_job.scorecardId', 'is', null)
          : q.where('export_job.scorecardId', '=', filter.scorecardId);
      return q
        .orderBy('export_job.createdAt', 'desc')
        .orderBy('export_job.id', 'desc')
        .limit(limit)
        .execute();
    },

    /**
     * Takes one due job for `owner` with a lease: a pending one, or a running one whose worker
     * stopped renewing (crashed). The UPDATE repeats the condition, so the affected-row count
     * decides the winner between processes.
     */
    async claim(owner: string, now: string, leaseUntil: string): Promise<ExportJobRow | null> {
      const due = (eb: ExpressionBuilder<DB, 'export_job'>) =>
        eb.or([
          eb('status', '=', 'PENDING'),
          eb.and([eb('status', '=', 'RUNNING'), eb('leaseUntil', '<=', now)]),
        ]);
      const candidates = await db
        .selectFrom('export_job')
        .select('id')
        .where(due)
        .orderBy('createdAt')
        .limit(3)
        .execute();
      for (const { id } of candidates) {
        const r = await db
          .updateTable('export_job')
          .set((eb) => ({
            status: 'RUNNING',
            leaseOwner: owner,
            leaseUntil,
            attempts: eb('attempts', '+', 1),
            startedAt: now,
          }))
          .where('id', '=', id)
          .where(due)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 1) {
          const job = await this.job(id);
          if (job?.leaseOwner === owner) {
            return job;
          }
        }
      }
      return null;
    },

    /** A renewed lease while a job runs; false when the lease was lost. */
    async renew(id: string, owner: string, leaseUntil: string): Promise<boolean> {
      const r = await db
        .updateTable('export_job')
        .set({ leaseUntil })
        .where('id', '=', id)
        .where('status', '=', 'RUNNING')
        .where('leaseOwner', '=', owner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Progress and a renewed lease; false when the lease was lost. */
    async progress(
      id: string,
      owner: string,
      progress: number,
      stage: string,
      leaseUntil: string,
    ): Promise<boolean> {
      const r = await db
        .updateTable('export_job')
        .set({ progress, stage, leaseUntil })
        .where('id', '=', id)
        .where('status', '=', 'RUNNING')
        .where('leaseOwner', '=', owner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async finish(
      id: string,
      owner: string,
      set: Pick<
        ExportJobRow,
        'status' | 'fileName' | 'storageKey' | 'sizeBytes' | 'sha256' | 'errorCode' | 'errorMessage'
      > & {
        finishedAt: string;
        stage: string | null;
        progress: number;
      },
    ): Promise<boolean> {
      const r = await db
        .updateTable('export_job')
        .set({ ...set, activeKey: null, leaseOwner: null, leaseUntil: null })
        .where('id', '=', id)
        .where('status', '=', 'RUNNING')
        .where('leaseOwner', '=', owner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Finished jobs older than `before` that still hold a file. The rows stay (the history, the
     * date of the first report); only the files go, and a download then answers 410.
     */
    expiredFiles(before: string) {
      return db
        .selectFrom('export_job')
        .select(['id', 'storageKey'])
        .where('status', '=', 'DONE')
        .where('storageKey', 'is not', null)
        .where('finishedAt', '<', before)
        .limit(200)
        .execute();
    },

    forgetFile(id: string) {
      return db.updateTable('export_job').set({ storageKey: null }).where('id', '=', id).execute();
    },

    /** The campaign's phase changes in order: when each phase was reached. */
    async transitions(campaignId: string): Promise<{ at: string; to: string }[]> {
      const rows = await db
        .selectFrom('audit_event')
        .select(['at', 'data'])
        .where('entityType', '=', 'campaign')
        .where('entityId', '=', campaignId)
        .where('action', '=', 'campaign.transitioned')
        .orderBy('at')
        .execute();
      return rows.map((r) => ({ at: r.at, to: String((JSON.parse(r.data) as { to?: string }).to ?? '') }));
    },

    /** When the first consolidated report (or another kind) of the campaign was generated after `after`. */
    async firstDone(campaignId: string, kind: string, after: string): Promise<string | null> {
      const r = await db
        .selectFrom('export_job')
        .select((eb) => eb.fn.min('finishedAt').as('at'))
        .where('campaignId', '=', campaignId)
        .where('kind', '=', kind)
        .where('status', '=', 'DONE')
        .where('finishedAt', '>=', after)
        .executeTakeFirst();
      return (r?.at as string | null | undefined) ?? null;
    },

    /** The council's special cases of a campaign, with the unit's name, in order. */
    async specialCases(campaignId: string) {
      const rows = await db
        .selectFrom('special_case as c')
        .innerJoin('scorecard as s', 's.id', 'c.scorecardId')
        .innerJoin('unit as u', 'u.id', 's.unitId')
        .select(['c.kind', 'c.reason', 'c.decisionText', 'u.name as unitName'])
        .where('s.campaignId', '=', campaignId)
        .orderBy('c.createdAt')
        .orderBy('c.id')
        .execute();
      return rows.map((r) => ({ ...r, kind: r.kind as SpecialCaseKind }));
    },

    indexSet(id: string) {
      return db
        .selectFrom('index_set')
        .select(['code', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    },

    /** Submitted self-assessments of a campaign (SUBMITTED and every later status). */
    async submittedCount(campaignId: string): Promise<number> {
      const r = await db
        .selectFrom('scorecard')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('campaignId', '=', campaignId)
        .where('submittedAt', 'is not', null)
        // A returned scorecard keeps its submission time but is not submitted any more.
        .where('status', 'not in', ['DRAFT', 'RETURNED'])
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /**
     * Scorecards of the campaign the council has not approved yet (decision draft gate): every
     * scorecard, submitted or not, as leadership's approval requires (appraisal.service approve).
     */
    async notCouncilApproved(campaignId: string): Promise<number> {
      const r = await db
        .selectFrom('scorecard')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('campaignId', '=', campaignId)
        .where('status', '<>', 'COUNCIL_APPROVED')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Per scorecard: when submitted, and its deadline extension (late submissions). */
    submissions(campaignId: string) {
      return db
        .selectFrom('scorecard')
        .innerJoin('unit', 'unit.id', 'scorecard.unitId')
        .select([
          'scorecard.id',
          'scorecard.submittedAt',
          'scorecard.extendedUntil',
          'scorecard.status',
          'scorecard.minutesLate',
          'unit.code as unitCode',
          'unit.name as unitName',
        ])
        .where('scorecard.campaignId', '=', campaignId)
        .orderBy('unit.code')
        .execute();
    },
  };
}
