import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Config } from '../config';
import type { Database } from './database';

/**
 * PostgreSQL advisory-lock keys (the two-int4 form): 'CCHC' and 1. Kysely's own migration lock
 * uses the one-bigint form with another key, so the two never meet.
 */
const PG_LOCK_CLASS = 0x43434843;
const PG_LOCK_STARTUP = 1;
/** How long a process waits for another one's start-up (migrations and demo seed) before giving up. */
export const STARTUP_LOCK_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Runs `fn` while holding the start-up lock of the database, so that several app processes
 * started together (systemd, a deploy script, the multi-server test) take turns for the work that
 * must happen once: migrations and the demo seed (main.ts checks "empty?" and seeds under it).
 *
 * PostgreSQL: a session advisory lock on one pooled connection, held while `fn` runs on the
 * others; it dies with the connection, so a killed process never leaves it behind.
 *
 * SQLite (one machine, but a second process — the CLI, a restart overlapping the old process —
 * can share the file): an exclusive transaction on a small side file `<db>.startup-lock`. The
 * operating system drops the file lock when the process dies, so there is no stale lock either.
 * better-sqlite3 waits synchronously for it; nothing else runs at start-up.
 */
export async function withStartupLock<T>(
  db: Database,
  database: Config['database'],
  fn: () => Promise<T>,
  timeoutMs: number = STARTUP_LOCK_TIMEOUT_MS,
): Promise<T> {
  if (database.kind === 'postgres') {
    return db.connection().execute(async (conn) => {
      // lock_timeout bounds the wait (it applies to advisory locks too); reset before the
      // connection goes back to the pool.
      await sql`select set_config('lock_timeout', ${String(timeoutMs)}, false)`.execute(conn);
      try {
        await sql`select pg_advisory_lock(${sql.lit(PG_LOCK_CLASS)}, ${sql.lit(PG_LOCK_STARTUP)})`.execute(
          conn,
        );
      } catch (error) {
        await sql`reset lock_timeout`.execute(conn);
        throw new Error(
          `Hết thời gian chờ tiến trình khác khởi động xong (khóa khởi động PostgreSQL): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      try {
        return await fn();
      } finally {
        await sql`select pg_advisory_unlock(${sql.lit(PG_LOCK_CLASS)}, ${sql.lit(PG_LOCK_STARTUP)})`.execute(
          conn,
        );
        await sql`reset lock_timeout`.execute(conn);
      }
    });
  }
  if (database.file === ':memory:') {
    return fn(); // private to this process: nobody to take turns with
  }
  const lockFile = `${database.file}.startup-lock`;
  const lock = new SQLite(lockFile, { timeout: timeoutMs });
  try {
    try {
      lock.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      throw new Error(
        `Hết thời gian chờ tiến trình khác khởi động xong (${lockFile}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      return await fn();
    } finally {
      lock.exec('COMMIT');
    }
  } finally {
    lock.close();
  }
}
