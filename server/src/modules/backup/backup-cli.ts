import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../boot';
import { type Config, ConfigError, invocationDir, loadConfig, repoRoot } from '../../config';
import { createBackup } from './backup';
import { BackupError } from './manifest';
import { restoreBackup } from './restore';

/**
 * `npm run cli -- backup <dir>` and `restore <dir>` (docs/backup.md). Neither goes through
 * boot(): a backup must not migrate the database it copies (the copy is of what is there), and a
 * restore checks the backup before it touches, let alone creates, the target database.
 */

/** The configuration as boot() reads it: the repository's .env fills what the shell did not set. */
function config(): Config {
  const dotEnv = path.join(repoRoot, '.env');
  if (fs.existsSync(dotEnv)) {
    process.loadEnvFile(dotEnv);
  }
  try {
    return loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
}

/** The one folder argument, absolute; relative paths start where npm was run (as in cli.ts). */
function folderArg(args: readonly string[], command: 'backup' | 'restore'): string {
  const positional = args.filter((a) => a !== '--');
  if (positional.length !== 1 || positional[0]!.startsWith('-')) {
    fail(`Cần đúng một thư mục: npm run cli -- ${command} <thư_mục>`);
  }
  return path.resolve(invocationDir(), positional[0]!);
}

function describeError(error: unknown, what: string): string {
  if (error instanceof BackupError) {
    return error.message;
  }
  return `${what} thất bại: ${error instanceof Error ? error.message : String(error)}`;
}

const number = (n: number) => n.toLocaleString('vi-VN');

function size(bytes: number): string {
  const units = ['byte', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ${units[unit]}`;
}

const DIALECT = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/** Where the data went, without the password of DATABASE_URL. */
function describeDb(cfg: Config): string {
  if (cfg.database.kind === 'sqlite') {
    return cfg.database.file;
  }
  const url = new URL(cfg.database.url);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

function warn(lines: readonly string[]): void {
  for (const line of lines) {
    process.stderr.write(`CẢNH BÁO: ${line}\n`);
  }
}

export async function runBackupCommand(args: readonly string[]): Promise<void> {
  const dir = folderArg(args, 'backup');
  const cfg = config();
  let summary: Awaited<ReturnType<typeof createBackup>>;
  try {
    summary = await createBackup(cfg, dir);
  } catch (error) {
    fail(describeError(error, 'Sao lưu'));
  }
  const m = summary.manifest;
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  process.stdout.write(
    [
      `Đã sao lưu vào ${summary.dir}`,
      `  CSDL: ${DIALECT[m.dialect]}, migration ${m.migration}, ${number(Object.keys(m.tables).length)} bảng, ${number(rows)} bản ghi`,
      `  Tệp: ${number(summary.blobFiles)} tệp minh chứng, ${number(summary.exportFiles)} tệp xuất; ${number(m.files.length)} tệp, ${size(summary.totalBytes)}, SHA-256 trong manifest.json`,
      '',
    ].join('\n'),
  );
  warn(m.warnings);
}

export async function runRestoreCommand(args: readonly string[]): Promise<void> {
  const dir = folderArg(args, 'restore');
  const cfg = config();
  let summary: Awaited<ReturnType<typeof restoreBackup>>;
  try {
    summary = await restoreBackup(cfg, dir);
  } catch (error) {
    fail(describeError(error, 'Khôi phục'));
  }
  const m = summary.manifest;
  process.stdout.write(
    [
      `Đã khôi phục ${dir} (sao lưu lúc ${m.createdAt}, phiên bản ${m.appVersion}) vào ${describeDb(cfg)}`,
      `  CSDL: ${DIALECT[m.dialect]}, ${number(summary.tables)} bảng, ${number(summary.rows)} bản ghi; migration ${summary.migration}${summary.migration === m.migration ? '' : ` (bản sao lưu ở ${m.migration})`}`,
      summary.blobTarget === path.join(cfg.dataDir, 'blobs')
        ? `  Tệp: ${number(summary.blobFiles)} tệp minh chứng, ${number(summary.exportFiles)} tệp xuất vào ${cfg.dataDir}`
        : `  Tệp: ${number(summary.blobFiles)} tệp minh chứng vào ${summary.blobTarget}, ${number(summary.exportFiles)} tệp xuất vào ${cfg.dataDir}`,
      '',
    ].join('\n'),
  );
  warn(summary.warnings);
}
