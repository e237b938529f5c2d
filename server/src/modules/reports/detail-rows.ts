import { unitScores } from '@cchc/domain/appraisal/appraisal';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument, Leaf, Node } from '@cchc/domain/index-set/format';
import { isLeaf } from '@cchc/domain/index-set/format';
import { toHundredths } from '@cchc/domain/scoring/decimal';
import type { Database } from '../../db/database';
import { groupByScorecard, toDecision, toSelfAnswer } from '../appraisal/appraisal-results';
import { resultsRepo } from '../results/results.repo';
import { scorecardsRepo } from '../scorecards/scorecards.repo';
import type { DetailRow } from './workbooks';

const KIND_LABELS = { CRITERION: 'Tiêu chí', BONUS: 'Điểm thưởng', PENALTY: 'Điểm trừ' } as const;

/** Scorecards read and scored per round trip: bounds memory, as the results summary does. */
const CHUNK = 250;

function leafIndex(doc: IndexSetDocument): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const visit = (n: Node | Leaf) => {
    if (isLeaf(n)) {
      out.set(n.code, n);
      return;
    }
    for (const c of n.children) {
      visit(c);
    }
  };
  for (const n of doc.nodes) {
    visit(n);
  }
  for (const item of [...(doc.adjustments?.bonus?.items ?? []), ...(doc.adjustments?.penalty?.items ?? [])]) {
    out.set(item.code, item);
  }
  return out;
}

/**
 * The detail rows of a campaign (unit × answerable leaf), a chunk of units at a time, in unit
 * code order, recomputed from the stored answers and decisions with the same engine as the
 * results (so the workbook's final points add up to the results API's). `onChunk` reports progress.
 */
export async function* detailRows(
  db: Database,
  campaignId: string,
  doc: IndexSetDocument,
  rankOf: ReadonlyMap<string, number>,
  onChunk: (done: number, total: number) => Promise<void>,
): AsyncGenerator<DetailRow[]> {
  const cards = await scorecardsRepo(db).listByCampaign(campaignId);
  const repo = resultsRepo(db);
  const leaves = leafIndex(doc);
  const answerable = new Map<string, ReturnType<typeof answerableLeaves>>();
  for (let i = 0; i < cards.length; i += CHUNK) {
    const chunk = cards.slice(i, i + CHUNK);
    const ids = chunk.map((c) => c.id);
    const [answers, decisions] = await Promise.all([repo.answersOf(ids), repo.decisionsOf(ids)]);
    const answersBy = groupByScorecard(answers);
    const decisionsBy = groupByScorecard(decisions);
    const rows: DetailRow[] = [];
    for (const card of chunk) {
      const cardDecisions = (decisionsBy.get(card.id) ?? []).map(toDecision);
      const scores = unitScores(
        doc,
        { code: card.id, group: card.groupCode },
        (answersBy.get(card.id) ?? []).map(toSelfAnswer),
        cardDecisions,
      );
      // The latest decision's reason per leaf (any stage), as the appraisal history shows it.
      const reasons = new Map<string, { at: string; reason: string }>();
      for (const d of cardDecisions) {
        const seen = reasons.get(d.leafCode);
        if (!seen || seen.at <= d.createdAt) {
          reasons.set(d.leafCode, { at: d.createdAt, reason: d.reason });
        }
      }
      let kinds = answerable.get(card.groupCode);
      if (!kinds) {
        kinds = answerableLeaves(doc, card.groupCode);
        answerable.set(card.groupCode, kinds);
      }
      for (const l of scores.leaves) {
        const leaf = leaves.get(l.leafCode);
        const appraised = l.appraised === undefined ? l.self : l.appraised;
        rows.push({
          rank: rankOf.get(card.id) ?? 0,
          unitCode: card.unitCode,
          unitName: card.unitName,
          groupCode: card.groupCode,
          leafCode: l.leafCode,
          leafName: leaf?.name ?? '',
          kind: KIND_LABELS[kinds.get(l.leafCode)?.kind ?? 'CRITERION'],
          maxPoints: leaf ? toHundredths(leaf.maxPoints) : 0,
          self: l.self,
          appraised,
          final: l.final === undefined ? appraised : l.final,
          reviewed: l.appraised !== undefined,
          reason: reasons.get(l.leafCode)?.reason ?? '',
        });
      }
    }
    yield rows;
    await onChunk(Math.min(i + CHUNK, cards.length), cards.length);
    // better-sqlite3 answers without a turn of the event loop: give it one between chunks, as the
    // results summary does, so other requests of this process are answered meanwhile.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
