import { describe, expect, it } from 'vitest';
import { type Action, allowedActions, can, canEverywhere, ownUnits, permissionsOf } from './policy';
import type { Actor, Role } from './roles';

const actor = (role: Role, unitId: string | null = null): Actor => ({
  userId: `u-${role}`,
  roles: [{ role, unitId }],
});

describe('can(actor, action, resource)', () => {
  it('lets the system administrator do everything', () => {
    expect(can(actor('SYSTEM_ADMIN'), 'user.create')).toBe(true);
    expect(can(actor('SYSTEM_ADMIN'), 'unit.update', { type: 'unit', unitId: 'x' })).toBe(true);
  });

  it.each<[Role, Action, boolean]>([
    ['OFFICE_STAFF', 'unit.read', true],
    ['OFFICE_STAFF', 'user.read', true],
    ['OFFICE_STAFF', 'unit.create', false],
    ['OFFICE_STAFF', 'user.create', false],
    ['WORKING_GROUP', 'user.read', false],
    ['COUNCIL_MEMBER', 'unit.read', true],
    ['LEADERSHIP', 'user.read', true],
    ['VIEWER', 'user.read', false],
    ['VIEWER', 'unit.update', false],
    ['OFFICE_STAFF', 'indexSet.edit', true],
    ['OFFICE_STAFF', 'indexSet.publish', true],
    ['COUNCIL_MEMBER', 'indexSet.edit', false],
    ['COUNCIL_MEMBER', 'indexSet.readDrafts', false],
    ['UNIT_FOCAL', 'indexSet.read', true],
    ['UNIT_FOCAL', 'indexSet.publish', false],
  ])('%s %s → %s', (role, action, expected) => {
    expect(can(actor(role), action)).toBe(expected);
  });

  it('scopes unit roles to their own unit', () => {
    const focal = actor('UNIT_FOCAL', 'vpc');
    expect(can(focal, 'unit.read', { type: 'unit', unitId: 'vpc' })).toBe(true);
    expect(can(focal, 'unit.read', { type: 'unit', unitId: 'c1' })).toBe(false);
    expect(can(focal, 'user.read', { type: 'user', userId: 'x', unitIds: ['vpc'] })).toBe(true);
    expect(can(focal, 'user.read', { type: 'user', userId: 'x', unitIds: ['c1'] })).toBe(false);
    expect(can(focal, 'unit.update', { type: 'unit', unitId: 'vpc' })).toBe(false);
    expect(canEverywhere(focal, 'unit.read')).toBe(false);
    expect(can(focal, 'unit.read')).toBe(true);
  });

  it('lets anyone read their own account', () => {
    const v = actor('VIEWER');
    expect(can(v, 'user.read', { type: 'user', userId: v.userId, unitIds: [] })).toBe(true);
    expect(can(v, 'user.update', { type: 'user', userId: v.userId, unitIds: [] })).toBe(false);
  });

  it('gives nothing to an actor without roles', () => {
    expect(permissionsOf({ userId: 'x', roles: [] })).toEqual([]);
  });

  it('lists allowed actions per resource and permissions per actor', () => {
    expect(
      allowedActions(actor('SYSTEM_ADMIN'), ['unit.update', 'unit.deactivate'], {
        type: 'unit',
        unitId: 'a',
      }),
    ).toEqual(['unit.update', 'unit.deactivate']);
    expect(allowedActions(actor('VIEWER'), ['unit.update'], { type: 'unit', unitId: 'a' })).toEqual([]);
    expect(permissionsOf(actor('UNIT_HEAD', 'vpc'))).toEqual([
      'unit.read',
      'unitGroup.read',
      'user.read',
      'indexSet.read',
      'campaign.read',
      'scorecard.read',
      'scorecard.edit',
      'scorecard.submit',
      'appraisal.read',
      'explanation.respond',
      'appeal.file',
    ]);
  });

  it('lets a working-group member appraise only assigned units, never their own (issue 5 §1)', () => {
    const member = {
      userId: 'mai',
      roles: [{ role: 'WORKING_GROUP' as const, unitId: null }],
      homeUnitId: 'vkhth',
    };
    const assigned = { type: 'scorecard' as const, unitId: 'vpc', appraiserIds: ['mai'] };
    const notAssigned = { type: 'scorecard' as const, unitId: 'c1', appraiserIds: ['someone-else'] };
    const ownUnit = { type: 'scorecard' as const, unitId: 'vkhth', appraiserIds: ['mai'] };
    for (const action of ['scorecard.read', 'appraisal.read', 'appraisal.review'] as const) {
      expect(can(member, action, assigned)).toBe(true);
      expect(can(member, action, notAssigned)).toBe(false);
      expect(can(member, action, ownUnit)).toBe(false);
      expect(can(member, action, { type: 'scorecard', unitId: 'vpc' })).toBe(false);
    }
    // A unit-scoped grant on the unit is a conflict too, as is the home unit.
    const focalAndMember = {
      userId: 'mai',
      roles: [
        { role: 'WORKING_GROUP' as const, unitId: null },
        { role: 'UNIT_FOCAL' as const, unitId: 'vpc' },
      ],
    };
    expect(can(focalAndMember, 'appraisal.review', assigned)).toBe(false);
    expect(ownUnits(member)).toEqual(['vkhth']);
    // Only the council decides special cases; administrators neither appraise nor decide.
    expect(can(actor('COUNCIL_MEMBER'), 'council.decide')).toBe(true);
    expect(can(actor('WORKING_GROUP'), 'council.decide')).toBe(false);
    expect(can(actor('SYSTEM_ADMIN'), 'appraisal.review', assigned)).toBe(false);
    expect(can(actor('SYSTEM_ADMIN'), 'council.decide')).toBe(false);
    expect(can(actor('OFFICE_STAFF'), 'appraisal.assign')).toBe(true);
    expect(can(actor('UNIT_FOCAL', 'vpc'), 'appeal.file', assigned)).toBe(false);
    expect(can(actor('UNIT_HEAD', 'vpc'), 'appeal.file', assigned)).toBe(true);
    expect(can(actor('UNIT_HEAD', 'vpc'), 'explanation.respond', notAssigned)).toBe(false);
  });

  it("keeps a unit's scorecard to that unit; only the head submits; the Office returns", () => {
    const own = { type: 'scorecard' as const, unitId: 'vpc' };
    const other = { type: 'scorecard' as const, unitId: 'c1' };
    expect(can(actor('UNIT_FOCAL', 'vpc'), 'scorecard.edit', own)).toBe(true);
    expect(can(actor('UNIT_FOCAL', 'vpc'), 'scorecard.edit', other)).toBe(false);
    expect(can(actor('UNIT_FOCAL', 'vpc'), 'scorecard.read', other)).toBe(false);
    expect(can(actor('UNIT_FOCAL', 'vpc'), 'scorecard.submit', own)).toBe(false);
    expect(can(actor('UNIT_HEAD', 'vpc'), 'scorecard.submit', own)).toBe(true);
    expect(can(actor('UNIT_HEAD', 'vpc'), 'scorecard.submit', other)).toBe(false);
    expect(can(actor('OFFICE_STAFF'), 'scorecard.read', other)).toBe(true);
    expect(can(actor('OFFICE_STAFF'), 'scorecard.edit', other)).toBe(false);
    expect(can(actor('OFFICE_STAFF'), 'scorecard.return', other)).toBe(true);
    // Separation of duties: administrators do not score units or approve results.
    expect(can(actor('SYSTEM_ADMIN'), 'scorecard.edit', own)).toBe(false);
    expect(can(actor('SYSTEM_ADMIN'), 'campaign.approve')).toBe(false);
    expect(can(actor('LEADERSHIP'), 'campaign.approve')).toBe(true);
    expect(can(actor('VIEWER'), 'scorecard.read', own)).toBe(false);
  });
});
