import type { Kysely } from 'kysely';

// Frozen once landed: a fix is a new migration. Imports nothing from app code; portable types only.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at their time.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per version of an index set. The document is the interchange-format JSON (NFC text),
  // stored whole: it is read and written as a unit, and export must give back exactly what was imported.
  await db.schema
    .createTable('index_set')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('documentHash', 'text', (c) => c.notNull())
    .addColumn('leafCount', 'integer', (c) => c.notNull())
    .addColumn('basedOnId', 'text')
    .addColumn('createdBy', 'text')
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addColumn('publishedAt', 'text')
    .addColumn('publishedBy', 'text')
    .addUniqueConstraint('index_set_code_version_uq', ['code', 'version'])
    .addForeignKeyConstraint('index_set_basedOnId_fkey', ['basedOnId'], 'index_set', ['id'])
    .addForeignKeyConstraint('index_set_createdBy_fkey', ['createdBy'], 'app_user', ['id'])
    .addForeignKeyConstraint('index_set_publishedBy_fkey', ['publishedBy'], 'app_user', ['id'])
    .execute();
  await db.schema.createIndex('index_set_year_idx').on('index_set').column('year').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('index_set').execute();
}
