/** What the benchmarks share around their measurements: `--key=value` flags and a throw-away PostgreSQL database. */
import pg from 'pg';

/** `--key=value` and `--flag` (→ 'true') of this process's command line. */
export function benchFlags(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  return new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [k, v] = a.slice(2).split('=');
        return [k!, v ?? 'true'] as const;
      }),
  );
}

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Runs `fn` on a new database of the local PostgreSQL (127.0.0.1:5432), dropped afterwards. When
 * PostgreSQL does not answer, `skipped` is called with the reason and nothing runs: the
 * benchmarks then report SQLite alone. An error inside `fn` is thrown after the drop.
 */
export async function withThrowawayPostgres(
  prefix: string,
  fn: (url: string) => Promise<void>,
  skipped: (reason: string) => void,
): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  const name = `${prefix}_${Date.now()}`;
  let created = false;
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    created = true;
    await fn(`postgres://postgres@127.0.0.1:5432/${name}`);
  } catch (error) {
    if (created) {
      throw error;
    }
    skipped(error instanceof Error ? error.message : String(error));
  } finally {
    if (created) {
      await admin
        .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        .catch((e: Error) => process.stderr.write(`could not drop ${name}: ${e.message}\n`));
    }
    await admin.end().catch(() => {});
  }
}
