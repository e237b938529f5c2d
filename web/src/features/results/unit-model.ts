import type { ItemRow, PublicResultRow } from '@cchc/domain/api/results';
import { useSyncExternalStore } from 'react';
import type { Lang } from '../../lib/i18n';

/**
 * Pure helpers of the unit results and public pages. Points are integer hundredths of a point,
 * percents hundredths of a percent (as in the API).
 */

const NUMBER: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** 875 → '8,75' (vi) / '8.75' (en): points in a table column whose header names the unit. */
export function pointsNumber(hundredths: number, lang: Lang): string {
  return NUMBER[lang].format(hundredths / 100);
}

/** A signed difference: 250 → '+2,50', −250 → '−2,50', 0 → '0,00'. */
export function signedNumber(hundredths: number, lang: Lang): string {
  const text = NUMBER[lang].format(Math.abs(hundredths) / 100);
  return hundredths > 0 ? `+${text}` : hundredths < 0 ? `−${text}` : text;
}

/** A change of an index, in percentage points: −930 → '−9,30 điểm %' (vi) / '−9.30 pp' (en). */
export function signedPercentPoints(hundredths: number, lang: Lang): string {
  return `${signedNumber(hundredths, lang)} ${lang === 'vi' ? 'điểm %' : 'pp'}`;
}

/** One row of the drill-down tree (an item with its children, document order). */
export interface ItemNode extends ItemRow {
  children?: ItemNode[];
}

/** Fields → criteria → leaves, from the flat document-order list (parentCode links). */
export function itemTree(items: readonly ItemRow[]): ItemNode[] {
  const byCode = new Map<string, ItemNode>();
  const roots: ItemNode[] = [];
  for (const item of items) {
    const node: ItemNode = { ...item };
    byCode.set(item.code, node);
    const parent = item.parentCode ? byCode.get(item.parentCode) : undefined;
    if (parent) {
      parent.children = [...(parent.children ?? []), node];
    } else {
      roots.push(node);
    }
  }
  return roots;
}

/** Codes of every row that has children (for "expand all"). */
export function expandableCodes(nodes: readonly ItemNode[]): string[] {
  return nodes.flatMap((n) => (n.children ? [n.code, ...expandableCodes(n.children)] : []));
}

/**
 * "Why this rank": the fields (depth 0), the largest loss first, each with its criteria (depth 1)
 * that lost points or trail the unit above, also the largest loss first.
 */
export function lossTree(items: readonly ItemRow[]): ItemNode[] {
  const byLoss = (a: ItemRow, b: ItemRow) =>
    b.lostVsMax - a.lostVsMax || (b.gapVsAbove ?? 0) - (a.gapVsAbove ?? 0);
  return items
    .filter((i) => i.depth === 0)
    .sort(byLoss)
    .map((field) => {
      const children = items
        .filter(
          (i) => i.depth === 1 && i.parentCode === field.code && (i.lostVsMax > 0 || (i.gapVsAbove ?? 0) > 0),
        )
        .sort(byLoss)
        .map((c) => ({ ...c }));
      return children.length > 0 ? { ...field, children } : { ...field };
    });
}

/** The criteria (depth 1) that lost the most points against the maximum, largest first. */
export function largestLosses(items: readonly ItemRow[], count: number): ItemRow[] {
  return items
    .filter((i) => i.depth === 1 && i.lostVsMax > 0)
    .sort((a, b) => b.lostVsMax - a.lostVsMax || a.code.localeCompare(b.code))
    .slice(0, count);
}

/** Bands of a published ranking, best first (by the best index that reached each band). */
export function bandsInOrder(rows: readonly PublicResultRow[]): string[] {
  const best = new Map<string, number>();
  for (const r of rows) {
    if (r.band !== null) {
      best.set(r.band, Math.max(best.get(r.band) ?? -1, r.indexPercent));
    }
  }
  return [...best.entries()].sort((a, b) => b[1] - a[1]).map(([band]) => band);
}

/**
 * Tag colours of bands, best first (green → blue → violet → amber → red): dark text on a light
 * background, each pair above WCAG AA contrast.
 */
const BAND_STYLES = [
  { color: '#1b5e20', background: '#e8f5e9', borderColor: '#a5d6a7' },
  { color: '#0d3c78', background: '#e3eefc', borderColor: '#9fc2ef' },
  { color: '#4a2873', background: '#f1eaf9', borderColor: '#c9b3e6' },
  { color: '#7a3e00', background: '#fff3e0', borderColor: '#ffcc80' },
  { color: '#8e1b14', background: '#fdecea', borderColor: '#f5b3ad' },
] as const;
const NO_BAND_STYLE = { color: '#3a3a3a', background: '#eeeeee', borderColor: '#cfcfcf' } as const;

export function bandStyle(band: string | null, order: readonly string[]) {
  const i = band === null ? -1 : order.indexOf(band);
  return i < 0 ? NO_BAND_STYLE : (BAND_STYLES[Math.min(i, BAND_STYLES.length - 1)] ?? NO_BAND_STYLE);
}

/** Bar colours of the same bands in charts (the bands are also said in text). */
const BAND_BARS = ['#2e7d32', '#1d4e89', '#6a3d9a', '#b26a00', '#c62828'] as const;

export function bandBarColor(band: string | null, order: readonly string[]): string {
  const i = band === null ? -1 : order.indexOf(band);
  return i < 0 ? '#6b7280' : (BAND_BARS[Math.min(i, BAND_BARS.length - 1)] ?? '#6b7280');
}

/** A field name cut to `max` characters for chart axes (the tables carry the full name). */
export function shortName(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 1).trimEnd()}…`;
}

const NARROW_QUERY = '(max-width: 640px)';

function subscribeNarrow(listener: () => void): () => void {
  const list = window.matchMedia(NARROW_QUERY);
  list.addEventListener('change', listener);
  return () => list.removeEventListener('change', listener);
}

/** True on a phone-sized screen (charts then use codes instead of long names). */
export function useNarrow(): boolean {
  return useSyncExternalStore(
    subscribeNarrow,
    () => window.matchMedia(NARROW_QUERY).matches,
    () => false,
  );
}
