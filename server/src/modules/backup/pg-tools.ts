import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { BackupError } from './manifest';

/**
 * pg_dump and psql, the PostgreSQL client tools (package postgresql-client, the server's major
 * version or newer). The password never appears on a command line (other users of the machine
 * can read those): it goes to a pgpass file readable by this user only, named by `passfile`.
 */
export interface PgConnection {
  /** The DATABASE_URL without its password, plus `passfile` when there was one. */
  url: string;
  cleanup(): Promise<void>;
}

/** `\` and `:` are escaped in a pgpass line. */
const pgpassField = (value: string) => value.replaceAll('\\', '\\\\').replaceAll(':', '\\:');

export async function pgConnection(databaseUrl: string, workDir: string): Promise<PgConnection> {
  const url = new URL(databaseUrl);
  if (url.password === '') {
    return { url: url.toString(), cleanup: async () => {} };
  }
  const passfile = path.join(workDir, `.pgpass-${process.pid}`);
  await fsp.writeFile(passfile, `*:*:*:*:${pgpassField(decodeURIComponent(url.password))}\n`, {
    mode: 0o600,
  });
  url.password = '';
  url.searchParams.set('passfile', passfile);
  return { url: url.toString(), cleanup: () => fsp.rm(passfile, { force: true }) };
}

/** Runs a client tool; resolves with its output, rejects with one readable Vietnamese line. */
export function runPgTool(
  tool: 'pg_dump' | 'psql',
  args: readonly string[],
  serverMajor: number | null,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      // Only --version output is read; a dump goes to --file.
      if (stdout.length < 64 * 1024) {
        stdout += d;
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 256 * 1024) {
        stderr += d;
      }
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new BackupError(
          error.code === 'ENOENT'
            ? `Không tìm thấy ${tool} trên PATH. Cài gói postgresql-client${serverMajor ? ` phiên bản ${serverMajor} (cùng phiên bản chính với máy chủ PostgreSQL)` : ''} rồi chạy lại.`
            : `Không chạy được ${tool}: ${error.message}`,
        ),
      );
    });
    child.once('close', (code, signal) => {
      if (code === 0) {
        resolve({ stdout, stderr });
        return;
      }
      reject(new BackupError(`${tool} thất bại (${signal ?? `mã ${code}`}): ${firstError(stderr)}`));
    });
  });
}

/** The line that says what went wrong: the first ERROR/FATAL/error line, else the last line. */
function firstError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /\b(ERROR|FATAL|error|lỗi):/i.test(l)) ?? lines.at(-1) ?? 'không rõ lỗi';
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}

/** `pg_dump (PostgreSQL) 15.20 (Debian …)` → `15.20 (Debian …)` and 15. */
export async function pgToolVersion(
  tool: 'pg_dump' | 'psql',
  serverMajor: number | null,
): Promise<{ text: string; major: number }> {
  const { stdout } = await runPgTool(tool, ['--version'], serverMajor);
  const text = stdout.trim().replace(/^\S+ \(PostgreSQL\) /, '');
  return { text, major: Number.parseInt(text, 10) };
}
