import { totalPoints, type UnitScores, unitScores } from '@cchc/domain/appraisal/appraisal';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { averageOf, type ItemTotals, itemTotals } from '@cchc/domain/results/results';
import type { Database } from '../../db/database';
import { appraisalRepo } from '../appraisal/appraisal.repo';
import { campaignResults, toDecision, toSelfAnswer } from '../appraisal/appraisal-results';
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
  units: UnitSummary[];
  /** Field code → average final field index over the units where it applies. */
  fieldAverages: Map<string, number | null>;
}

function totals(r: UnitScores['self']): Totals {
  return { points: totalPoints(r), indexPercent: r.indexPercent, band: r.band };
}

/** The whole campaign, scored and ranked (rule 9, overall and in group). */
export async function summarize(
  db: Database,
  campaignId: string,
  doc: IndexSetDocument,
): Promise<CampaignSummary> {
  const results = await campaignResults(db, campaignId, doc);
  const units = results.map((r): UnitSummary => {
    const final = r.scores.final;
    return {
      scorecardId: r.scorecardId,
      unitId: r.unitId,
      unitCode: r.unitCode,
      unitName: r.unitName,
      groupCode: r.groupCode,
      status: r.status,
      self: totals(r.scores.self),
      appraised: totals(r.scores.appraised),
      final: {
        ...totals(final),
        maxPoints: final.maxPoints,
        bonus: final.bonus,
        penalty: final.penalty,
        fields: final.fields.map((f) => ({ code: f.code, percent: f.percent })),
      },
      items: new Map(
        itemTotals(doc, final)
          .filter((i) => i.depth <= 1 && i.applies)
          .map((i) => [i.code, i]),
      ),
      rank: r.rank,
      rankOverall: r.rankOverall,
      rankInGroup: r.rankInGroup,
    };
  });
  const byField = new Map<string, (number | null)[]>();
  for (const u of units) {
    for (const f of u.final.fields) {
      const list = byField.get(f.code);
      if (list) {
        list.push(f.percent);
      } else {
        byField.set(f.code, [f.percent]);
      }
    }
  }
  return {
    units,
    fieldAverages: new Map([...byField].map(([code, values]) => [code, averageOf(values)])),
  };
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
 * result; a phase change bumps the campaign's version. So the key is the campaign's version and
 * the count and latest time of its decisions — read from the database on every request, which
 * keeps several processes behind a load balancer correct. Requests that arrive while the summary
 * is being computed wait for the same computation (100 readers after publication compute once).
 * Campaigns still under way are computed on each request (a reader sees the write they just made).
 */
export function createSummaryCache(db: Database, maxCampaigns = 20) {
  const entries = new Map<string, { key: string; summary: Promise<CampaignSummary> }>();
  return async function summaryOf(campaign: CampaignRow, doc: IndexSetDocument): Promise<CampaignSummary> {
    if (!FINAL_PHASES.includes(campaign.phase)) {
      return summarize(db, campaign.id, doc);
    }
    const fp = await resultsRepo(db).decisionFingerprint(campaign.id);
    const key = `${campaign.rowVersion}:${campaign.indexSetId}:${fp.count}:${fp.last ?? ''}`;
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
