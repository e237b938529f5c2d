/**
 * The data set of the results and reports benchmarks (issues 6 and 7), made by the synthetic-data
 * generator of `npm run cli -- generate-synthetic` (server/src/modules/synthetic,
 * docs/synthetic-data.md) after the real migrations: a PUBLISHED 150-leaf index set (6 fields ×
 * 5 criteria × 5 leaves, every scoring method, checked by parseIndexSet), the units in 3 groups
 * with their officers, the central accounts (an Office account that signs in with PASSWORD), and
 * two campaigns taken to leadership's approval (phase APPROVED, COUNCIL_APPROVED scorecards) —
 * the big one (`units` units, code BENCH-LON) and a small one (the first `small` of the same
 * units, BENCH-NHO). Each has what the real workflow leaves: answers and evidence metadata,
 * submissions, a working-group decision on every leaf (about 5 % adjusted), explanation rounds,
 * council special cases, the snapshots of every milestone, and the audit events.
 * Seeded: the same options give the same content.
 *
 * Since issue 9 this file only adapts the generator to the benchmarks' interface. The data are
 * denser than before it (a decision on every leaf rather than on one in five, snapshots, evidence):
 * figures measured before are not comparable one to one.
 */
import { performance } from 'node:perf_hooks';
import type { IndexSetDocument } from '../domain/src/index-set/format';
import { foldForSearch } from '../domain/src/text';
import { createDb, type Database, type Dialect } from '../server/src/db/database';
import { inTransaction } from '../server/src/db/transaction';
import type { AuditInput } from '../server/src/modules/audit/audit.repo';
import { hashPassword } from '../server/src/modules/auth/password';
import {
  appendAudit,
  createCampaign,
  createIndexSet,
  createOrganisation,
  type SyntheticIndexSet,
  type SyntheticOrganisation,
} from '../server/src/modules/synthetic/synthetic';
import { syntheticRepo } from '../server/src/modules/synthetic/synthetic.repo';
import {
  groupCatalogue,
  idFactory,
  indexSetInput as syntheticIndexSet,
} from '../server/src/modules/synthetic/synthetic-content';

export type { Row } from '../server/src/modules/synthetic/synthetic.repo';
export { answerFor, idFactory, prng } from '../server/src/modules/synthetic/synthetic-content';

export const LEAVES = 150;
/** The password of every generated user. */
export const PASSWORD = 'bench-2026-results';
export const GROUPS = groupCatalogue(3);
/** Codes of the two campaigns. */
export const BIG_CAMPAIGN = 'BENCH-LON';
export const SMALL_CAMPAIGN = 'BENCH-NHO';

const INDEX_SET = {
  code: 'BENCH-RESULTS-2026',
  name: 'Bộ Chỉ số CCHC dùng để đo hiệu năng trang kết quả',
  year: 2026,
  leaves: LEAVES,
  // The seed of the set used since issue 6 (the same methods and maximum points per leaf).
  seed: 6,
};
const SEED = 20261127;
/** The Office account the benchmarks sign in with (bench/reports.bench.ts names it too). */
const OFFICE_USERNAME = 'bench.office';

/** The benchmarks' index set in the interchange format (also imported by bench/load.ts). */
export function indexSetInput(): unknown {
  return syntheticIndexSet({ ...INDEX_SET, groups: GROUPS });
}

/** A connection of its own for the generator (the benchmark keeps its own for measuring). */
export interface Bulk {
  db: Database;
  dialect: Dialect;
  /** Checkpoint (SQLite) or ANALYZE (PostgreSQL), then closes the connection. */
  finish(): Promise<void>;
}

function bulkOn(db: Database, dialect: Dialect): Bulk {
  return {
    db,
    dialect,
    async finish() {
      await syntheticRepo(db, dialect).finish();
      await db.destroy();
    },
  };
}

export function sqliteBulk(file: string): Bulk {
  return bulkOn(createDb({ kind: 'sqlite', file }).db, 'sqlite');
}

export function postgresBulk(url: string): Bulk {
  return bulkOn(createDb({ kind: 'postgres', url }).db, 'postgres');
}

export interface Fixture {
  indexSetId: string;
  doc: IndexSetDocument;
  big: { id: string; units: number };
  small: { id: string; units: number };
  officeId: string;
  officeUsername: string;
  units: number;
  /** Per campaign code: rows inserted. */
  counts: Record<string, { scorecards: number; answers: number; decisions: number; explanations: number }>;
  /** Seconds. */
  timings: { users: number; units: number; campaigns: Record<string, number>; finish: number; total: number };
}

export interface FixtureOptions {
  /** Units of the big campaign (BENCH-LON). */
  units: number;
  /** Units of the small campaign (BENCH-NHO): the first `small` of the same units. */
  small: number;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

/**
 * Generates the data set described at the top of this file through `bulk`, after the real
 * migrations (the caller runs them), and returns what a benchmark needs to find it again.
 */
export async function generate(bulk: Bulk, opts: FixtureOptions): Promise<Fixture> {
  const t0 = performance.now();
  const deps = { db: bulk.db, dialect: bulk.dialect, log: opts.log };
  let t = performance.now();
  const passwordHash = await hashPassword(PASSWORD);
  const usersS = (performance.now() - t) / 1000;

  t = performance.now();
  const nUnits = Math.max(opts.units, opts.small);
  let org: SyntheticOrganisation | undefined;
  let set: SyntheticIndexSet | undefined;
  const officeId = idFactory()();
  await inTransaction(bulk.db, async (tx) => {
    const audit: AuditInput[] = [];
    const at = Date.parse('2026-11-01T02:00:00.000Z');
    org = await createOrganisation(
      { ...deps, db: tx },
      { units: nUnits, groups: GROUPS.length, seed: SEED, passwordHash, at },
      audit,
    );
    set = await createIndexSet({ ...deps, db: tx }, { ...INDEX_SET, groups: org.groups, at }, audit);
    // The benchmarks' own Office account, besides the generator's (syn.vanphong).
    const now = new Date(at).toISOString();
    const repo = syntheticRepo(tx, bulk.dialect);
    const fullName = 'Văn phòng (đo hiệu năng)';
    await repo.insert('app_user', [
      {
        id: officeId,
        username: OFFICE_USERNAME,
        fullName,
        email: null,
        passwordHash,
        isActive: 1,
        mustChangePassword: 0,
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: null,
        homeUnitId: null,
        searchText: foldForSearch(`${OFFICE_USERNAME} ${fullName}`),
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await repo.insert('user_role', [
      { id: idFactory()(), userId: officeId, role: 'OFFICE_STAFF', unitId: null, createdAt: now },
    ]);
    await appendAudit(tx, audit);
  });
  const unitsS = (performance.now() - t) / 1000;

  const counts: Fixture['counts'] = {};
  const campaignTimings: Record<string, number> = {};
  const campaign = async (code: string, units: number): Promise<string> => {
    const started = performance.now();
    const c = await inTransaction(bulk.db, async (tx) => {
      const audit: AuditInput[] = [];
      const made = await createCampaign(
        { ...deps, db: tx },
        org!,
        set!,
        { code, year: INDEX_SET.year, stage: 'approved', seed: SEED, units },
        audit,
      );
      await appendAudit(tx, audit);
      return made;
    });
    counts[code] = {
      scorecards: c.counts.scorecards,
      answers: c.counts.answers,
      decisions: c.counts.decisions,
      explanations: c.counts.explanations,
    };
    campaignTimings[code] = (performance.now() - started) / 1000;
    return c.id;
  };
  const bigId = await campaign(BIG_CAMPAIGN, opts.units);
  opts.log(`  big campaign: ${opts.units} scorecards in ${campaignTimings[BIG_CAMPAIGN]!.toFixed(1)} s`);
  const smallId = await campaign(SMALL_CAMPAIGN, opts.small);
  t = performance.now();
  await bulk.finish();
  const finishS = (performance.now() - t) / 1000;
  return {
    indexSetId: set!.id,
    doc: set!.doc,
    big: { id: bigId, units: opts.units },
    small: { id: smallId, units: opts.small },
    officeId,
    officeUsername: OFFICE_USERNAME,
    units: nUnits,
    counts,
    timings: {
      users: usersS,
      units: unitsS,
      campaigns: campaignTimings,
      finish: finishS,
      total: (performance.now() - t0) / 1000,
    },
  };
}
