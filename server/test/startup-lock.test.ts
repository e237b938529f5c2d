import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../src/db/database';
import { withStartupLock } from '../src/db/startup-lock';
import { isEmpty, seedDemo } from '../src/seed/demo';
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

/**
 * The start-up lock (db/startup-lock.ts): several app processes started together take turns for
 * migrations and the demo seed. The end-to-end proof with real processes behind nginx is
 * e2e/multi-server.test.ts; here the lock itself is shown to exclude, on both databases.
 */

const serverDir = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two time intervals [start, end] that do not overlap. */
function disjoint(a: [number, number], b: [number, number]): boolean {
  return a[1] <= b[0] || b[1] <= a[0];
}

describe.each(testDialects().filter((d) => d === 'postgres'))('start-up lock on %s', () => {
  let t: TestDb;
  let other: Database | null = null;
  afterEach(async () => {
    await other?.destroy();
    other = null;
    await t?.destroy();
  });

  it('two holders (two pools, as two processes) never overlap; the demo is seeded once', async () => {
    t = await createTestDb('postgres');
    other = createDb({ kind: 'postgres', url: t.url! }).db;
    const database = { kind: 'postgres' as const, url: t.url! };
    const hold = (db: Database) =>
      withStartupLock(db, database, async () => {
        const start = Date.now();
        await sleep(300);
        return [start, Date.now()] as [number, number];
      });
    const [a, b] = await Promise.all([hold(t.db), hold(other)]);
    expect(disjoint(a, b), JSON.stringify({ a, b })).toBe(true);

    // What main.ts does at start, from both "processes" at once on the empty database.
    const seedIfEmpty = (db: Database) =>
      withStartupLock(db, database, async () => ((await isEmpty(db)) ? seedDemo(db) : null));
    const results = await Promise.all([seedIfEmpty(t.db), seedIfEmpty(other)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const seeded = await t.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'system.demoSeeded')
      .execute();
    expect(seeded).toHaveLength(1);
    // Released: nobody holds the start-up lock (classid 'CCHC', objid 1) on this database.
    const client = new pg.Client({ connectionString: t.url! });
    await client.connect();
    const held = await client.query(
      `select 1 from pg_locks where locktype = 'advisory' and classid = 1128483907 and objid = 1
         and database = (select oid from pg_database where datname = current_database())`,
    );
    await client.end();
    expect(held.rows).toEqual([]);
  }, 120_000);
});

describe('start-up lock on sqlite (two processes on one file)', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A process that takes the lock, holds it `holdMs`, and prints when it had it. */
  function holder(file: string, holdMs: number, timeoutMs: number) {
    const script = `
      import { createDb } from './src/db/database.ts';
      import { withStartupLock } from './src/db/startup-lock.ts';
      const database = { kind: 'sqlite', file: ${JSON.stringify(file)} };
      const { db } = createDb(database);
      try {
        const span = await withStartupLock(db, database, async () => {
          process.stderr.write('HELD');
          const start = Date.now();
          await new Promise((r) => setTimeout(r, ${holdMs}));
          return [start, Date.now()];
        }, ${timeoutMs});
        process.stdout.write(JSON.stringify(span));
      } catch (error) {
        process.stdout.write('FAILED ' + error.message);
      } finally {
        await db.destroy();
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    return {
      held: () => err.includes('HELD'),
      done: new Promise<string>((resolve) =>
        child.on('exit', () => resolve(`${out.trim()}${err.replace('HELD', '')}`)),
      ),
    };
  }

  it('the second process waits for the first; a bounded wait ends with a clear message', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-startup-lock-'));
    const file = path.join(dir, 'cchc.sqlite');
    const [a, b] = await Promise.all([holder(file, 1500, 60_000).done, holder(file, 1500, 60_000).done]);
    const spans = [a, b].map((out) => JSON.parse(out) as [number, number]);
    expect(disjoint(spans[0]!, spans[1]!), `${a} ${b}`).toBe(true);

    // One holds it for 4 s; another that waits at most 300 ms gives up with the lock file named.
    const long = holder(file, 4000, 60_000);
    while (!long.held()) {
      await sleep(20);
    }
    const impatient = await holder(file, 0, 300).done;
    expect(impatient).toMatch(/^FAILED Hết thời gian chờ tiến trình khác khởi động xong \(.*startup-lock\)/);
    expect(JSON.parse(await long.done)).toHaveLength(2);
  }, 60_000);
});
