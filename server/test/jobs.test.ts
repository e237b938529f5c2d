import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../src/db/database';
import { fixedClock } from '../src/platform/clock';
import {
  createWorker,
  type JobHandler,
  jobQueue,
  PermanentJobError,
  startWorker,
} from '../src/platform/jobs';
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

describe.each(testDialects())('job queue (%s)', (dialect) => {
  let t: TestDb;
  /** A second connection pool on PostgreSQL: what another server process would have. */
  let other: Database;
  const start = new Date('2024-12-10T02:00:00.000Z');

  beforeAll(async () => {
    t = await createTestDb(dialect);
    other = t.url ? createDb({ kind: 'postgres', url: t.url }).db : t.db;
  });
  afterAll(async () => {
    if (other !== t.db) {
      await other.destroy();
    }
    await t.destroy();
  });
  beforeEach(async () => {
    await t.db.deleteFrom('job').execute();
  });

  it('enqueue is idempotent on the dedupe key, whatever the status', async () => {
    const q = jobQueue(t.db);
    expect(await q.enqueue('k', 'same', { a: 1 }, start)).toBe(true);
    expect(await q.enqueue('k', 'same', { a: 2 }, start)).toBe(false);
    const job = await q.findByDedupeKey('same');
    expect(JSON.parse(job!.payload)).toEqual({ a: 1 });
    const claimed = await q.claim('w1', start, 1000);
    await q.complete(claimed!, 'w1', start);
    expect(await q.enqueue('k', 'same', { a: 3 }, start)).toBe(false);
    expect(await t.db.selectFrom('job').select('id').execute()).toHaveLength(1);
  });

  it('enqueue with a conflicting key inside a transaction leaves the transaction usable', async () => {
    const q = jobQueue(t.db);
    await q.enqueue('k', 'dup', {}, start);
    await t.db.transaction().execute(async (tx) => {
      expect(await jobQueue(tx).enqueue('k', 'dup', {}, start)).toBe(false);
      expect(await jobQueue(tx).enqueue('k', 'fresh', {}, start)).toBe(true);
    });
    expect(await q.findByDedupeKey('fresh')).toBeDefined();
  });

  it('does not claim a job before its runAt', async () => {
    const q = jobQueue(t.db);
    await q.enqueue('k', 'later', {}, new Date(start.getTime() + 60_000), { now: start });
    expect(await q.claim('w1', start, 1000)).toBeNull();
    expect((await q.claim('w1', new Date(start.getTime() + 60_000), 1000))?.dedupeKey).toBe('later');
  });

  it('concurrent claims of one job: exactly one wins', async () => {
    const q = jobQueue(t.db);
    await q.enqueue('k', 'contested', {}, start);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => jobQueue(i % 2 ? other : t.db).claim(`w${i}`, start, 60_000)),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const row = await q.findByDedupeKey('contested');
    expect(row).toMatchObject({ status: 'RUNNING', attempts: 1, leaseOwner: winners[0]!.leaseOwner });
  });

  it('two workers competing never run the same job twice', async () => {
    const q = jobQueue(t.db);
    const n = 40;
    for (let i = 0; i < n; i++) {
      await q.enqueue('work', `job-${i}`, { i }, start);
    }
    const runs: { i: number; owner: string }[] = [];
    const handler =
      (owner: string): JobHandler =>
      async ({ payload }) => {
        runs.push({ i: (payload as { i: number }).i, owner });
        // Random latency interleaves the two workers' claims.
        await sleep(Math.floor(Math.random() * 5));
      };
    const clock = fixedClock(start);
    const a = createWorker({ db: t.db, clock, owner: 'A', handlers: { work: handler('A') } });
    const b = createWorker({ db: other, clock, owner: 'B', handlers: { work: handler('B') } });
    const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
    // + the worker's own hourly prune job.
    expect(ranA + ranB).toBe(n + 1);
    expect(runs).toHaveLength(n);
    expect(new Set(runs.map((r) => r.i)).size).toBe(n);
    const statuses = await t.db.selectFrom('job').select('status').where('kind', '=', 'work').execute();
    expect(statuses.every((s) => s.status === 'DONE')).toBe(true);
  });

  it('an expired lease is taken over, and the old owner can no longer complete it', async () => {
    const q = jobQueue(t.db);
    await q.enqueue('k', 'crashy', {}, start);
    const first = await q.claim('A', start, 1000);
    expect(first?.leaseOwner).toBe('A');
    // Lease still valid: nobody else gets it.
    expect(await q.claim('B', new Date(start.getTime() + 999), 1000)).toBeNull();
    // A "crashed"; its lease expires; B takes the job over.
    const taken = await q.claim('B', new Date(start.getTime() + 1000), 1000);
    expect(taken).toMatchObject({ id: first!.id, leaseOwner: 'B', attempts: 2, status: 'RUNNING' });
    // A wakes up late: fenced by the lease owner.
    expect(await q.complete(first!, 'A', new Date(start.getTime() + 1100))).toBe(false);
    expect(await q.fail(first!, 'A', new Date(start.getTime() + 1100), new Error('late'))).toBe('LOST');
    expect(await q.complete(taken!, 'B', new Date(start.getTime() + 1100))).toBe(true);
    expect((await q.get(first!.id))?.status).toBe('DONE');
  });

  it('a worker takes over a job whose worker died mid-run', async () => {
    const q = jobQueue(t.db);
    await q.enqueue('work', 'orphan', {}, start);
    await q.claim('dead-process', start, 1000);
    const clock = fixedClock(new Date(start.getTime() + 5000));
    const ran: string[] = [];
    const w = createWorker({
      db: other,
      clock,
      owner: 'rescuer',
      handlers: { work: async ({ job }) => void ran.push(job.dedupeKey) },
    });
    expect(await w.runDue()).toBeGreaterThanOrEqual(1);
    expect(ran).toEqual(['orphan']);
    expect(await q.findByDedupeKey('orphan')).toMatchObject({ status: 'DONE', attempts: 2 });
  });

  it('retries with backoff, then FAILED with the last error', async () => {
    const q = jobQueue(t.db);
    await q.enqueue('flaky', 'f1', {}, start, { maxAttempts: 3 });
    const clock = fixedClock(start);
    let calls = 0;
    const w = createWorker({
      db: t.db,
      clock,
      owner: 'W',
      backoffMs: (attempt) => attempt * 1000,
      handlers: {
        flaky: async ({ isLastAttempt }) => {
          calls++;
          throw new Error(`hỏng lần ${calls}${isLastAttempt ? ' (cuối)' : ''}`);
        },
      },
    });
    await w.runDue();
    expect(await q.findByDedupeKey('f1')).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      runAt: new Date(start.getTime() + 1000).toISOString(),
      lastError: 'hỏng lần 1',
      leaseOwner: null,
    });
    // Not due yet: nothing runs.
    await w.runDue();
    expect(calls).toBe(1);
    clock.advance(1000);
    await w.runDue();
    expect(await q.findByDedupeKey('f1')).toMatchObject({ status: 'PENDING', attempts: 2 });
    clock.advance(2000);
    await w.runDue();
    expect(await q.findByDedupeKey('f1')).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      lastError: 'hỏng lần 3 (cuối)',
    });
    clock.advance(60 * 60 * 1000);
    await w.runDue();
    expect(calls).toBe(3);
  });

  it('a permanent error or an unknown kind fails at once', async () => {
    const q = jobQueue(t.db);
    await q.enqueue('perm', 'p1', {}, start);
    await q.enqueue('nobody-handles-this', 'u1', {}, start);
    const w = createWorker({
      db: t.db,
      clock: fixedClock(start),
      handlers: {
        perm: async () => {
          throw new PermanentJobError('Sai dữ liệu');
        },
      },
    });
    await w.runDue();
    expect(await q.findByDedupeKey('p1')).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: 'Sai dữ liệu',
    });
    expect((await q.findByDedupeKey('u1'))?.status).toBe('FAILED');
    expect((await q.findByDedupeKey('u1'))?.lastError).toContain('nobody-handles-this');
  });

  it('periodic jobs: one per period, whatever the number of workers and ticks', async () => {
    const clock = fixedClock(new Date('2024-12-10T02:00:10.000Z'));
    let ticks = 0;
    const opts = {
      clock,
      periodic: [{ kind: 'tick', everyMs: 60_000 }],
      handlers: { tick: async () => void ticks++ },
    };
    const a = createWorker({ ...opts, db: t.db });
    const b = createWorker({ ...opts, db: other });
    await Promise.all([a.runDue(), b.runDue()]);
    await a.runDue();
    clock.advance(30_000);
    await b.runDue();
    expect(ticks).toBe(1);
    clock.advance(30_000);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(ticks).toBe(2);
    const keys = await t.db.selectFrom('job').select('dedupeKey').where('kind', '=', 'tick').execute();
    expect(keys.map((k) => k.dedupeKey).sort()).toEqual([
      'tick:2024-12-10T02:00:00.000Z',
      'tick:2024-12-10T02:01:00.000Z',
    ]);
  });

  it('prunes finished jobs after a week, keeps failed ones', async () => {
    const q = jobQueue(t.db);
    await q.enqueue('k', 'old-done', {}, start);
    await q.complete((await q.claim('w', start, 1000))!, 'w', start);
    await q.enqueue('k', 'old-failed', {}, start, { maxAttempts: 1 });
    await q.fail((await q.claim('w', start, 1000))!, 'w', start, new Error('x'));
    expect(await q.pruneDone(new Date(start.getTime() + 1))).toBe(1);
    expect(await q.findByDedupeKey('old-done')).toBeUndefined();
    expect(await q.findByDedupeKey('old-failed')).toBeDefined();
  });

  it('startWorker polls, and stop() waits for the running job', async () => {
    const q = jobQueue(t.db);
    let finished = false;
    const clock = fixedClock(start);
    const w = startWorker({
      db: t.db,
      clock,
      pollMs: 10,
      handlers: {
        slow: async () => {
          await sleep(50);
          finished = true;
        },
      },
    });
    await q.enqueue('slow', 's1', {}, start);
    for (let i = 0; i < 100 && (await q.findByDedupeKey('s1'))?.status === 'PENDING'; i++) {
      await sleep(10);
    }
    await w.stop();
    expect(finished).toBe(true);
    expect((await q.findByDedupeKey('s1'))?.status).toBe('DONE');
    // Stopped: a new job stays pending.
    await q.enqueue('slow', 's2', {}, start);
    await sleep(50);
    expect((await q.findByDedupeKey('s2'))?.status).toBe('PENDING');
  });
});
