import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PublicResults, ResultsView } from '@cchc/domain/api/results';
import { REPORT_LEAF_CODE } from '@cchc/domain/api/scorecards';
import { totalPoints } from '@cchc/domain/appraisal/appraisal';
import { selfProgress, submissionProblems } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import type { DB } from '../src/db/tables';
import { campaignResults, toSelfAnswer } from '../src/modules/appraisal/appraisal-results';
import { verifyAuditChain } from '../src/modules/audit/audit.service';
import {
  generateSynthetic,
  parseSyntheticArgs,
  type SyntheticOptions,
  type SyntheticReport,
} from '../src/modules/synthetic/synthetic';
import { createTestApp, type TestApp } from '../src/testing/test-app';
import { createTestDb, testDialects } from '../src/testing/test-db';

const PASSWORD = 'tonghop-2025-xyz';
const UNITS = 30;
const LEAVES = 20;
const OPTIONS: SyntheticOptions = {
  units: UNITS,
  leaves: LEAVES,
  groups: 3,
  code: 'SYN-TEST',
  seed: 7,
  stage: 'published',
};

/** Rows of every table: "nothing written" compares these before and after. */
async function tableCounts(db: Database): Promise<Record<string, number>> {
  const tables: (keyof DB)[] = [
    'unit_group',
    'unit',
    'app_user',
    'user_role',
    'index_set',
    'campaign',
    'campaign_milestone',
    'reminder_rule',
    'scorecard',
    'scorecard_answer',
    'blob',
    'evidence',
    'appraisal_assignment',
    'score_decision',
    'explanation_request',
    'council_meeting',
    'special_case',
    'scorecard_snapshot',
    'announcement',
    'audit_event',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

describe.each(testDialects())('generate-synthetic on %s', (dialect) => {
  let t: TestApp;
  let report: SyntheticReport;
  let doc: IndexSetDocument;
  const campaignId = () => report.campaign.id;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    report = await generateSynthetic({ db: t.db, dialect }, { ...OPTIONS, password: PASSWORD });
    const set = await t.db
      .selectFrom('index_set')
      .select('document')
      .where('id', '=', report.indexSet.id)
      .executeTakeFirstOrThrow();
    doc = JSON.parse(set.document) as IndexSetDocument;
  });
  afterAll(() => t.close());

  it('writes what it reports: units in groups, officers, a published campaign and its rows', async () => {
    const c = report.campaign.counts;
    expect(report.organisation).toMatchObject({ units: UNITS, groups: 3, reusedUnits: 0, members: 1 });
    // A focal officer and a head per unit; Office, leadership, three council members, one member.
    expect(report.organisation.users).toBe(2 * UNITS + 6);
    const campaign = await t.db
      .selectFrom('campaign')
      .selectAll()
      .where('id', '=', campaignId())
      .executeTakeFirstOrThrow();
    expect(campaign).toMatchObject({ code: 'SYN-TEST', phase: 'PUBLISHED', indexSetId: report.indexSet.id });
    expect(campaign.approvedAt).not.toBeNull();
    expect(doc.nodes.flatMap((f) => f.children).length).toBeGreaterThan(1);
    expect(doc.unitGroups.map((g) => g.code)).toEqual(['THAM_MUU', 'NGHIEP_VU', 'SU_NGHIEP']);

    const cards = await t.db
      .selectFrom('scorecard')
      .selectAll()
      .where('campaignId', '=', campaignId())
      .execute();
    expect(cards).toHaveLength(UNITS);
    expect(new Set(cards.map((s) => s.status))).toEqual(new Set(['COUNCIL_APPROVED']));
    expect(new Set(cards.map((s) => s.groupCode)).size).toBe(3);
    const ids = cards.map((s) => s.id);
    const count = async (table: 'scorecard_answer' | 'evidence' | 'score_decision' | 'explanation_request') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('scorecardId', 'in', ids)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('scorecard_answer')).toBe(c.answers);
    expect(await count('evidence')).toBe(c.evidence);
    expect(await count('score_decision')).toBe(c.decisions);
    expect(await count('explanation_request')).toBe(c.explanations);
    // One working-group decision per applicable leaf (round 1, or round 2 for an explained leaf),
    // plus the council's special cases.
    expect(c.decisions).toBe(UNITS * LEAVES + c.specialCases);
    expect(c.answers).toBeLessThanOrEqual(UNITS * LEAVES);
    expect(c.answers).toBeGreaterThan(UNITS * LEAVES * 0.8);

    const snapshots = await t.db
      .selectFrom('scorecard_snapshot')
      .select(['milestone'])
      .where('scorecardId', 'in', ids)
      .execute();
    for (const m of ['SUBMITTED', 'ROUND1', 'COUNCIL', 'APPROVED']) {
      expect(snapshots.filter((s) => s.milestone === m).length, m).toBe(UNITS);
    }
    expect(snapshots).toHaveLength(c.snapshots);
    // Evidence metadata: files point at blob rows with a size, a type and a storage key.
    const files = await t.db
      .selectFrom('evidence as e')
      .innerJoin('blob as b', 'b.sha256', 'e.blobSha256')
      .select(['b.sha256', 'b.sizeBytes', 'b.mimeType', 'b.storageKey', 'e.leafCode'])
      .where('e.scorecardId', 'in', ids)
      .execute();
    expect(files).toHaveLength(c.files);
    for (const f of files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.storageKey).toBe(`${f.sha256.slice(0, 2)}/${f.sha256.slice(2, 4)}/${f.sha256}`);
      expect(Number(f.sizeBytes)).toBeGreaterThan(0);
    }
    expect(files.filter((f) => f.leafCode === REPORT_LEAF_CODE)).toHaveLength(c.submitted);
    const announcement = await t.db
      .selectFrom('announcement')
      .selectAll()
      .where('campaignId', '=', campaignId())
      .executeTakeFirstOrThrow();
    expect(announcement.publishedAt).not.toBeNull();
  });

  it("stores every scorecard's totals as the engine computes them, and ranks in the approval", async () => {
    const cards = await t.db
      .selectFrom('scorecard')
      .selectAll()
      .where('campaignId', '=', campaignId())
      .execute();
    for (const card of cards) {
      const answers = await t.db
        .selectFrom('scorecard_answer')
        .selectAll()
        .where('scorecardId', '=', card.id)
        .execute();
      const evidence = await t.db
        .selectFrom('evidence')
        .select('leafCode')
        .where('scorecardId', '=', card.id)
        .execute();
      const counts = new Map<string, number>();
      for (const e of evidence) {
        counts.set(e.leafCode, (counts.get(e.leafCode) ?? 0) + 1);
      }
      const self = answers.map(toSelfAnswer);
      const progress = selfProgress(doc, card.groupCode, self, counts);
      expect(card.selfPoints, card.id).toBe(progress.selfPoints);
      expect(card.answeredCount).toBe(progress.answered);
      expect(card.applicableCount).toBe(progress.applicable);
      expect(card.evidenceCount).toBe(evidence.filter((e) => e.leafCode !== REPORT_LEAF_CODE).length);
      if (card.submittedAt !== null) {
        // A submitted scorecard passes the checks the submit button runs.
        expect(submissionProblems(doc, card.groupCode, self, counts)).toEqual([]);
        expect(card.signedReportEvidenceId).not.toBeNull();
      }
    }
    // The server's own recomputation from the stored rows equals the approved snapshots.
    const results = await campaignResults(t.db, campaignId(), doc);
    expect(results).toHaveLength(UNITS);
    const approved = new Map(
      (
        await t.db
          .selectFrom('scorecard_snapshot')
          .select(['scorecardId', 'data'])
          .where('milestone', '=', 'APPROVED')
          .where(
            'scorecardId',
            'in',
            results.map((r) => r.scorecardId),
          )
          .execute()
      ).map((s) => [
        s.scorecardId,
        JSON.parse(s.data) as { final: { points: number; indexPercent: number }; rank: number },
      ]),
    );
    for (const r of results) {
      expect(r.scores.undecided).toEqual([]);
      const snap = approved.get(r.scorecardId)!;
      expect(snap.final.points).toBe(totalPoints(r.scores.final));
      expect(snap.final.indexPercent).toBe(r.scores.final.indexPercent);
      expect(snap.rank).toBe(r.rank);
    }
  });

  it('serves the results page to the Office and the published results to the public', async () => {
    const office = await t.login(report.accounts.office, PASSWORD);
    const res = await t.as(office).get(`/api/campaigns/${campaignId()}/results`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<ResultsView>();
    expect(view.rows).toHaveLength(UNITS);
    const ranks = view.rows.map((r) => r.rank);
    expect(Math.min(...ranks)).toBe(1);
    expect(ranks.every((r) => r >= 1 && r <= UNITS)).toBe(true);
    // Dense ranking by the final index: a higher index never ranks below a lower one.
    for (const a of view.rows) {
      for (const b of view.rows) {
        if (a.indexPercent > b.indexPercent) {
          expect(a.rank).toBeLessThan(b.rank);
        }
      }
    }
    const pub = await t.as(null).get('/api/public/results/SYN-TEST');
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json<PublicResults>().rows).toHaveLength(UNITS);
  });

  it('keeps the audit hash chain intact', async () => {
    const verdict = await verifyAuditChain(t.db);
    expect(verdict.ok, verdict.broken?.message).toBe(true);
    const events = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('entityId', '=', campaignId())
      .execute();
    const actions = events.map((e) => e.action);
    expect(actions).toContain('campaign.created');
    expect(actions.filter((a) => a === 'campaign.transitioned')).toHaveLength(7);
    expect(actions).toContain('results.announcementSaved');
  });

  it('refuses bad options and an existing campaign code, writing nothing', async () => {
    const before = await tableCounts(t.db);
    const bad: Partial<SyntheticOptions>[] = [
      { units: 0 },
      { units: 100_001 },
      { units: 2.5 },
      { leaves: 0 },
      { leaves: 1001 },
      { groups: 0 },
      { code: 'syn thu' },
      { stage: 'done' as SyntheticOptions['stage'] },
      { code: 'SYN-TEST' },
    ];
    for (const b of bad) {
      await expect(
        generateSynthetic({ db: t.db, dialect }, { ...OPTIONS, ...b, password: PASSWORD }),
        JSON.stringify(b),
      ).rejects.toMatchObject({ code: b.code === 'SYN-TEST' ? 'DUPLICATE' : 'VALIDATION_ERROR' });
    }
    expect(await tableCounts(t.db)).toEqual(before);
  });
});

describe('generate-synthetic options and seeds', () => {
  it('reads whole decimal numbers only, with the defaults', () => {
    expect(parseSyntheticArgs({})).toEqual({
      ok: true,
      options: { units: 1000, leaves: 150, groups: 3, seed: 1, code: 'SYN-1000', stage: 'published' },
    });
    for (const units of ['1.5', 'abc', '', '-1', '1e4', '0', '100001']) {
      const r = parseSyntheticArgs({ units });
      expect(r.ok, units).toBe(false);
      expect(!r.ok && r.message).toContain('--units phải là số nguyên từ 1 đến 100000');
    }
    expect(parseSyntheticArgs({ leaves: '1001' })).toMatchObject({ ok: false });
    expect(parseSyntheticArgs({ stage: 'approved', units: '12' })).toMatchObject({
      ok: true,
      options: { stage: 'approved', units: 12, code: 'SYN-12' },
    });
  });

  it('gives the same rows for the same seed', async () => {
    const contents = async (seed: number) => {
      const tdb = await createTestDb('sqlite');
      try {
        await generateSynthetic(
          { db: tdb.db, dialect: 'sqlite' },
          { ...OPTIONS, units: 6, leaves: 8, seed, stage: 'approved', password: PASSWORD },
        );
        const answers = await tdb.db
          .selectFrom('scorecard_answer as a')
          .innerJoin('scorecard as s', 's.id', 'a.scorecardId')
          .innerJoin('unit as u', 'u.id', 's.unitId')
          .select(['u.code', 'a.leafCode', 'a.value', 'a.points', 'a.updatedAt'])
          .orderBy('u.code')
          .orderBy('a.leafCode')
          .execute();
        const decisions = await tdb.db
          .selectFrom('score_decision as d')
          .innerJoin('scorecard as s', 's.id', 'd.scorecardId')
          .innerJoin('unit as u', 'u.id', 's.unitId')
          .select(['u.code', 'd.seq', 'd.leafCode', 'd.kind', 'd.points'])
          .orderBy('u.code')
          .orderBy('d.seq')
          .execute();
        return { answers, decisions };
      } finally {
        await tdb.destroy();
      }
    };
    const a = await contents(11);
    expect(await contents(11)).toEqual(a);
    expect(await contents(12)).not.toEqual(a);
  });
});

describe('CLI generate-synthetic', () => {
  const serverDir = path.resolve(import.meta.dirname, '..');
  let dir: string;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: path.join(dir, 'data') },
      encoding: 'utf8',
      timeout: 60_000,
    });
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-cli-syn-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates a campaign, keeps the audit chain valid, and refuses a repeat or a bad option', () => {
    const args = ['generate-synthetic', '--units', '5', '--leaves', '12', '--code', 'SYN-CLI', '--seed', '3'];
    const run = cli(...args, '--stage', 'approved', '--password', PASSWORD);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Đã tạo kỳ đánh giá SYN-CLI');
    expect(run.stdout).toMatch(/Tổng thời gian\s+\d+\.\d s/);
    expect(run.stdout).toContain(PASSWORD);
    const verify = cli('verify-audit');
    expect(verify.status, verify.stderr).toBe(0);
    const again = cli(...args);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('Mã kỳ đánh giá "SYN-CLI" đã tồn tại');
    const bad = cli('generate-synthetic', '--units', '0');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('LỖI: --units phải là số nguyên từ 1 đến 100000 (nhận được "0")');
  });
});
