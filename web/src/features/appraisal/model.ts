import type { AppraisalView, LeafAppraisalView } from '@cchc/domain/api/appraisal';
import { daysUntil, isLocalDate } from '@cchc/domain/campaign/calendar';
import { toHundredths } from '@cchc/domain/scoring/decimal';
import { getLang, type Lang } from '../../lib/i18n';

/** What the leaf list shows for one leaf. */
export type LeafState = 'undecided' | 'accepted' | 'adjusted' | 'notApplicable';
export type LeafFilter = 'all' | 'undecided' | 'disputed' | 'explanation';

/**
 * A leaf still waiting for the working group: no decision yet in round 1, or (round 2) an
 * explained leaf without its round-2 decision.
 */
export function needsDecision(view: AppraisalView, leaf: LeafAppraisalView): boolean {
  if (leaf.appraised === undefined) {
    return true;
  }
  return (
    view.decisionStage === 'ROUND2' &&
    leaf.explanation !== null &&
    !leaf.decisions.some((d) => d.stage === 'ROUND2')
  );
}

/**
 * Leaves "Công nhận tất cả tiêu chí còn lại" would accept (round 1): undecided and without an
 * explanation request — the server keeps the explained ones for the unit's answer.
 */
export function acceptableCount(view: AppraisalView): number {
  return view.leaves.filter((l) => l.appraised === undefined && l.explanation === null).length;
}

export function leafState(view: AppraisalView, leaf: LeafAppraisalView): LeafState {
  if (needsDecision(view, leaf) || leaf.current === null) {
    return 'undecided';
  }
  switch (leaf.current.kind) {
    case 'ACCEPT':
      return 'accepted';
    case 'ADJUST':
      return 'adjusted';
    case 'NOT_APPLICABLE':
      return 'notApplicable';
  }
}

export function matchesFilter(view: AppraisalView, leaf: LeafAppraisalView, filter: LeafFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'undecided':
      return needsDecision(view, leaf);
    case 'disputed':
      return leaf.disputed;
    case 'explanation':
      return leaf.explanation !== null;
  }
}

export interface LeafGroup {
  key: string;
  title: string;
  leaves: LeafAppraisalView[];
}

/** Leaves grouped under their field (the first name of their path); bonus and penalty last. */
export function groupLeaves(leaves: readonly LeafAppraisalView[], bonusPenaltyTitle: string): LeafGroup[] {
  const groups = new Map<string, LeafGroup>();
  for (const leaf of leaves) {
    const title = leaf.kind === 'CRITERION' ? (leaf.path[0] ?? '') : bonusPenaltyTitle;
    const key = leaf.kind === 'CRITERION' ? `f:${title}` : 'extra';
    let group = groups.get(key);
    if (!group) {
      group = { key, title, leaves: [] };
      groups.set(key, group);
    }
    group.leaves.push(leaf);
  }
  const all = [...groups.values()];
  return [...all.filter((g) => g.key !== 'extra'), ...all.filter((g) => g.key === 'extra')];
}

const NUMBER: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** 875 → '8,75' (no unit), for compact columns. */
export function pointsNumber(hundredths: number, lang: Lang = getLang()): string {
  return NUMBER[lang].format(hundredths / 100);
}

/** A point value typed in a number input → hundredths, or null when it has more than 2 decimals. */
export function inputToHundredths(value: number): number | null {
  try {
    return toHundredths(value);
  } catch {
    return null;
  }
}

/** A local due date (YYYY-MM-DD, Vietnam) that has passed. */
export function isOverdue(localDate: string): boolean {
  return isLocalDate(localDate) && daysUntil(localDate, new Date()) < 0;
}
