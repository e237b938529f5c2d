import type { ResultRow, ResultsStats, ResultsView } from '@cchc/domain/api/results';
import { TASK_RATING_LABELS, type TaskRating } from '@cchc/domain/results/results';
import type { Lang } from '../../lib/i18n';

/**
 * Pure helpers of the internal results page: band colours, the year-over-year change, search,
 * group names, the presentation's pages and the default criterion mapping. Percents are
 * hundredths of a percent, as everywhere in the API.
 */

export function ratingLabel(rating: TaskRating, lang: Lang): string {
  return TASK_RATING_LABELS[rating][lang];
}

/**
 * One colour per band, in the set's order (best first): dark green → blue → violet → amber →
 * red, all dark enough for white text; charts always say the band in text too.
 */
const BAND_PALETTE = ['#1b6e3a', '#1d4e89', '#6a3d9a', '#a15c00', '#b3261e', '#5d4037', '#37474f'];
export const NO_BAND_COLOR = '#6b7280';

export function bandColor(band: string | null, bands: readonly string[]): string {
  if (band === null) {
    return NO_BAND_COLOR;
  }
  const i = bands.indexOf(band);
  return i < 0 ? NO_BAND_COLOR : (BAND_PALETTE[Math.min(i, BAND_PALETTE.length - 1)] ?? NO_BAND_COLOR);
}

/** Change of the index vs the previous campaign, hundredths of a percentage point; null if new. */
export function indexDelta(row: ResultRow): number | null {
  return row.previous ? row.indexPercent - row.previous.indexPercent : null;
}

const NUMBER: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** Hundredths → '2,15' (vi) / '2.15' (en), no sign. */
export function plainNumber(hundredths: number, lang: Lang): string {
  return NUMBER[lang].format(Math.abs(hundredths) / 100);
}

/** Lower case, no diacritics, đ → d: "Vụ Pháp chế" matches "vu phap". */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}

export function matchesSearch(row: ResultRow, query: string): boolean {
  const q = searchKey(query);
  return q === '' || searchKey(row.unit.name).includes(q) || searchKey(row.unit.code).includes(q);
}

/** Group code → name, from the set's groups (the code itself when the set does not name it). */
export function groupNamer(view: Pick<ResultsView, 'groups'>): (code: string) => string {
  const names = new Map(view.groups.map((g) => [g.code, g.name]));
  return (code) => names.get(code) ?? code;
}

/** The groups to filter by: the set's, then any other group a row belongs to. */
export function groupOptions(view: Pick<ResultsView, 'groups' | 'rows'>): { code: string; name: string }[] {
  const present = new Set(view.rows.map((r) => r.unit.groupCode));
  const known = view.groups.filter((g) => present.has(g.code));
  const extra = [...present]
    .filter((code) => !view.groups.some((g) => g.code === code))
    .sort()
    .map((code) => ({ code, name: code }));
  return [...known, ...extra];
}

/** The groups to filter by, from the server's counts (every unit, not only the page's). */
export function groupOptionsOf(view: Pick<ResultsView, 'groups'> & { stats: ResultsStats }): {
  code: string;
  name: string;
}[] {
  const name = groupNamer(view);
  return view.stats.groups.map((g) => ({ code: g.code, name: name(g.code) }));
}

/** Rows in the order the set ranks them (per group first when ranking within groups). */
export function rankedOrder(rows: readonly ResultRow[], scope: ResultsView['rankingScope']): ResultRow[] {
  return [...rows].sort((a, b) =>
    scope === 'unitGroup'
      ? a.unit.groupCode.localeCompare(b.unit.groupCode) || a.rank - b.rank
      : a.rank - b.rank || a.unit.code.localeCompare(b.unit.code),
  );
}

/** Rows by index, best first (charts): ties by code so that the order is stable. */
export function byIndex(rows: readonly ResultRow[]): ResultRow[] {
  return [...rows].sort((a, b) => b.indexPercent - a.indexPercent || a.unit.code.localeCompare(b.unit.code));
}

export interface PresentationSlide {
  kind: 'title' | 'ranking' | 'bands';
  /** Ranking slides: the group they belong to when ranking within groups. */
  groupCode?: string;
  rows: ResultRow[];
  /** 1-based part of the ranking (of `parts`) within the group or overall. */
  part?: number;
  parts?: number;
}

/**
 * Title, the ranking in slides of `perPage` units (per group when ranked per group), the bands.
 * Only the slide count comes from here (the server's counts); a ranking slide loads its own ten
 * rows (the page `part` of its group), so a 10,000-unit campaign is never loaded whole.
 */
export function presentationSlides(
  view: Pick<ResultsView, 'rankingScope' | 'groups'> & { stats: ResultsStats },
  perPage = PRESENTATION_PER_PAGE,
): PresentationSlide[] {
  const chunks: { groupCode?: string; count: number }[] =
    view.rankingScope === 'unitGroup'
      ? groupOptionsOf(view).map((g) => ({
          groupCode: g.code,
          count: view.stats.groups.find((x) => x.code === g.code)?.count ?? 0,
        }))
      : [{ count: view.stats.units }];
  const slides: PresentationSlide[] = [{ kind: 'title', rows: [] }];
  for (const chunk of chunks) {
    const parts = Math.max(1, Math.ceil(chunk.count / perPage));
    for (let i = 0; i < parts; i++) {
      slides.push({ kind: 'ranking', groupCode: chunk.groupCode, rows: [], part: i + 1, parts });
    }
  }
  slides.push({ kind: 'bands', rows: [] });
  return slides;
}

export const PRESENTATION_PER_PAGE = 10;

/** How many units fall in each band (the set's order), then those in no band (server counts). */
export function bandDistribution(view: { stats: ResultsStats }): { band: string | null; count: number }[] {
  return view.stats.bands;
}

/** The server's default mapping: the same code when the previous set has it, otherwise none. */
export function defaultPreviousCode(code: string, previousCodes: ReadonlySet<string>): string | null {
  return previousCodes.has(code) ? code : null;
}
