import type { Database } from '../../db/database';

const SUMMARY_COLUMNS = [
  'id',
  'code',
  'version',
  'year',
  'name',
  'status',
  'leafCount',
  'createdAt',
  'updatedAt',
  'publishedAt',
] as const;

export interface IndexSetRow {
  id: string;
  code: string;
  version: number;
  year: number;
  name: string;
  status: string;
  leafCount: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export function indexSetsRepo(db: Database) {
  return {
    list(filter: { onlyPublished: boolean }): Promise<IndexSetRow[]> {
      let q = db.selectFrom('index_set').select(SUMMARY_COLUMNS);
      if (filter.onlyPublished) {
        q = q.where('status', '=', 'PUBLISHED');
      }
      return q.orderBy('year', 'desc').orderBy('code').orderBy('version', 'desc').execute();
    },

    findById(id: string) {
      return db.selectFrom('index_set').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async latestVersion(code: string): Promise<number> {
      const row = await db
        .selectFrom('index_set')
        .select((eb) => eb.fn.max<number | null>('version').as('v'))
        .where('code', '=', code)
        .executeTakeFirst();
      return Number(row?.v ?? 0);
    },

    /** Latest version per code, to tell which rows are current. */
    async latestVersions(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('index_set')
        .select(['code', (eb) => eb.fn.max<number>('version').as('v')])
        .groupBy('code')
        .execute();
      return new Map(rows.map((r) => [r.code, Number(r.v)]));
    },

    findByCodeVersion(code: string, version?: number) {
      let q = db.selectFrom('index_set').selectAll().where('code', '=', code);
      q = version === undefined ? q.orderBy('version', 'desc') : q.where('version', '=', version);
      return q.executeTakeFirst();
    },

    async insert(row: {
      id: string;
      code: string;
      version: number;
      year: number;
      name: string;
      document: string;
      documentHash: string;
      leafCount: number;
      basedOnId: string | null;
      createdBy: string | null;
      now: string;
    }): Promise<void> {
      await db
        .insertInto('index_set')
        .values({
          id: row.id,
          code: row.code,
          version: row.version,
          year: row.year,
          name: row.name,
          status: 'DRAFT',
          document: row.document,
          documentHash: row.documentHash,
          leafCount: row.leafCount,
          basedOnId: row.basedOnId,
          createdBy: row.createdBy,
          createdAt: row.now,
          updatedAt: row.now,
          publishedAt: null,
          publishedBy: null,
        })
        .execute();
    },

    /** Only a DRAFT row changes; returns false when the row was published meanwhile. */
    async updateDraft(
      id: string,
      patch: { year: number; name: string; document: string; documentHash: string; leafCount: number },
      now: string,
    ): Promise<boolean> {
      const res = await db
        .updateTable('index_set')
        .set({ ...patch, updatedAt: now })
        .where('id', '=', id)
        .where('status', '=', 'DRAFT')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async publish(id: string, by: string, now: string): Promise<boolean> {
      const res = await db
        .updateTable('index_set')
        .set({ status: 'PUBLISHED', publishedAt: now, publishedBy: by, updatedAt: now })
        .where('id', '=', id)
        .where('status', '=', 'DRAFT')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
  };
}
