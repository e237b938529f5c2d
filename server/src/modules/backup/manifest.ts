import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dialect } from '../../db/database';

// One fsync-a-folder helper for the evidence store and backups.
export { syncDir } from '../evidence/storage';

/** What the operator reads: one Vietnamese line, printed by backup-cli.ts as `LỖI: …`. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export const MANIFEST_NAME = 'manifest.json';
export const MANIFEST_FORMAT = 'cchc-backup';
export const MANIFEST_VERSION = 1;

/** The database file of a backup, by dialect. */
export const DATABASE_FILE: Record<Dialect, string> = {
  sqlite: 'database.sqlite',
  postgres: 'database.sql',
};

export interface ManifestFile {
  /** Relative to the backup folder, always with `/`. */
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_VERSION;
  createdAt: string;
  appVersion: string;
  dialect: Dialect;
  /** The last migration applied to the backed-up database. */
  migration: string;
  database: {
    file: string;
    /** PostgreSQL: the schema holding the tables, and the versions that made the dump. */
    schema?: string;
    serverVersion?: string;
    pgDumpVersion?: string;
  };
  /** Rows per table at the moment of the backup (the same snapshot as the database file). */
  tables: Record<string, number>;
  /** Every file of the backup except manifest.json itself. */
  files: ManifestFile[];
  /** Problems of the source found while backing up (a blob row whose file was missing…). */
  warnings: string[];
}

/** Paths a backup may hold: the database file, `blobs/aa/bb/<sha256>`, `exports/<name>`. */
const FILE_PATH =
  /^(database\.sqlite|database\.sql|blobs\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}|exports\/[A-Za-z0-9_-][A-Za-z0-9._-]*)$/;

export function isBackupPath(rel: string): boolean {
  return FILE_PATH.test(rel) && !rel.includes('..');
}

/** Copies `from` to `to` (folders created), hashing on the way; the copy is fsynced. */
export async function copyHashed(from: string, to: string): Promise<{ size: number; sha256: string }> {
  await fsp.mkdir(path.dirname(to), { recursive: true });
  return streamHashed(fs.createReadStream(from), to);
}

/**
 * Writes `source` (a file, an S3 object's body) to `to`, hashing on the way; the copy is fsynced.
 * The folder must exist: nothing is awaited before the pipeline takes the stream (an error it
 * emitted meanwhile would have no listener).
 */
export async function streamHashed(source: Readable, to: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    source,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    fs.createWriteStream(to, { flags: 'wx' }),
  );
  await syncFile(to);
  return { size, sha256: hash.digest('hex') };
}

export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

export async function syncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Every entry under `root`, relative with `/`. Anything but plain files and folders (a symbolic
 * link, a socket) is reported as it is: a backup never holds one.
 */
export async function listTree(root: string): Promise<{ files: string[]; odd: string[] }> {
  const files: string[] = [];
  const odd: string[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(path.join(dir, entry.name), rel);
      } else if (entry.isFile()) {
        files.push(rel);
      } else {
        odd.push(rel);
      }
    }
  }
  await walk(root, '');
  return { files: files.sort(), odd: odd.sort() };
}

/** True when `dir` holds no file at any depth (empty folders do not count). */
export async function hasNoFiles(dir: string): Promise<boolean> {
  if (!fs.existsSync(dir)) {
    return true;
  }
  const { files, odd } = await listTree(dir);
  return files.length === 0 && odd.length === 0;
}

function invalid(why: string): BackupError {
  return new BackupError(`${MANIFEST_NAME} không hợp lệ: ${why}; không khôi phục gì.`);
}

/** Parses and checks the shape of a manifest; every path is one a backup can hold. */
export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(`không đọc được JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const m = raw as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== MANIFEST_FORMAT) {
    throw invalid(`thiếu "format": "${MANIFEST_FORMAT}" — đây không phải bản sao lưu của hệ thống này`);
  }
  if (m.formatVersion !== MANIFEST_VERSION) {
    throw invalid(
      `định dạng phiên bản ${String(m.formatVersion)}, phần mềm này chỉ đọc phiên bản ${MANIFEST_VERSION}`,
    );
  }
  if (m.dialect !== 'sqlite' && m.dialect !== 'postgres') {
    throw invalid(`"dialect" phải là "sqlite" hoặc "postgres"`);
  }
  if (typeof m.migration !== 'string' || m.migration === '') {
    throw invalid('thiếu "migration"');
  }
  if (typeof m.database?.file !== 'string' || m.database.file !== DATABASE_FILE[m.dialect]) {
    throw invalid(`"database.file" phải là ${DATABASE_FILE[m.dialect]}`);
  }
  if (typeof m.tables !== 'object' || m.tables === null) {
    throw invalid('thiếu "tables"');
  }
  for (const [table, n] of Object.entries(m.tables)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table) || !Number.isSafeInteger(n) || n < 0) {
      throw invalid(`"tables" có mục sai: ${table}`);
    }
  }
  if (!Array.isArray(m.files)) {
    throw invalid('thiếu "files"');
  }
  const seen = new Set<string>();
  for (const f of m.files) {
    if (
      typeof f?.path !== 'string' ||
      !isBackupPath(f.path) ||
      !Number.isSafeInteger(f.size) ||
      f.size < 0 ||
      typeof f.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(f.sha256) ||
      seen.has(f.path)
    ) {
      throw invalid(`mục tệp sai: ${JSON.stringify(f)}`);
    }
    seen.add(f.path);
  }
  if (!seen.has(m.database.file)) {
    throw invalid(`"files" không có ${m.database.file}`);
  }
  return {
    ...(m as Manifest),
    warnings: Array.isArray(m.warnings) ? m.warnings.map(String) : [],
  };
}

/**
 * Reads `<dir>/manifest.json` and checks the folder against it before anything is written:
 * every listed file present with its size and SHA-256, nothing else in the folder. Throws a
 * BackupError naming the first file that does not match.
 */
export async function readAndVerify(dir: string): Promise<Manifest> {
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(dir);
  } catch {
    throw new BackupError(`Không có thư mục sao lưu ${dir}.`);
  }
  if (!stat.isDirectory()) {
    throw new BackupError(`${dir} không phải thư mục sao lưu.`);
  }
  const manifestPath = path.join(dir, MANIFEST_NAME);
  if (!fs.existsSync(manifestPath)) {
    throw new BackupError(
      `Thiếu ${MANIFEST_NAME} trong ${dir}: không phải bản sao lưu hoặc bản sao lưu chưa hoàn tất; không khôi phục gì.`,
    );
  }
  const manifest = parseManifest(await fsp.readFile(manifestPath, 'utf8'));
  const { files, odd } = await listTree(dir);
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const extra = [...odd, ...files.filter((f) => f !== MANIFEST_NAME && !listed.has(f))];
  if (extra.length > 0) {
    throw new BackupError(
      `Tệp ${extra[0]} không có trong ${MANIFEST_NAME} (bản sao lưu đã bị thêm tệp); không khôi phục gì.`,
    );
  }
  const present = new Set(files);
  for (const f of manifest.files) {
    if (!present.has(f.path)) {
      throw new BackupError(`Thiếu tệp ${f.path} ghi trong ${MANIFEST_NAME}; không khôi phục gì.`);
    }
    const actual = await hashFile(path.join(dir, ...f.path.split('/')));
    if (actual.size !== f.size || actual.sha256 !== f.sha256) {
      throw new BackupError(
        `Tệp ${f.path} không khớp SHA-256 ghi trong ${MANIFEST_NAME} (đã bị sửa hoặc hỏng); không khôi phục gì.`,
      );
    }
  }
  return manifest;
}
