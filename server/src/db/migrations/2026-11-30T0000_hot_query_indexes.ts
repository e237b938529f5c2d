import type { Kysely } from 'kysely';

// Frozen once landed: a fix is a new migration. Imports nothing from app code; portable types only.
//
// Indexes for hot queries whose plans showed a scan or a poor index (server/test/query-plans.test.ts,
// docs/performance.md):
// - the attachments of a scorecard (the appraisal workspace, every view) scanned the whole table:
//   the only index was by owner (explanation request or appeal);
// - the audit drawer of a scorecard (entity, newest first, one page) was served by the index on
//   the action, i.e. by every event of that kind in the system. An index on the entity and the
//   sequence answers it in order without sorting; it also serves "every event of an entity in
//   order", so it replaces the entity index, which is its prefix (one index less to write per event).

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at their time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('attachment_scorecard_idx').on('attachment').column('scorecardId').execute();
  await db.schema
    .createIndex('audit_event_entity_seq_idx')
    .on('audit_event')
    .columns(['entityType', 'entityId', 'seq'])
    .execute();
  await db.schema.dropIndex('audit_event_entity_idx').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('audit_event_entity_idx')
    .on('audit_event')
    .columns(['entityType', 'entityId'])
    .execute();
  await db.schema.dropIndex('audit_event_entity_seq_idx').execute();
  await db.schema.dropIndex('attachment_scorecard_idx').execute();
}
