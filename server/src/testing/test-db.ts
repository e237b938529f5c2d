import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Database, type Dialect } from '../db/database';
import { migrateToLatest } from '../db/migrate';

/** The dialects this run covers: SQLite always, PostgreSQL when the global setup found it. */
export function testDialects(): Dialect[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDb {
  db: Database;
  dialect: Dialect;
  /** For tests that boot the real server process against the same database. */
  url: string | null;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database: SQLite in memory, or a new PostgreSQL database created for the
 * calling test file and dropped afterwards.
 */
export async function createTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const { db } = createDb({ kind: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    return { db, dialect, url: null, destroy: () => db.destroy() };
  }
  const adminUrl = inject('pgUrl');
  if (!adminUrl) {
    throw new Error('PostgreSQL is not available for this run.');
  }
  const name = `cchc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const { db } = createDb({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(db);
  return {
    db,
    dialect,
    url: url.toString(),
    async destroy() {
      await db.destroy();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
