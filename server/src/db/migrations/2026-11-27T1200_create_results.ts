import type { Kysely } from 'kysely';

// Frozen once landed: a fix is a new migration. Imports nothing from app code; portable types only.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at their time.
export async function up(db: Kysely<any>): Promise<void> {
  // The Office's settings of a campaign's results: the band → task-completion rating mapping,
  // the campaign compared year over year and the criterion mapping between the two sets (JSON).
  await db.schema
    .createTable('results_settings')
    .addColumn('campaignId', 'text', (c) => c.primaryKey().notNull())
    .addColumn('ratingMap', 'text', (c) => c.notNull())
    .addColumn('previousCampaignId', 'text')
    .addColumn('criterionMap', 'text', (c) => c.notNull())
    .addColumn('rowVersion', 'integer', (c) => c.notNull())
    .addColumn('updatedBy', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('results_settings_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('results_settings_previousCampaignId_fkey', ['previousCampaignId'], 'campaign', [
      'id',
    ])
    .addForeignKeyConstraint('results_settings_updatedBy_fkey', ['updatedBy'], 'app_user', ['id'])
    .execute();
  // The announcement of the results (quyết định công bố, hội nghị công bố) and the publication.
  await db.schema
    .createTable('announcement')
    .addColumn('campaignId', 'text', (c) => c.primaryKey().notNull())
    .addColumn('decisionNumber', 'text', (c) => c.notNull())
    .addColumn('decisionDate', 'text', (c) => c.notNull())
    .addColumn('announcedOn', 'text')
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('publishedAt', 'text')
    .addColumn('publishedBy', 'text')
    .addColumn('updatedBy', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('announcement_campaignId_fkey', ['campaignId'], 'campaign', ['id'])
    .addForeignKeyConstraint('announcement_publishedBy_fkey', ['publishedBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('announcement_updatedBy_fkey', ['updatedBy'], 'app_user', ['id'])
    .execute();
  // The public page looks campaigns up by phase.
  await db.schema.createIndex('campaign_phase_idx').on('campaign').column('phase').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('campaign_phase_idx').execute();
  await db.schema.dropTable('announcement').execute();
  await db.schema.dropTable('results_settings').execute();
}
