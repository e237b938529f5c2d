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
 *   GET  /api/campaigns/:id/results                → ResultsView (rows with fields, ranks, rating, year-over-year)
 *   GET  /api/campaigns/:id/results/csv            → the same rows as CSV (internal: self and appraised scores)
 *   GET  /api/campaigns/:id/results/settings       → ResultsSettingsView
 *   PUT  /api/campaigns/:id/results/settings       ResultsSettingsInput → ResultsSettingsView (Office; until published)
 *   PUT  /api/campaigns/:id/announcement           AnnouncementInput → AnnouncementView (Office; approved or published)
 *   (the Office publishes through POST /api/campaigns/:id/transitions {action: "publish"}; it needs the announcement)
 * A unit (its own, once approved) and the roles above
 *   GET  /api/scorecards/:id/results               → UnitResultsView (fields, criteria, leaves, why this rank)
 * Anyone, no login (published campaigns only; anything else is 404)
 *   GET  /api/public/results                       → PublicCampaignSummary[]
 *   GET  /api/public/results/:code                 → PublicResults
 *   GET  /api/public/results/:code/csv             → PublicResults as CSV (open data)
 */

export const RESULTS_LIMITS = {
  decisionNumberMax: 100,
  placeMax: 300,
  noteMax: 2000,
  mappingMax: 2000,
} as const;

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
