import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
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

/** Title, the ranking in slides of `perPage` units (per group when ranked per group), the bands. */
export function presentationSlides(view: ResultsView, perPage = 10): PresentationSlide[] {
  const ordered = rankedOrder(view.rows, view.rankingScope);
  const chunks: { groupCode?: string; rows: ResultRow[] }[] = [];
  if (view.rankingScope === 'unitGroup') {
    for (const g of groupOptions(view)) {
      chunks.push({ groupCode: g.code, rows: ordered.filter((r) => r.unit.groupCode === g.code) });
    }
  } else {
    chunks.push({ rows: ordered });
  }
  const slides: PresentationSlide[] = [{ kind: 'title', rows: [] }];
  for (const chunk of chunks) {
    const parts = Math.max(1, Math.ceil(chunk.rows.length / perPage));
    for (let i = 0; i < parts; i++) {
      slides.push({
        kind: 'ranking',
        groupCode: chunk.groupCode,
        rows: chunk.rows.slice(i * perPage, (i + 1) * perPage),
        part: i + 1,
        parts,
      });
    }
  }
  slides.push({ kind: 'bands', rows: ordered });
  return slides;
}

/** How many units fall in each band (the set's order), then those in no band. */
export function bandDistribution(view: Pick<ResultsView, 'bands' | 'rows'>): {
  band: string | null;
  count: number;
}[] {
  const counts = view.bands.map((band) => ({
    band: band as string | null,
    count: view.rows.filter((r) => r.band === band).length,
  }));
  const none = view.rows.filter((r) => r.band === null || !view.bands.includes(r.band)).length;
  return none > 0 ? [...counts, { band: null, count: none }] : counts;
}

/** The server's default mapping: the same code when the previous set has it, otherwise none. */
export function defaultPreviousCode(code: string, previousCodes: ReadonlySet<string>): string | null {
  return previousCodes.has(code) ? code : null;
}
