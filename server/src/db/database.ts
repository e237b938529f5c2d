import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import { FairSqliteDialect } from './fair-sqlite';
import type { DB } from './tables';

export type Database = Kysely<DB>;
export type Dialect = 'sqlite' | 'postgres';

/** Opens the configured database. SQLite gets WAL and enforced foreign keys. */
export function createDb(database: Config['database']): { db: Database; dialect: Dialect } {
  if (database.kind === 'postgres') {
    // bigint columns (file sizes, amounts in đồng) come back as numbers on both dialects; every
    // value we store in them stays far below 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: database.url, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => {});
    return { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  if (database.file !== ':memory:') {
    fs.mkdirSync(path.dirname(database.file), { recursive: true });
  }
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return {
    db: new Kysely<DB>({ dialect: new FairSqliteDialect({ database: withStatementCache(sqlite) }) }),
    dialect: 'sqlite',
  };
}

/**
 * Kysely prepares every query again on each call; under the deadline-rush load a CPU profile put
 * 18 % of the server in better-sqlite3's `prepare` (docs/benchmarks.md, issue 8 load). The same
 * few hundred SQL texts repeat, so prepared statements are kept by text (a bounded map, oldest
 * out first). A statement still being iterated (a streamed query) is busy and cannot be run again
 * until it finishes: a fresh one is prepared for that call instead.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close(): void {
      cache.clear();
      sqlite.close();
    },
    prepare(text: string): SQLite.Statement {
      const hit = cache.get(text);
      if (hit && !hit.busy) {
        return hit;
      }
      const statement = sqlite.prepare(text);
      if (!hit) {
        if (cache.size >= max) {
          cache.delete(cache.keys().next().value!);
        }
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

/** Throws the driver's error when the database cannot answer a trivial query. */
export async function pingDb(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}

/** True when a trivial query succeeds; used by /api/health and at boot. */
export async function isReachable(db: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Unique-constraint violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const e = error as { code?: unknown };
  return (
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Foreign-key violation on either dialect. */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const e = error as { code?: unknown };
  return e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
