import type { Actor, Role } from './roles';

/**
 * Every action the policy knows. Modules add theirs here so that one function answers
 * "may this actor do this" for the whole product, and the web app reads the answers
 * (`allowedActions`, `permissions`) instead of re-deriving rules.
 */
export const ACTIONS = [
  'unit.read',
  'unit.create',
  'unit.update',
  'unit.deactivate',
  'unitGroup.read',
  'unitGroup.create',
  'unitGroup.update',
  'user.read',
  'user.create',
  'user.update',
  'user.deactivate',
  'user.resetPassword',
  'audit.read',
  'indexSet.read',
  'indexSet.readDrafts',
  'indexSet.edit',
  'indexSet.publish',
  'indexSet.newVersion',
  'indexSet.clone',
  // Campaigns (kỳ đánh giá): the Office runs them; leadership approves results and the budget.
  'campaign.read',
  'campaign.manage',
  'campaign.approve',
  'campaign.monitor',
  // Scorecards: a unit's self-assessment in one campaign. Resource: { type: 'scorecard', unitId }.
  'scorecard.read',
  'scorecard.edit',
  'scorecard.submit',
  'scorecard.return',
  'scorecard.extend',
  // Reminders (đôn đốc) and their delivery log.
  'reminder.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What an action is about. Absent for "in general" questions (menus, list endpoints). */
export type Resource =
  | { type: 'unit'; unitId: string }
  | { type: 'user'; userId: string; unitIds: readonly string[] }
  | { type: 'unitGroup'; groupId: string }
  | { type: 'indexSet'; indexSetId: string }
  | { type: 'campaign'; campaignId: string }
  | { type: 'scorecard'; unitId: string };

/** Actions each role holds without any scope condition. */
const GLOBAL_GRANTS: Record<Role, readonly Action[]> = {
  // Administrators run the system, not the scoring: a unit's self-scores come only from that
  // unit, and results are approved only by leadership (separation of duties).
  SYSTEM_ADMIN: ACTIONS.filter(
    (a) => a !== 'scorecard.edit' && a !== 'scorecard.submit' && a !== 'campaign.approve',
  ),
  // The Office publishes the index set (plan 2546/KH-TTTP §II.1).
  OFFICE_STAFF: [
    'unit.read',
    'unitGroup.read',
    'user.read',
    'audit.read',
    'indexSet.read',
    'indexSet.readDrafts',
    'indexSet.edit',
    'indexSet.publish',
    'indexSet.newVersion',
    'indexSet.clone',
    // The Office monitors and urges units, and may return a submission (plan §III.1).
    'campaign.read',
    'campaign.manage',
    'campaign.monitor',
    'scorecard.read',
    'scorecard.return',
    'scorecard.extend',
    'reminder.manage',
  ],
  // Appraisers read every unit's scorecard (conflict-of-interest rules come with appraisal).
  WORKING_GROUP: ['unit.read', 'unitGroup.read', 'indexSet.read', 'campaign.read', 'scorecard.read'],
  COUNCIL_MEMBER: ['unit.read', 'unitGroup.read', 'indexSet.read', 'campaign.read', 'scorecard.read'],
  // Leadership approves the results and the budget estimate (plan §IV).
  LEADERSHIP: [
    'unit.read',
    'unitGroup.read',
    'user.read',
    'indexSet.read',
    'campaign.read',
    'campaign.approve',
    'campaign.monitor',
    'scorecard.read',
  ],
  VIEWER: ['unit.read', 'unitGroup.read', 'indexSet.read', 'campaign.read'],
  UNIT_FOCAL: ['unitGroup.read', 'indexSet.read', 'campaign.read'],
  UNIT_HEAD: ['unitGroup.read', 'indexSet.read', 'campaign.read'],
};

/** Actions a unit-scoped role holds only on resources of its own unit. */
const UNIT_SCOPED_GRANTS: Partial<Record<Role, readonly Action[]>> = {
  // The focal officer fills in the unit's scorecard; the head may too, and alone submits it.
  UNIT_FOCAL: ['unit.read', 'user.read', 'scorecard.read', 'scorecard.edit'],
  UNIT_HEAD: ['unit.read', 'user.read', 'scorecard.read', 'scorecard.edit', 'scorecard.submit'],
};

function resourceUnitIds(resource: Resource): readonly string[] {
  switch (resource.type) {
    case 'unit':
      return [resource.unitId];
    case 'user':
      return resource.unitIds;
    case 'scorecard':
      return [resource.unitId];
    case 'unitGroup':
    case 'indexSet':
    case 'campaign':
      return [];
  }
}

/**
 * The one access policy. Pure: same inputs, same answer.
 * - Without a resource it answers "does the actor hold this action somewhere" (for menus
 *   and for list endpoints, which then filter rows with `can` per row).
 * - With a resource, unit-scoped grants apply only to resources of the grant's unit;
 *   a user may always read their own account.
 */
export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  if (resource?.type === 'user' && resource.userId === actor.userId && action === 'user.read') {
    return true;
  }
  for (const grant of actor.roles) {
    if (GLOBAL_GRANTS[grant.role].includes(action)) {
      return true;
    }
    const scoped = UNIT_SCOPED_GRANTS[grant.role];
    if (scoped?.includes(action) && grant.unitId !== null) {
      if (resource === undefined || resourceUnitIds(resource).includes(grant.unitId)) {
        return true;
      }
    }
  }
  return false;
}

/** True when the actor holds the action on every resource, not only within their unit. */
export function canEverywhere(actor: Actor, action: Action): boolean {
  return actor.roles.some((grant) => GLOBAL_GRANTS[grant.role].includes(action));
}

/** The actions of `candidates` the actor may take on `resource` — sent with each API object. */
export function allowedActions<A extends Action>(
  actor: Actor,
  candidates: readonly A[],
  resource: Resource,
): A[] {
  return candidates.filter((action) => can(actor, action, resource));
}

/** Every action the actor holds somewhere — the web app builds its navigation from this. */
export function permissionsOf(actor: Actor): Action[] {
  return ACTIONS.filter((action) => can(actor, action));
}
