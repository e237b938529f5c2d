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

/** The columns the appraisal rules read from a decision: a campaign's or a few scorecards'. */
const DECISION_COLUMNS = [
  'd.scorecardId',
  'd.leafCode',
  'd.stage',
  'd.kind',
  'd.points',
  'd.reason',
  'd.createdAt',
  'd.evidenceInsufficient',
] as const;

/** The columns the appraisal rules read from an answer. */
const ANSWER_COLUMNS = [
  'a.scorecardId',
  'a.leafCode',
  'a.value',
  'a.points',
  'a.naClaimed',
  'a.naReason',
  'a.noEvidenceReason',
  'a.isCarriedDraft',
] as const;

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

    /**
     * Active assignments of every scorecard of a campaign: a join on the campaign instead of an
     * `in` list of every scorecard id, whose bound parameters grow with the units (SQLite refuses
     * more than 32 766 of them in one statement).
     */
    activeAssignmentsOfCampaign(campaignId: string) {
      return db
        .selectFrom('appraisal_assignment as a')
        .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
        .innerJoin('app_user as u', 'u.id', 'a.userId')
        .select(['a.id', 'a.scorecardId', 'a.userId', 'u.fullName'])
        .where('s.campaignId', '=', campaignId)
        .where('a.removedAt', 'is', null)
        .orderBy('u.fullName')
        .execute();
    },

    /** New assignments of one scorecard, in one statement. */
    async addAssignments(
      rows: readonly { id: string; scorecardId: string; userId: string; by: string; at: string }[],
    ) {
      if (rows.length === 0) {
        return;
      }
      await db
        .insertInto('appraisal_assignment')
        .values(
          rows.map((row) => ({
            id: row.id,
            scorecardId: row.scorecardId,
            userId: row.userId,
            assignedBy: row.by,
            assignedAt: row.at,
            removedBy: null,
            removedAt: null,
          })),
        )
        .execute();
    },

    /** Ends the active assignments of `userIds` on one scorecard, in one statement. */
    async removeAssignments(scorecardId: string, userIds: readonly string[], by: string, at: string) {
      if (userIds.length === 0) {
        return;
      }
      await db
        .updateTable('appraisal_assignment')
        .set({ removedBy: by, removedAt: at })
        .where('scorecardId', '=', scorecardId)
        .where('userId', 'in', userIds)
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

    /**
     * `unitsOfUser` of several users in two queries (the Office picks a few members at once);
     * users that do not exist are absent from the map.
     */
    async unitsOfUsers(
      userIds: readonly string[],
    ): Promise<Map<string, { roles: string[]; units: string[]; active: boolean; fullName: string }>> {
      const out = new Map<string, { roles: string[]; units: string[]; active: boolean; fullName: string }>();
      if (userIds.length === 0) {
        return out;
      }
      const [users, grants] = await Promise.all([
        db
          .selectFrom('app_user')
          .select(['id', 'homeUnitId', 'isActive', 'fullName'])
          .where('id', 'in', userIds)
          .execute(),
        db
          .selectFrom('user_role')
          .select(['userId', 'role', 'unitId'])
          .where('userId', 'in', userIds)
          .execute(),
      ]);
      for (const u of users) {
        const own = grants.filter((g) => g.userId === u.id);
        const units = own.flatMap((g) => (g.unitId ? [g.unitId] : []));
        if (u.homeUnitId) {
          units.push(u.homeUnitId);
        }
        out.set(u.id, {
          roles: own.map((g) => g.role),
          units,
          active: u.isActive === 1,
          fullName: u.fullName,
        });
      }
      return out;
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
        .select(DECISION_COLUMNS)
        .where('s.campaignId', '=', campaignId)
        .orderBy('d.scorecardId')
        .orderBy('d.seq')
        .execute();
    },

    /** decisionsOfCampaign's columns for a few scorecards (a unit officer's own rows), in one query. */
    decisionsOf(scorecardIds: readonly string[]) {
      if (scorecardIds.length === 0) {
        return Promise.resolve([]);
      }
      return db
        .selectFrom('score_decision as d')
        .select(DECISION_COLUMNS)
        .where('d.scorecardId', 'in', scorecardIds)
        .orderBy('d.scorecardId')
        .orderBy('d.seq')
        .execute();
    },

    /** answersOfCampaign's columns for a few scorecards, in one query. */
    answersOf(scorecardIds: readonly string[]) {
      if (scorecardIds.length === 0) {
        return Promise.resolve([]);
      }
      return db
        .selectFrom('scorecard_answer as a')
        .select(ANSWER_COLUMNS)
        .where('a.scorecardId', 'in', scorecardIds)
        .execute();
    },

    answersOfCampaign(campaignId: string) {
      return db
        .selectFrom('scorecard_answer as a')
        .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
        .select(ANSWER_COLUMNS)
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
        .orderBy('a.id')
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

    /** Special cases of every scorecard of a campaign (see activeAssignmentsOfCampaign). */
    specialCasesOfCampaign(campaignId: string) {
      return db
        .selectFrom('special_case as c')
        .innerJoin('scorecard as s', 's.id', 'c.scorecardId')
        .innerJoin('app_user as u', 'u.id', 'c.createdBy')
        .selectAll('c')
        .select('u.fullName as byName')
        .where('s.campaignId', '=', campaignId)
        .orderBy('c.createdAt')
        .execute();
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
      return (
        db
          .selectFrom('appeal as a')
          .innerJoin('app_user as f', 'f.id', 'a.filedBy')
          .leftJoin('app_user as d', 'd.id', 'a.decidedBy')
          .selectAll('a')
          .select(['f.fullName as filedByName', 'd.fullName as decidedByName'])
          .where('a.scorecardId', 'in', scorecardIds)
          // The id breaks ties (two appeals in the same millisecond): the same order in every list.
          .orderBy('a.filedAt')
          .orderBy('a.id')
          .execute()
      );
    },

    /** Every appeal of a campaign with its unit, in one query (the order of appeals()). */
    appealsOfCampaign(campaignId: string) {
      return db
        .selectFrom('appeal as a')
        .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
        .innerJoin('unit as un', 'un.id', 's.unitId')
        .innerJoin('app_user as f', 'f.id', 'a.filedBy')
        .leftJoin('app_user as d', 'd.id', 'a.decidedBy')
        .selectAll('a')
        .select([
          'un.code as unitCode',
          'un.name as unitName',
          'f.fullName as filedByName',
          'd.fullName as decidedByName',
        ])
        .where('s.campaignId', '=', campaignId)
        .orderBy('a.filedAt')
        .orderBy('a.id')
        .execute();
    },

    /** Live files of every appeal of a campaign, in one query (the order of attachmentsOf()). */
    appealAttachmentsOfCampaign(campaignId: string): Promise<AttachmentRow[]> {
      return db
        .selectFrom('attachment as a')
        .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
        .innerJoin('app_user as u', 'u.id', 'a.uploadedBy')
        .innerJoin('blob as b', 'b.sha256', 'a.blobSha256')
        .selectAll('a')
        .select(['u.fullName as uploadedByName', 'b.sizeBytes', 'b.mimeType', 'b.storageKey'])
        .where('s.campaignId', '=', campaignId)
        .where('a.ownerType', '=', 'APPEAL')
        .where('a.deletedAt', 'is', null)
        .orderBy('a.uploadedAt')
        .orderBy('a.id')
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
