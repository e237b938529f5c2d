import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { getLang, type Lang } from './i18n';

dayjs.extend(utc);

/**
 * Display formats. Vietnamese uses dd/MM/yyyy (16/12/2024) and a comma as decimal separator;
 * English shows ISO-like dates (2024-12-16) so that no reader mistakes day for month.
 * Times are shown in Vietnam time (UTC+07:00, no daylight saving — the zone in which the server
 * enforces deadlines), whatever the browser's zone: "saved at 23:58" must mean the same thing to
 * the officer and to the Office.
 */
const VIETNAM_OFFSET_MINUTES = 7 * 60;

/** A plain date ('2024-12-16') stays as it is; an instant is shown in Vietnam time. */
function inVietnam(iso: string): dayjs.Dayjs {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? dayjs(iso) : dayjs.utc(iso).utcOffset(VIETNAM_OFFSET_MINUTES);
}
const DATE_FORMAT: Record<Lang, string> = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' };
const DATE_TIME_FORMAT: Record<Lang, string> = { vi: 'DD/MM/YYYY HH:mm', en: 'YYYY-MM-DD HH:mm' };

/** '16/12/2024' (vi) or '2024-12-16' (en); '' for a missing or unparseable value. */
export function formatDate(iso: string | null | undefined, lang: Lang = getLang()): string {
  if (!iso) {
    return '';
  }
  const d = inVietnam(iso);
  return d.isValid() ? d.format(DATE_FORMAT[lang]) : '';
}

/** '16/12/2024 14:05' (vi) or '2024-12-16 14:05' (en); '' for a missing or unparseable value. */
export function formatDateTime(iso: string | null | undefined, lang: Lang = getLang()): string {
  if (!iso) {
    return '';
  }
  const d = inVietnam(iso);
  return d.isValid() ? d.format(DATE_TIME_FORMAT[lang]) : '';
}

const POINTS_FORMAT: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** Scores are stored as integer hundredths of a point: 875 → '8,75 điểm' (vi), '8.75 points' (en). */
export function formatPoints(hundredths: number, lang: Lang = getLang()): string {
  const value = POINTS_FORMAT[lang].format(hundredths / 100);
  return lang === 'vi' ? `${value} điểm` : `${value} ${hundredths === 100 ? 'point' : 'points'}`;
}

const PERCENT_FORMAT: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

/** Percents are stored as integer hundredths of a percent: 8214 → '82,14%' (vi), '82.14%' (en). */
export function formatPercent(hundredths: number, lang: Lang = getLang()): string {
  return `${PERCENT_FORMAT[lang].format(hundredths / 100)}%`;
}

const COUNT_FORMAT: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-GB'),
};

/** A count with the language's thousands separator: 10000 → '10.000' (vi), '10,000' (en). */
export function formatCount(n: number, lang: Lang = getLang()): string {
  return COUNT_FORMAT[lang].format(n);
}
