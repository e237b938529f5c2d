import { CompiledQuery, sql } from 'kysely';
import type { Database, Dialect } from '../../db/database';
import type { DB } from '../../db/tables';

export type Row<T extends keyof DB> = DB[T];

/** SQLite's default limit of bound parameters per statement (SQLITE_MAX_VARIABLE_NUMBER) is 32 766. */
const SQLITE_PARAMS = 32_000;
const SQLITE_ROWS = 500;
/** PostgreSQL: one statement per batch, bounded by rows and by text sent (snapshots are ~10 kB each). */
const PG_ROWS = 20_000;
const PG_BYTES = 32 * 1024 * 1024;
const LOOKUP_CHUNK = 500;

/**
 * SQL of the synthetic-data generator: bulk inserts (the generator writes millions of rows; one
 * Kysely insert per row, or its query builder per batch, would cost more than the inserts) and
 * the few look-ups it needs. Runs on a transaction handle like every repo.
 */
export function syntheticRepo(db: Database, dialect: Dialect) {
  const statements = new Map<string, string>();
  const pgTypes = new Map<string, Map<string, string>>();

  /** udt names of a table's columns, to type the arrays of `unnest`. */
  async function columnTypes(table: string): Promise<Map<string, string>> {
    let types = pgTypes.get(table);
    if (!types) {
      const r = await sql<{ column_name: string; udt_name: string }>`
        SELECT column_name, udt_name FROM information_schema.columns
        WHERE table_name = ${table} AND table_schema = current_schema()`.execute(db);
      types = new Map(r.rows.map((x) => [x.column_name, x.udt_name]));
      pgTypes.set(table, types);
    }
    return types;
  }

  const quoted = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(', ');

  /** SQLite: one multi-row INSERT … VALUES per chunk; the text is cached per shape. */
  async function insertSqlite(table: string, cols: string[], rows: readonly object[], ignore: boolean) {
    const per = Math.max(1, Math.min(SQLITE_ROWS, Math.floor(SQLITE_PARAMS / cols.length)));
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const key = `${table}/${chunk.length}/${ignore}`;
      let text = statements.get(key);
      if (!text) {
        const one = `(${cols.map(() => '?').join(',')})`;
        text = `INSERT INTO "${table}" (${quoted(cols)}) VALUES ${Array.from({ length: chunk.length }, () => one).join(',')}${ignore ? ' ON CONFLICT DO NOTHING' : ''}`;
        statements.set(key, text);
      }
      const params: unknown[] = [];
      for (const r of chunk) {
        for (const c of cols) {
          params.push((r as Record<string, unknown>)[c] ?? null);
        }
      }
      await db.executeQuery(CompiledQuery.raw(text, params));
    }
  }

  /** PostgreSQL: INSERT … SELECT * FROM unnest($1::text[], $2::int4[], …), one array per column. */
  async function insertPostgres(table: string, cols: string[], rows: readonly object[], ignore: boolean) {
    const types = await columnTypes(table);
    const casts = cols.map((c, k) => `$${k + 1}::${types.get(c) ?? 'text'}[]`).join(', ');
    const text = `INSERT INTO "${table}" (${quoted(cols)}) SELECT * FROM unnest(${casts})${ignore ? ' ON CONFLICT DO NOTHING' : ''}`;
    let from = 0;
    while (from < rows.length) {
      let to = from;
      let bytes = 0;
      while (to < rows.length && to - from < PG_ROWS && bytes < PG_BYTES) {
        for (const c of cols) {
          const v = (rows[to] as Record<string, unknown>)[c];
          bytes += typeof v === 'string' ? v.length : 8;
        }
        to++;
      }
      const chunk = rows.slice(from, to);
      const arrays = cols.map((c) => chunk.map((r) => (r as Record<string, unknown>)[c] ?? null));
      await db.executeQuery(CompiledQuery.raw(text, arrays));
      from = to;
    }
  }

  /** `values` in chunks, `col in (…)` each, results concatenated. */
  async function inChunks<T>(values: readonly string[], query: (chunk: string[]) => Promise<T[]>) {
    const out: T[] = [];
    for (let i = 0; i < values.length; i += LOOKUP_CHUNK) {
      out.push(...(await query(values.slice(i, i + LOOKUP_CHUNK))));
    }
    return out;
  }

  return {
    /**
     * Inserts rows of one table; every row has the same columns (those of the first). With
     * `ignoreDuplicates` a row whose key exists is skipped (blobs shared by several files).
     */
    async insert<T extends keyof DB>(
      table: T,
      rows: readonly Row<T>[],
      options: { ignoreDuplicates?: boolean } = {},
    ): Promise<void> {
      if (rows.length === 0) {
        return;
      }
      const cols = Object.keys(rows[0] as object);
      const ignore = options.ignoreDuplicates === true;
      if (dialect === 'sqlite') {
        await insertSqlite(table, cols, rows, ignore);
      } else {
        await insertPostgres(table, cols, rows, ignore);
      }
    },

    async campaignCodeTaken(code: string): Promise<boolean> {
      const row = await db.selectFrom('campaign').select('id').where('code', '=', code).executeTakeFirst();
      return row !== undefined;
    },

    groupsByCode(codes: readonly string[]) {
      return inChunks(codes, (chunk) =>
        db.selectFrom('unit_group').select(['id', 'code', 'name']).where('code', 'in', chunk).execute(),
      );
    },

    unitsByCode(codes: readonly string[]) {
      return inChunks(codes, (chunk) =>
        db
          .selectFrom('unit as u')
          .leftJoin('unit_group as g', 'g.id', 'u.groupId')
          .select(['u.id', 'u.code', 'u.name', 'g.code as groupCode', 'g.name as groupName'])
          .where('u.code', 'in', chunk)
          .execute(),
      );
    },

    usersByUsername(usernames: readonly string[]) {
      return inChunks(usernames, (chunk) =>
        db
          .selectFrom('app_user')
          .select(['id', 'username', 'fullName'])
          .where('username', 'in', chunk)
          .execute(),
      );
    },

    async latestIndexSetVersion(code: string): Promise<number> {
      const row = await db
        .selectFrom('index_set')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('code', '=', code)
        .executeTakeFirst();
      return Number(row?.v ?? 0);
    },

    /** Snapshots of some scorecards at one milestone (the approval copies the council's). */
    snapshots(scorecardIds: readonly string[], milestone: string) {
      return inChunks(scorecardIds, (chunk) =>
        db
          .selectFrom('scorecard_snapshot')
          .select(['scorecardId', 'data'])
          .where('scorecardId', 'in', chunk)
          .where('milestone', '=', milestone)
          .execute(),
      );
    },

    /**
     * After a bulk load: SQLite folds the write-ahead log back into the file (so the file size is
     * the database's size); PostgreSQL gathers planner statistics, as autovacuum would later.
     */
    async finish(): Promise<void> {
      if (dialect === 'sqlite') {
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
      } else {
        await sql`ANALYZE`.execute(db);
      }
    },

    /** Bytes the database takes (SQLite: pages in use, including free ones; PostgreSQL: on disk). */
    async sizeBytes(): Promise<number> {
      if (dialect === 'sqlite') {
        const r = await sql<{ n: number }>`
          SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()`.execute(db);
        return Number(r.rows[0]?.n ?? 0);
      }
      const r = await sql<{ n: string }>`SELECT pg_database_size(current_database()) AS n`.execute(db);
      return Number(r.rows[0]?.n ?? 0);
    },
  };
}

export type SyntheticRepo = ReturnType<typeof syntheticRepo>;
