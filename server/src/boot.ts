import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, loadConfig, repoRoot } from './config';
import { createDb, type Database, type Dialect, pingDb } from './db/database';
import { migrateToLatest } from './db/migrate';
import { withStartupLock } from './db/startup-lock';

/** One clear line on stderr and exit code 1: what an operator needs when start-up cannot proceed. */
export function fail(message: string): never {
  process.stderr.write(`LỖI: ${message}\n`);
  process.exit(1);
}

function describeDb(config: Config): string {
  if (config.database.kind === 'sqlite') {
    return `SQLite ${config.database.file}`;
  }
  const url = new URL(config.database.url);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/** Config → database → migrations, shared by the server and the CLI. Exits with one line on failure. */
export async function boot(
  env?: Record<string, string | undefined>,
): Promise<{ config: Config; db: Database; dialect: Dialect }> {
  let config: Config;
  // A .env file at the repository root fills variables the shell did not set (see .env.example).
  const dotEnv = path.join(repoRoot, '.env');
  if (env === undefined && fs.existsSync(dotEnv)) {
    process.loadEnvFile(dotEnv);
  }
  try {
    config = loadConfig(env);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  let opened: { db: Database; dialect: Dialect };
  try {
    opened = createDb(config.database);
    await pingDb(opened.db);
  } catch (error) {
    fail(
      `Không kết nối được cơ sở dữ liệu (${describeDb(config)}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    // Several processes may start together on one database: they migrate one after the other
    // (db/startup-lock.ts), and the later ones find nothing left to do.
    const db = opened.db;
    await withStartupLock(db, config.database, () => migrateToLatest(db));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  return { config, ...opened };
}
