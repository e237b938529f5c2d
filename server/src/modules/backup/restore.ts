import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config';
import { createDb, type Database, pingDb } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { type S3BlobStorage, s3StorageFromConfig } from '../evidence/storage-s3';
import { backupRepo, isPlainName, MIGRATION_TABLES, openSqliteCopy, quoteIdent } from './backup.repo';
import {
  BackupError,
  copyHashed,
  hasNoFiles,
  type Manifest,
  readAndVerify,
  syncDir,
  syncFile,
} from './manifest';
import { pgConnection, runPgTool } from './pg-tools';

export interface RestoreSummary {
  manifest: Manifest;
  tables: number;
  rows: number;
  blobFiles: number;
  exportFiles: number;
  /** Where the evidence files went: DATA_DIR/blobs or `s3://bucket/prefix`. */
  blobTarget: string;
  /** The migration the restored database is at (later than the backup's when this code is newer). */
  migration: string;
  warnings: string[];
}

/** Folders of DATA_DIR that hold state besides the database (docs/backup.md). */
const FILE_AREAS = ['blobs', 'exports'] as const;
/** Where a restore prepares its files: inside DATA_DIR, so that moving them in is a rename. */
const STAGING = '.restore-staging';
/**
 * Present from the first move into DATA_DIR until the database is in place. A restore that
 * finds it (a power cut mid-restore) knows that files in blobs/ and exports/ next to an empty
 * database are its own leftovers, removes them, and starts again.
 */
const MARKER = '.restore-incomplete';

const DIALECT_NAME = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/**
 * What this code's migrations know and write by themselves, learnt by running them on a
 * throwaway in-memory database: the known migration names (migrate.ts keeps its list private)
 * and the rows a freshly migrated database holds (e.g. the audit chain's head), which do not
 * make an instance "non-empty".
 */
async function migrationReference(): Promise<{ known: string[]; seeded: Record<string, number> }> {
  const { db } = createDb({ kind: 'sqlite', file: ':memory:' });
  try {
    const known = await migrateToLatest(db);
    return { known, seeded: await backupRepo(db, 'sqlite').rowCounts() };
  } finally {
    await db.destroy();
  }
}

/**
 * Empty = a database that is absent, has no tables, or holds no row beyond what the migrations
 * themselves write (Kysely's bookkeeping aside). Returns the first table that proves otherwise.
 */
async function firstNonEmptyTable(db: Database, config: Config, seeded: Record<string, number>) {
  const repo = backupRepo(db, config.database.kind);
  for (const table of await repo.tables()) {
    if ((MIGRATION_TABLES as readonly string[]).includes(table)) {
      continue;
    }
    const n = await repo.countRows(table);
    if (n > (seeded[table] ?? 0)) {
      return { table, n };
    }
  }
  return null;
}

function notEmpty(what: string): BackupError {
  return new BackupError(
    `Hệ thống đích không trống (${what}); chỉ khôi phục vào một hệ thống mới (DATA_DIR mới hoặc CSDL trống).`,
  );
}

/** Compares a restored database with the manifest, table by table. */
async function checkCounts(db: Database, config: Config, manifest: Manifest): Promise<void> {
  const restored = await backupRepo(db, config.database.kind).rowCounts();
  const names = new Set([...Object.keys(restored), ...Object.keys(manifest.tables)]);
  for (const table of [...names].sort()) {
    if (restored[table] !== manifest.tables[table]) {
      throw new BackupError(
        `CSDL trong bản sao lưu không khớp manifest.json (bảng ${table}: ${restored[table] ?? 'không có'} bản ghi, manifest ghi ${manifest.tables[table] ?? 'không có'}); không khôi phục gì.`,
      );
    }
  }
}

/**
 * The SQL run by psql around the dump, in one transaction with it: first the removal of an empty
 * instance's migrated objects, last a check of every table's row count against the manifest
 * (a failure rolls everything back).
 */
async function pgScripts(db: Database, manifest: Manifest, schema: string) {
  const prelude = [
    'set client_min_messages = warning;',
    ...(await backupRepo(db, 'postgres').pgDropStatements()),
  ];
  const s = quoteIdent(schema);
  const checks = Object.entries(manifest.tables).map(
    ([table, n]) =>
      `  select count(*) into n from ${s}.${quoteIdent(table)};\n` +
      `  if n <> ${n} then raise exception 'cchc-restore: bảng % có % bản ghi, manifest ghi ${n}', '${table}', n; end if;`,
  );
  const tableCount = Object.keys(manifest.tables).length;
  const postlude = [
    'do $cchc_check$',
    'declare n bigint;',
    'begin',
    ...checks,
    `  select count(*) into n from information_schema.tables where table_schema = '${schema}' and table_type = 'BASE TABLE';`,
    `  if n <> ${tableCount} then raise exception 'cchc-restore: % bảng, manifest ghi ${tableCount}', n; end if;`,
    'end',
    '$cchc_check$;',
  ];
  return { prelude: `${prelude.join('\n')}\n`, postlude: `${postlude.join('\n')}\n` };
}

async function warningsForMissingBlobs(db: Database, config: Config, staged: Set<string>) {
  const missing = (await backupRepo(db, config.database.kind).blobKeys()).filter(
    (b) => !staged.has(`blobs/${b.storageKey}`),
  );
  return missing.map((b) => `blob ${b.sha256} không có tệp trong bản sao lưu (tải về sẽ báo không tìm thấy)`);
}

/**
 * Restores `dir` into the configured, empty instance. Order: verify the whole backup (nothing
 * written), check dialect, migration and emptiness, stage every file inside DATA_DIR (hashes
 * checked again while copying), then commit — files moved in by rename, the database last
 * (SQLite: one rename of a copy already checked and migrated; PostgreSQL: psql in a single
 * transaction). Any failure before the database step removes what was moved in.
 */
export async function restoreBackup(config: Config, dir: string): Promise<RestoreSummary> {
  const manifest = await readAndVerify(dir);
  const kind = config.database.kind;
  if (manifest.dialect !== kind) {
    throw new BackupError(
      `Bản sao lưu là của ${DIALECT_NAME[manifest.dialect]} nhưng hệ thống đích dùng ${DIALECT_NAME[kind]}; hãy khôi phục vào cùng loại CSDL (${manifest.dialect === 'postgres' ? 'đặt DATABASE_URL' : 'bỏ DATABASE_URL'}).`,
    );
  }
  const reference = await migrationReference();
  if (!reference.known.includes(manifest.migration)) {
    const latest = reference.known.at(-1) ?? 'không có';
    throw new BackupError(
      manifest.migration > latest
        ? `Bản sao lưu ở migration ${manifest.migration}, mới hơn phần mềm này (mới nhất: ${latest}); hãy cập nhật phần mềm lên phiên bản ${manifest.appVersion} trở lên rồi khôi phục.`
        : `Bản sao lưu ở migration ${manifest.migration}, phần mềm này không biết migration đó (mới nhất: ${latest}); không khôi phục.`,
    );
  }
  const schema = manifest.database.schema ?? 'public';
  if (kind === 'postgres' && !isPlainName(schema)) {
    throw new BackupError(`manifest.json không hợp lệ: schema "${schema}"; không khôi phục gì.`);
  }

  const dataDir = config.dataDir;
  await fsp.mkdir(dataDir, { recursive: true });
  const marker = path.join(dataDir, MARKER);
  const staging = path.join(dataDir, STAGING);

  let db: Database | null = null;
  // STORAGE_DRIVER=s3: evidence files go into the bucket through the storage interface (put),
  // exports and the database as for local disk.
  const storage: S3BlobStorage | null =
    config.storage.driver === 's3' ? s3StorageFromConfig(config.storage) : null;
  try {
    // --- The target: empty? -------------------------------------------------------------------
    if (config.database.kind === 'postgres') {
      try {
        db = createDb({ kind: 'postgres', url: config.database.url }).db;
        await pingDb(db);
      } catch (error) {
        throw new BackupError(
          `Không kết nối được PostgreSQL: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const repo = backupRepo(db, 'postgres');
      const info = await repo.pgInfo();
      if (info.schema !== schema) {
        throw new BackupError(
          `Bản sao lưu dùng schema "${schema}" nhưng CSDL đích dùng "${info.schema}"; hãy khôi phục vào CSDL có cùng schema.`,
        );
      }
      const others = await repo.pgOtherSchemas();
      if (others.length > 0) {
        throw notEmpty(`CSDL có schema khác: ${others.join(', ')}`);
      }
    } else if (fs.existsSync(config.database.file)) {
      db = createDb(config.database).db;
    }
    if (db) {
      const found = await firstNonEmptyTable(db, config, reference.seeded);
      if (found) {
        throw notEmpty(`bảng ${found.table} có ${found.n} bản ghi`);
      }
    }
    const interrupted = fs.existsSync(marker);
    for (const area of FILE_AREAS) {
      const root = path.join(dataDir, area);
      if (!(await hasNoFiles(root))) {
        if (!interrupted) {
          throw notEmpty(`${root} có tệp`);
        }
        // Leftovers of a restore cut short, beside a database still empty: ours to remove.
        await fsp.rm(root, { recursive: true, force: true });
      }
    }
    if (storage) {
      let first: string | null;
      try {
        first = await storage.firstObject();
      } catch (error) {
        throw new BackupError(
          `Không kết nối được kho lưu trữ tệp ${storage.describe()}: ${error instanceof Error ? error.message : String(error)}; không khôi phục gì.`,
        );
      }
      // Objects beside a database still empty after a restore cut short are that restore's:
      // content-addressed, so putting them again is harmless.
      if (first !== null && !interrupted) {
        throw notEmpty(`${storage.describe()} có đối tượng ${first}`);
      }
    }

    // --- Staging: every file copied into DATA_DIR/.restore-staging, hashes checked again ------
    await fsp.rm(staging, { recursive: true, force: true });
    await fsp.mkdir(staging);
    const staged = new Set<string>();
    for (const f of manifest.files) {
      const to = path.join(staging, ...f.path.split('/'));
      const copied = await copyHashed(path.join(dir, ...f.path.split('/')), to);
      if (copied.sha256 !== f.sha256 || copied.size !== f.size) {
        throw new BackupError(`Tệp ${f.path} thay đổi trong lúc khôi phục; không khôi phục gì.`);
      }
      staged.add(f.path);
    }
    const blobFiles = manifest.files.filter((f) => f.path.startsWith('blobs/')).length;
    const exportFiles = manifest.files.filter((f) => f.path.startsWith('exports/')).length;
    const warnings: string[] = [];

    // --- SQLite: the staged copy is checked and migrated before it replaces anything ----------
    let migration = manifest.migration;
    const stagedDb = path.join(staging, manifest.database.file);
    if (config.database.kind === 'sqlite') {
      const copy = openSqliteCopy(stagedDb);
      try {
        const repo = backupRepo(copy, 'sqlite');
        const check = await repo.sqliteQuickCheck();
        if (check !== 'ok') {
          throw new BackupError(
            `CSDL trong bản sao lưu không toàn vẹn (quick_check: ${check}); không khôi phục gì.`,
          );
        }
        await checkCounts(copy, config, manifest);
        await migrateToLatest(copy);
        migration = (await repo.latestMigration()) ?? migration;
        warnings.push(...(await warningsForMissingBlobs(copy, config, staged)));
      } finally {
        await copy.destroy();
      }
      await syncFile(stagedDb);
    }
    const scripts = db && kind === 'postgres' ? await pgScripts(db, manifest, schema) : null;

    // --- Commit: files first, the database last ------------------------------------------------
    await fsp.writeFile(marker, `${dir}\n`);
    await syncFile(marker);
    await syncDir(dataDir);
    const blobKeys = manifest.files
      .filter((f) => f.path.startsWith('blobs/'))
      .map((f) => ({ key: f.path.slice('blobs/'.length), sha256: f.sha256 }));
    try {
      if (storage) {
        for (const b of blobKeys) {
          if (b.sha256 !== b.key.slice(-64)) {
            // Already corrupt at the source (the backup warned): a content-addressed store must
            // not hold it under that name. Its download answers 404, as for a missing file.
            warnings.push(
              `blob ${b.key.slice(-64)}: nội dung trong bản sao lưu không khớp SHA-256 của nó (đã hỏng từ nguồn), không đưa vào ${storage.describe()}`,
            );
            continue;
          }
          try {
            await storage.put(b.key, path.join(staging, 'blobs', ...b.key.split('/')));
          } catch (error) {
            throw new BackupError(
              `Không ghi được tệp minh chứng ${storage.objectKey(b.key)} vào ${storage.describe()}: ${error instanceof Error ? error.message : String(error)}; không khôi phục gì.`,
            );
          }
        }
      }
      for (const area of FILE_AREAS) {
        if (storage && area === 'blobs') {
          continue; // put into the bucket above
        }
        const from = path.join(staging, area);
        if (fs.existsSync(from)) {
          await fsp.rm(path.join(dataDir, area), { recursive: true, force: true }); // no files in it (checked)
          await fsp.rename(from, path.join(dataDir, area));
        }
      }
      if (config.database.kind === 'sqlite') {
        if (db) {
          await db.destroy();
          db = null;
        }
        // The empty database's WAL must go first: left beside the new file, SQLite would replay it.
        for (const suffix of ['-wal', '-shm', '-journal']) {
          await fsp.rm(`${config.database.file}${suffix}`, { force: true });
        }
        await fsp.rename(stagedDb, config.database.file);
      } else {
        const files = {
          prelude: path.join(staging, 'prelude.sql'),
          postlude: path.join(staging, 'postlude.sql'),
        };
        await fsp.writeFile(files.prelude, scripts!.prelude);
        await fsp.writeFile(files.postlude, scripts!.postlude);
        const conn = await pgConnection(config.database.url, staging);
        try {
          await runPgTool(
            'psql',
            [
              '-X',
              '-q',
              '-v',
              'ON_ERROR_STOP=1',
              '--single-transaction',
              `--dbname=${conn.url}`,
              '-f',
              files.prelude,
              '-f',
              stagedDb,
              '-f',
              files.postlude,
            ],
            null,
          );
        } catch (error) {
          // The postlude's own check: say it as the SQLite path does.
          const check = error instanceof Error ? /cchc-restore: (.*)$/m.exec(error.message) : null;
          throw check
            ? new BackupError(
                `CSDL trong bản sao lưu không khớp manifest.json (${check[1]}); không khôi phục gì.`,
              )
            : error;
        } finally {
          await conn.cleanup();
        }
      }
    } catch (error) {
      // Nothing of the database changed (SQLite: the rename did not happen; PostgreSQL: psql
      // rolled back): take the moved files out again so the instance is as empty as before.
      for (const area of FILE_AREAS) {
        await fsp.rm(path.join(dataDir, area), { recursive: true, force: true });
      }
      // The bucket's prefix was empty (checked) or held this restore's own leftovers.
      for (const b of storage ? blobKeys : []) {
        await storage!.delete(b.key).catch(() => undefined);
      }
      await fsp.rm(marker, { force: true });
      throw error;
    }
    await syncDir(dataDir);
    await fsp.rm(marker, { force: true });

    // --- PostgreSQL: bring an older backup up to this code's schema, as a start-up would -----
    if (db && kind === 'postgres') {
      try {
        await migrateToLatest(db);
      } catch (error) {
        throw new BackupError(
          `Dữ liệu đã được khôi phục nhưng migration sau khôi phục thất bại: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      migration = (await backupRepo(db, 'postgres').latestMigration()) ?? migration;
      warnings.push(...(await warningsForMissingBlobs(db, config, staged)));
    }
    return {
      manifest,
      tables: Object.keys(manifest.tables).length,
      rows: Object.values(manifest.tables).reduce((a, b) => a + b, 0),
      blobFiles,
      exportFiles,
      blobTarget: storage ? storage.describe() : path.join(dataDir, 'blobs'),
      migration,
      warnings,
    };
  } finally {
    storage?.client.destroy();
    await db?.destroy();
    await fsp.rm(staging, { recursive: true, force: true });
  }
}
