import defaults from '../../data/campaign-defaults.json' with { type: 'json' };
import { isLocalDate } from './calendar';

/** Milestone keys the product acts on; the Office may add others (e.g. a kick-off meeting). */
export const MILESTONE_KEYS = ['GUIDANCE', 'SELF_ASSESSMENT', 'APPRAISAL', 'REPORT', 'ANNOUNCEMENT'] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];

export const REMINDER_AUDIENCES = ['FOCAL', 'HEAD', 'BOTH'] as const;
export type ReminderAudience = (typeof REMINDER_AUDIENCES)[number];

export interface MilestoneDraft {
  key: string;
  label: string;
  dueDate: string;
}

export interface ReminderRuleDraft {
  milestoneKey: string;
  /** Days relative to the deadline: −7 = a week before; 0 = when it passes (overdue); 2 = two days after. */
  offsetDays: number;
  audience: ReminderAudience;
}

/** The plan's timeline for a campaign of `year` (domain/data/campaign-defaults.json). */
export function defaultMilestones(year: number): MilestoneDraft[] {
  return defaults.milestones.map((m) => {
    const dueDate = `${year + m.yearOffset}-${String(m.month).padStart(2, '0')}-${String(m.day).padStart(2, '0')}`;
    if (!isLocalDate(dueDate)) {
      throw new Error(`campaign-defaults.json: bad date for ${m.key}`);
    }
    return { key: m.key, label: m.label, dueDate };
  });
}

/** The default reminder ladder: 7 days before, 1 day before, overdue, escalation to the head. */
export function defaultReminderLadder(): ReminderRuleDraft[] {
  return defaults.reminderLadder.map((r) => ({
    milestoneKey: r.milestoneKey,
    offsetDays: r.offsetDays,
    audience: r.audience as ReminderAudience,
  }));
}

/** Default evidence size limit in bytes (the server's EVIDENCE_MAX_BYTES overrides it). */
export const DEFAULT_EVIDENCE_MAX_BYTES: number = defaults.evidenceMaxBytes;
