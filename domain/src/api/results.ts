import { z } from 'zod';
import { TASK_RATINGS } from '../results/results';
import { LIMITS } from '../validation';
import { CAMPAIGN_PHASES } from '../workflow/campaign.machine';
import { SCORECARD_STATUSES } from '../workflow/scorecard.machine';
import { ReturnRecord } from './appraisal';
import { LocalDate } from './campaigns';
import { Id, text } from './common';

/**
 * Results, analytics and publication API (docs/results.md). Points are integer hundredths;
 * percents are hundredths of a percent; dates are local dates (YYYY-MM-DD, Asia/Ho_Chi_Minh).
 *
 * Internal (Office, council, leadership — `appraisal.read` everywhere)
 *   GET  /api/campaigns/:id/results  ?page&pageSize&sort&order&group&q
 *                                                  → ResultsPage (one page of rows + the campaign-level stats)
 *   GET  /api/campaigns/:id/results/charts ?group  → ResultsCharts (every unit up to 100, else top/bottom,
 *                                                    histogram and per-group field averages)
 *   GET  /api/campaigns/:id/results/csv            → every row as CSV (internal: self and appraised scores)
 *   GET  /api/campaigns/:id/results/settings       → ResultsSettingsView
 *   PUT  /api/campaigns/:id/results/settings       ResultsSettingsInput → ResultsSettingsView (Office; until published)
 *   PUT  /api/campaigns/:id/announcement           AnnouncementInput → AnnouncementView (Office; approved or published)
 *   (the Office publishes through POST /api/campaigns/:id/transitions {action: "publish"}; it needs the announcement)
 * A unit (its own, once approved) and the roles above
 *   GET  /api/scorecards/:id/results               → UnitResultsView (fields, criteria, leaves, why this rank)
 * Anyone, no login (published campaigns only; anything else is 404)
 *   GET  /api/public/results                       → PublicCampaignSummary[]
 *   GET  /api/public/results/:code  ?page&pageSize&sort&order&group&q → PublicResultsPage
 *   GET  /api/public/results/:code/csv             → every published row as CSV (open data)
 */

export const RESULTS_LIMITS = {
  decisionNumberMax: 100,
  placeMax: 300,
  noteMax: 2000,
  mappingMax: 2000,
  /** Rows of one page of the ranking (internal and public). */
  pageSizeDefault: 50,
  pageSizeMax: 500,
  searchMax: 100,
  /** Up to this many units the charts draw every unit; above, the top and bottom `chartEdge`. */
  chartAllMax: 100,
  chartEdge: 20,
} as const;

/**
 * Orders of the ranking table. `rank` is the published order (per group first when the set ranks
 * within groups); every other order breaks ties by the published order. `change` is the index
 * change vs the previous campaign (units without one last); `adjust` is bonus − penalty.
 */
export const RESULT_SORTS = [
  'rank',
  'code',
  'name',
  'group',
  'index',
  'band',
  'rating',
  'change',
  'final',
  'self',
  'appraised',
  'max',
  'adjust',
  'special',
] as const;
export type ResultSort = (typeof RESULT_SORTS)[number];
export const PUBLIC_RESULT_SORTS = ['rank', 'code', 'name', 'group', 'index', 'band', 'final'] as const;

const pageQuery = <S extends readonly [string, ...string[]]>(sorts: S) =>
  z.object({
    page: z.coerce
      .number({ error: 'Số trang phải là số nguyên từ 1.' })
      .int('Số trang phải là số nguyên từ 1.')
      .min(1, 'Số trang phải là số nguyên từ 1.')
      .default(1),
    pageSize: z.coerce
      .number({ error: `Số đơn vị mỗi trang phải từ 1 đến ${RESULTS_LIMITS.pageSizeMax}.` })
      .int(`Số đơn vị mỗi trang phải từ 1 đến ${RESULTS_LIMITS.pageSizeMax}.`)
      .min(1, `Số đơn vị mỗi trang phải từ 1 đến ${RESULTS_LIMITS.pageSizeMax}.`)
      .max(RESULTS_LIMITS.pageSizeMax, `Số đơn vị mỗi trang phải từ 1 đến ${RESULTS_LIMITS.pageSizeMax}.`)
      .default(RESULTS_LIMITS.pageSizeDefault),
    sort: z.enum(sorts, { error: `Cách sắp xếp phải là một trong: ${sorts.join(', ')}.` }).default(sorts[0]),
    order: z
      .enum(['asc', 'desc'], { error: 'Chiều sắp xếp phải là asc (tăng dần) hoặc desc (giảm dần).' })
      .default('asc'),
    /** A unit group's code: only its units. */
    group: z.string().trim().max(LIMITS.codeMax, 'Mã khối quá dài.').optional(),
    /** Unit code or name, without accents or case (foldForSearch: "vu phap che" finds "Vụ Pháp chế"). */
    q: z
      .string()
      .max(RESULTS_LIMITS.searchMax, `Từ khóa tìm kiếm tối đa ${RESULTS_LIMITS.searchMax} ký tự.`)
      .optional(),
  });

/** One page of the ranking: sorted, filtered and searched on the server (docs/results.md, "Paging"). */
export const ResultsQuery = pageQuery(RESULT_SORTS);
export type ResultsQuery = z.infer<typeof ResultsQuery>;
export const PublicResultsQuery = pageQuery(PUBLIC_RESULT_SORTS);
export type PublicResultsQuery = z.infer<typeof PublicResultsQuery>;

export const ChartsQuery = z.object({ group: z.string().trim().max(LIMITS.codeMax).optional() });
export type ChartsQuery = z.infer<typeof ChartsQuery>;

/** Campaign-level figures of the page header: counts and averages, never per-unit lists. */
export const ResultsStats = z.object({
  /** Units ranked in the campaign (every group). */
  units: z.number().int(),
  /** Mean final index, hundredths of a percent; null without units. */
  averageIndexPercent: z.number().int().nullable(),
  /** Highest and lowest final index, hundredths of a percent; null without units. */
  highestIndexPercent: z.number().int().nullable(),
  lowestIndexPercent: z.number().int().nullable(),
  /** Units per band in the set's order, then (band null) those in no band when there are any. */
  bands: z.array(z.object({ band: z.string().nullable(), count: z.number().int() })),
  /** Units per group, with the group's mean, highest and lowest index: the set's groups first, then any other group a unit belongs to. */
  groups: z.array(
    z.object({
      code: z.string(),
      count: z.number().int(),
      averageIndexPercent: z.number().int().nullable(),
      highestIndexPercent: z.number().int().nullable(),
      lowestIndexPercent: z.number().int().nullable(),
    }),
  ),
  /** Scorecards per status (e.g. COUNCIL_APPROVED for leadership's approval card). */
  statuses: z.array(z.object({ status: z.enum(SCORECARD_STATUSES), count: z.number().int() })),
});
export type ResultsStats = z.infer<typeof ResultsStats>;

/** What the page asked for, as the server understood it, and how many rows match. */
const PageInfo = {
  /** Rows matching group and search (all pages). */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  sort: z.string(),
  order: z.enum(['asc', 'desc']),
  group: z.string().nullable(),
  q: z.string(),
};

export const TaskRating = z.enum(TASK_RATINGS);

export const FieldPercent = z.object({
  code: z.string(),
  /** Field index, hundredths of a percent; null when no criterion of the field applies. */
  percent: z.number().int().nullable(),
});

export const PreviousResult = z.object({
  indexPercent: z.number().int(),
  rank: z.number().int(),
  band: z.string().nullable(),
  fields: z.array(FieldPercent),
});
export type PreviousResult = z.infer<typeof PreviousResult>;

export const ResultRow = z.object({
  scorecardId: Id,
  unit: z.object({ id: Id, code: z.string(), name: z.string(), groupCode: z.string() }),
  status: z.enum(SCORECARD_STATUSES),
  selfPoints: z.number().int(),
  appraisedPoints: z.number().int(),
  finalPoints: z.number().int(),
  maxPoints: z.number().int(),
  bonus: z.number().int(),
  penalty: z.number().int(),
  selfIndexPercent: z.number().int(),
  appraisedIndexPercent: z.number().int(),
  indexPercent: z.number().int(),
  band: z.string().nullable(),
  /** Rank by the set's ranking rule (overall or within the group). */
  rank: z.number().int(),
  rankOverall: z.number().int(),
  rankInGroup: z.number().int(),
  rating: TaskRating,
  fields: z.array(FieldPercent),
  specialCaseCount: z.number().int(),
  /** The same unit (by code) in the previous campaign; null when it did not take part. */
  previous: PreviousResult.nullable(),
});
export type ResultRow = z.infer<typeof ResultRow>;

export const AnnouncementInput = z.object({
  decisionNumber: text('Số quyết định', RESULTS_LIMITS.decisionNumberMax),
  decisionDate: LocalDate,
  /** Date of the announcement conference; may be set later. */
  announcedOn: LocalDate.nullable().optional(),
  place: z.string().trim().max(RESULTS_LIMITS.placeMax).default(''),
  note: z.string().trim().max(RESULTS_LIMITS.noteMax).default(''),
});
export type AnnouncementInput = z.input<typeof AnnouncementInput>;

export const AnnouncementView = z.object({
  decisionNumber: z.string(),
  decisionDate: z.string(),
  announcedOn: z.string().nullable(),
  place: z.string(),
  note: z.string(),
  publishedAt: z.string().nullable(),
  publishedByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type AnnouncementView = z.infer<typeof AnnouncementView>;

export const ResultsView = z.object({
  campaignId: Id,
  campaignCode: z.string(),
  campaignName: z.string(),
  year: z.number().int(),
  phase: z.enum(CAMPAIGN_PHASES),
  rankingScope: z.enum(['all', 'unitGroup']),
  rankingTies: z.enum(['dense', 'competition']),
  fields: z.array(z.object({ code: z.string(), name: z.string(), maxPoints: z.number().int() })),
  groups: z.array(z.object({ code: z.string(), name: z.string() })),
  bands: z.array(z.string()),
  /** Average field index over the units (hundredths of a percent). */
  fieldAverages: z.array(FieldPercent),
  rows: z.array(ResultRow),
  previousCampaign: z
    .object({ id: Id, code: z.string(), name: z.string(), year: z.number().int() })
    .nullable(),
  announcement: AnnouncementView.nullable(),
  approvedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  /** The campaign's version, for leadership's approve/return and the Office's publish transition. */
  rowVersion: z.number().int(),
  lastReturn: ReturnRecord.nullable(),
  canManage: z.boolean(),
  canApprove: z.boolean(),
});
export type ResultsView = z.infer<typeof ResultsView>;

/**
 * The HTTP answer of GET …/results: the header of ResultsView with `rows` = ONE page (a page past
 * the end is empty, with the true `total`), the paging it answers and the campaign-level stats.
 * ResultsView itself (every row) is what the reports and the council minutes are built from.
 */
export const ResultsPage = ResultsView.extend({
  ...PageInfo,
  stats: ResultsStats,
  /**
   * What the results page needs of the council without asking for the council's view (which
   * scores every unit down to each leaf): the last day appeals are received (YYYY-MM-DD), and
   * whether the caller decides for the council (amendments, appeals).
   */
  appealUntil: z.string().nullable(),
  canDecide: z.boolean(),
});
export type ResultsPage = z.infer<typeof ResultsPage>;

/** Index distribution: units per band in bins of `RESULTS_HISTOGRAM_STEP` (the last bin is open). */
export const RESULTS_HISTOGRAM_STEP = 500;
export const HistogramBin = z.object({
  /** Lower bound, hundredths of a percent (inclusive); `to` exclusive, null for the last bin. */
  from: z.number().int(),
  to: z.number().int().nullable(),
  counts: z.array(z.object({ band: z.string().nullable(), count: z.number().int() })),
});
export type HistogramBin = z.infer<typeof HistogramBin>;

/**
 * What the "Biểu đồ" tab draws, for all units or one group: up to `chartAllMax` units every row
 * (`complete`); above, the first and last `chartEdge` of the ranking (`rows`, ranked order), and
 * for the whole selection the index histogram by band and the field averages per group.
 */
export const ResultsCharts = z.object({
  group: z.string().nullable(),
  total: z.number().int(),
  complete: z.boolean(),
  rows: z.array(ResultRow),
  histogram: z.array(HistogramBin),
  groupFieldAverages: z.array(
    z.object({ groupCode: z.string(), count: z.number().int(), fields: z.array(FieldPercent) }),
  ),
  /** Field averages over the selection. */
  fieldAverages: z.array(FieldPercent),
});
export type ResultsCharts = z.infer<typeof ResultsCharts>;

export const RatingMapView = z.object({
  bands: z.array(z.object({ band: z.string(), rating: TaskRating })),
  unclassified: TaskRating,
});

export const ResultsSettingsInput = z.object({
  rowVersion: z.number().int(),
  ratingMap: RatingMapView,
  previousCampaignId: Id.nullable(),
  /** Overrides of the default mapping (same code): current code → previous code, null = none. */
  criterionMapping: z
    .array(
      z.object({
        code: z.string().min(1).max(LIMITS.indexSetCodeMax),
        previousCode: z.string().min(1).max(LIMITS.indexSetCodeMax).nullable(),
      }),
    )
    .max(RESULTS_LIMITS.mappingMax),
});
export type ResultsSettingsInput = z.input<typeof ResultsSettingsInput>;

export const ResultsSettingsView = z.object({
  campaignId: Id,
  rowVersion: z.number().int(),
  ratingMap: RatingMapView,
  previousCampaignId: Id.nullable(),
  /** Campaigns that may serve as the previous one (other campaigns with results). */
  previousCandidates: z.array(
    z.object({ id: Id, code: z.string(), name: z.string(), year: z.number().int() }),
  ),
  /** Every criterion of this year's set with its mapped previous code (after overrides). */
  criterionMapping: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      depth: z.number().int(),
      previousCode: z.string().nullable(),
      overridden: z.boolean(),
    }),
  ),
  /** The previous set's codes, for choosing a mapping. */
  previousCodes: z.array(z.object({ code: z.string(), name: z.string(), depth: z.number().int() })),
  editable: z.boolean(),
});
export type ResultsSettingsView = z.infer<typeof ResultsSettingsView>;

export const ItemRow = z.object({
  code: z.string(),
  name: z.string(),
  depth: z.number().int(),
  parentCode: z.string().nullable(),
  isLeaf: z.boolean(),
  maxPoints: z.number().int(),
  selfPoints: z.number().int(),
  appraisedPoints: z.number().int(),
  finalPoints: z.number().int(),
  /** maxPoints − finalPoints. */
  lostVsMax: z.number().int(),
  /**
   * The unit ranked just above (null for the first, when the caller may not see it, or when the
   * item does not apply to that unit — another group's criteria).
   */
  abovePoints: z.number().int().nullable(),
  gapVsAbove: z.number().int().nullable(),
  /** Previous year's percent for the mapped item; null when unmapped or absent. */
  previousPercent: z.number().int().nullable(),
});
export type ItemRow = z.infer<typeof ItemRow>;

export const UnitResultsView = z.object({
  scorecardId: Id,
  campaignId: Id,
  campaignCode: z.string(),
  campaignName: z.string(),
  phase: z.enum(CAMPAIGN_PHASES),
  unit: z.object({ id: Id, code: z.string(), name: z.string(), groupCode: z.string() }),
  status: z.enum(SCORECARD_STATUSES),
  rankingScope: z.enum(['all', 'unitGroup']),
  /** Units ranked together with this one (the whole campaign or its group). */
  rankedCount: z.number().int(),
  rank: z.number().int(),
  rankOverall: z.number().int(),
  rankInGroup: z.number().int(),
  rating: TaskRating,
  self: z.object({ points: z.number().int(), indexPercent: z.number().int(), band: z.string().nullable() }),
  appraised: z.object({
    points: z.number().int(),
    indexPercent: z.number().int(),
    band: z.string().nullable(),
  }),
  final: z.object({
    points: z.number().int(),
    maxPoints: z.number().int(),
    bonus: z.number().int(),
    penalty: z.number().int(),
    indexPercent: z.number().int(),
    band: z.string().nullable(),
  }),
  /** The unit ranked just above; its name only when the caller may see other units' results. */
  above: z
    .object({
      unitName: z.string().nullable(),
      rank: z.number().int(),
      indexPercent: z.number().int(),
      points: z.number().int(),
      /** Not published: shown to the Office, the council and leadership only (null for a unit). */
      bonus: z.number().int().nullable(),
      penalty: z.number().int().nullable(),
    })
    .nullable(),
  /** Fields with the campaign's average index (the radar's second series). */
  fields: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      percent: z.number().int().nullable(),
      average: z.number().int().nullable(),
      previousPercent: z.number().int().nullable(),
    }),
  ),
  /** Every field, criterion and leaf that applies to the unit, document order. */
  items: z.array(ItemRow),
  previous: PreviousResult.extend({ campaignCode: z.string(), campaignName: z.string() }).nullable(),
  /** Whether the caller may open the appraisal workspace (evidence and history per leaf). */
  canOpenAppraisal: z.boolean(),
});
export type UnitResultsView = z.infer<typeof UnitResultsView>;

export const PublicCampaignSummary = z.object({
  code: z.string(),
  name: z.string(),
  year: z.number().int(),
  publishedAt: z.string(),
  unitCount: z.number().int(),
});
export type PublicCampaignSummary = z.infer<typeof PublicCampaignSummary>;

/** Only published data: no self scores, no appraisal details, no internal ids. */
export const PublicResultRow = z.object({
  rank: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  groupCode: z.string(),
  points: z.number().int(),
  maxPoints: z.number().int(),
  indexPercent: z.number().int(),
  band: z.string().nullable(),
  fields: z.array(FieldPercent),
});
export type PublicResultRow = z.infer<typeof PublicResultRow>;

export const PublicResults = z.object({
  code: z.string(),
  name: z.string(),
  year: z.number().int(),
  agencyName: z.string(),
  publishedAt: z.string(),
  announcement: z.object({
    decisionNumber: z.string(),
    decisionDate: z.string(),
    announcedOn: z.string().nullable(),
    place: z.string(),
  }),
  rankingScope: z.enum(['all', 'unitGroup']),
  rankingTies: z.enum(['dense', 'competition']),
  fields: z.array(z.object({ code: z.string(), name: z.string() })),
  groups: z.array(z.object({ code: z.string(), name: z.string() })),
  rows: z.array(PublicResultRow),
});
export type PublicResults = z.infer<typeof PublicResults>;

/** The public answer: `rows` = one page; field averages and counts for the whole campaign. */
export const PublicResultsPage = PublicResults.extend({
  ...PageInfo,
  stats: ResultsStats.omit({ statuses: true }),
  fieldAverages: z.array(FieldPercent),
});
export type PublicResultsPage = z.infer<typeof PublicResultsPage>;
