import type { Kysely } from 'kysely';

// Frozen once landed: a fix is a new migration. Imports nothing from app code; portable types only.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at their time.
export async function up(db: Kysely<any>): Promise<void> {
  // The unit a user works in (đơn vị công tác): a working-group member never appraises it.
  await db.schema.alterTable('app_user').addColumn('homeUnitId', 'text').execute();
  // Appeals (kiến nghị) are received until the end of this local date; leadership's approval.
  await db.schema.alterTable('campaign').addColumn('appealUntil', 'text').execute();
  await db.schema.alterTable('campaign').addColumn('approvedAt', 'text').execute();
  await db.schema.alterTable('campaign').addColumn('approvedBy', 'text').execute();
  await db.schema.alterTable('scorecard').addColumn('councilApprovedAt', 'text').execute();
  await db.schema.alterTable('scorecard').addColumn('councilApprovedBy', 'text').execute();

  // Working-group members assigned to a scorecard; removal keeps the row (who was assigned when).
  await db.schema
    .createTable('appraisal_assignment')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('userId', 'text', (c) => c.notNull())
    .addColumn('assignedBy', 'text', (c) => c.notNull())
    .addColumn('assignedAt', 'text', (c) => c.notNull())
    .addColumn('removedBy', 'text')
    .addColumn('removedAt', 'text')
    .addForeignKeyConstraint('appraisal_assignment_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('appraisal_assignment_userId_fkey', ['userId'], 'app_user', ['id'])
    .addForeignKeyConstraint('appraisal_assignment_assignedBy_fkey', ['assignedBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('appraisal_assignment_removedBy_fkey', ['removedBy'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('appraisal_assignment_scorecard_idx')
    .on('appraisal_assignment')
    .columns(['scorecardId', 'removedAt'])
    .execute();
  await db.schema
    .createIndex('appraisal_assignment_user_idx')
    .on('appraisal_assignment')
    .columns(['userId', 'removedAt'])
    .execute();

  // Council meetings (phiên họp Hội đồng thẩm định).
  await db.schema
    .createTable('council_meeting')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('campaignId', 'text', (c) => c.notNull())
    .addColumn('heldOn', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('chairName', 'text', (c) => c.notNull())
    // JSON array of names.
    .addColumn('membersPresent', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('createdBy', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('council_meeting_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('council_meeting_createdBy_fkey', ['createdBy'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('council_meeting_campaign_idx')
    .on('council_meeting')
    .column('campaignId')
    .execute();

  // Council special cases (trường hợp đặc biệt): a score change, a leaf declared not applicable,
  // or another exception — each with its reason and the decision's text.
  await db.schema
    .createTable('special_case')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('meetingId', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('leafCode', 'text')
    .addColumn('points', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decisionText', 'text', (c) => c.notNull())
    .addColumn('createdBy', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('special_case_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('special_case_meetingId_fkey', ['meetingId'], 'council_meeting', ['id'])
    .addForeignKeyConstraint('special_case_createdBy_fkey', ['createdBy'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('special_case_scorecard_idx')
    .on('special_case')
    .column('scorecardId')
    .execute();

  // Appeals (kiến nghị) after publication.
  await db.schema
    .createTable('appeal')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('leafCode', 'text')
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filedBy', 'text', (c) => c.notNull())
    .addColumn('filedAt', 'text', (c) => c.notNull())
    .addColumn('decidedBy', 'text')
    .addColumn('decidedAt', 'text')
    .addColumn('decisionReason', 'text')
    .addColumn('amendmentId', 'text')
    .addForeignKeyConstraint('appeal_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('appeal_filedBy_fkey', ['filedBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('appeal_decidedBy_fkey', ['decidedBy'], 'app_user', ['id'])
    .execute();
  await db.schema.createIndex('appeal_scorecard_idx').on('appeal').column('scorecardId').execute();

  // Amendments (điều chỉnh sau phê duyệt): corrections and accepted appeals; the results before
  // and after are kept as JSON so that the earlier version stays visible.
  await db.schema
    .createTable('amendment')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('appealId', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decisionText', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('diff', 'text', (c) => c.notNull())
    .addColumn('createdBy', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('amendment_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('amendment_appealId_fkey', ['appealId'], 'appeal', ['id'])
    .addForeignKeyConstraint('amendment_createdBy_fkey', ['createdBy'], 'app_user', ['id'])
    .execute();
  await db.schema.createIndex('amendment_scorecard_idx').on('amendment').column('scorecardId').execute();

  // Every review decision on a leaf, append-only: round 1, round 2, council, amendment. The
  // current value of a leaf is the latest row of its latest stage; nothing is overwritten.
  await db.schema
    .createTable('score_decision')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('leafCode', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Hundredths; null when the leaf is declared not applicable.
    .addColumn('points', 'integer')
    .addColumn('reasonCode', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidenceInsufficient', 'integer', (c) => c.notNull())
    .addColumn('specialCaseId', 'text')
    .addColumn('amendmentId', 'text')
    // Order within one scorecard (UUIDv7 ids are time-ordered too, but a counter is explicit).
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('createdBy', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addUniqueConstraint('score_decision_seq_uq', ['scorecardId', 'seq'])
    .addForeignKeyConstraint('score_decision_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('score_decision_specialCaseId_fkey', ['specialCaseId'], 'special_case', ['id'])
    .addForeignKeyConstraint('score_decision_amendmentId_fkey', ['amendmentId'], 'amendment', ['id'])
    .addForeignKeyConstraint('score_decision_createdBy_fkey', ['createdBy'], 'app_user', ['id'])
    .execute();

  // Explanation requests (yêu cầu giải trình): one per leaf, answered by the unit before the due date.
  await db.schema
    .createTable('explanation_request')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('leafCode', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('dueDate', 'text', (c) => c.notNull())
    .addColumn('requestedBy', 'text', (c) => c.notNull())
    .addColumn('requestedAt', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('respondedBy', 'text')
    .addColumn('respondedAt', 'text')
    .addUniqueConstraint('explanation_request_leaf_uq', ['scorecardId', 'leafCode'])
    .addForeignKeyConstraint('explanation_request_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('explanation_request_requestedBy_fkey', ['requestedBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('explanation_request_respondedBy_fkey', ['respondedBy'], 'app_user', ['id'])
    .execute();

  // Supplementary files of an explanation or an appeal (stored once in `blob`, like evidence).
  await db.schema
    .createTable('attachment')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    // EXPLANATION | APPEAL, and the id of that record.
    .addColumn('ownerType', 'text', (c) => c.notNull())
    .addColumn('ownerId', 'text', (c) => c.notNull())
    .addColumn('blobSha256', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('uploadedBy', 'text', (c) => c.notNull())
    .addColumn('uploadedAt', 'text', (c) => c.notNull())
    .addColumn('deletedAt', 'text')
    .addColumn('deletedBy', 'text')
    .addForeignKeyConstraint('attachment_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('attachment_blobSha256_fkey', ['blobSha256'], 'blob', ['sha256'])
    .addForeignKeyConstraint('attachment_uploadedBy_fkey', ['uploadedBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('attachment_deletedBy_fkey', ['deletedBy'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('attachment_owner_idx')
    .on('attachment')
    .columns(['ownerType', 'ownerId'])
    .execute();

  // Results of a unit at each milestone (submitted, round 1, after explanation, council,
  // approved, amendment): JSON of self/appraised/final totals and leaf values, for comparison.
  await db.schema
    .createTable('scorecard_snapshot')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('milestone', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('takenBy', 'text', (c) => c.notNull())
    .addColumn('takenAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('scorecard_snapshot_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('scorecard_snapshot_takenBy_fkey', ['takenBy'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('scorecard_snapshot_scorecard_idx')
    .on('scorecard_snapshot')
    .column('scorecardId')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'scorecard_snapshot',
    'attachment',
    'explanation_request',
    'score_decision',
    'amendment',
    'appeal',
    'special_case',
    'council_meeting',
    'appraisal_assignment',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('scorecard').dropColumn('councilApprovedBy').execute();
  await db.schema.alterTable('scorecard').dropColumn('councilApprovedAt').execute();
  await db.schema.alterTable('campaign').dropColumn('approvedBy').execute();
  await db.schema.alterTable('campaign').dropColumn('approvedAt').execute();
  await db.schema.alterTable('campaign').dropColumn('appealUntil').execute();
  await db.schema.alterTable('app_user').dropColumn('homeUnitId').execute();
}
