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
  // Appraisal (thẩm định): the Office assigns working-group members and follows the work; a
  // member reviews only the units assigned to them, never their own (resource `appraiserIds`).
  'appraisal.assign',
  'appraisal.read',
  'appraisal.review',
  // The unit answers explanation requests (giải trình) and files appeals (kiến nghị).
  'explanation.respond',
  'appeal.file',
  // The Appraisal Council (Hội đồng thẩm định) decides special cases, approves each unit's
  // result, decides appeals and amendments; meetings are recorded by the council or its secretariat.
  'council.decide',
  'council.record',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What an action is about. Absent for "in general" questions (menus, list endpoints). */
export type Resource =
  | { type: 'unit'; unitId: string }
  | { type: 'user'; userId: string; unitIds: readonly string[] }
  | { type: 'unitGroup'; groupId: string }
  | { type: 'indexSet'; indexSetId: string }
  | { type: 'campaign'; campaignId: string }
  | {
      type: 'scorecard';
      unitId: string;
      /** Working-group members currently assigned to appraise it (absent = none known). */
      appraiserIds?: readonly string[];
    };

/** Actions a working-group member holds only on scorecards assigned to them (never their own unit). */
const ASSIGNMENT_SCOPED: readonly Action[] = ['scorecard.read', 'appraisal.read', 'appraisal.review'];

/** Actions each role holds without any scope condition. */
const GLOBAL_GRANTS: Record<Role, readonly Action[]> = {
  // Administrators run the system, not the scoring: a unit's self-scores come only from that
  // unit, and results are approved only by leadership (separation of duties).
  // Nor does an administrator appraise, decide in the council, answer or appeal for a unit.
  SYSTEM_ADMIN: ACTIONS.filter(
    (a) =>
      a !== 'scorecard.edit' &&
      a !== 'scorecard.submit' &&
      a !== 'campaign.approve' &&
      a !== 'appraisal.review' &&
      a !== 'explanation.respond' &&
      a !== 'appeal.file' &&
      a !== 'council.decide',
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
    // The Office assigns the working group and serves as the council's secretariat (plan §III.3).
    'appraisal.assign',
    'appraisal.read',
    'council.record',
  ],
  // A member sees only the units assigned to them (ASSIGNMENT_SCOPED), not the others.
  WORKING_GROUP: ['unit.read', 'unitGroup.read', 'indexSet.read', 'campaign.read'],
  COUNCIL_MEMBER: [
    'unit.read',
    'unitGroup.read',
    'indexSet.read',
    'campaign.read',
    'scorecard.read',
    'appraisal.read',
    'council.decide',
    'council.record',
  ],
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
    'appraisal.read',
  ],
  VIEWER: ['unit.read', 'unitGroup.read', 'indexSet.read', 'campaign.read'],
  UNIT_FOCAL: ['unitGroup.read', 'indexSet.read', 'campaign.read'],
  UNIT_HEAD: ['unitGroup.read', 'indexSet.read', 'campaign.read'],
};

/** Actions a unit-scoped role holds only on resources of its own unit. */
const UNIT_SCOPED_GRANTS: Partial<Record<Role, readonly Action[]>> = {
  // The focal officer fills in the unit's scorecard; the head may too, and alone submits it.
  // Both see how their scores were appraised and answer explanation requests; the head alone
  // files an appeal, as it is the unit's formal request.
  UNIT_FOCAL: [
    'unit.read',
    'user.read',
    'scorecard.read',
    'scorecard.edit',
    'appraisal.read',
    'explanation.respond',
  ],
  UNIT_HEAD: [
    'unit.read',
    'user.read',
    'scorecard.read',
    'scorecard.edit',
    'scorecard.submit',
    'appraisal.read',
    'explanation.respond',
    'appeal.file',
  ],
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
 * The units an actor belongs to: their unit of work (`homeUnitId`) and the units of their
 * unit-scoped grants. A working-group member never appraises these (conflict of interest).
 */
export function ownUnits(actor: Actor): string[] {
  const units = actor.roles.flatMap((g) => (g.unitId === null ? [] : [g.unitId]));
  if (actor.homeUnitId) {
    units.push(actor.homeUnitId);
  }
  return units;
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
    if (grant.role === 'WORKING_GROUP' && ASSIGNMENT_SCOPED.includes(action)) {
      if (resource === undefined) {
        return true;
      }
      if (
        resource.type === 'scorecard' &&
        resource.appraiserIds?.includes(actor.userId) === true &&
        !ownUnits(actor).includes(resource.unitId)
      ) {
        return true;
      }
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
