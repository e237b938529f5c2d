import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../../config';
import { createDb, type Database, type Dialect, pingDb } from '../../db/database';
import { type S3BlobStorage, s3StorageFromConfig } from '../evidence/storage-s3';
import { type BackupRepo, backupRepo, openSqliteCopy, sqliteOnlineBackup } from './backup.repo';
import {
  BackupError,
  copyHashed,
  DATABASE_FILE,
  hashFile,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestFile,
  streamHashed,
  syncDir,
  syncFile,
} from './manifest';
import { pgConnection, pgToolVersion, runPgTool } from './pg-tools';

export interface BackupSummary {
  dir: string;
  manifest: Manifest;
  blobFiles: number;
  exportFiles: number;
  totalBytes: number;
}

/** What the database snapshot says must be copied next to it. */
interface Snapshot {
  migration: string;
  tables: Record<string, number>;
  blobs: { sha256: string; storageKey: string }[];
  exports: string[];
  database: Manifest['database'];
}

const BLOB_KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;
const EXPORT_KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * `<dir>` may not exist (its parents are created) or be an empty folder. Anything else is
 * refused before a byte is written: a backup never mixes with other files.
 */
async function checkTarget(dir: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(dir);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    throw new BackupError(`${dir} đã tồn tại và không phải thư mục; hãy chọn một thư mục mới.`);
  }
  if ((await fsp.readdir(dir)).length > 0) {
    throw new BackupError(
      `Thư mục ${dir} đã có dữ liệu; hãy sao lưu vào một thư mục mới hoặc thư mục trống.`,
    );
  }
}

async function snapshotOf(repo: BackupRepo): Promise<Omit<Snapshot, 'database'>> {
  const migration = await repo.latestMigration();
  if (!migration) {
    throw new BackupError('Cơ sở dữ liệu chưa được khởi tạo (chưa chạy migration); không có gì để sao lưu.');
  }
  return {
    migration,
    tables: await repo.rowCounts(),
    blobs: await repo.blobKeys(),
    exports: await repo.exportKeys(),
  };
}

/**
 * SQLite: the online backup API copies the live file (WAL included) consistently; everything
 * else — migration, row counts, the files to copy — is then read from that copy, so it is the
 * same instant by construction.
 */
async function backupSqlite(file: string, work: string): Promise<Snapshot> {
  if (!fs.existsSync(file)) {
    throw new BackupError(`Không có cơ sở dữ liệu SQLite tại ${file}; không có gì để sao lưu.`);
  }
  const copy = path.join(work, DATABASE_FILE.sqlite);
  try {
    await sqliteOnlineBackup(file, copy);
  } catch (error) {
    throw new BackupError(
      `Không sao lưu được CSDL SQLite ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const db = openSqliteCopy(copy);
  try {
    const repo = backupRepo(db, 'sqlite');
    const check = await repo.sqliteQuickCheck();
    if (check !== 'ok') {
      throw new BackupError(
        `Bản sao CSDL SQLite không toàn vẹn (quick_check: ${check}); CSDL gốc cần kiểm tra.`,
      );
    }
    return { ...(await snapshotOf(repo)), database: { file: DATABASE_FILE.sqlite } };
  } finally {
    await db.destroy();
    await syncFile(copy);
  }
}

/**
 * PostgreSQL: pg_dump (plain SQL, no owners or grants: restorable under another role) runs on a
 * snapshot exported by our own read-only transaction, in which the manifest's counts and file
 * lists are read — the dump and the manifest describe the same instant. Files are content-
 * addressed and written before their rows (docs/evidence-store.md), so every row in the
 * snapshot has its complete file on disk.
 */
async function backupPostgres(databaseUrl: string, work: string): Promise<Snapshot> {
  let db: Database;
  try {
    db = createDb({ kind: 'postgres', url: databaseUrl }).db;
    await pingDb(db);
  } catch (error) {
    throw new BackupError(
      `Không kết nối được PostgreSQL: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const conn = await pgConnection(databaseUrl, work);
  try {
    const repo = backupRepo(db, 'postgres');
    const info = await repo.pgInfo();
    const pgDump = await pgToolVersion('pg_dump', info.serverMajor);
    if (pgDump.major < info.serverMajor) {
      throw new BackupError(
        `pg_dump ${pgDump.text} cũ hơn máy chủ PostgreSQL ${info.serverVersion}; cài postgresql-client ${info.serverMajor} trở lên.`,
      );
    }
    const file = path.join(work, DATABASE_FILE.postgres);
    const snapshot = await repo.inExportedSnapshot(async (id, tx) => {
      const seen = await snapshotOf(backupRepo(tx, 'postgres'));
      await runPgTool(
        'pg_dump',
        [
          '--no-owner',
          '--no-privileges',
          '--format=plain',
          '--encoding=UTF8',
          `--snapshot=${id}`,
          `--file=${file}`,
          `--dbname=${conn.url}`,
        ],
        info.serverMajor,
      );
      return seen;
    });
    await syncFile(file);
    return {
      ...snapshot,
      database: {
        file: DATABASE_FILE.postgres,
        schema: info.schema,
        serverVersion: info.serverVersion,
        pgDumpVersion: pgDump.text,
      },
    };
  } finally {
    await conn.cleanup();
    await db.destroy();
  }
}

/**
 * Copies one object of the S3 store into the backup, hashing it on the way; null when the object
 * is absent (a warning, as a missing file on disk). Any other failure stops the backup: a backup
 * that silently lacks files is worse than none.
 */
async function copyObject(
  storage: S3BlobStorage,
  key: string,
  to: string,
): Promise<{ size: number; sha256: string } | null> {
  await fsp.mkdir(path.dirname(to), { recursive: true });
  const failed = (error: unknown) =>
    new BackupError(
      `Không đọc được tệp minh chứng ${storage.objectKey(key)} từ ${storage.describe()}: ${error instanceof Error ? error.message : String(error)}; chưa tạo bản sao lưu.`,
    );
  let body: Readable;
  try {
    body = await storage.openRead(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw failed(error);
  }
  try {
    return await streamHashed(body, to);
  } catch (error) {
    throw failed(error);
  }
}

/**
 * Copies the files a snapshot points at. A blob's name is its SHA-256: a file that is missing or
 * whose content no longer matches is a fault of the live store, reported as a warning (the rest
 * is still worth backing up). An export file may have just been removed by retention: the
 * restored instance then answers 410 for it, as the source would.
 */
async function copyFiles(
  dataDir: string,
  work: string,
  snap: Snapshot,
  storage: S3BlobStorage | null,
): Promise<{ files: ManifestFile[]; blobs: number; exports: number; warnings: string[] }> {
  const warnings: string[] = [];
  const files: ManifestFile[] = [];
  let blobs = 0;
  for (const b of snap.blobs) {
    if (!BLOB_KEY.test(b.storageKey)) {
      warnings.push(`blob ${b.sha256}: khoá lưu trữ lạ "${b.storageKey}", bỏ qua`);
      continue;
    }
    if (storage) {
      // STORAGE_DRIVER=s3: the same layout in the backup (blobs/aa/bb/<sha256>), read from the
      // bucket. Objects are immutable and never deleted, so reading them after the database
      // snapshot gives exactly the bytes its rows point at.
      const copied = await copyObject(
        storage,
        b.storageKey,
        path.join(work, 'blobs', ...b.storageKey.split('/')),
      );
      if (!copied) {
        warnings.push(
          `blob ${b.sha256}: thiếu đối tượng ${storage.objectKey(b.storageKey)} trong ${storage.describe()}`,
        );
        continue;
      }
      files.push({ path: `blobs/${b.storageKey}`, ...copied });
      if (copied.sha256 !== b.sha256) {
        warnings.push(
          `blob ${b.sha256}: nội dung đối tượng không khớp SHA-256 của nó (đối tượng gốc đã hỏng)`,
        );
      }
      blobs++;
      continue;
    }
    const from = path.join(dataDir, 'blobs', ...b.storageKey.split('/'));
    if (!fs.existsSync(from)) {
      warnings.push(`blob ${b.sha256}: thiếu tệp ${from}`);
      continue;
    }
    const copied = await copyHashed(from, path.join(work, 'blobs', ...b.storageKey.split('/')));
    files.push({ path: `blobs/${b.storageKey}`, ...copied });
    if (copied.sha256 !== b.sha256) {
      warnings.push(`blob ${b.sha256}: nội dung tệp không khớp SHA-256 của nó (tệp gốc đã hỏng)`);
    }
    blobs++;
  }
  let exports = 0;
  for (const key of snap.exports) {
    const from = path.join(dataDir, 'exports', key);
    if (!EXPORT_KEY.test(key) || !fs.existsSync(from)) {
      continue;
    }
    files.push({ path: `exports/${key}`, ...(await copyHashed(from, path.join(work, 'exports', key))) });
    exports++;
  }
  return { files, blobs, exports, warnings };
}

/** Reads the app version from the repository's package.json (the version the operator installed). */
function appVersion(config: Config): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(config.repoRoot, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'không rõ';
  } catch {
    return 'không rõ';
  }
}

/**
 * Makes a backup in a temporary sibling folder `.<name>.partial-<random>` and renames it to
 * `<dir>` only when everything, manifest last, is written and synced: `<dir>` is either a whole
 * backup or absent. The temporary folder is removed on any failure.
 */
export async function createBackup(config: Config, dir: string): Promise<BackupSummary> {
  await checkTarget(dir);
  const parent = path.dirname(dir);
  await fsp.mkdir(parent, { recursive: true });
  const work = path.join(parent, `.${path.basename(dir)}.partial-${randomBytes(4).toString('hex')}`);
  await fsp.mkdir(work);
  try {
    const dialect: Dialect = config.database.kind;
    const snap =
      config.database.kind === 'sqlite'
        ? await backupSqlite(config.database.file, work)
        : await backupPostgres(config.database.url, work);
    const storage = config.storage.driver === 's3' ? s3StorageFromConfig(config.storage) : null;
    let copied: Awaited<ReturnType<typeof copyFiles>>;
    try {
      copied = await copyFiles(config.dataDir, work, snap, storage);
    } finally {
      storage?.client.destroy(); // its keep-alive sockets would hold the CLI open
    }

    // The manifest lists the files in the order a restore copies them: the database first.
    const files: ManifestFile[] = [
      { path: snap.database.file, ...(await hashFile(path.join(work, snap.database.file))) },
      ...copied.files.sort((a, b) => a.path.localeCompare(b.path)),
    ];
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_VERSION,
      createdAt: new Date().toISOString(),
      appVersion: appVersion(config),
      dialect,
      migration: snap.migration,
      database: snap.database,
      tables: snap.tables,
      files,
      warnings: copied.warnings,
    };
    const manifestPath = path.join(work, MANIFEST_NAME);
    await fsp.writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
    await syncFile(manifestPath);
    await syncDir(work);
    // Checked again: another process may have filled <dir> while we worked.
    await checkTarget(dir);
    if (fs.existsSync(dir)) {
      await fsp.rmdir(dir); // empty (checked): rename() cannot replace a folder on every system
    }
    await fsp.rename(work, dir);
    await syncDir(parent);
    return {
      dir,
      manifest,
      blobFiles: copied.blobs,
      exportFiles: copied.exports,
      totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    };
  } catch (error) {
    await fsp.rm(work, { recursive: true, force: true });
    throw error;
  }
}
