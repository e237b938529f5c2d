import { ROLE_LABELS } from '@cchc/domain/access/roles';
import { ADJUSTMENT_REASON_LABELS, SPECIAL_CASE_LABELS } from '@cchc/domain/api/appraisal';
import type { AuditEntryView } from '@cchc/domain/api/audit';
import { INDEX_SET_STATUS_LABELS } from '@cchc/domain/api/index-sets';
import { DECISION_KIND_LABELS, REVIEW_STAGE_LABELS } from '@cchc/domain/appraisal/appraisal';
import { CAMPAIGN_ACTION_LABELS, CAMPAIGN_PHASE_LABELS } from '@cchc/domain/workflow/campaign.machine';
import { SCORECARD_ACTION_LABELS, SCORECARD_STATUS_LABELS } from '@cchc/domain/workflow/scorecard.machine';
import { formatDate, formatDateTime, formatPercent, formatPoints } from '../../lib/format';
import type { Lang } from '../../lib/i18n';
import { isAuditMessageKey, translateAudit } from './messages';

/**
 * A readable summary of an event's `data` (what changed, or why): one line per fact, with
 * "cũ → mới" for before/after pairs. The full JSON stays available in the row's expansion; this
 * is a reading aid, never the record itself, so unknown shapes fall back to a compact text.
 */
export interface SummaryLine {
  label: string | null;
  text: string;
}

type Labels = Record<string, { vi: string; en: string }>;

/** Code lists whose values may appear in the data, by the entity they belong to. */
const STATUS_LABELS_BY_ENTITY: Record<string, Labels> = {
  campaign: CAMPAIGN_PHASE_LABELS,
  scorecard: SCORECARD_STATUS_LABELS,
  indexSet: INDEX_SET_STATUS_LABELS,
};
const ACTION_LABELS_BY_ENTITY: Record<string, Labels> = {
  campaign: CAMPAIGN_ACTION_LABELS,
  scorecard: SCORECARD_ACTION_LABELS,
};
/** Labels of codes under a given key, whatever the entity. */
const LABELS_BY_KEY: Record<string, Labels> = {
  reasonCode: ADJUSTMENT_REASON_LABELS,
  stage: REVIEW_STAGE_LABELS,
  role: ROLE_LABELS,
};

/** Events whose bare numeric before/after are points (integer hundredths). */
const POINT_ACTIONS = new Set([
  'appraisal.decided',
  'appraisal.amended',
  'council.specialCase',
  'appeal.decided',
]);
const POINT_KEYS = new Set(['points', 'maxPoints', 'selfPoints', 'appraisedPoints', 'finalPoints']);
const PERCENT_KEYS = new Set(['appraisedIndex', 'finalIndex', 'selfIndex', 'indexPercent']);
/** Technical keys left to the JSON view (ids, hashes). */
const HIDDEN_KEY = /(Id|Ids|Hash|sha256|rowVersion)$|^(id|diff|requestId)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LINES = 6;
const MAX_TEXT = 140;
const MAX_ITEMS = 6;

interface Context {
  lang: Lang;
  action: string;
  entityType: string;
  /** Unit id → code, to show a unit by its code. */
  unitCodes: ReadonlyMap<string, string>;
}

/**
 * An id shortened for the eye. Ids are UUIDv7, whose first digits are a timestamp shared by
 * everything created in the same moment: the random tail tells them apart.
 */
export function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNothing(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    value === false ||
    (Array.isArray(value) && value.length === 0)
  );
}

function truncate(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function keyLabel(key: string, lang: Lang): string {
  const k = `key.${key}`;
  return isAuditMessageKey(k) ? translateAudit(lang, k) : key;
}

function codeLabel(value: string, key: string | null, ctx: Context): string | null {
  const byKey = key ? LABELS_BY_KEY[key] : undefined;
  if (byKey && Object.hasOwn(byKey, value)) {
    return byKey[value]![ctx.lang];
  }
  if (key === 'kind') {
    const kinds: Labels = { ...DECISION_KIND_LABELS, ...SPECIAL_CASE_LABELS };
    if (Object.hasOwn(kinds, value)) {
      return kinds[value]![ctx.lang];
    }
  }
  if (key === 'action') {
    const actions = ACTION_LABELS_BY_ENTITY[ctx.entityType];
    if (actions && Object.hasOwn(actions, value)) {
      return actions[value]![ctx.lang];
    }
  }
  if (key === 'from' || key === 'to' || key === 'status' || key === 'phase') {
    const statuses = STATUS_LABELS_BY_ENTITY[ctx.entityType];
    if (statuses && Object.hasOwn(statuses, value)) {
      return statuses[value]![ctx.lang];
    }
  }
  if (key === 'status' && (value === 'onTime' || value === 'late' || value === 'notDone')) {
    return translateAudit(ctx.lang, `answer.${value}`);
  }
  if (Object.hasOwn(ROLE_LABELS, value)) {
    return ROLE_LABELS[value as keyof typeof ROLE_LABELS][ctx.lang];
  }
  return null;
}

/** One value as short text; `key` is the name it was stored under (for units and code lists). */
export function formatValue(
  value: unknown,
  key: string | null,
  ctx: Context,
  points = false,
  nested = false,
): string {
  const { lang } = ctx;
  if (value === undefined || value === null || value === '') {
    return translateAudit(lang, 'value.none');
  }
  if (typeof value === 'boolean') {
    return translateAudit(lang, value ? 'value.yes' : 'value.no');
  }
  if (typeof value === 'number') {
    // Inside an answer (nested), numbers are as typed: a direct score of 8.5 is 8.5, not hundredths.
    if (Number.isInteger(value) && (points || (!nested && key !== null && POINT_KEYS.has(key)))) {
      return formatPoints(value, lang);
    }
    if (Number.isInteger(value) && !nested && key !== null && PERCENT_KEYS.has(key)) {
      return formatPercent(value, lang);
    }
    // Years and small counts read without a thousands separator ("2026", not "2.026").
    return value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      useGrouping: Math.abs(value) >= 10_000,
      maximumFractionDigits: 2,
    });
  }
  if (typeof value === 'string') {
    const label = codeLabel(value, key, ctx);
    if (label) {
      return label;
    }
    if (UUID.test(value)) {
      return ctx.unitCodes.get(value) ?? shortId(value);
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return formatDate(value, lang);
    }
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
      return formatDateTime(value, lang);
    }
    return truncate(value);
  }
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_ITEMS).map((item) => formatValue(item, key, ctx, points));
    const rest = value.length - shown.length;
    return truncate(shown.join(', ') + (rest > 0 ? translateAudit(lang, 'value.more', { count: rest }) : ''));
  }
  if (isRecord(value)) {
    // A role grant: the role's name, with the unit's code.
    if (typeof value.role === 'string' && Object.hasOwn(ROLE_LABELS, value.role)) {
      const role = ROLE_LABELS[value.role as keyof typeof ROLE_LABELS][lang];
      const unit = typeof value.unitId === 'string' ? ctx.unitCodes.get(value.unitId) : undefined;
      return unit ? `${role} — ${unit}` : role;
    }
    // One change inside a list: "1.3: 2,00 điểm → 1,00 điểm".
    if ('before' in value || 'after' in value) {
      const p = points || POINT_ACTIONS.has(ctx.action);
      const head = typeof value.leafCode === 'string' ? `${value.leafCode}: ` : '';
      return `${head}${formatValue(value.before, key, ctx, p)} → ${formatValue(value.after, key, ctx, p)}`;
    }
    const entries = Object.entries(value).filter(([k]) => !HIDDEN_KEY.test(k));
    // An answer like { value: true } reads as its one value.
    if (entries.length === 1) {
      return formatValue(entries[0]![1], entries[0]![0], ctx, points, true);
    }
    return truncate(
      entries.map(([k, v]) => `${keyLabel(k, lang)}: ${formatValue(v, k, ctx, points, true)}`).join('; '),
    );
  }
  return truncate(String(value));
}

function changes(before: unknown, after: unknown, ctx: Context, hasBefore: boolean): SummaryLine[] {
  const points = POINT_ACTIONS.has(ctx.action);
  if (!isRecord(after) && !isRecord(before)) {
    if (!hasBefore) {
      return [{ label: null, text: formatValue(after, null, ctx, points) }];
    }
    return [
      {
        label: points ? keyLabel('points', ctx.lang) : null,
        text: `${formatValue(before, null, ctx, points)} → ${formatValue(after, null, ctx, points)}`,
      },
    ];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const lines: SummaryLine[] = [];
  for (const key of keys) {
    const was = b[key];
    const now = a[key];
    if (JSON.stringify(was) === JSON.stringify(now) || (isNothing(was) && isNothing(now))) {
      continue;
    }
    const label = keyLabel(key, ctx.lang);
    if (!hasBefore) {
      // A creation: what it was created with.
      lines.push({ label, text: formatValue(now, key, ctx, points) });
    } else if (after === undefined) {
      // Only the old values were kept (the new ones are on the object itself).
      lines.push({ label, text: `${formatValue(was, key, ctx, points)} → …` });
    } else {
      lines.push({
        label,
        text: `${formatValue(was, key, ctx, points)} → ${formatValue(now, key, ctx, points)}`,
      });
    }
  }
  return lines;
}

/** The summary lines of one event (at most a handful; the row expands to the full data). */
export function summarize(
  entry: Pick<AuditEntryView, 'action' | 'entityType' | 'data'>,
  lang: Lang,
  unitCodes: ReadonlyMap<string, string> = new Map(),
): SummaryLine[] {
  const ctx: Context = { lang, action: entry.action, entityType: entry.entityType, unitCodes };
  const data = entry.data;
  const lines: SummaryLine[] = [];
  if (typeof data.leafCode === 'string') {
    lines.push({ label: keyLabel('leafCode', lang), text: data.leafCode });
  }
  if ('before' in data || 'after' in data) {
    lines.push(...changes(data.before, data.after, ctx, 'before' in data));
  }
  if ('from' in data || 'to' in data) {
    const key =
      entry.entityType === 'campaign'
        ? 'phase'
        : typeof data.to === 'string' && /^\d{4}-/.test(data.to)
          ? 'until'
          : 'status';
    lines.push({
      label: keyLabel(key, lang),
      text: `${formatValue(data.from, 'from', ctx)} → ${formatValue(data.to, 'to', ctx)}`,
    });
  }
  for (const [key, value] of Object.entries(data)) {
    if (['leafCode', 'before', 'after', 'from', 'to'].includes(key) || HIDDEN_KEY.test(key)) {
      continue;
    }
    if (isNothing(value) && value !== false) {
      continue;
    }
    const text =
      key === 'fields' && Array.isArray(value)
        ? value.map((field) => keyLabel(String(field), lang)).join(', ')
        : formatValue(value, key, ctx);
    lines.push({ label: keyLabel(key, lang), text });
  }
  if (lines.length > MAX_LINES) {
    const rest = lines.length - MAX_LINES + 1;
    return [
      ...lines.slice(0, MAX_LINES - 1),
      { label: null, text: translateAudit(lang, 'value.more', { count: rest }) },
    ];
  }
  return lines;
}

/** "ROLE" or "ROLE@unitId" (the actor's grants at the time) as readable names. */
export function roleGrantLabel(grant: string, lang: Lang, unitCodes: ReadonlyMap<string, string>): string {
  const [role, unitId] = grant.split('@');
  const name =
    role && Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as keyof typeof ROLE_LABELS][lang] : grant;
  if (!unitId) {
    return name;
  }
  return `${name} — ${unitCodes.get(unitId) ?? shortId(unitId)}`;
}
