import type { TotalsView } from '@cchc/domain/api/appraisal';
import {
  type LeafDecision,
  type ReviewStage,
  totalPoints,
  type UnitScores,
  unitScores,
} from '@cchc/domain/appraisal/appraisal';
import type { SelfAnswer } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { ranksOf } from '@cchc/domain/results/results';
import type { UnitResult } from '@cchc/domain/scoring/engine';
import type { Database } from '../../db/database';
import { scorecardsRepo } from '../scorecards/scorecards.repo';
import { appraisalRepo } from './appraisal.repo';

/** Self-assessment answer row → the domain's SelfAnswer. */
export function toSelfAnswer(row: {
  leafCode: string;
  value: string | null;
  points: number;
  naClaimed: number;
  naReason: string;
  noEvidenceReason: string;
  isCarriedDraft: number;
}): SelfAnswer {
  return {
    leafCode: row.leafCode,
    value: row.value === null ? null : (JSON.parse(row.value) as unknown),
    naClaimed: row.naClaimed === 1,
    naReason: row.naReason,
    noEvidenceReason: row.noEvidenceReason,
    isCarriedDraft: row.isCarriedDraft === 1,
    points: row.points,
  };
}

export function toDecision(row: {
  leafCode: string;
  stage: string;
  kind: string;
  points: number | null;
  reason: string;
  createdAt: string;
}): LeafDecision {
  return {
    leafCode: row.leafCode,
    stage: row.stage as ReviewStage,
    kind: row.kind as LeafDecision['kind'],
    points: row.points,
    reason: row.reason,
    createdAt: row.createdAt,
  };
}

/** Rows of several scorecards, by scorecard id (order within each kept). */
export function groupByScorecard<T extends { scorecardId: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.scorecardId);
    if (list) {
      list.push(r);
    } else {
      m.set(r.scorecardId, [r]);
    }
  }
  return m;
}

export function totalsView(r: UnitResult): TotalsView {
  return {
    points: totalPoints(r),
    maxPoints: r.maxPoints,
    bonus: r.bonus,
    penalty: r.penalty,
    indexPercent: r.indexPercent,
    band: r.band,
    fields: r.fields.map((f) => ({
      code: f.code,
      name: f.name,
      points: f.points,
      maxPoints: f.maxPoints,
      percent: f.percent,
    })),
  };
}

export interface CampaignUnitResult {
  scorecardId: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  groupCode: string;
  status: string;
  submittedAt: string | null;
  scores: UnitScores;
  /** Rank by the final index (the set's ranking rule), and overall and within the unit's group. */
  rank: number;
  rankOverall: number;
  rankInGroup: number;
  /** Leaf codes with an explanation request, and flagged as insufficient evidence. */
  explained: Set<string>;
  openExplanations: number;
  insufficient: Set<string>;
}

/**
 * Every unit's self, appraised and final results in one campaign, recomputed from the stored
 * answers and decisions (three queries for the whole campaign, never one per unit), and the rank
 * of each by the final index (rule 9 of the index-set format).
 */
export async function campaignResults(
  db: Database,
  campaignId: string,
  doc: IndexSetDocument,
): Promise<CampaignUnitResult[]> {
  const repo = appraisalRepo(db);
  const [cards, answers, decisions, explanations] = await Promise.all([
    scorecardsRepo(db).listByCampaign(campaignId),
    repo.answersOfCampaign(campaignId),
    repo.decisionsOfCampaign(campaignId),
    repo.explanationsOfCampaign(campaignId),
  ]);
  const answersBy = groupByScorecard(answers);
  const decisionsBy = groupByScorecard(decisions);
  const explanationsBy = groupByScorecard(explanations);
  const results = cards.map((card) => {
    const own = decisionsBy.get(card.id) ?? [];
    const scores = unitScores(
      doc,
      { code: card.id, group: card.groupCode },
      (answersBy.get(card.id) ?? []).map(toSelfAnswer),
      own.map(toDecision),
    );
    const exp = explanationsBy.get(card.id) ?? [];
    const insufficient = new Set<string>();
    for (const d of own) {
      if (d.evidenceInsufficient === 1) {
        insufficient.add(d.leafCode);
      } else {
        insufficient.delete(d.leafCode);
      }
    }
    return {
      scorecardId: card.id,
      unitId: card.unitId,
      unitCode: card.unitCode,
      unitName: card.unitName,
      groupCode: card.groupCode,
      status: card.status,
      submittedAt: card.submittedAt,
      scores,
      rank: 0,
      rankOverall: 0,
      rankInGroup: 0,
      explained: new Set(exp.map((e) => e.leafCode)),
      openExplanations: exp.filter((e) => e.respondedAt === null).length,
      insufficient,
    };
  });
  const ranks = ranksOf(
    results.map((r) => ({
      code: r.scorecardId,
      group: r.groupCode,
      indexPercent: r.scores.final.indexPercent,
    })),
    doc.ranking,
  );
  for (const r of results) {
    const rank = ranks.get(r.scorecardId);
    r.rank = rank?.rank ?? 0;
    r.rankOverall = rank?.overall ?? 0;
    r.rankInGroup = rank?.inGroup ?? 0;
  }
  return results;
}
