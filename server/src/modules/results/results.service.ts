import { can, canEverywhere, ownUnits } from '@cchc/domain/access/policy';
import type {
  AnnouncementInput,
  AnnouncementView,
  ItemRow,
  PreviousResult,
  PublicCampaignSummary,
  PublicResults,
  PublicResultsPage,
  PublicResultsQuery,
  ResultRow,
  ResultsCharts,
  ResultsPage,
  ResultsQuery,
  ResultsSettingsInput,
  ResultsSettingsView,
  ResultsView,
  UnitResultsView,
} from '@cchc/domain/api/results';
import { totalPoints } from '@cchc/domain/appraisal/appraisal';
import { formatLocalDateVi, localDateOf } from '@cchc/domain/campaign/calendar';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import {
  criterionMapping,
  effectiveRatingMap,
  gapAgainst,
  itemTotals,
  previousPercentOf,
  type RatingMap,
  ratingOf,
  TASK_RATING_LABELS,
  treeCodes,
  unitAbove,
} from '@cchc/domain/results/results';
import { itemMaximum } from '@cchc/domain/scoring/engine';
import type { CampaignTransitionAction } from '@cchc/domain/workflow/campaign.machine';
import type { ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import type { Database } from '../../db/database';
import { AppError } from '../../errors';
import { appraisalRepo } from '../appraisal/appraisal.repo';
import { auditRepo } from '../audit/audit.repo';
import { type CampaignRow, campaignsRepo } from '../campaigns/campaigns.repo';
import type { createScorecardAccess } from '../scorecards/scorecard-access';
import { scorecardsRepo } from '../scorecards/scorecards.repo';
import { type Ctx, requirePermission, type ServiceDeps } from '../shared/context';
import { resultsRepo } from './results.repo';
import { csvDocument, decimal2 } from './results-csv';
import { chartsOf, pageOf, type SortContext, statsOf, unitPosition, unitsByCode } from './results-paging';
import {
  type CampaignSummary,
  createSummaryCache,
  FINAL_PHASES,
  type UnitSummary,
  unitScoresOf,
} from './results-summary';

const PUBLIC_PHASES = ['PUBLISHED', 'CLOSED'];

/** Everything the pages of one campaign's results are computed from. */
interface Computed {
  campaign: CampaignRow;
  document: IndexSetDocument;
  summary: CampaignSummary;
  ratingMap: RatingMap;
  previous: {
    campaign: CampaignRow;
    document: IndexSetDocument;
    mapping: Map<string, string | null>;
    summary: CampaignSummary;
    byUnitCode: ReadonlyMap<string, UnitSummary>;
  } | null;
}

export type ResultsService = ReturnType<typeof createResultsService>;

/** Results, analytics and publication (issue 6; docs/results.md). */
export function createResultsService(
  { db, clock, access }: ServiceDeps & { access: ReturnType<typeof createScorecardAccess> },
  documents: { agencyName: string },
) {
  const repo = resultsRepo(db);
  const summaryOf = createSummaryCache(db);
  const nameOf = async (userId: string | null) => (userId ? scorecardsRepo(db).userName(userId) : null);
  /**
   * What cannot change while an approved campaign keeps its version (leadership's last return and
   * the council's special cases belong to earlier phases; a phase change bumps the version): kept
   * per process, so a page request does not re-read them (7 ms and 2 ms at 10,000 units).
   */
  const frozen = new Map<string, { version: string; value: Promise<unknown> }>();
  function frozenOnce<T>(campaign: CampaignRow, name: string, read: () => Promise<T>): Promise<T> {
    if (!FINAL_PHASES.includes(campaign.phase)) {
      return read();
    }
    const key = `${campaign.id}:${name}`;
    const version = `${campaign.rowVersion}:${campaign.phase}`;
    const hit = frozen.get(key);
    if (hit?.version === version) {
      return hit.value as Promise<T>;
    }
    const value = read();
    frozen.delete(key);
    frozen.set(key, { version, value });
    value.catch(() => frozen.delete(key));
    while (frozen.size > 200) {
      frozen.delete(frozen.keys().next().value!);
    }
    return value;
  }
  const specialCounts = (campaign: CampaignRow) =>
    frozenOnce(campaign, 'special', () => repo.specialCaseCounts(campaign.id));

  async function campaignFor(ctx: Ctx | null, campaignId: string): Promise<CampaignRow> {
    const campaign = await campaignsRepo(db).findById(campaignId);
    if (
      !campaign ||
      (campaign.phase === 'SETUP' &&
        (ctx === null || !can(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId })))
    ) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy kỳ đánh giá.');
    }
    return campaign;
  }

  /**
   * Takes the campaign's row for this transaction; refuses when the campaign changed since it was
   * read (published meanwhile, for what publication freezes: RESULTS_FROZEN; else EDIT_CONFLICT).
   */
  async function lockCampaign(tx: Database, campaign: CampaignRow, frozenOncePublic: boolean): Promise<void> {
    if (await campaignsRepo(tx).lockVersion(campaign.id, campaign.rowVersion)) {
      return;
    }
    const now = await campaignsRepo(tx).findById(campaign.id);
    if (frozenOncePublic && now && PUBLIC_PHASES.includes(now.phase)) {
      throw new AppError('RESULTS_FROZEN', 'Kết quả vừa được công bố: thiết lập không thay đổi được nữa.');
    }
    throw new AppError(
      'EDIT_CONFLICT',
      'Kỳ đánh giá vừa được người khác cập nhật. Tải lại trang rồi thao tác lại.',
    );
  }

  /** Office, council and leadership: every unit's internal results. */
  function requireInternal(ctx: Ctx) {
    if (!canEverywhere(ctx.actor, 'appraisal.read')) {
      throw new AppError(
        'FORBIDDEN',
        'Chỉ Văn phòng, Hội đồng thẩm định và lãnh đạo xem được kết quả chi tiết của các đơn vị.',
      );
    }
  }

  /**
   * The whole campaign recomputed from stored answers and decisions (never typed in), ranked by
   * the set's rule, with the Office's rating mapping and the previous campaign for comparison.
   */
  async function compute(campaign: CampaignRow, options: { withPrevious?: boolean } = {}): Promise<Computed> {
    const document = await access.documentOf(campaign.indexSetId);
    const [summary, settings] = await Promise.all([
      summaryOf(campaign, document),
      repo.settings(campaign.id),
    ]);
    const ratingMap = effectiveRatingMap(
      document.classification,
      settings ? (JSON.parse(settings.ratingMap) as RatingMap) : null,
    );
    // An explicit "no previous campaign" in the settings wins over the campaign's own link.
    const previousId = settings ? settings.previousCampaignId : campaign.previousCampaignId;
    let previous: Computed['previous'] = null;
    if (previousId && options.withPrevious !== false) {
      const pc = await campaignsRepo(db).findById(previousId);
      if (pc && FINAL_PHASES.includes(pc.phase)) {
        const pdoc = await access.documentOf(pc.indexSetId);
        const psummary = await summaryOf(pc, pdoc);
        const overrides = settings
          ? (JSON.parse(settings.criterionMap) as Record<string, string | null>)
          : {};
        previous = {
          campaign: pc,
          document: pdoc,
          mapping: criterionMapping(document, pdoc, overrides),
          summary: psummary,
          // Kept beside the cached summary: not rebuilt per request.
          byUnitCode: unitsByCode(psummary),
        };
      }
    }
    return { campaign, document, summary, ratingMap, previous };
  }

  /**
   * The same unit (by code) in the previous campaign; its fields through the criterion mapping
   * (fields and criteria — depth ≤ 1 — are kept per unit; a unit's own page maps its leaves too).
   */
  function previousOf(c: Computed, unitCode: string): PreviousResult | null {
    const p = c.previous?.byUnitCode.get(unitCode);
    if (!c.previous || !p) {
      return null;
    }
    const mapping = c.previous.mapping;
    return {
      indexPercent: p.final.indexPercent,
      rank: p.rank,
      band: p.final.band,
      fields: c.document.nodes.map((f) => ({
        code: f.code,
        percent: previousPercentOf(f.code, mapping, p.items),
      })),
    };
  }

  function rowOf(c: Computed, u: UnitSummary, specialCaseCount: number): ResultRow {
    return {
      scorecardId: u.scorecardId,
      unit: { id: u.unitId, code: u.unitCode, name: u.unitName, groupCode: u.groupCode },
      status: u.status as ScorecardStatus,
      selfPoints: u.self.points,
      appraisedPoints: u.appraised.points,
      finalPoints: u.final.points,
      maxPoints: u.final.maxPoints,
      bonus: u.final.bonus,
      penalty: u.final.penalty,
      selfIndexPercent: u.self.indexPercent,
      appraisedIndexPercent: u.appraised.indexPercent,
      indexPercent: u.final.indexPercent,
      band: u.final.band,
      rank: u.rank,
      rankOverall: u.rankOverall,
      rankInGroup: u.rankInGroup,
      rating: ratingOf(u.final.band, c.ratingMap),
      fields: u.final.fields,
      specialCaseCount,
      previous: previousOf(c, u.unitCode),
    };
  }

  async function announcementView(campaignId: string): Promise<AnnouncementView | null> {
    const a = await repo.announcement(campaignId);
    return a
      ? {
          decisionNumber: a.decisionNumber,
          decisionDate: a.decisionDate,
          announcedOn: a.announcedOn,
          place: a.place,
          note: a.note,
          publishedAt: a.publishedAt,
          publishedByName: a.publishedByName,
          updatedAt: a.updatedAt,
        }
      : null;
  }

  /** Every row (reports, council minutes, CSV). */
  async function view(ctx: Ctx, c: Computed): Promise<ResultsView> {
    const specialCount = await repo.specialCaseCounts(c.campaign.id);
    return {
      ...(await header(ctx, c)),
      rows: c.summary.units.map((u) => rowOf(c, u, specialCount.get(u.scorecardId) ?? 0)),
    };
  }

  function sortContext(c: Computed, specialCount: ReadonlyMap<string, number>): SortContext {
    return {
      document: c.document,
      ratingMap: c.ratingMap,
      previous: c.previous ? { summary: c.previous.summary, byUnitCode: c.previous.byUnitCode } : null,
      specialCount,
    };
  }

  /** Everything of the page but the rows: the campaign, the set's fields, groups and bands, the state. */
  async function header(ctx: Ctx, c: Computed): Promise<Omit<ResultsView, 'rows'>> {
    const { campaign, document } = c;
    const resource = { type: 'campaign' as const, campaignId: campaign.id };
    return {
      campaignId: campaign.id,
      campaignCode: campaign.code,
      campaignName: campaign.name,
      year: campaign.year,
      phase: campaign.phase as ResultsView['phase'],
      rankingScope: document.ranking.scope,
      rankingTies: document.ranking.ties,
      fields: document.nodes.map((f) => ({ code: f.code, name: f.name, maxPoints: itemMaximum(f) })),
      groups: document.unitGroups.map((g) => ({ code: g.code, name: g.name })),
      bands: document.classification.map((b) => b.label),
      fieldAverages: document.nodes.map((f) => ({
        code: f.code,
        percent: c.summary.fieldAverages.get(f.code) ?? null,
      })),
      previousCampaign: c.previous
        ? {
            id: c.previous.campaign.id,
            code: c.previous.campaign.code,
            name: c.previous.campaign.name,
            year: c.previous.campaign.year,
          }
        : null,
      announcement: await announcementView(campaign.id),
      approvedAt: campaign.approvedAt,
      approvedByName: await nameOf(campaign.approvedBy),
      rowVersion: campaign.rowVersion,
      lastReturn: await frozenOnce(campaign, 'lastReturn', () => appraisalRepo(db).lastReturn(campaign.id)),
      canManage: can(ctx.actor, 'campaign.manage', resource),
      canApprove: can(ctx.actor, 'campaign.approve', resource),
    };
  }

  async function publishedCampaign(code: string): Promise<CampaignRow> {
    const campaign = await campaignsRepo(db).findByCode(code);
    const announcement = campaign ? await repo.announcement(campaign.id) : undefined;
    // The same answer for "does not exist" and "not published": the public never learns which.
    if (!campaign || !PUBLIC_PHASES.includes(campaign.phase) || !announcement?.publishedAt) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy kết quả đã công bố.');
    }
    return campaign;
  }

  async function settingsView(ctx: Ctx, campaign: CampaignRow): Promise<ResultsSettingsView> {
    const document = await access.documentOf(campaign.indexSetId);
    const settings = await repo.settings(campaign.id);
    const ratingMap = effectiveRatingMap(
      document.classification,
      settings ? (JSON.parse(settings.ratingMap) as RatingMap) : null,
    );
    const linked = settings ? settings.previousCampaignId : campaign.previousCampaignId;
    const overrides = settings ? (JSON.parse(settings.criterionMap) as Record<string, string | null>) : {};
    const found = linked ? await campaignsRepo(db).findById(linked) : undefined;
    // Only a campaign with approved results can be compared (the one compute() would use); a
    // link to one still under way is not offered, so saving the form back is never refused.
    const pc = found && FINAL_PHASES.includes(found.phase) ? found : undefined;
    const previousId = pc?.id ?? null;
    const pdoc = pc ? await access.documentOf(pc.indexSetId) : null;
    const mapping = pdoc ? criterionMapping(document, pdoc, overrides) : null;
    return {
      campaignId: campaign.id,
      rowVersion: settings?.rowVersion ?? 0,
      ratingMap: {
        bands: document.classification.map((b) => ({
          band: b.label,
          rating: ratingMap.bands[b.label] ?? 'COMPLETED',
        })),
        unclassified: ratingMap.unclassified,
      },
      previousCampaignId: previousId ?? null,
      previousCandidates: (await repo.campaignsWithResults(campaign.id)).map((p) => ({
        id: p.id,
        code: p.code,
        name: p.name,
        year: p.year,
      })),
      criterionMapping: treeCodes(document).map((t) => ({
        code: t.code,
        name: t.name,
        depth: t.depth,
        previousCode: mapping?.get(t.code) ?? null,
        overridden: Object.hasOwn(overrides, t.code),
      })),
      previousCodes: pdoc ? treeCodes(pdoc) : [],
      editable:
        can(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId: campaign.id }) &&
        !PUBLIC_PHASES.includes(campaign.phase),
    };
  }

  function publicRow(u: UnitSummary): PublicResults['rows'][number] {
    return {
      rank: u.rank,
      unitCode: u.unitCode,
      unitName: u.unitName,
      groupCode: u.groupCode,
      points: u.final.points,
      maxPoints: u.final.maxPoints,
      indexPercent: u.final.indexPercent,
      band: u.final.band,
      fields: u.final.fields,
    };
  }

  /** Published data only: rank, unit, final points and index, band, field indices. */
  async function publicResults(code: string): Promise<PublicResults> {
    const { c, header } = await publicHeader(code);
    return { ...header, rows: c.summary.units.map(publicRow) };
  }

  /**
   * What every public view of a published campaign starts with: the campaign, the announcement,
   * the ranking rule, fields and groups. The public page has no year-over-year comparison: last
   * year's campaign is not computed.
   */
  async function publicHeader(code: string) {
    const campaign = await publishedCampaign(code);
    const c = await compute(campaign, { withPrevious: false });
    const a = (await repo.announcement(campaign.id))!;
    const header = {
      code: campaign.code,
      name: campaign.name,
      year: campaign.year,
      agencyName: documents.agencyName,
      publishedAt: a.publishedAt!,
      announcement: {
        decisionNumber: a.decisionNumber,
        decisionDate: a.decisionDate,
        announcedOn: a.announcedOn,
        place: a.place,
      },
      rankingScope: c.document.ranking.scope,
      rankingTies: c.document.ranking.ties,
      fields: c.document.nodes.map((f) => ({ code: f.code, name: f.name })),
      groups: c.document.unitGroups.map((g) => ({ code: g.code, name: g.name })),
    };
    return { c, header };
  }

  /** One page of the published ranking, with the campaign's counts and field averages. */
  async function publicResultsPage(code: string, query: PublicResultsQuery): Promise<PublicResultsPage> {
    const { c, header } = await publicHeader(code);
    const page = pageOf(c.summary, query, sortContext(c, new Map()));
    const { statuses: _internal, ...stats } = statsOf(c.summary, c.document);
    return {
      ...header,
      rows: page.units.map(publicRow),
      total: page.total,
      page: query.page,
      pageSize: query.pageSize,
      sort: query.sort,
      order: query.order,
      group: page.group,
      q: page.q,
      stats,
      fieldAverages: c.document.nodes.map((f) => ({
        code: f.code,
        percent: c.summary.fieldAverages.get(f.code) ?? null,
      })),
    };
  }

  return {
    publicResults,
    publicResultsPage,

    /** The campaign when the caller may read every unit's internal results; else results()' errors. */
    async internalCampaign(ctx: Ctx, campaignId: string): Promise<CampaignRow> {
      const campaign = await campaignFor(ctx, campaignId);
      requireInternal(ctx);
      return campaign;
    },

    /** The ranked view with the summary and the set it came from (reports and workbooks). */
    async reportInputs(ctx: Ctx, campaignId: string) {
      const campaign = await campaignFor(ctx, campaignId);
      requireInternal(ctx);
      const c = await compute(campaign);
      return { campaign, view: await view(ctx, c), summary: c.summary, document: c.document };
    },

    /** Ranked results of every unit (internal roles): the council minutes. */
    async results(ctx: Ctx, campaignId: string): Promise<ResultsView> {
      const campaign = await campaignFor(ctx, campaignId);
      requireInternal(ctx);
      return view(ctx, await compute(campaign));
    },

    /**
     * One page of the ranking (internal roles): sorted, filtered and searched on the cached
     * summary, so a page costs O(pageSize) once the campaign is cached; the header's stats are
     * campaign-level aggregates.
     */
    async resultsPage(ctx: Ctx, campaignId: string, query: ResultsQuery): Promise<ResultsPage> {
      const campaign = await campaignFor(ctx, campaignId);
      requireInternal(ctx);
      const c = await compute(campaign);
      const specialCount = await specialCounts(campaign);
      const page = pageOf(c.summary, query, sortContext(c, specialCount));
      return {
        ...(await header(ctx, c)),
        rows: page.units.map((u) => rowOf(c, u, specialCount.get(u.scorecardId) ?? 0)),
        total: page.total,
        page: query.page,
        pageSize: query.pageSize,
        sort: query.sort,
        order: query.order,
        group: page.group,
        q: page.q,
        stats: statsOf(c.summary, c.document),
        appealUntil: campaign.appealUntil,
        canDecide: can(ctx.actor, 'council.decide', { type: 'campaign', campaignId: campaign.id }),
      };
    },

    /** What the charts draw (internal roles): every unit up to 100, else the ends and aggregates. */
    async resultsCharts(ctx: Ctx, campaignId: string, group: string | null): Promise<ResultsCharts> {
      const campaign = await campaignFor(ctx, campaignId);
      requireInternal(ctx);
      const c = await compute(campaign);
      const specialCount = await specialCounts(campaign);
      const charts = chartsOf(c.summary, c.document, group, sortContext(c, specialCount));
      return {
        group,
        total: charts.total,
        complete: charts.complete,
        rows: charts.units.map((u) => rowOf(c, u, specialCount.get(u.scorecardId) ?? 0)),
        histogram: charts.histogram,
        groupFieldAverages: charts.groupFieldAverages,
        fieldAverages: c.document.nodes.map((f) => ({
          code: f.code,
          percent: charts.fieldAverages.get(f.code) ?? null,
        })),
      };
    },

    /** The same rows as CSV, internal scores included (internal roles only). */
    async resultsCsv(ctx: Ctx, campaignId: string): Promise<{ filename: string; body: string }> {
      const campaign = await campaignFor(ctx, campaignId);
      requireInternal(ctx);
      const v = await view(ctx, await compute(campaign));
      const header = [
        'Hạng',
        'Hạng chung',
        'Hạng trong nhóm',
        'Mã đơn vị',
        'Tên đơn vị',
        'Nhóm',
        'Điểm tự đánh giá',
        'Điểm thẩm định',
        'Điểm cuối cùng',
        'Điểm tối đa',
        'Điểm thưởng',
        'Điểm trừ',
        'Chỉ số tự đánh giá (%)',
        'Chỉ số thẩm định (%)',
        'Chỉ số CCHC (%)',
        'Xếp loại',
        'Mức hoàn thành nhiệm vụ (đề xuất)',
        ...v.fields.map((f) => `${f.code} ${f.name} (%)`),
        'Chỉ số năm trước (%)',
      ];
      const rows = v.rows.map((r) => [
        r.rank,
        r.rankOverall,
        r.rankInGroup,
        r.unit.code,
        r.unit.name,
        r.unit.groupCode,
        decimal2(r.selfPoints),
        decimal2(r.appraisedPoints),
        decimal2(r.finalPoints),
        decimal2(r.maxPoints),
        decimal2(r.bonus),
        decimal2(r.penalty),
        decimal2(r.selfIndexPercent),
        decimal2(r.appraisedIndexPercent),
        decimal2(r.indexPercent),
        r.band,
        TASK_RATING_LABELS[r.rating].vi,
        ...r.fields.map((f) => decimal2(f.percent)),
        decimal2(r.previous?.indexPercent ?? null),
      ]);
      return { filename: `ket-qua-noi-bo-${campaign.code}.csv`, body: csvDocument(header, rows) };
    },

    /** One unit's results: fields, criteria, leaves, why this rank, year over year. */
    async unitResults(ctx: Ctx, scorecardId: string): Promise<UnitResultsView> {
      const card = await scorecardsRepo(db).findById(scorecardId);
      if (!card) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu đánh giá.');
      }
      const campaign = await campaignFor(ctx, card.campaignId);
      const internal = canEverywhere(ctx.actor, 'appraisal.read');
      const own =
        ownUnits(ctx.actor).includes(card.unitId) &&
        can(ctx.actor, 'scorecard.read', { type: 'scorecard', unitId: card.unitId });
      if (!internal && !own) {
        throw new AppError('FORBIDDEN');
      }
      if (!internal && !FINAL_PHASES.includes(campaign.phase)) {
        throw new AppError(
          'RESULTS_NOT_APPROVED',
          'Kết quả của đơn vị chỉ hiển thị sau khi lãnh đạo phê duyệt; trong lúc thẩm định, xem trang thẩm định của đơn vị.',
        );
      }
      const c = await compute(campaign);
      const at = unitPosition(c.summary, scorecardId);
      const u = at === undefined ? undefined : c.summary.units[at];
      if (!u) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu đánh giá.');
      }
      const published = PUBLIC_PHASES.includes(campaign.phase);
      // Ordered by unit code among equals (unitAbove), so "the unit above" is stable and readable.
      const ranked = c.summary.units.map((x) => ({ code: x.unitCode, group: x.groupCode, rank: x.rank, x }));
      const me = ranked.find((x) => x.x.scorecardId === scorecardId)!;
      const aboveRow = unitAbove(ranked, me, c.document.ranking.scope);
      // A unit sees the unit above only once results are public, and then field by field (the
      // published detail); the Office, the council and leadership see it down to each leaf.
      const showAbove = aboveRow !== null && (internal || published);
      // This unit's leaves (and the unit above's, and last year's) are loaded for this page only.
      const prevUnit = c.previous?.byUnitCode.get(u.unitCode) ?? null;
      const [scores, aboveScores, prevScores] = await Promise.all([
        unitScoresOf(db, u, c.document),
        showAbove && aboveRow && internal ? unitScoresOf(db, aboveRow.x, c.document) : null,
        c.previous && prevUnit ? unitScoresOf(db, prevUnit, c.previous.document) : null,
      ]);
      const aboveItems =
        showAbove && aboveRow
          ? aboveScores
            ? new Map(itemTotals(c.document, aboveScores.final).map((i) => [i.code, i]))
            : aboveRow.x.items
          : null;
      const prevItems =
        prevScores && c.previous
          ? new Map(itemTotals(c.previous.document, prevScores.final).map((i) => [i.code, i]))
          : null;
      const finalItems = itemTotals(c.document, scores.final);
      const selfItems = new Map(itemTotals(c.document, scores.self).map((i) => [i.code, i]));
      const appraisedItems = new Map(itemTotals(c.document, scores.appraised).map((i) => [i.code, i]));
      const items: ItemRow[] = finalItems
        .filter((i) => i.applies)
        .map((i) => {
          // A unit sees the unit above field by field only; null: no comparison.
          const other = aboveItems && (internal || i.depth === 0) ? aboveItems.get(i.code) : null;
          return {
            code: i.code,
            name: i.name,
            depth: i.depth,
            parentCode: i.parentCode,
            isLeaf: i.isLeaf,
            maxPoints: i.maxPoints,
            selfPoints: selfItems.get(i.code)?.points ?? 0,
            appraisedPoints: appraisedItems.get(i.code)?.points ?? 0,
            finalPoints: i.points,
            ...gapAgainst(i, other),
            previousPercent: c.previous ? previousPercentOf(i.code, c.previous.mapping, prevItems) : null,
          };
        });
      const rank = { rank: u.rank, overall: u.rankOverall, inGroup: u.rankInGroup };
      const final = scores.final;
      const averages = c.summary.fieldAverages;
      const appraiserIds = (await appraisalRepo(db).activeAssignments([scorecardId])).map((a) => a.userId);
      const previousResult = previousOf(c, u.unitCode);
      return {
        scorecardId,
        campaignId: campaign.id,
        campaignCode: campaign.code,
        campaignName: campaign.name,
        phase: campaign.phase as UnitResultsView['phase'],
        unit: { id: u.unitId, code: u.unitCode, name: u.unitName, groupCode: u.groupCode },
        status: u.status as ScorecardStatus,
        rankingScope: c.document.ranking.scope,
        rankedCount:
          c.document.ranking.scope === 'unitGroup'
            ? (statsOf(c.summary, c.document).groups.find((g) => g.code === u.groupCode)?.count ?? 0)
            : c.summary.units.length,
        rank: rank.rank,
        rankOverall: rank.overall,
        rankInGroup: rank.inGroup,
        rating: ratingOf(final.band, c.ratingMap),
        self: u.self,
        appraised: u.appraised,
        final: {
          points: totalPoints(final),
          maxPoints: final.maxPoints,
          bonus: final.bonus,
          penalty: final.penalty,
          indexPercent: final.indexPercent,
          band: final.band,
        },
        above:
          showAbove && aboveRow
            ? {
                unitName: aboveRow.x.unitName,
                rank: aboveRow.rank,
                indexPercent: aboveRow.x.final.indexPercent,
                points: aboveRow.x.final.points,
                bonus: internal ? aboveRow.x.final.bonus : null,
                penalty: internal ? aboveRow.x.final.penalty : null,
              }
            : null,
        fields: final.fields.map((f) => ({
          code: f.code,
          name: f.name,
          percent: f.percent,
          average: averages.get(f.code) ?? null,
          previousPercent: previousResult?.fields.find((p) => p.code === f.code)?.percent ?? null,
        })),
        items,
        previous:
          previousResult && c.previous
            ? {
                ...previousResult,
                campaignCode: c.previous.campaign.code,
                campaignName: c.previous.campaign.name,
              }
            : null,
        canOpenAppraisal: can(ctx.actor, 'appraisal.read', {
          type: 'scorecard',
          unitId: card.unitId,
          appraiserIds,
        }),
      };
    },

    async settings(ctx: Ctx, campaignId: string): Promise<ResultsSettingsView> {
      const campaign = await campaignFor(ctx, campaignId);
      requireInternal(ctx);
      return settingsView(ctx, campaign);
    },

    async saveSettings(
      ctx: Ctx,
      campaignId: string,
      input: ResultsSettingsInput,
    ): Promise<ResultsSettingsView> {
      const campaign = await campaignFor(ctx, campaignId);
      requirePermission(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId });
      if (PUBLIC_PHASES.includes(campaign.phase)) {
        throw new AppError(
          'RESULTS_FROZEN',
          'Kết quả đã công bố: mức xếp loại và so sánh năm trước không thay đổi được nữa.',
        );
      }
      const document = await access.documentOf(campaign.indexSetId);
      const bandLabels = new Set(document.classification.map((b) => b.label));
      const fields: Record<string, string> = {};
      for (const b of input.ratingMap.bands) {
        if (!bandLabels.has(b.band)) {
          fields[`ratingMap.${b.band}`] = `Mức xếp loại "${b.band}" không có trong bộ chỉ số.`;
        }
      }
      let previousDoc: IndexSetDocument | null = null;
      if (input.previousCampaignId !== null) {
        const pc =
          input.previousCampaignId === campaignId
            ? undefined
            : await campaignsRepo(db).findById(input.previousCampaignId);
        if (!pc || !FINAL_PHASES.includes(pc.phase)) {
          fields.previousCampaignId = 'Chọn một kỳ đánh giá khác đã có kết quả được phê duyệt.';
        } else {
          previousDoc = await access.documentOf(pc.indexSetId);
        }
      }
      const currentCodes = new Set(treeCodes(document).map((t) => t.code));
      const previousCodes = new Set(previousDoc ? treeCodes(previousDoc).map((t) => t.code) : []);
      const overrides: Record<string, string | null> = {};
      for (const m of input.criterionMapping) {
        if (!currentCodes.has(m.code)) {
          fields[`criterionMapping.${m.code}`] = `Tiêu chí ${m.code} không có trong bộ chỉ số của kỳ này.`;
        } else if (m.previousCode !== null && !previousCodes.has(m.previousCode)) {
          fields[`criterionMapping.${m.code}`] =
            `Tiêu chí ${m.previousCode} không có trong bộ chỉ số của kỳ so sánh.`;
        } else {
          overrides[m.code] = m.previousCode;
        }
      }
      if (Object.keys(fields).length > 0) {
        throw new AppError('VALIDATION_ERROR', 'Thiết lập kết quả không hợp lệ; không có gì được lưu.', {
          fields,
        });
      }
      const ratingMap: RatingMap = {
        bands: Object.fromEntries(input.ratingMap.bands.map((b) => [b.band, b.rating])),
        unclassified: input.ratingMap.unclassified,
      };
      const now = clock.now().toISOString();
      const row = {
        campaignId,
        ratingMap: JSON.stringify(ratingMap),
        previousCampaignId: input.previousCampaignId,
        criterionMap: JSON.stringify(overrides),
        rowVersion: 1,
        updatedBy: ctx.actor.userId,
        updatedAt: now,
      };
      const existing = await repo.settings(campaignId);
      const conflict = () =>
        new AppError('EDIT_CONFLICT', 'Thiết lập vừa được người khác lưu. Tải lại trang rồi thao tác lại.', {
          details: { currentVersion: existing?.rowVersion ?? 0 },
        });
      if (existing ? existing.rowVersion !== input.rowVersion : input.rowVersion !== 0) {
        throw conflict();
      }
      await db.transaction().execute(async (tx) => {
        // The campaign row first (as a publication does): settings never change once published,
        // even when the publication commits while this request is on its way.
        await lockCampaign(tx, campaign, true);
        if (existing) {
          if (!(await resultsRepo(tx).updateSettings(row, input.rowVersion))) {
            throw conflict();
          }
        } else {
          try {
            await resultsRepo(tx).insertSettings(row);
          } catch {
            throw conflict();
          }
        }
        await auditRepo(tx).append({
          at: new Date(now),
          actorUserId: ctx.actor.userId,
          action: 'results.settingsSaved',
          entityType: 'campaign',
          entityId: campaignId,
          data: { ratingMap, previousCampaignId: input.previousCampaignId, criterionMap: overrides },
          ip: ctx.ip,
        });
      });
      return settingsView(ctx, campaign);
    },

    /** The announcement record; publication (the campaign transition) needs it. */
    async saveAnnouncement(
      ctx: Ctx,
      campaignId: string,
      input: AnnouncementInput,
    ): Promise<AnnouncementView> {
      const campaign = await campaignFor(ctx, campaignId);
      requirePermission(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId });
      if (campaign.phase !== 'APPROVED' && campaign.phase !== 'PUBLISHED') {
        throw new AppError(
          campaign.phase === 'CLOSED' ? 'INVALID_STATE_TRANSITION' : 'RESULTS_NOT_APPROVED',
          campaign.phase === 'CLOSED'
            ? 'Kỳ đánh giá đã kết thúc.'
            : 'Chỉ ghi quyết định công bố sau khi lãnh đạo phê duyệt kết quả.',
        );
      }
      // The decision announces approved results, and the conference announces the decision.
      const fields: Record<string, string> = {};
      const approvedOn = campaign.approvedAt ? localDateOf(new Date(campaign.approvedAt)) : null;
      if (approvedOn && input.decisionDate < approvedOn) {
        fields.decisionDate = `Ngày quyết định không được trước ngày lãnh đạo phê duyệt kết quả (${formatLocalDateVi(approvedOn)}).`;
      }
      if (input.announcedOn && input.announcedOn < input.decisionDate) {
        fields.announcedOn = 'Ngày hội nghị công bố không được trước ngày quyết định.';
      }
      if (Object.keys(fields).length > 0) {
        throw new AppError('VALIDATION_ERROR', Object.values(fields)[0], { fields });
      }
      const now = clock.now().toISOString();
      const row = {
        campaignId,
        decisionNumber: input.decisionNumber,
        decisionDate: input.decisionDate,
        announcedOn: input.announcedOn ?? null,
        place: input.place ?? '',
        note: input.note ?? '',
        publishedAt: null,
        publishedBy: null,
        updatedBy: ctx.actor.userId,
        updatedAt: now,
      };
      await db.transaction().execute(async (tx) => {
        // Two saves at once (or a save and the publication) take turns on the campaign row, so
        // the second one reads the first one's record and updates it.
        await lockCampaign(tx, campaign, false);
        const before = await resultsRepo(tx).announcement(campaignId);
        await resultsRepo(tx).saveAnnouncement(row);
        await auditRepo(tx).append({
          at: new Date(now),
          actorUserId: ctx.actor.userId,
          action: 'results.announcementSaved',
          entityType: 'campaign',
          entityId: campaignId,
          data: {
            before: before
              ? {
                  decisionNumber: before.decisionNumber,
                  decisionDate: before.decisionDate,
                  announcedOn: before.announcedOn,
                  place: before.place,
                }
              : null,
            after: {
              decisionNumber: row.decisionNumber,
              decisionDate: row.decisionDate,
              announcedOn: row.announcedOn,
              place: row.place,
            },
          },
          ip: ctx.ip,
        });
      });
      return (await announcementView(campaignId))!;
    },

    /** Part of the campaign's `publish` transition (same transaction): the announcement is required. */
    async onCampaignTransition(
      tx: Database,
      ctx: Ctx,
      campaign: CampaignRow,
      action: CampaignTransitionAction,
    ): Promise<Record<string, unknown>> {
      if (action !== 'publish') {
        return {};
      }
      const a = await resultsRepo(tx).announcement(campaign.id);
      if (!a) {
        throw new AppError('ANNOUNCEMENT_REQUIRED');
      }
      await resultsRepo(tx).markPublished(campaign.id, ctx.actor.userId, clock.now().toISOString());
      return { decisionNumber: a.decisionNumber, decisionDate: a.decisionDate };
    },

    async publicList(): Promise<PublicCampaignSummary[]> {
      return (await repo.publishedCampaigns()).map((c) => ({
        code: c.code,
        name: c.name,
        year: c.year,
        publishedAt: c.publishedAt!,
        unitCount: Number(c.unitCount ?? 0),
      }));
    },

    async publicCsv(code: string): Promise<{ filename: string; body: string }> {
      const p = await publicResults(code);
      const header = [
        'Hạng',
        'Mã đơn vị',
        'Tên đơn vị',
        'Nhóm',
        'Điểm',
        'Điểm tối đa',
        'Chỉ số CCHC (%)',
        'Xếp loại',
        ...p.fields.map((f) => `${f.code} ${f.name} (%)`),
      ];
      const rows = p.rows.map((r) => [
        r.rank,
        r.unitCode,
        r.unitName,
        r.groupCode,
        decimal2(r.points),
        decimal2(r.maxPoints),
        decimal2(r.indexPercent),
        r.band,
        ...r.fields.map((f) => decimal2(f.percent)),
      ]);
      return { filename: `chi-so-cchc-${p.code}.csv`, body: csvDocument(header, rows) };
    },
  };
}
