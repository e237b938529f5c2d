import type { Action } from '../access/policy';
import type { IndexSetStatus } from '../api/index-sets';

/**
 * The life of one index-set version, as data. The Office drafts the set and publishes it
 * (plan 2546/KH-TTTP §II.1); a published version is frozen — changes go into a new version.
 */
export const INDEX_SET_TRANSITIONS = [
  { from: 'DRAFT', action: 'publish', to: 'PUBLISHED', permission: 'indexSet.publish' },
] as const satisfies readonly {
  from: IndexSetStatus;
  action: string;
  to: IndexSetStatus;
  permission: Action;
}[];

export type IndexSetTransitionAction = (typeof INDEX_SET_TRANSITIONS)[number]['action'];

/** The transition for `action` from `status`, or null when the machine has none. */
export function findIndexSetTransition(status: IndexSetStatus, action: IndexSetTransitionAction) {
  return INDEX_SET_TRANSITIONS.find((t) => t.from === status && t.action === action) ?? null;
}
