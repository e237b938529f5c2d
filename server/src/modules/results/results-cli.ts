import { TASK_RATING_LABELS } from '@cchc/domain/results/results';
import { formatPercentVi, formatPointsVi } from '@cchc/domain/scoring/decimal';
import { CAMPAIGN_PHASE_LABELS } from '@cchc/domain/workflow/campaign.machine';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { AppError } from '../../errors';
import { systemClock } from '../../platform/clock';
import { campaignsRepo } from '../campaigns/campaigns.repo';
import { createScorecardAccess } from '../scorecards/scorecard-access';
import { createResultsService } from './results.service';

/** Hundredths → a JSON number with at most two decimals (exact: h/100 prints as written). */
const num = (h: number | null) => (h === null ? null : h / 100);

/** Pads to a display width (Vietnamese text is NFC: one code point per letter). */
const pad = (text: string, width: number, right = false) =>
  right ? text.padStart(width) : text.padEnd(width);

/**
 * `npm run cli -- compute-results <code> [--json]`: the campaign's results recomputed from the
 * stored scores through the same service as the results page (read only, Office's view).
 */
export async function computeResults(
  db: Database,
  config: Config,
  userId: string,
  code: string,
  json: boolean,
): Promise<string> {
  const campaign = await campaignsRepo(db).findByCode(code);
  if (!campaign) {
    throw new AppError('NOT_FOUND', `Không có kỳ đánh giá mã "${code}".`);
  }
  const deps = { db, clock: systemClock };
  const service = createResultsService({ ...deps, access: createScorecardAccess(deps) }, config.documents);
  // Read only; run as the Office would read it (every unit), attributed to the administrator.
  const view = await service.results(
    { actor: { userId, roles: [{ role: 'OFFICE_STAFF', unitId: null }] }, ip: null },
    campaign.id,
  );
  if (json) {
    return `${JSON.stringify(
      {
        campaign: { code: view.campaignCode, name: view.campaignName, year: view.year, phase: view.phase },
        ranking: { scope: view.rankingScope, ties: view.rankingTies },
        fields: view.fields.map((f) => ({ code: f.code, name: f.name, maxPoints: num(f.maxPoints) })),
        rows: view.rows.map((r) => ({
          rank: r.rank,
          rankOverall: r.rankOverall,
          rankInGroup: r.rankInGroup,
          unitCode: r.unit.code,
          unitName: r.unit.name,
          group: r.unit.groupCode,
          selfPoints: num(r.selfPoints),
          appraisedPoints: num(r.appraisedPoints),
          finalPoints: num(r.finalPoints),
          maxPoints: num(r.maxPoints),
          bonus: num(r.bonus),
          penalty: num(r.penalty),
          indexPercent: num(r.indexPercent),
          band: r.band,
          rating: r.rating,
          fields: Object.fromEntries(r.fields.map((f) => [f.code, num(f.percent)])),
          previousIndexPercent: num(r.previous?.indexPercent ?? null),
        })),
      },
      null,
      2,
    )}\n`;
  }
  const lines = [
    `${view.campaignName} (${view.campaignCode}) — ${CAMPAIGN_PHASE_LABELS[view.phase].vi}`,
    `Xếp hạng: ${view.rankingScope === 'unitGroup' ? 'theo nhóm đơn vị' : 'toàn bộ đơn vị'}, ${
      view.rankingTies === 'dense' ? 'đồng hạng liền kề (1, 2, 2, 3)' : 'đồng hạng bỏ số (1, 2, 2, 4)'
    }`,
    '',
    [
      pad('Hạng', 5, true),
      pad('Mã', 8),
      pad('Đơn vị', 44),
      pad('Tự ĐG', 9, true),
      pad('Thẩm định', 10, true),
      pad('Cuối', 9, true),
      pad('Chỉ số', 9, true),
      pad('Xếp loại', 11),
      'Mức hoàn thành nhiệm vụ',
    ].join('  '),
  ];
  for (const r of view.rows) {
    lines.push(
      [
        pad(String(r.rank), 5, true),
        pad(r.unit.code, 8),
        pad(r.unit.name.length > 44 ? `${r.unit.name.slice(0, 43)}…` : r.unit.name, 44),
        pad(formatPointsVi(r.selfPoints), 9, true),
        pad(formatPointsVi(r.appraisedPoints), 10, true),
        pad(formatPointsVi(r.finalPoints), 9, true),
        pad(`${formatPercentVi(r.indexPercent)}`, 9, true),
        pad(r.band ?? '—', 11),
        TASK_RATING_LABELS[r.rating].vi,
      ].join('  '),
    );
  }
  lines.push('', `${view.rows.length} đơn vị.`);
  return `${lines.join('\n')}\n`;
}
