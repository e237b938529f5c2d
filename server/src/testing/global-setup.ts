import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

/**
 * Decides once whether the PostgreSQL half of the suite runs. Under CI=true PostgreSQL is
 * required; elsewhere a missing server prints one SKIPPED line and the SQLite half still runs.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('pgUrl', url);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') {
      throw new Error(`CI=true needs PostgreSQL for the tests (${url}): ${why}`);
    }
    process.stdout.write(
      `SKIPPED: PostgreSQL tests — no server at ${url} (${why}). Install/start PostgreSQL or set TEST_DATABASE_URL.\n`,
    );
    project.provide('pgUrl', null);
  } finally {
    await client.end().catch(() => {});
  }
}
