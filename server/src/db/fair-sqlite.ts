import { type DatabaseConnection, SqliteDialect, type SqliteDialectConfig, SqliteDriver } from 'kysely';

/**
 * Kysely's SQLite driver guards its single connection with a mutex that wakes every waiter on
 * each release and lets whichever runs first take it: under a deadline rush (100 officers
 * saving at once, docs/benchmarks.md) a few requests lost the race again and again and waited
 * seconds (p99 ≈ 4,7 s against p50 ≈ 0,19 s). This driver queues callers first-come first-served
 * in front of it, so the base mutex is never contended and no request waits behind later ones.
 */
class FairSqliteDriver extends SqliteDriver {
  readonly #waiting: (() => void)[] = [];
  #busy = false;

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#busy) {
      // Woken by releaseConnection, which hands the connection over without clearing #busy.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#busy = true;
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    const next = this.#waiting.shift();
    if (next) {
      next();
    } else {
      this.#busy = false;
    }
  }
}

export class FairSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): FairSqliteDriver {
    return new FairSqliteDriver(this.#config);
  }
}
