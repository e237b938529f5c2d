import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database, Dialect } from '../../db/database';
import type { DB } from '../../db/tables';

/**
 * Every SQL statement of backup and restore. The module works on whatever tables the migrations
 * have made: tables and columns are listed from the catalogue, never named here, so a new
 * migration (new columns, new tables, triggers) is backed up and restored without a change.
 */

/** Kysely's own bookkeeping: never "data", whatever it holds. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

/** A name the catalogue gave us, checked before it is put between quotes in generated SQL. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isPlainName(name: string): boolean {
  return PLAIN_NAME.test(name);
}

/** `"name"` with quotes doubled: the one way a catalogue name enters hand-written SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function backupRepo(db: Database, dialect: Dialect) {
  async function tables(): Promise<string[]> {
    if (dialect === 'sqlite') {
      const { rows } = await sql<{ name: string }>`
        select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name
      `.execute(db);
      return rows.map((r) => r.name);
    }
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name
    `.execute(db);
    return rows.map((r) => r.name);
  }

  async function countRows(table: string): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      db,
    );
    return Number(rows[0]?.n ?? 0);
  }

  return {
    /** Base tables of the app's schema (SQLite: the file; PostgreSQL: current_schema()), sorted. */
    tables,

    countRows,

    /** Rows per table, for the manifest and for the "is this instance empty" check. */
    async rowCounts(): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const table of await tables()) {
        counts[table] = await countRows(table);
      }
      return counts;
    },

    /** The last migration applied, or null when the database was never migrated. */
    async latestMigration(): Promise<string | null> {
      if (!(await tables()).includes('kysely_migration')) {
        return null;
      }
      const { rows } = await sql<{ name: string }>`
        select name from kysely_migration order by timestamp desc, name desc limit 1
      `.execute(db);
      return rows[0]?.name ?? null;
    },

    /** Storage keys of every stored evidence/guidance file (`aa/bb/<sha256>`), as the rows say. */
    async blobKeys(): Promise<{ sha256: string; storageKey: string }[]> {
      return (db as Kysely<DB>)
        .selectFrom('blob')
        .select(['sha256', 'storageKey'])
        .orderBy('sha256')
        .execute();
    },

    /** File names under DATA_DIR/exports of finished exports whose file retention has not removed. */
    async exportKeys(): Promise<string[]> {
      const rows = await (db as Kysely<DB>)
        .selectFrom('export_job')
        .select('storageKey')
        .where('storageKey', 'is not', null)
        .orderBy('storageKey')
        .execute();
      return rows.map((r) => r.storageKey!);
    },

    /** SQLite's own consistency check of a copy; "ok" or the first problems it lists. */
    async sqliteQuickCheck(): Promise<string> {
      const { rows } = await sql<{ quick_check: string }>`pragma quick_check`.execute(db);
      return rows.map((r) => r.quick_check).join('; ');
    },

    // --- PostgreSQL only -----------------------------------------------------------------------

    /**
     * Runs `work` inside a read-only REPEATABLE READ transaction whose snapshot is exported:
     * pg_dump started with `--snapshot=<id>` sees exactly what `work`'s own queries see, so the
     * row counts and file lists of the manifest describe the dump to the row.
     */
    async inExportedSnapshot<T>(work: (snapshot: string, tx: Database) => Promise<T>): Promise<T> {
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(async (tx) => {
          const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(tx);
          return work(rows[0]!.id, tx);
        });
    },

    async pgInfo(): Promise<{ schema: string; serverVersion: string; serverMajor: number }> {
      const { rows } = await sql<{ schema: string; version: string; num: string }>`
        select current_schema() as schema, current_setting('server_version') as version,
               current_setting('server_version_num') as num
      `.execute(db);
      const row = rows[0]!;
      return {
        schema: row.schema,
        serverVersion: row.version,
        serverMajor: Math.floor(Number(row.num) / 10000),
      };
    },

    /** Schemas other than the current one that hold anything a restore would have to replace. */
    async pgOtherSchemas(): Promise<string[]> {
      const { rows } = await sql<{ name: string }>`
        select nspname as name from pg_namespace
        where nspname <> current_schema() and nspname <> 'public'
          and nspname not like 'pg\\_%' and nspname <> 'information_schema'
        order by nspname
      `.execute(db);
      return rows.map((r) => r.name);
    },

    /**
     * Statements that remove every object of the current schema (an empty instance's migrated
     * tables, their triggers and the functions behind them) so that a plain pg_dump can be
     * replayed in the same transaction. Names are quoted by the server (format %I, regprocedure).
     */
    async pgDropStatements(): Promise<string[]> {
      // Views, then tables (their triggers and owned sequences go with them), then whatever is
      // left: `if exists` covers what a cascade already removed.
      const { rows } = await sql<{ stmt: string }>`
        select stmt from (
          select 1 as ord, format('drop view if exists %I.%I cascade;', schemaname, viewname) as stmt
            from pg_views where schemaname = current_schema()
          union all
          select 1, format('drop materialized view if exists %I.%I cascade;', schemaname, matviewname)
            from pg_matviews where schemaname = current_schema()
          union all
          select 2, format('drop table if exists %I.%I cascade;', schemaname, tablename)
            from pg_tables where schemaname = current_schema()
          union all
          select 3, format('drop sequence if exists %I.%I cascade;', schemaname, sequencename)
            from pg_sequences where schemaname = current_schema()
          union all
          select 4, format('drop routine if exists %s cascade;', p.oid::regprocedure)
            from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = current_schema()
              and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          union all
          select 5, format('drop type if exists %I.%I cascade;', n.nspname, t.typname)
            from pg_type t join pg_namespace n on n.oid = t.typnamespace
            where n.nspname = current_schema() and t.typtype in ('e', 'd')
              and not exists (select 1 from pg_depend d where d.objid = t.oid and d.deptype = 'e')
        ) as drops order by ord, stmt
      `.execute(db);
      return rows.map((r) => r.stmt);
    },
  };
}
export type BackupRepo = ReturnType<typeof backupRepo>;

/**
 * better-sqlite3's online backup API: a page-by-page copy through SQLite itself, consistent
 * even while the server writes (SQLite restarts the copy when another connection changes the
 * source). `fileMustExist`: a missing database is reported, never created empty.
 */
export async function sqliteOnlineBackup(source: string, destination: string): Promise<void> {
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(destination);
  } finally {
    db.close();
  }
}

/**
 * Opens a backup copy (or a restore's staged copy) as a single self-contained file: the rollback
 * journal instead of WAL, so that no `-wal`/`-shm` files appear beside it (the manifest lists
 * every file of a backup). The copy inherits WAL from the live file; this switches it back.
 */
export function openSqliteCopy(file: string): Database {
  const sqlite = new SQLite(file, { fileMustExist: true });
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}
