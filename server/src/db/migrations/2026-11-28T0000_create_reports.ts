import type { Kysely } from 'kysely';

// Frozen once landed: a fix is a new migration. Imports nothing from app code; portable types only.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at their time.
export async function up(db: Kysely<any>): Promise<void> {
  // Settings of generated administrative documents (agency, symbols, signers, recipients) as one
  // JSON document per instance: they change together and are read whole.
  await db.schema
    .createTable('document_settings')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('rowVersion', 'integer', (c) => c.notNull())
    .addColumn('updatedBy', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('document_settings_updatedBy_fkey', ['updatedBy'], 'app_user', ['id'])
    .execute();
  // The consolidated report's prose sections, edited by the Office before generating.
  await db.schema
    .createTable('report_draft')
    .addColumn('campaignId', 'text', (c) => c.primaryKey().notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('rowVersion', 'integer', (c) => c.notNull())
    .addColumn('updatedBy', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('report_draft_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('report_draft_updatedBy_fkey', ['updatedBy'], 'app_user', ['id'])
    .execute();
  // Export jobs (no foreign key to the scorecard: a scorecard removed from a campaign in set-up
  // must not be held back by the report exported from it). `activeKey` holds the request key while the job is pending or running and is
  // cleared when it ends: the unique index makes two identical requests at once one job, on both
  // databases (NULLs never collide).
  await db.schema
    .createTable('export_job')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('campaignId', 'text', (c) => c.notNull())
    .addColumn('scorecardId', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('requestKey', 'text', (c) => c.notNull())
    .addColumn('activeKey', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('errorCode', 'text')
    .addColumn('errorMessage', 'text')
    .addColumn('fileName', 'text')
    .addColumn('storageKey', 'text')
    .addColumn('sizeBytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('leaseOwner', 'text')
    .addColumn('leaseUntil', 'text')
    .addColumn('requestedBy', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('startedAt', 'text')
    .addColumn('finishedAt', 'text')
    .addForeignKeyConstraint('export_job_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('export_job_requestedBy_fkey', ['requestedBy'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('export_job_campaign_idx')
    .on('export_job')
    .columns(['campaignId', 'createdAt'])
    .execute();
  await db.schema
    .createIndex('export_job_status_idx')
    .on('export_job')
    .columns(['status', 'leaseUntil'])
    .execute();
  await db.schema
    .createIndex('export_job_request_idx')
    .on('export_job')
    .columns(['requestKey', 'status'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('export_job').execute();
  await db.schema.dropTable('report_draft').execute();
  await db.schema.dropTable('document_settings').execute();
}
