import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Dialect } from '../src/db/database';
import { type CountedQuery, createQueryCounter } from '../src/db/query-counter';
import { appraisalRepo } from '../src/modules/appraisal/appraisal.repo';
import { auditRepo } from '../src/modules/audit/audit.repo';
import { sessionRepo } from '../src/modules/auth/session.repo';
import { campaignsRepo } from '../src/modules/campaigns/campaigns.repo';
import { evidenceRepo } from '../src/modules/evidence/evidence.repo';
import { notificationsRepo } from '../src/modules/notifications/notifications.repo';
import { remindersRepo } from '../src/modules/reminders/reminders.repo';
import { resultsRepo } from '../src/modules/results/results.repo';
import { scorecardsRepo } from '../src/modules/scorecards/scorecards.repo';
import { generateSynthetic } from '../src/modules/synthetic/synthetic';
import { jobQueue } from '../src/platform/jobs';
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

/**
 * The plans of the hot queries (docs/performance.md): each is built by the real repo code, captured
 * with the query counter (SQL text and values), and explained on the database — SQLite's EXPLAIN
 * QUERY PLAN, PostgreSQL's EXPLAIN (FORMAT JSON) with sequential scans disabled in the same
 * transaction (on tables this small PostgreSQL would rightly prefer them; disabled, it still falls
 * back to one when no index fits, which is what this test catches).
 */

/** One table access of a plan, in the database's words. */
interface PlanStep {
  table: string;
  /** The index used with a condition (or, flagged, in order under a LIMIT); null: a scan of the table. */
  index: string | null;
  text: string;
}

interface PgNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PgNode[];
}

async function explain(db: Database, dialect: Dialect, q: CountedQuery): Promise<PlanStep[]> {
  if (dialect === 'sqlite') {
    const r = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`EXPLAIN QUERY PLAN ${q.sql}`, [...q.parameters]),
    );
    return r.rows.flatMap(({ detail }): PlanStep[] => {
      const m = /^(SEARCH|SCAN) (\S+)/.exec(detail);
      if (!m) {
        return [];
      }
      const index = / USING (?:COVERING )?INDEX (\S+)/.exec(detail)?.[1] ?? null;
      const pk = / USING (?:INTEGER )?PRIMARY KEY/.test(detail) ? 'PRIMARY KEY' : null;
      // SCAN … USING INDEX is the whole index in order: only an ordered read under a LIMIT may do that.
      return [{ table: m[2]!, index: m[1] === 'SEARCH' ? (index ?? pk) : null, text: detail }];
    });
  }
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    // On tables this small the planner also prefers a merge or hash join over whole indexes; the
    // nested loop on an index it picks at size is what is checked.
    await sql`set local enable_mergejoin = off`.execute(tx);
    await sql`set local enable_hashjoin = off`.execute(tx);
    const r = await tx.executeQuery<{ 'QUERY PLAN': unknown }>(
      CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${q.sql}`, [...q.parameters]),
    );
    const raw = r.rows[0]!['QUERY PLAN'];
    const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PgNode }[];
    const out: PlanStep[] = [];
    const walk = (n: PgNode) => {
      const children = n.Plans ?? [];
      if (n['Relation Name']) {
        // A bitmap heap scan reads what its bitmap index scans (children) found.
        const bitmaps: PgNode[] = [];
        const collect = (c: PgNode) => {
          if (c['Node Type'] === 'Bitmap Index Scan') {
            bitmaps.push(c);
          }
          if (c['Node Type'] === 'BitmapOr' || c['Node Type'] === 'BitmapAnd') {
            (c.Plans ?? []).forEach(collect);
          }
        };
        children.forEach(collect);
        const bitmap = bitmaps.find((b) => b['Index Cond']);
        const withCond = n['Index Cond'] ? n['Index Name'] : undefined;
        out.push({
          table: n['Relation Name'],
          // PostgreSQL: the index read (with a condition, or whole in index order for a campaign-wide
          // read); null only for a Seq Scan.
          index: bitmap?.['Index Name'] ?? withCond ?? n['Index Name'] ?? null,
          text: `${n['Node Type']} on ${n['Relation Name']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Index Cond'] ? ` (${n['Index Cond']})` : ''}${bitmap ? ` (bitmap ${bitmap['Index Name']}: ${bitmap['Index Cond']})` : ''}`,
        });
      }
      for (const c of children) {
        walk(c);
      }
    };
    walk(doc[0]!.Plan);
    return out;
  });
}

interface Ids {
  campaignId: string;
  scorecardId: string;
  unitId: string;
  userId: string;
  sessionId: string;
}

interface HotQuery {
  name: string;
  run: (db: Database, ids: Ids) => Promise<unknown>;
  /** The table the query selects by its parameter, and the index that must serve it (SQLite's name for a unique constraint is sqlite_autoindex_<table>_<n>). */
  table: string;
  index: RegExp;
  /** An ordered read of the index under a LIMIT (keyset paging): SQLite says SCAN … USING INDEX. */
  orderedScan?: boolean;
}

/** Tables that grow with units, leaves, users or time: none may be read whole. */
const BIG = new Set([
  'unit',
  'app_user',
  'user_role',
  'session',
  'audit_event',
  'scorecard',
  'scorecard_answer',
  'evidence',
  'blob',
  'appraisal_assignment',
  'score_decision',
  'explanation_request',
  'attachment',
  'special_case',
  'scorecard_snapshot',
  'appeal',
  'notification',
  'job',
  'reminder_delivery',
]);

const uq = (table: string, name: string) => new RegExp(`^(${name}|sqlite_autoindex_${table}_\\d+)$`);

const HOT: HotQuery[] = [
  {
    name: 'answers of a scorecard',
    run: (db, i) => scorecardsRepo(db).answers(i.scorecardId),
    table: 'scorecard_answer',
    index: uq('scorecard_answer', 'scorecard_answer_leaf_uq'),
  },
  {
    name: 'one answer (the save)',
    run: (db, i) => scorecardsRepo(db).answer(i.scorecardId, '1.1.1'),
    table: 'scorecard_answer',
    index: uq('scorecard_answer', 'scorecard_answer_leaf_uq'),
  },
  {
    name: 'scorecards of a campaign',
    run: (db, i) => scorecardsRepo(db).listByCampaign(i.campaignId),
    table: 'scorecard',
    index: /^(scorecard_campaign_unit_uq|sqlite_autoindex_scorecard_\d+|scorecard_unitId_idx)$/,
  },
  {
    name: 'evidence of a scorecard',
    run: (db, i) => scorecardsRepo(db).evidence(i.scorecardId),
    table: 'evidence',
    index: /^evidence_scorecard_leaf_idx$/,
  },
  {
    name: 'evidence of a leaf',
    run: (db, i) => evidenceRepo(db).countLiveEvidence(i.scorecardId, '1.1.1'),
    table: 'evidence',
    index: /^evidence_scorecard_leaf_idx$/,
  },
  {
    name: 'decisions of a scorecard',
    run: (db, i) => appraisalRepo(db).decisions(i.scorecardId),
    table: 'score_decision',
    index: uq('score_decision', 'score_decision_seq_uq'),
  },
  {
    name: 'decisions of a campaign',
    run: (db, i) => appraisalRepo(db).decisionsOfCampaign(i.campaignId),
    table: 'score_decision',
    index: uq('score_decision', 'score_decision_seq_uq'),
  },
  {
    name: 'answers of a campaign',
    run: (db, i) => appraisalRepo(db).answersOfCampaign(i.campaignId),
    table: 'scorecard_answer',
    index: uq('scorecard_answer', 'scorecard_answer_leaf_uq'),
  },
  {
    name: 'explanations of a campaign',
    run: (db, i) => appraisalRepo(db).explanationsOfCampaign(i.campaignId),
    table: 'explanation_request',
    index: uq('explanation_request', 'explanation_request_leaf_uq'),
  },
  {
    name: 'explanations of a scorecard',
    run: (db, i) => appraisalRepo(db).explanations(i.scorecardId),
    table: 'explanation_request',
    index: uq('explanation_request', 'explanation_request_leaf_uq'),
  },
  {
    name: 'attachments of a scorecard',
    run: (db, i) => appraisalRepo(db).attachmentsOf([i.scorecardId]),
    table: 'attachment',
    index: /^attachment_scorecard_idx$/,
  },
  {
    name: 'assignments of a scorecard',
    run: (db, i) => appraisalRepo(db).activeAssignments([i.scorecardId]),
    table: 'appraisal_assignment',
    index: /^appraisal_assignment_scorecard_idx$/,
  },
  {
    name: 'assignments of a campaign',
    run: (db, i) => appraisalRepo(db).activeAssignmentsOfCampaign(i.campaignId),
    table: 'appraisal_assignment',
    index: /^appraisal_assignment_(scorecard|user)_idx$/,
  },
  {
    name: 'special cases of a campaign',
    run: (db, i) => appraisalRepo(db).specialCasesOfCampaign(i.campaignId),
    table: 'special_case',
    index: /^special_case_scorecard_idx$/,
  },
  {
    name: 'snapshots of a scorecard',
    run: (db, i) => appraisalRepo(db).snapshots(i.scorecardId),
    table: 'scorecard_snapshot',
    index: /^scorecard_snapshot_scorecard_idx$/,
  },
  {
    name: 'appeals of a scorecard',
    run: (db, i) => appraisalRepo(db).appeals([i.scorecardId]),
    table: 'appeal',
    index: /^appeal_scorecard_idx$/,
  },
  {
    name: "a member's assignments",
    run: (db, i) => appraisalRepo(db).myAssignments(i.userId),
    table: 'appraisal_assignment',
    index: /^appraisal_assignment_user_idx$/,
  },
  {
    name: 'session by token',
    run: (db, i) => sessionRepo(db).findById(i.sessionId),
    table: 'session',
    index: /^(session_pkey|sqlite_autoindex_session_\d+)$/,
  },
  {
    name: 'audit of an entity',
    run: (db, i) => auditRepo(db).listForEntity('scorecard', i.scorecardId),
    table: 'audit_event',
    index: /^audit_event_entity_seq_idx$/,
  },
  {
    name: 'audit drawer of a scorecard',
    run: (db, i) =>
      auditRepo(db).list({
        entityType: 'scorecard',
        entityId: i.scorecardId,
        actions: ['scorecard.answerSaved', 'scorecard.submitted', 'evidence.added'],
        limit: 50,
      }),
    table: 'audit_event',
    index: /^audit_event_entity_seq_idx$/,
  },
  {
    name: 'audit by seq',
    run: (db) => auditRepo(db).chainPage(10, 100),
    table: 'audit_event',
    index: /^audit_event_seq_key$/,
    orderedScan: true,
  },
  {
    name: 'jobs due',
    run: (db) => jobQueue(db).claim('plans-test', new Date('2000-01-01T00:00:00Z')),
    table: 'job',
    index: /^job_status_runAt_idx$/,
  },
  {
    name: 'notifications of a user',
    run: (db, i) => notificationsRepo(db).list(i.userId, { unreadOnly: false, limit: 20 }),
    table: 'notification',
    index: /^notification_user_idx$/,
  },
  {
    name: 'unread notifications (badge)',
    run: (db, i) => notificationsRepo(db).unreadCount(i.userId),
    table: 'notification',
    index: /^notification_user_idx$/,
  },
  {
    name: 'open scorecards (reminders)',
    run: (db, i) => remindersRepo(db).openScorecards(i.campaignId),
    table: 'scorecard',
    index: /^(scorecard_campaign_unit_uq|sqlite_autoindex_scorecard_\d+|scorecard_unitId_idx)$/,
  },
  {
    name: 'reminder deliveries of a campaign',
    run: (db, i) => remindersRepo(db).listDeliveries(i.campaignId, { limit: 20, offset: 0 }),
    table: 'reminder_delivery',
    index: /^reminder_delivery_campaign_idx$/,
  },
  {
    name: 'results: answers of scorecards',
    run: (db, i) => resultsRepo(db).answersOf([i.scorecardId]),
    table: 'scorecard_answer',
    index: uq('scorecard_answer', 'scorecard_answer_leaf_uq'),
  },
  {
    name: 'results: decisions of scorecards',
    run: (db, i) => resultsRepo(db).decisionsOf([i.scorecardId]),
    table: 'score_decision',
    index: uq('score_decision', 'score_decision_seq_uq'),
  },

  {
    // The monitoring dashboard (issue 9): figures of every unit of the campaign in one pass.
    name: 'monitoring: totals of a campaign',
    run: (db, i) =>
      campaignsRepo(db).monitoringAggregates(
        { campaignId: i.campaignId, today: '2024-01-01', selfDue: null },
        {},
      ),
    table: 'scorecard',
    index: /^(scorecard_campaign_unit_uq|sqlite_autoindex_scorecard_\d+)$/,
  },
  {
    name: 'monitoring: one page of units',
    run: (db, i) =>
      campaignsRepo(db).monitoringPage(
        { campaignId: i.campaignId, today: '2024-01-01', selfDue: null },
        { search: 'vu' },
        { sort: 'attention', order: 'asc', limit: 50, offset: 0 },
      ),
    table: 'scorecard',
    index: /^(scorecard_campaign_unit_uq|sqlite_autoindex_scorecard_\d+)$/,
  },
  {
    name: 'results: special case counts',
    run: (db, i) => resultsRepo(db).specialCaseCounts(i.campaignId),
    table: 'special_case',
    index: /^special_case_scorecard_idx$/,
  },
];

describe.each(testDialects())('plans of the hot queries on %s', (dialect) => {
  let t: TestDb;
  let ids: Ids;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    // Two campaigns, so that "of a campaign" selects some of the rows.
    const deps = { db: t.db, dialect };
    const common = { units: 8, leaves: 10, groups: 3, seed: 3, password: 'kehoach-2025-xyz' };
    await generateSynthetic(deps, { ...common, code: 'QP-OLD', stage: 'published', year: 2022 });
    const r = await generateSynthetic(deps, { ...common, code: 'QP', stage: 'approved', year: 2023 });
    const sc = await t.db
      .selectFrom('scorecard')
      .select(['id', 'unitId'])
      .where('campaignId', '=', r.campaign.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const user = await t.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'daumoi.dv000001')
      .executeTakeFirstOrThrow();
    ids = {
      campaignId: r.campaign.id,
      scorecardId: sc.id,
      unitId: sc.unitId,
      userId: user.id,
      sessionId: 'phien-khong-ton-tai',
    };
  }, 120_000);
  afterAll(() => t?.destroy());

  it.each(HOT.map((h) => [h.name, h] as const))('%s', async (_, h) => {
    const counter = createQueryCounter(t.db);
    await h.run(t.db.withPlugin(counter.plugin), ids);
    expect(counter.count, `${h.name}: the repo ran no query`).toBeGreaterThan(0);
    const steps: PlanStep[] = [];
    for (const q of counter.queries) {
      steps.push(...(await explain(t.db, dialect, q)));
    }
    const shown = `${h.name}:\n${counter.report()}\nplan:\n${steps.map((s) => `  ${s.text}`).join('\n')}`;
    // The table the query is about is reached by the expected index.
    const served = steps.some(
      (s) =>
        s.index !== null && h.index.test(s.index) && (dialect === 'postgres' ? s.table === h.table : true),
    );
    const ordered =
      h.orderedScan === true &&
      steps.some((s) =>
        new RegExp(
          `^(SCAN \\S+ USING (COVERING )?INDEX|Index (Only )?Scan on \\S+ using) ${h.index.source.replace(/^\^|\$$/g, '')}`,
        ).test(s.text),
      );
    expect(served || ordered, shown).toBe(true);
    // And no table that grows is read whole.
    const scans = steps.filter(
      (s) => s.index === null && !(h.orderedScan && /USING (COVERING )?INDEX| using /.test(s.text)),
    );
    const bigScans = scans.filter(
      (s) => BIG.has(s.table) || (dialect === 'sqlite' && BIG.has(aliasTable(s, counter.queries))),
    );
    expect(
      bigScans.map((s) => s.text),
      shown,
    ).toEqual([]);
  });
});

/** SQLite names a table by its alias in the plan ("SCAN a"): the table behind it, from the SQL. */
function aliasTable(step: PlanStep, queries: readonly CountedQuery[]): string {
  for (const q of queries) {
    const m = new RegExp(`"(\\w+)" as "${step.table}"`).exec(q.sql);
    if (m) {
      return m[1]!;
    }
  }
  return step.table;
}
