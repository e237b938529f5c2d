import type { CampaignPhase } from '@cchc/domain/workflow/campaign.machine';
import { isApiError } from '../../lib/api-client';
import type { Lang } from '../../lib/i18n';

/**
 * Small pure helpers of the council pages: points typed as text ('8,75') to exact hundredths,
 * numbers without their unit for dense tables, and reading the units out of a NOT_REVIEWED error.
 */

const POINTS_TEXT = /^(\d{1,9})(?:[.,](\d{1,2}))?$/;

/**
 * Points typed by a person → integer hundredths, exactly (string arithmetic, no floating point):
 * '8,75' → 875, '8.5' → 850, '10' → 1000. Null for anything else (negative, 3 decimals, text).
 */
export function parsePoints(text: string | null | undefined): number | null {
  const match = POINTS_TEXT.exec((text ?? '').trim());
  if (!match) {
    return null;
  }
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const value = whole * 100 + fraction;
  return Number.isSafeInteger(value) ? value : null;
}

const NUMBER: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** Hundredths → '8,75' (vi) or '8.75' (en): for table cells whose header already says "điểm". */
export function pointsNumber(hundredths: number, lang: Lang): string {
  return NUMBER[lang].format(hundredths / 100);
}

/** Hundredths → the text a person would type back ('8,75'; no thousands separator). */
export function pointsInputText(hundredths: number, lang: Lang): string {
  const whole = Math.trunc(hundredths / 100);
  const fraction = String(Math.abs(hundredths % 100)).padStart(2, '0');
  return `${whole}${lang === 'vi' ? ',' : '.'}${fraction}`;
}

/** Phases from the appraisal on, in which the council and results pages make sense. */
export const APPRAISAL_OR_LATER: readonly CampaignPhase[] = [
  'APPRAISAL',
  'COUNCIL',
  'APPROVED',
  'PUBLISHED',
  'CLOSED',
];

/** Phases after leadership approved: results are locked, amendments and appeals only. */
export function isLocked(phase: CampaignPhase): boolean {
  return phase === 'APPROVED' || phase === 'PUBLISHED' || phase === 'CLOSED';
}

function unitLabel(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    const code = v.code ?? v.unitCode;
    const name = v.name ?? v.unitName;
    if (typeof code === 'string' && typeof name === 'string') {
      return `${code} — ${name}`;
    }
    for (const candidate of [name, code, v.scorecardId, v.id]) {
      if (typeof candidate === 'string') {
        return candidate;
      }
    }
  }
  return null;
}

/** The units a NOT_REVIEWED error names (`details.units`: codes, names or small objects). */
export function notReviewedUnits(error: unknown): string[] {
  if (!isApiError(error) || error.code !== 'NOT_REVIEWED') {
    return [];
  }
  const units = error.details.units;
  if (!Array.isArray(units)) {
    return [];
  }
  return units.map(unitLabel).filter((u): u is string => u !== null);
}
