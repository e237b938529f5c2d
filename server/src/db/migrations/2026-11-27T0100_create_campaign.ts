import type { Kysely } from 'kysely';

// Frozen once landed: a fix is a new migration. Imports nothing from app code; portable types only.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at their time.
export async function up(db: Kysely<any>): Promise<void> {
  // A campaign (kỳ đánh giá): one yearly cycle over one PUBLISHED index-set version.
  await db.schema
    .createTable('campaign')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('indexSetId', 'text', (c) => c.notNull())
    .addColumn('previousCampaignId', 'text')
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('guidanceText', 'text', (c) => c.notNull())
    .addColumn('guidanceIssuedAt', 'text')
    .addColumn('budgetStatus', 'text', (c) => c.notNull())
    .addColumn('budgetNote', 'text')
    .addColumn('budgetDecidedBy', 'text')
    .addColumn('budgetDecidedAt', 'text')
    // Optimistic concurrency: every update states the version it read.
    .addColumn('rowVersion', 'integer', (c) => c.notNull())
    .addColumn('createdBy', 'text')
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addUniqueConstraint('campaign_code_uq', ['code'])
    .addForeignKeyConstraint('campaign_indexSetId_fkey', ['indexSetId'], 'index_set', ['id'])
    .addForeignKeyConstraint('campaign_previousCampaignId_fkey', ['previousCampaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('campaign_createdBy_fkey', ['createdBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('campaign_budgetDecidedBy_fkey', ['budgetDecidedBy'], 'app_user', ['id'])
    .execute();
  await db.schema.createIndex('campaign_indexSetId_idx').on('campaign').column('indexSetId').execute();

  // Milestones: local dates in Asia/Ho_Chi_Minh ('YYYY-MM-DD'); the deadline passes at the end of the day.
  await db.schema
    .createTable('campaign_milestone')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('campaignId', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('dueDate', 'text', (c) => c.notNull())
    .addColumn('sortOrder', 'integer', (c) => c.notNull())
    .addColumn('achievedAt', 'text')
    .addUniqueConstraint('campaign_milestone_key_uq', ['campaignId', 'key'])
    .addForeignKeyConstraint('campaign_milestone_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .execute();

  // Budget estimate (dự toán kinh phí): amounts in whole đồng.
  await db.schema
    .createTable('campaign_budget_line')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('campaignId', 'text', (c) => c.notNull())
    .addColumn('sortOrder', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amountVnd', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addForeignKeyConstraint('campaign_budget_line_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .execute();
  await db.schema
    .createIndex('campaign_budget_line_campaignId_idx')
    .on('campaign_budget_line')
    .column('campaignId')
    .execute();

  // Stored file contents, addressed by SHA-256: the same content is stored once.
  await db.schema
    .createTable('blob')
    .addColumn('sha256', 'text', (c) => c.primaryKey().notNull())
    .addColumn('sizeBytes', 'bigint', (c) => c.notNull())
    .addColumn('mimeType', 'text', (c) => c.notNull())
    .addColumn('storageKey', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .execute();

  // Files the Office attaches to a campaign (scoring guidance documents).
  await db.schema
    .createTable('campaign_file')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('campaignId', 'text', (c) => c.notNull())
    .addColumn('blobSha256', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('uploadedBy', 'text', (c) => c.notNull())
    .addColumn('uploadedAt', 'text', (c) => c.notNull())
    .addColumn('deletedAt', 'text')
    .addForeignKeyConstraint('campaign_file_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('campaign_file_blobSha256_fkey', ['blobSha256'], 'blob', ['sha256'])
    .addForeignKeyConstraint('campaign_file_uploadedBy_fkey', ['uploadedBy'], 'app_user', ['id'])
    .execute();

  // One scorecard per participating unit: participation is having a scorecard.
  await db.schema
    .createTable('scorecard')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('campaignId', 'text', (c) => c.notNull())
    .addColumn('unitId', 'text', (c) => c.notNull())
    // The unit's group when it joined the campaign: applicability must not move under a running campaign.
    .addColumn('groupCode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rowVersion', 'integer', (c) => c.notNull())
    // An extension of the self-assessment deadline granted to this unit (local date), or null.
    .addColumn('extendedUntil', 'text')
    .addColumn('submittedAt', 'text')
    .addColumn('submittedBy', 'text')
    .addColumn('minutesLate', 'integer')
    .addColumn('submitNote', 'text')
    .addColumn('signedReportEvidenceId', 'text')
    .addColumn('returnedAt', 'text')
    .addColumn('returnedBy', 'text')
    .addColumn('returnReason', 'text')
    // Denormalised progress for the monitoring dashboard, kept in the same transaction as answers.
    .addColumn('answeredCount', 'integer', (c) => c.notNull())
    .addColumn('applicableCount', 'integer', (c) => c.notNull())
    .addColumn('evidenceCount', 'integer', (c) => c.notNull())
    .addColumn('selfPoints', 'integer', (c) => c.notNull())
    .addColumn('lastActivityAt', 'text')
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addUniqueConstraint('scorecard_campaign_unit_uq', ['campaignId', 'unitId'])
    .addForeignKeyConstraint('scorecard_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('scorecard_unitId_fkey', ['unitId'], 'unit', ['id'])
    .addForeignKeyConstraint('scorecard_submittedBy_fkey', ['submittedBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('scorecard_returnedBy_fkey', ['returnedBy'], 'app_user', ['id'])
    .execute();
  await db.schema.createIndex('scorecard_unitId_idx').on('scorecard').column('unitId').execute();

  // The unit's self-assessment of one leaf. Appraisal stages get their own rows later: the
  // self score is a permanent value, never overwritten by an appraiser.
  await db.schema
    .createTable('scorecard_answer')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('leafCode', 'text', (c) => c.notNull())
    // JSON text of the method's input (docs/index-set-format.md), or null when not answered.
    .addColumn('value', 'text')
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('noEvidenceReason', 'text', (c) => c.notNull())
    .addColumn('naClaimed', 'integer', (c) => c.notNull())
    .addColumn('naReason', 'text', (c) => c.notNull())
    // 1 while the row is last year's answer offered as a starting draft: not counted as answered.
    .addColumn('isCarriedDraft', 'integer', (c) => c.notNull())
    .addColumn('rowVersion', 'integer', (c) => c.notNull())
    .addColumn('updatedBy', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addUniqueConstraint('scorecard_answer_leaf_uq', ['scorecardId', 'leafCode'])
    .addForeignKeyConstraint('scorecard_answer_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('scorecard_answer_updatedBy_fkey', ['updatedBy'], 'app_user', ['id'])
    .execute();

  // Evidence of one leaf: a stored file, or a reference to an issued document.
  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scorecardId', 'text', (c) => c.notNull())
    .addColumn('leafCode', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('blobSha256', 'text')
    .addColumn('filename', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('docNumber', 'text')
    .addColumn('issuer', 'text')
    // The date of the document itself (local date), separate from when it was uploaded.
    .addColumn('effectiveDate', 'text')
    .addColumn('isCarriedDraft', 'integer', (c) => c.notNull())
    .addColumn('uploadedBy', 'text', (c) => c.notNull())
    .addColumn('uploadedAt', 'text', (c) => c.notNull())
    .addColumn('deletedAt', 'text')
    .addColumn('deletedBy', 'text')
    .addForeignKeyConstraint('evidence_scorecardId_fkey', ['scorecardId'], 'scorecard', ['id'])
    .addForeignKeyConstraint('evidence_blobSha256_fkey', ['blobSha256'], 'blob', ['sha256'])
    .addForeignKeyConstraint('evidence_uploadedBy_fkey', ['uploadedBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('evidence_deletedBy_fkey', ['deletedBy'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('evidence_scorecard_leaf_idx')
    .on('evidence')
    .columns(['scorecardId', 'leafCode'])
    .execute();

  // In-app notifications.
  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('userId', 'text', (c) => c.notNull())
    .addColumn('campaignId', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('readAt', 'text')
    .addForeignKeyConstraint('notification_userId_fkey', ['userId'], 'app_user', ['id'])
    .addForeignKeyConstraint('notification_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .execute();
  await db.schema
    .createIndex('notification_user_idx')
    .on('notification')
    .columns(['userId', 'createdAt'])
    .execute();

  // The reminder ladder of a campaign (đôn đốc): offsets in days around a milestone's deadline.
  await db.schema
    .createTable('reminder_rule')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('campaignId', 'text', (c) => c.notNull())
    .addColumn('milestoneKey', 'text', (c) => c.notNull())
    .addColumn('offsetDays', 'integer', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('isActive', 'integer', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('reminder_rule_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .execute();

  // Background jobs with leases: a job is run by one process at a time, and a crashed
  // process's lease expires so another picks the job up. `dedupeKey` makes enqueueing idempotent.
  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupeKey', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('runAt', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('maxAttempts', 'integer', (c) => c.notNull())
    .addColumn('leaseOwner', 'text')
    .addColumn('leaseUntil', 'text')
    .addColumn('lastError', 'text')
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addUniqueConstraint('job_dedupeKey_uq', ['dedupeKey'])
    .execute();
  await db.schema.createIndex('job_status_runAt_idx').on('job').columns(['status', 'runAt']).execute();

  // Delivery log of reminders: the Office's proof of urging. One row per (reminder, recipient, channel).
  await db.schema
    .createTable('reminder_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('campaignId', 'text', (c) => c.notNull())
    .addColumn('unitId', 'text', (c) => c.notNull())
    .addColumn('userId', 'text')
    .addColumn('ruleId', 'text')
    .addColumn('reminderKey', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('lastError', 'text')
    .addColumn('sentBy', 'text')
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('deliveredAt', 'text')
    .addUniqueConstraint('reminder_delivery_key_uq', ['reminderKey', 'channel', 'recipient'])
    .addForeignKeyConstraint('reminder_delivery_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('reminder_delivery_unitId_fkey', ['unitId'], 'unit', ['id'])
    .addForeignKeyConstraint('reminder_delivery_userId_fkey', ['userId'], 'app_user', ['id'])
    .addForeignKeyConstraint('reminder_delivery_sentBy_fkey', ['sentBy'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('reminder_delivery_campaign_idx')
    .on('reminder_delivery')
    .columns(['campaignId', 'createdAt'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'reminder_delivery',
    'job',
    'reminder_rule',
    'notification',
    'evidence',
    'scorecard_answer',
    'scorecard',
    'campaign_file',
    'blob',
    'campaign_budget_line',
    'campaign_milestone',
    'campaign',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
