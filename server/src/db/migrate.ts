import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m20261126T2300 from './migrations/2026-11-26T2300_create_foundation';
import * as m20261127T0000 from './migrations/2026-11-27T0000_create_index_set';
import * as m20261127T0100 from './migrations/2026-11-27T0100_create_campaign';
import * as m20261127T1000 from './migrations/2026-11-27T1000_create_appraisal';
import * as m20261127T1200 from './migrations/2026-11-27T1200_create_results';
import * as m20261128T0000 from './migrations/2026-11-28T0000_create_reports';
import * as m20261129T0000 from './migrations/2026-11-29T0000_audit_chain';
import * as m20261130T0000 from './migrations/2026-11-30T0000_hot_query_indexes';
import type { DB } from './tables';

/**
 * A static list rather than a folder scan: works under tsx, bundlers and tests alike.
 * Add new migrations at the end; never edit or reorder a landed one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26T2300_create_foundation': m20261126T2300,
  '2026-11-27T0000_create_index_set': m20261127T0000,
  '2026-11-27T0100_create_campaign': m20261127T0100,
  '2026-11-27T1000_create_appraisal': m20261127T1000,
  '2026-11-27T1200_create_results': m20261127T1200,
  '2026-11-28T0000_create_reports': m20261128T0000,
  '2026-11-29T0000_audit_chain': m20261129T0000,
  '2026-11-30T0000_hot_query_indexes': m20261130T0000,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'không rõ';
    throw new Error(
      `Chạy migration thất bại (${failed}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrates up (or down) to `name` exactly: for tests of a migration against older data. */
export async function migrateTo(db: Kysely<DB>, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error } = await migrator.migrateTo(name);
  if (error) {
    throw error;
  }
}
