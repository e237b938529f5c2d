import type { Database } from './database';

/**
 * Runs `fn` in one transaction on either dialect. Services use this instead of importing Kysely,
 * building their repos on the transaction handle it passes.
 */
export function inTransaction<T>(db: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
