import type { Database } from '../../db/database';
import type {
  AmendmentTable,
  AppealTable,
  AttachmentTable,
  CouncilMeetingTable,
  ExplanationRequestTable,
  ScoreDecisionTable,
  SpecialCaseTable,
} from '../../db/tables';

export type DecisionRow = ScoreDecisionTable & { byName: string };
export type ExplanationRow = ExplanationRequestTable & {
  requestedByName: string;
  respondedByName: string | null;
};
export type AttachmentRow = AttachmentTable & {
  uploadedByName: string;
  sizeBytes: number;
  mimeType: string;
  storageKey: string;
};

/** SQL of the appraisal module (assignments, decisions, explanations, council, appeals). */
export function appraisalRepo(db: Database) {
  return {
    // ---- assignments -------------------------------------------------------------------------
    activeAssignments(scorecardIds: readonly string[]) {
      if (scorecardIds.length === 0) {
        return Promise.resolve([]);
      }
      return db
        .selectFrom('appraisal_assignment as a')
        .innerJoin('app_user as u', 'u.id', 'a.userId')
        .select(['a.id', 'a.scorecardId', 'a.userId', 'u.fullName'])
        .where('a.scorecardId', 'in', scorecardIds)
        .where('a.removedAt', 'is', null)
        .orderBy('u.fullName')
        .execute();
    },

    async addAssignment(row: { id: string; scorecardId: string; userId: string; by: string; at: string }) {
      await db
        .insertInto('appraisal_assignment')
        .values({
          id: row.id,
          scorecardId: row.scorecardId,
          userId: row.userId,
          assignedBy: row.by,
          assignedAt: row.at,
          removedBy: null,
          removedAt: null,
        })
        .execute();
    },

    async removeAssignment(scorecardId: string, userId: string, by: string, at: string) {
      await db
        .updateTable('appraisal_assignment')
        .set({ removedBy: by, removedAt: at })
        .where('scorecardId', '=', scorecardId)
        .where('userId', '=', userId)
        .where('removedAt', 'is', null)
        .execute();
    },

    /** A member's active assignments in campaigns under appraisal (home page to-do). */
    myAssignments(userId: string) {
      return db
        .selectFrom('appraisal_assignment as a')
        .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
        .innerJoin('campaign as c', 'c.id', 's.campaignId')
        .innerJoin('unit as u', 'u.id', 's.unitId')
        .select([
          's.id as scorecardId',
          'c.id as campaignId',
          'c.name as campaignName',
          'u.code',
          'u.name',
          's.status',
          's.unitId',
        ])
        .where('a.userId', '=', userId)
        .where('a.removedAt', 'is', null)
        .where('c.phase', '=', 'APPRAISAL')
        .orderBy('c.name')
        .orderBy('u.code')
        .execute();
    },

    /** Users holding the WORKING_GROUP role (assignment candidates), active only. */
    workingGroupMembers() {
      return db
        .selectFrom('app_user as u')
        .innerJoin('user_role as r', 'r.userId', 'u.id')
        .leftJoin('unit as h', 'h.id', 'u.homeUnitId')
        .select(['u.id', 'u.fullName', 'u.homeUnitId', 'h.name as homeUnitName', 'u.isActive'])
        .where('r.role', '=', 'WORKING_GROUP')
        .where('u.isActive', '=', 1)
        .orderBy('u.fullName')
        .execute();
    },

    /** A user's units: home unit and unit-scoped grants (conflict-of-interest check). */
    async unitsOfUser(userId: string): Promise<{ roles: string[]; units: string[]; active: boolean } | null> {
      const user = await db
        .selectFrom('app_user')
        .select(['homeUnitId', 'isActive'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) {
        return null;
      }
      const grants = await db
        .selectFrom('user_role')
        .select(['role', 'unitId'])
        .where('userId', '=', userId)
        .execute();
      const units = grants.flatMap((g) => (g.unitId ? [g.unitId] : []));
      if (user.homeUnitId) {
        units.push(user.homeUnitId);
      }
      return { roles: grants.map((g) => g.role), units, active: user.isActive === 1 };
    },

    // ---- decisions ---------------------------------------------------------------------------
    decisions(scorecardId: string): Promise<DecisionRow[]> {
      return db
        .selectFrom('score_decision as d')
        .innerJoin('app_user as u', 'u.id', 'd.createdBy')
        .selectAll('d')
        .select('u.fullName as byName')
        .where('d.scorecardId', '=', scorecardId)
        .orderBy('d.seq')
        .execute();
    },

    decisionsOfCampaign(campaignId: string) {
      return db
        .selectFrom('score_decision as d')
        .innerJoin('scorecard as s', 's.id', 'd.scorecardId')
        .select([
          'd.scorecardId',
          'd.leafCode',
          'd.stage',
          'd.kind',
          'd.points',
          'd.reason',
          'd.createdAt',
          'd.evidenceInsufficient',
        ])
        .where('s.campaignId', '=', campaignId)
        .orderBy('d.scorecardId')
        .orderBy('d.seq')
        .execute();
    },

    answersOfCampaign(campaignId: string) {
      return db
        .selectFrom('scorecard_answer as a')
        .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
        .select([
          'a.scorecardId',
          'a.leafCode',
          'a.value',
          'a.points',
          'a.naClaimed',
          'a.naReason',
          'a.noEvidenceReason',
          'a.isCarriedDraft',
        ])
        .where('s.campaignId', '=', campaignId)
        .execute();
    },

    async nextSeq(scorecardId: string): Promise<number> {
      const r = await db
        .selectFrom('score_decision')
        .select((eb) => eb.fn.max<number | null>('seq').as('m'))
        .where('scorecardId', '=', scorecardId)
        .executeTakeFirst();
      return Number(r?.m ?? 0) + 1;
    },

    async insertDecisions(rows: ScoreDecisionTable[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        await db
          .insertInto('score_decision')
          .values(rows.slice(i, i + 200))
          .execute();
      }
    },

    /** Touches the scorecard only while it has `status` (a decision never lands after a transition). */
    async touchIfStatus(scorecardId: string, status: string, nowIso: string): Promise<boolean> {
      const r = await db
        .updateTable('scorecard')
        .set({ updatedAt: nowIso })
        .where('id', '=', scorecardId)
        .where('status', '=', status)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    // ---- explanations ------------------------------------------------------------------------
    explanations(scorecardId: string): Promise<ExplanationRow[]> {
      return db
        .selectFrom('explanation_request as e')
        .innerJoin('app_user as q', 'q.id', 'e.requestedBy')
        .leftJoin('app_user as r', 'r.id', 'e.respondedBy')
        .selectAll('e')
        .select(['q.fullName as requestedByName', 'r.fullName as respondedByName'])
        .where('e.scorecardId', '=', scorecardId)
        .orderBy('e.requestedAt')
        .execute();
    },

    explanationsOfCampaign(campaignId: string) {
      return db
        .selectFrom('explanation_request as e')
        .innerJoin('scorecard as s', 's.id', 'e.scorecardId')
        .select(['e.scorecardId', 'e.leafCode', 'e.respondedAt', 'e.dueDate'])
        .where('s.campaignId', '=', campaignId)
        .execute();
    },

    findExplanation(id: string) {
      return db.selectFrom('explanation_request').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insertExplanation(row: ExplanationRequestTable): Promise<void> {
      await db.insertInto('explanation_request').values(row).execute();
    },

    async deleteExplanation(id: string): Promise<void> {
      await db.deleteFrom('explanation_request').where('id', '=', id).execute();
    },

    async respond(id: string, response: string, by: string, at: string): Promise<void> {
      await db
        .updateTable('explanation_request')
        .set({ response, respondedBy: by, respondedAt: at })
        .where('id', '=', id)
        .execute();
    },

    // ---- attachments -------------------------------------------------------------------------
    attachments(scorecardId: string): Promise<AttachmentRow[]> {
      return this.attachmentsOf([scorecardId]);
    },

    /** Live attachments of several scorecards in one query. */
    attachmentsOf(scorecardIds: readonly string[]): Promise<AttachmentRow[]> {
      if (scorecardIds.length === 0) {
        return Promise.resolve([]);
      }
      return db
        .selectFrom('attachment as a')
        .innerJoin('app_user as u', 'u.id', 'a.uploadedBy')
        .innerJoin('blob as b', 'b.sha256', 'a.blobSha256')
        .selectAll('a')
        .select(['u.fullName as uploadedByName', 'b.sizeBytes', 'b.mimeType', 'b.storageKey'])
        .where('a.scorecardId', 'in', scorecardIds)
        .where('a.deletedAt', 'is', null)
        .orderBy('a.uploadedAt')
        .execute();
    },

    findAttachment(id: string): Promise<AttachmentRow | undefined> {
      return db
        .selectFrom('attachment as a')
        .innerJoin('app_user as u', 'u.id', 'a.uploadedBy')
        .innerJoin('blob as b', 'b.sha256', 'a.blobSha256')
        .selectAll('a')
        .select(['u.fullName as uploadedByName', 'b.sizeBytes', 'b.mimeType', 'b.storageKey'])
        .where('a.id', '=', id)
        .executeTakeFirst();
    },

    async countAttachments(ownerType: string, ownerId: string): Promise<number> {
      const r = await db
        .selectFrom('attachment')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('ownerType', '=', ownerType)
        .where('ownerId', '=', ownerId)
        .where('deletedAt', 'is', null)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    async insertAttachment(row: AttachmentTable): Promise<void> {
      await db.insertInto('attachment').values(row).execute();
    },

    async deleteAttachment(id: string, by: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('attachment')
        .set({ deletedAt: at, deletedBy: by })
        .where('id', '=', id)
        .where('deletedAt', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    // ---- council -----------------------------------------------------------------------------
    meetings(campaignId: string) {
      return db
        .selectFrom('council_meeting as m')
        .innerJoin('app_user as u', 'u.id', 'm.createdBy')
        .selectAll('m')
        .select('u.fullName as byName')
        .where('m.campaignId', '=', campaignId)
        .orderBy('m.heldOn')
        .orderBy('m.createdAt')
        .execute();
    },

    findMeeting(id: string) {
      return db.selectFrom('council_meeting').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insertMeeting(row: CouncilMeetingTable): Promise<void> {
      await db.insertInto('council_meeting').values(row).execute();
    },

    async updateMeeting(id: string, values: Partial<CouncilMeetingTable>): Promise<void> {
      await db.updateTable('council_meeting').set(values).where('id', '=', id).execute();
    },

    specialCases(scorecardIds: readonly string[]) {
      if (scorecardIds.length === 0) {
        return Promise.resolve([]);
      }
      return db
        .selectFrom('special_case as c')
        .innerJoin('app_user as u', 'u.id', 'c.createdBy')
        .selectAll('c')
        .select('u.fullName as byName')
        .where('c.scorecardId', 'in', scorecardIds)
        .orderBy('c.createdAt')
        .execute();
    },

    async insertSpecialCase(row: SpecialCaseTable): Promise<void> {
      await db.insertInto('special_case').values(row).execute();
    },

    // ---- snapshots ---------------------------------------------------------------------------
    snapshots(scorecardId: string) {
      return db
        .selectFrom('scorecard_snapshot as s')
        .innerJoin('app_user as u', 'u.id', 's.takenBy')
        .selectAll('s')
        .select('u.fullName as byName')
        .where('s.scorecardId', '=', scorecardId)
        .orderBy('s.takenAt')
        .execute();
    },

    async insertSnapshots(
      rows: {
        id: string;
        scorecardId: string;
        milestone: string;
        data: string;
        takenBy: string;
        takenAt: string;
      }[],
    ): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        await db
          .insertInto('scorecard_snapshot')
          .values(rows.slice(i, i + 200))
          .execute();
      }
    },

    // ---- appeals and amendments --------------------------------------------------------------
    appeals(scorecardIds: readonly string[]) {
      if (scorecardIds.length === 0) {
        return Promise.resolve([]);
      }
      return db
        .selectFrom('appeal as a')
        .innerJoin('app_user as f', 'f.id', 'a.filedBy')
        .leftJoin('app_user as d', 'd.id', 'a.decidedBy')
        .selectAll('a')
        .select(['f.fullName as filedByName', 'd.fullName as decidedByName'])
        .where('a.scorecardId', 'in', scorecardIds)
        .orderBy('a.filedAt')
        .execute();
    },

    /** Appeals of a campaign still waiting for the council's decision. */
    pendingAppeals(campaignId: string) {
      return db
        .selectFrom('appeal as a')
        .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
        .innerJoin('unit as u', 'u.id', 's.unitId')
        .select(['a.id', 'a.scorecardId', 'u.code as unitCode', 'u.name as unitName'])
        .where('s.campaignId', '=', campaignId)
        .where('a.status', '=', 'FILED')
        .execute();
    },

    findAppeal(id: string) {
      return db.selectFrom('appeal').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insertAppeal(row: AppealTable): Promise<void> {
      await db.insertInto('appeal').values(row).execute();
    },

    /** Decides an appeal only while it is still FILED (two council members at once: one wins). */
    async decideAppeal(
      id: string,
      values: Pick<AppealTable, 'status' | 'decidedBy' | 'decidedAt' | 'decisionReason' | 'amendmentId'>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('appeal')
        .set(values)
        .where('id', '=', id)
        .where('status', '=', 'FILED')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    amendments(scorecardId: string) {
      return db
        .selectFrom('amendment as a')
        .innerJoin('app_user as u', 'u.id', 'a.createdBy')
        .selectAll('a')
        .select('u.fullName as byName')
        .where('a.scorecardId', '=', scorecardId)
        .orderBy('a.createdAt')
        .execute();
    },

    async insertAmendment(row: AmendmentTable): Promise<void> {
      await db.insertInto('amendment').values(row).execute();
    },

    /** The amendment's before/after difference, known once the results are recomputed. */
    async setAmendmentDiff(id: string, diff: string): Promise<void> {
      await db.updateTable('amendment').set({ diff }).where('id', '=', id).execute();
    },

    // ---- campaign ----------------------------------------------------------------------------
    /** Takes the campaign row (PostgreSQL: a row lock until commit) and returns its phase. */
    async lockCampaign(campaignId: string): Promise<string | null> {
      await db
        .updateTable('campaign')
        .set((eb) => ({ rowVersion: eb.ref('rowVersion') }))
        .where('id', '=', campaignId)
        .execute();
      const row = await db
        .selectFrom('campaign')
        .select('phase')
        .where('id', '=', campaignId)
        .executeTakeFirst();
      return row?.phase ?? null;
    },

    async setCampaign(
      campaignId: string,
      values: {
        appealUntil?: string | null;
        approvedAt?: string | null;
        approvedBy?: string | null;
        updatedAt: string;
      },
    ): Promise<void> {
      await db.updateTable('campaign').set(values).where('id', '=', campaignId).execute();
    },

    /** Leadership's latest return of the campaign's results, from the audit log (reason kept there). */
    async lastReturn(campaignId: string): Promise<{ at: string; byName: string; reason: string } | null> {
      const rows = await db
        .selectFrom('audit_event as e')
        .leftJoin('app_user as u', 'u.id', 'e.actorUserId')
        .select(['e.at', 'e.data', 'u.fullName'])
        .where('e.entityType', '=', 'campaign')
        .where('e.entityId', '=', campaignId)
        .where('e.action', '=', 'campaign.transitioned')
        .orderBy('e.at', 'desc')
        .execute();
      for (const row of rows) {
        const data = JSON.parse(row.data) as { action?: string; reason?: string };
        if (data.action === 'returnToAppraisal') {
          return { at: row.at, byName: row.fullName ?? '', reason: data.reason ?? '' };
        }
      }
      return null;
    },

    /** Moves every scorecard of the campaign in `from` to `to` (one statement, versions bumped); returns their ids. */
    async moveScorecards(
      campaignId: string,
      from: readonly string[],
      to: string,
      nowIso: string,
    ): Promise<string[]> {
      const rows = await db
        .selectFrom('scorecard')
        .select('id')
        .where('campaignId', '=', campaignId)
        .where('status', 'in', from)
        .execute();
      await db
        .updateTable('scorecard')
        .set((eb) => ({
          status: to,
          rowVersion: eb('rowVersion', '+', 1),
          updatedAt: nowIso,
          ...(to === 'REVIEWED' ? { councilApprovedAt: null, councilApprovedBy: null } : {}),
        }))
        .where('campaignId', '=', campaignId)
        .where('status', 'in', from)
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

export type AppraisalRepo = ReturnType<typeof appraisalRepo>;
