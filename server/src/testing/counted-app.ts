import type { Database, Dialect } from '../db/database';
import { createQueryCounter, type QueryCounter } from '../db/query-counter';
import { createTestApp, type TestApp } from './test-app';

/**
 * A test app whose every query is counted (the query-budget tests: docs/performance.md). The
 * counter sees the app's queries only, not the ones the test itself runs on `t.db`.
 */
export async function createCountedTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<{ t: TestApp; counter: QueryCounter }> {
  let counter: QueryCounter | undefined;
  const t = await createTestApp(dialect, env, {
    appDb: (db: Database) => {
      counter = createQueryCounter(db);
      return db.withPlugin(counter.plugin);
    },
  });
  return { t, counter: counter! };
}

/** Lets work a response left behind (none should) land before the counter is read or reset. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The queries of one call of `send`, after whatever earlier work has landed. */
export async function countQueries<T>(
  counter: QueryCounter,
  send: () => Promise<T>,
): Promise<{ res: T; count: number; report: string }> {
  await settle();
  counter.reset();
  const res = await send();
  await settle();
  return { res, count: counter.count, report: counter.report() };
}
