import { hostname } from 'node:os';
import type { Database } from '../db/database';
import type { JobTable } from '../db/tables';
import { type Clock, iso } from './clock';
import { newId } from './ids';

/**
 * A job queue in the product's own database (no broker to install at an agency): jobs are rows,
 * a worker takes one with a time-limited lease, and a crashed worker's lease expires so another
 * process picks the job up. Works the same on SQLite and PostgreSQL, with one or several processes.
 *
 * Guarantees: a job is run by one worker at a time (the claim is one conditional UPDATE whose
 * affected-row count decides the winner); a job is run at least once until it succeeds or runs
 * out of attempts. Handlers must therefore be idempotent — the reminder handlers are, through
 * the unique key of `reminder_delivery` and a status check in the same transaction.
 */

export type JobStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';
export type Job = JobTable;

export interface EnqueueOptions {
  /** createdAt; defaults to runAt. */
  now?: Date;
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_LEASE_MS = 2 * 60 * 1000;

/** 30 s, 1 min, 2 min … capped at 1 hour: an SMTP server that is down for a while is not hammered. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 2000);
}

/** The queue's SQL. Kept here rather than in a module repo: it is platform code used by every module. */
export function jobQueue(db: Database) {
  return {
    /**
     * Adds a job unless one with the same dedupeKey exists (whatever its status); true when added.
     * `ON CONFLICT DO NOTHING` rather than catching the unique violation: both SQLite (3.24+) and
     * PostgreSQL accept the same statement, and on PostgreSQL a caught violation would still abort
     * the surrounding transaction — the reminder planner enqueues inside one.
     */
    async enqueue(
      kind: string,
      dedupeKey: string,
      payload: unknown,
      runAt: Date,
      opts: EnqueueOptions = {},
    ): Promise<boolean> {
      const createdAt = iso(opts.now ?? runAt);
      const res = await db
        .insertInto('job')
        .values({
          id: newId(),
          kind,
          dedupeKey,
          payload: JSON.stringify(payload ?? null),
          status: 'PENDING',
          runAt: iso(runAt),
          attempts: 0,
          maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          leaseOwner: null,
          leaseUntil: null,
          lastError: null,
          createdAt,
          updatedAt: createdAt,
        })
        .onConflict((oc) => oc.column('dedupeKey').doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /**
     * Takes one due job for `owner`, or null. Candidates are read first, then each is taken with
     * an UPDATE that repeats the due condition: on PostgreSQL a concurrent claimer of the same row
     * waits for the row lock, re-checks the condition against the committed row and updates
     * nothing; on SQLite writes are serialised. The affected-row count is the only proof of
     * ownership. Each claim counts as an attempt, so a job that crashes its worker every time
     * still ends FAILED.
     */
    async claim(owner: string, now: Date, leaseMs: number = DEFAULT_LEASE_MS): Promise<Job | null> {
      const nowIso = iso(now);
      const candidates = await db
        .selectFrom('job')
        .select('id')
        // Due now: pending and scheduled, or running under an expired lease (a crashed worker).
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'PENDING'), eb('runAt', '<=', nowIso)]),
            eb.and([eb('status', '=', 'RUNNING'), eb('leaseUntil', '<=', nowIso)]),
          ]),
        )
        .orderBy('runAt')
        .orderBy('id')
        .limit(5)
        .execute();
      for (const { id } of candidates) {
        const res = await db
          .updateTable('job')
          .set((eb) => ({
            status: 'RUNNING',
            leaseOwner: owner,
            leaseUntil: iso(new Date(now.getTime() + leaseMs)),
            attempts: eb('attempts', '+', 1),
            updatedAt: nowIso,
          }))
          .where('id', '=', id)
          // The same condition again: this is what makes the claim atomic.
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'PENDING'), eb('runAt', '<=', nowIso)]),
              eb.and([eb('status', '=', 'RUNNING'), eb('leaseUntil', '<=', nowIso)]),
            ]),
          )
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) {
          const job = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
          // Re-read under our lease; only a lease expiring within microseconds could make it differ.
          if (job && job.leaseOwner === owner) {
            return job;
          }
        }
      }
      return null;
    },

    /** Marks the job done; false when `owner` no longer holds it (its lease expired and was taken). */
    async complete(job: Job, owner: string, now: Date): Promise<boolean> {
      const res = await db
        .updateTable('job')
        .set({ status: 'DONE', leaseOwner: null, leaseUntil: null, lastError: null, updatedAt: iso(now) })
        .where('id', '=', job.id)
        .where('status', '=', 'RUNNING')
        .where('leaseOwner', '=', owner)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /**
     * Records a failed attempt: back to PENDING after a backoff, or FAILED once `maxAttempts`
     * attempts were made (or when `retry` is false). Fenced by the lease like `complete`.
     */
    async fail(
      job: Job,
      owner: string,
      now: Date,
      error: unknown,
      opts: { retry?: boolean; backoffMs?: (attempt: number) => number } = {},
    ): Promise<'RETRY' | 'FAILED' | 'LOST'> {
      const final = opts.retry === false || job.attempts >= job.maxAttempts;
      const delay = (opts.backoffMs ?? defaultBackoffMs)(job.attempts);
      const res = await db
        .updateTable('job')
        .set({
          status: final ? 'FAILED' : 'PENDING',
          runAt: final ? job.runAt : iso(new Date(now.getTime() + delay)),
          leaseOwner: null,
          leaseUntil: null,
          lastError: errorText(error),
          updatedAt: iso(now),
        })
        .where('id', '=', job.id)
        .where('status', '=', 'RUNNING')
        .where('leaseOwner', '=', owner)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        return 'LOST';
      }
      return final ? 'FAILED' : 'RETRY';
    },

    get(id: string): Promise<Job | undefined> {
      return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByDedupeKey(dedupeKey: string): Promise<Job | undefined> {
      return db.selectFrom('job').selectAll().where('dedupeKey', '=', dedupeKey).executeTakeFirst();
    },

    /** Deletes finished jobs older than `before`; FAILED ones are kept for inspection. */
    async pruneDone(before: Date): Promise<number> {
      const res = await db
        .deleteFrom('job')
        .where('status', '=', 'DONE')
        .where('updatedAt', '<', iso(before))
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
export type JobQueue = ReturnType<typeof jobQueue>;

/** What a handler gets besides the job: the parsed payload and the claim time. */
export interface JobContext {
  job: Job;
  payload: unknown;
  now: Date;
  /** True on the job's last allowed attempt: a failure now is final. */
  isLastAttempt: boolean;
}

/** Throw this from a handler for a failure that retrying cannot fix (e.g. bad payload). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

/** A job the worker enqueues itself every `everyMs`, deduped per period across processes. */
export interface PeriodicJob {
  kind: string;
  everyMs: number;
  maxAttempts?: number;
}

/** The subset of a pino logger the worker uses. */
export interface WorkerLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WorkerOptions {
  db: Database;
  clock: Clock;
  handlers: Record<string, JobHandler>;
  pollMs?: number;
  leaseMs?: number;
  /** Unique per worker; defaults to host:pid:random so several processes never share one. */
  owner?: string;
  periodic?: readonly PeriodicJob[];
  backoffMs?: (attempt: number) => number;
  log?: WorkerLog;
}

export interface Worker {
  readonly owner: string;
  /** Enqueues the periodic jobs due now, then runs due jobs until none is left (or `max`). */
  runDue(max?: number): Promise<number>;
  start(): void;
  /** Stops polling and waits for the job being run, so the process can exit without losing a lease. */
  stop(): Promise<void>;
}

export const PRUNE_JOB_KIND = 'jobs.prune';
const PRUNE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** A worker without a timer: `runDue` for tests and scripts, `start` for the server process. */
export function createWorker(opts: WorkerOptions): Worker {
  const queue = jobQueue(opts.db);
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${newId().slice(-12)}`;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = opts.pollMs ?? 5000;
  // Finished jobs are pruned hourly (a plan tick per minute would otherwise grow the table forever).
  const periodic: PeriodicJob[] = [
    ...(opts.periodic ?? []),
    { kind: PRUNE_JOB_KIND, everyMs: 60 * 60 * 1000, maxAttempts: 1 },
  ];
  const handlers: Record<string, JobHandler> = {
    [PRUNE_JOB_KIND]: async ({ now }) => {
      await queue.pruneDone(new Date(now.getTime() - PRUNE_AFTER_MS));
    },
    ...opts.handlers,
  };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let started = false;
  let stopRequested = false;

  async function enqueuePeriodic(now: Date): Promise<void> {
    for (const p of periodic) {
      const slot = Math.floor(now.getTime() / p.everyMs) * p.everyMs;
      // The dedupe key names the period: every process tries, exactly one row per period exists.
      await queue.enqueue(p.kind, `${p.kind}:${new Date(slot).toISOString()}`, {}, new Date(slot), {
        now,
        maxAttempts: p.maxAttempts ?? 1,
      });
    }
  }

  async function runOne(job: Job, now: Date): Promise<void> {
    const handler = handlers[job.kind];
    try {
      if (!handler) {
        throw new PermanentJobError(`Không có bộ xử lý cho loại việc "${job.kind}".`);
      }
      if (job.attempts > job.maxAttempts) {
        // Taken over after its last attempt crashed the previous worker: give up rather than loop.
        throw new PermanentJobError(job.lastError ?? 'Hết số lần thử (tiến trình trước bị dừng).');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(job.payload);
      } catch {
        throw new PermanentJobError('Dữ liệu của việc không phải JSON hợp lệ.');
      }
      await handler({ job, payload, now, isLastAttempt: job.attempts >= job.maxAttempts });
      if (!(await queue.complete(job, owner, opts.clock.now()))) {
        opts.log?.warn({ jobId: job.id, kind: job.kind }, 'job lease lost before completion');
      }
    } catch (error) {
      const outcome = await queue.fail(job, owner, opts.clock.now(), error, {
        retry: !(error instanceof PermanentJobError),
        ...(opts.backoffMs ? { backoffMs: opts.backoffMs } : {}),
      });
      opts.log?.error(
        { jobId: job.id, kind: job.kind, attempt: job.attempts, outcome, err: error },
        'job failed',
      );
    }
  }

  async function runDue(max = 1000): Promise<number> {
    await enqueuePeriodic(opts.clock.now());
    let n = 0;
    while (n < max && !stopRequested) {
      const now = opts.clock.now();
      const job = await queue.claim(owner, now, leaseMs);
      if (!job) {
        break;
      }
      await runOne(job, now);
      n++;
    }
    return n;
  }

  function schedule(): void {
    if (!started || stopRequested) {
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      running = runDue()
        .catch((error: unknown) => opts.log?.error({ err: error }, 'job worker tick failed'))
        .finally(() => {
          running = null;
          schedule();
        });
    }, pollMs);
    // The worker alone must not keep the process alive (tests, CLI).
    timer.unref();
  }

  return {
    owner,
    runDue,
    start() {
      if (!started) {
        started = true;
        stopRequested = false;
        schedule();
      }
    },
    async stop() {
      stopRequested = true;
      started = false;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      await running;
    },
  };
}

/** Starts a polling worker; call `stop()` on shutdown. */
export function startWorker(opts: WorkerOptions): Worker {
  const worker = createWorker(opts);
  worker.start();
  return worker;
}
