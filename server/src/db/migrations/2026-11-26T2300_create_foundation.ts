import type { Kysely } from 'kysely';

// Frozen once landed: a fix is a new migration. Imports nothing from app code; portable types only.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at their time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit_group')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('isActive', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addUniqueConstraint('unit_group_code_uq', ['code'])
    .execute();

  await db.schema
    .createTable('unit')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('groupId', 'text')
    .addColumn('isActive', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('searchText', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addUniqueConstraint('unit_code_uq', ['code'])
    .addForeignKeyConstraint('unit_groupId_fkey', ['groupId'], 'unit_group', ['id'])
    .execute();
  await db.schema.createIndex('unit_groupId_idx').on('unit').column('groupId').execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('fullName', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('passwordHash', 'text')
    .addColumn('isActive', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('mustChangePassword', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failedLoginCount', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lockedUntil', 'text')
    .addColumn('lastLoginAt', 'text')
    .addColumn('searchText', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('updatedAt', 'text', (c) => c.notNull())
    .addUniqueConstraint('app_user_username_uq', ['username'])
    .execute();

  await db.schema
    .createTable('user_role')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('userId', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unitId', 'text')
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('user_role_userId_fkey', ['userId'], 'app_user', ['id'])
    .addForeignKeyConstraint('user_role_unitId_fkey', ['unitId'], 'unit', ['id'])
    .execute();
  await db.schema.createIndex('user_role_userId_idx').on('user_role').column('userId').execute();
  await db.schema.createIndex('user_role_unitId_idx').on('user_role').column('unitId').execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('userId', 'text', (c) => c.notNull())
    .addColumn('csrfToken', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('createdAt', 'text', (c) => c.notNull())
    .addColumn('lastSeenAt', 'text', (c) => c.notNull())
    .addColumn('expiresAt', 'text', (c) => c.notNull())
    .addColumn('revokedAt', 'text')
    .addColumn('ip', 'text')
    .addColumn('userAgent', 'text')
    .addForeignKeyConstraint('session_userId_fkey', ['userId'], 'app_user', ['id'])
    .execute();
  await db.schema.createIndex('session_userId_idx').on('session').column('userId').execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actorUserId', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entityType', 'text', (c) => c.notNull())
    .addColumn('entityId', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addForeignKeyConstraint('audit_event_actorUserId_fkey', ['actorUserId'], 'app_user', ['id'])
    .execute();
  await db.schema
    .createIndex('audit_event_entity_idx')
    .on('audit_event')
    .columns(['entityType', 'entityId'])
    .execute();
  await db.schema
    .createIndex('audit_event_actorUserId_idx')
    .on('audit_event')
    .column('actorUserId')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_event', 'session', 'user_role', 'app_user', 'unit', 'unit_group']) {
    await db.schema.dropTable(table).execute();
  }
}
