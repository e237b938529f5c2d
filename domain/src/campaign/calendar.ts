/**
 * Dates of the campaign calendar. Every deadline in the plan is a local date in Vietnam
 * ("trước ngày 16/12"); the server enforces it in Asia/Ho_Chi_Minh time whatever the
 * machine's zone. Vietnam has kept UTC+07:00 without daylight saving since 1975, so the
 * conversion is a fixed offset and needs no time-zone database (pure, testable).
 */
export const CAMPAIGN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` and a real calendar date. */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function parts(localDate: string): [number, number, number] {
  if (!isLocalDate(localDate)) {
    throw new Error(`Not a local date: ${localDate}`);
  }
  return localDate.split('-').map(Number) as [number, number, number];
}

/**
 * The instant a deadline passes: the end of `localDate` in Vietnam, i.e. 00:00 of the next
 * day at UTC+7. "Hạn 16/12" means work saved at 23:59 on 16/12 is on time.
 */
export function deadlineInstant(localDate: string): Date {
  const [y, m, d] = parts(localDate);
  return new Date(Date.UTC(y, m - 1, d + 1) - OFFSET_MS);
}

/** The Vietnamese local date (`YYYY-MM-DD`) of an instant. */
export function localDateOf(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** `localDate` shifted by whole days. */
export function addDays(localDate: string, days: number): string {
  const [y, m, d] = parts(localDate);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** True once the deadline of `localDate` has passed at `now`. */
export function isPast(localDate: string, now: Date): boolean {
  return now.getTime() >= deadlineInstant(localDate).getTime();
}

/** Whole minutes between the deadline of `localDate` and `at` (0 when on time). */
export function minutesLate(localDate: string, at: Date): number {
  const late = at.getTime() - deadlineInstant(localDate).getTime();
  return late > 0 ? Math.ceil(late / 60000) : 0;
}

/** Days from `now` to the deadline, counted on the Vietnamese calendar (negative when past). */
export function daysUntil(localDate: string, now: Date): number {
  const [y, m, d] = parts(localDate);
  const [ny, nm, nd] = parts(localDateOf(now));
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(ny, nm - 1, nd)) / DAY_MS);
}

/** `16/12/2024` — the vi-VN form of a local date. */
export function formatLocalDateVi(localDate: string): string {
  const [y, m, d] = parts(localDate);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}
