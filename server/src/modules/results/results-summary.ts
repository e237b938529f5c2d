import { totalPoints, type UnitScores, unitScores } from '@cchc/domain/appraisal/appraisal';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { fieldAverages, type ItemTotals, itemTotals, ranksOf } from '@cchc/domain/results/results';
import type { Database } from '../../db/database';
import { appraisalRepo } from '../appraisal/appraisal.repo';
import { groupByScorecard, toDecision, toSelfAnswer } from '../appraisal/appraisal-results';
import type { CampaignRow } from '../campaigns/campaigns.repo';
import { scorecardsRepo } from '../scorecards/scorecards.repo';
import { resultsRepo } from './results.repo';

/** Phases in which a campaign's results are final (leadership approved them). */
export const FINAL_PHASES: readonly string[] = ['APPROVED', 'PUBLISHED', 'CLOSED'];

export interface Totals {
  /** Σ fields + bonus − penalty, hundredths. */
  points: number;
  indexPercent: number;
  band: string | null;
}

/**
 * One unit's results in a compact form: the three totals, the final fields, and the final points
 * of its fields and criteria (depth ≤ 1). The leaves are not kept: a campaign of 10,000 units ×
 * 150 leaves × three results would hold millions of objects; a unit's page loads its own leaves.
 */
export interface UnitSummary {
  scorecardId: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  groupCode: string;
  status: string;
  self: Totals;
  appraised: Totals;
  final: Totals & {
    maxPoints: number;
    bonus: number;
    penalty: number;
    fields: { code: string; percent: number | null }[];
  };
  /** Applicable fields and criteria of the final result (depth ≤ 1), by code. */
  items: Map<string, ItemTotals>;
  rank: number;
  rankOverall: number;
  rankInGroup: number;
}

export interface CampaignSummary {
  /** In published order: by group when the set ranks within groups, then rank, then unit code. */
  units: UnitSummary[];
  /** Field code → average final field index over the units where it applies. */
  fieldAverages: Map<string, number | null>;
}

function totals(r: UnitScores['self']): Totals {
  return { points: totalPoints(r), indexPercent: r.indexPercent, band: r.band };
}

/** Scorecards scored per round trip: bounds memory and lets other requests run in between. */
const CHUNK = 250;

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The whole campaign, scored and ranked (rule 9, overall and in group), from the stored answers
 * and decisions. Scorecards are read and scored a chunk at a time and each unit is reduced to its
 * summary at once, so a campaign of 10,000 units × 150 leaves never holds every leaf result in
 * memory, and the event loop is given back between chunks (other users' requests keep being
 * answered while a large campaign is computed).
 */
export async function summarize(
  db: Database,
  campaignId: string,
  doc: IndexSetDocument,
): Promise<CampaignSummary> {
  const cards = await scorecardsRepo(db).listByCampaign(campaignId);
  const repo = resultsRepo(db);
  const units: UnitSummary[] = [];
  for (let i = 0; i < cards.length; i += CHUNK) {
    const chunk = cards.slice(i, i + CHUNK);
    const ids = chunk.map((c) => c.id);
    const [answers, decisions] = await Promise.all([repo.answersOf(ids), repo.decisionsOf(ids)]);
    const answersBy = groupByScorecard(answers);
    const decisionsBy = groupByScorecard(decisions);
    for (const card of chunk) {
      const scores = unitScores(
        doc,
        { code: card.id, group: card.groupCode },
        (answersBy.get(card.id) ?? []).map(toSelfAnswer),
        (decisionsBy.get(card.id) ?? []).map(toDecision),
      );
      const final = scores.final;
      units.push({
        scorecardId: card.id,
        unitId: card.unitId,
        unitCode: card.unitCode,
        unitName: card.unitName,
        groupCode: card.groupCode,
        status: card.status,
        self: totals(scores.self),
        appraised: totals(scores.appraised),
        final: {
          ...totals(final),
          maxPoints: final.maxPoints,
          bonus: final.bonus,
          penalty: final.penalty,
          fields: final.fields.map((f) => ({ code: f.code, percent: f.percent })),
        },
        items: new Map(
          itemTotals(doc, final)
            .filter((it) => it.depth <= 1 && it.applies)
            .map((it) => [it.code, it]),
        ),
        rank: 0,
        rankOverall: 0,
        rankInGroup: 0,
      });
    }
    await nextTick();
  }
  const ranks = ranksOf(
    units.map((u) => ({ code: u.scorecardId, group: u.groupCode, indexPercent: u.final.indexPercent })),
    doc.ranking,
  );
  for (const u of units) {
    const rank = ranks.get(u.scorecardId);
    u.rank = rank?.rank ?? 0;
    u.rankOverall = rank?.overall ?? 0;
    u.rankInGroup = rank?.inGroup ?? 0;
  }
  // In published order once (per group first when the set ranks within groups), for every view.
  const byGroup = doc.ranking.scope === 'unitGroup';
  units.sort(
    (a, b) =>
      (byGroup ? a.groupCode.localeCompare(b.groupCode) : 0) ||
      a.rank - b.rank ||
      a.unitCode.localeCompare(b.unitCode),
  );
  return { units, fieldAverages: fieldAverages(units.map((u) => u.final)) };
}

/** One unit's full self / appraised / final results, leaves included (its own page). */
export async function unitScoresOf(
  db: Database,
  unit: { scorecardId: string; groupCode: string },
  doc: IndexSetDocument,
): Promise<UnitScores> {
  const [answers, decisions] = await Promise.all([
    scorecardsRepo(db).answers(unit.scorecardId),
    appraisalRepo(db).decisions(unit.scorecardId),
  ]);
  return unitScores(
    doc,
    { code: unit.scorecardId, group: unit.groupCode },
    answers.map(toSelfAnswer),
    decisions.map(toDecision),
  );
}

/**
 * Summaries of campaigns whose results are final, kept per process while they cannot have
 * changed. After approval only new score decisions (amendments, accepted appeals) change a
 * result; a phase change bumps the campaign's version; a unit's code or name may be edited. So the
 * key is the campaign's version, the count and latest time of its decisions and the latest edit
 * of its units — read from the database on every request, which
 * keeps several processes behind a load balancer correct. Requests that arrive while the summary
 * is being computed wait for the same computation (100 readers after publication compute once).
 * Campaigns still under way are computed on each request (a reader sees the write they just made).
 */
export function createSummaryCache(db: Database, maxCampaigns = 20) {
  const entries = new Map<string, { key: string; summary: Promise<CampaignSummary> }>();
  const fingerprint = coalesced((campaignId: string) => resultsRepo(db).resultsFingerprint(campaignId));
  return async function summaryOf(campaign: CampaignRow, doc: IndexSetDocument): Promise<CampaignSummary> {
    if (!FINAL_PHASES.includes(campaign.phase)) {
      return summarize(db, campaign.id, doc);
    }
    const key = `${campaign.rowVersion}:${campaign.indexSetId}:${await fingerprint(campaign.id)}`;
    const hit = entries.get(campaign.id);
    if (hit?.key === key) {
      return hit.summary;
    }
    const summary = summarize(db, campaign.id, doc);
    entries.delete(campaign.id);
    entries.set(campaign.id, { key, summary });
    summary.catch(() => {
      if (entries.get(campaign.id)?.summary === summary) {
        entries.delete(campaign.id);
      }
    });
    while (entries.size > maxCampaigns) {
      entries.delete(entries.keys().next().value!);
    }
    return summary;
  };
}

/**
 * Reads shared by concurrent callers without ever answering from before the caller arrived: a
 * caller that finds a read running waits for the NEXT one (started when the running one ends),
 * which every caller arriving meanwhile shares. So 100 readers of a 10,000-unit campaign run the
 * fingerprint (tens of ms on SQLite) about twice, not 100 times, and a reader still sees a write
 * committed before its request.
 */
export function coalesced<V>(read: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const running = new Map<string, Promise<V>>();
  const queued = new Map<string, Promise<V>>();
  const start = (key: string): Promise<V> => {
    const p: Promise<V> = read(key).finally(() => {
      if (running.get(key) === p) {
        running.delete(key);
      }
    });
    running.set(key, p);
    return p;
  };
  return (key) => {
    const current = running.get(key);
    if (!current) {
      return start(key);
    }
    let next = queued.get(key);
    if (!next) {
      const settle = () => undefined;
      next = current.then(settle, settle).then(() => {
        queued.delete(key);
        return start(key);
      });
      queued.set(key, next);
    }
    return next;
  };
}
