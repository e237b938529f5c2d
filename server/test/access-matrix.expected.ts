/**
 * The expected access matrix of the API (issue 8 §2): for every route of the running app, what each
 * kind of caller gets. `access-matrix.test.ts` calls every route as every caller and compares with
 * this table; a route without an entry, or an entry without a route, fails the test.
 *
 * The expectations are written from `domain/src/access/policy.ts` (GLOBAL_GRANTS, UNIT_SCOPED_GRANTS)
 * and the services' own rules (404 where a service hides what the caller may not see), not copied
 * from what the code answers. The comment at the end of each row names the rule it follows.
 *
 * Outcomes (see docs/access-control.md):
 * - `allow`  the request got past every access check: 2xx, or a 4xx about the deliberately
 *            harmless body (stale rowVersion, duplicate code, wrong password, missing file …);
 * - `deny`   403 FORBIDDEN (the policy said no);
 * - `hidden` 404 NOT_FOUND for an object that exists (the service hides it from this caller);
 * - `auth`   401 UNAUTHENTICATED (no session).
 *
 * Keys are `METHOD /api/path` exactly as Fastify registers the route (`:id`, `:leafCode` …). A key
 * may carry a variant after a space, `METHOD /api/path [variant]`, to call the same route on a
 * second kind of object (a draft, a campaign still in set-up, another unit's evidence id); every
 * route still needs its plain key. "Own"/"other" unit: the object belongs to unit A (VPTT); the
 * own-unit officers are A's, the other-unit officers are B's (CUC_I).
 *
 * The WORKING_GROUP column (issue 5): a member holds scorecard.read, appraisal.read and
 * appraisal.review only on the scorecards assigned to them, never on their own unit's. The caller
 * is assigned to nothing; in `[assigned]` variants the column is called as a member the Office
 * assigned to unit A's scorecard, in `[member of unit A, assigned]` as a member who works in unit A
 * and was assigned to it behind the Office's back. The appraisal refuses a member with 403
 * NOT_ASSIGNED or CONFLICT_OF_INTEREST instead of FORBIDDEN: both count as `deny`.
 */

export const CALLERS = [
  'anonymous',
  'admin',
  'office',
  'focalOwn',
  'focalOther',
  'headOwn',
  'headOther',
  'workingGroup',
  'council',
  'leadership',
  'viewer',
] as const;
export type Caller = (typeof CALLERS)[number];

export const CALLER_LABELS: Record<Caller, string> = {
  anonymous: 'anonymous',
  admin: 'SYSTEM_ADMIN',
  office: 'OFFICE_STAFF',
  focalOwn: 'UNIT_FOCAL (own unit)',
  focalOther: 'UNIT_FOCAL (other unit)',
  headOwn: 'UNIT_HEAD (own unit)',
  headOther: 'UNIT_HEAD (other unit)',
  workingGroup: 'WORKING_GROUP',
  council: 'COUNCIL_MEMBER',
  leadership: 'LEADERSHIP',
  viewer: 'VIEWER',
};

export type Outcome = 'allow' | 'deny' | 'hidden' | 'auth';

/** One row: the outcome for each caller, in the order of CALLERS. */
export type Row = readonly [
  anonymous: Outcome,
  admin: Outcome,
  office: Outcome,
  focalOwn: Outcome,
  focalOther: Outcome,
  headOwn: Outcome,
  headOther: Outcome,
  workingGroup: Outcome,
  council: Outcome,
  leadership: Outcome,
  viewer: Outcome,
];

const A: Outcome = 'allow';
const D: Outcome = 'deny';
const H: Outcome = 'hidden';
const U: Outcome = 'auth';

// biome-ignore format: an aligned table is the point of this file
export const EXPECTED: Record<string, Row> = {
  //                                                       anon admin office focal  focal  head   head   WG  council lead viewer
  //                                                                          own   other  own    other
  // ── system and sign-in ──────────────────────────────────────────────────────────────────────────────
  'GET /api/health':                                     [A,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // public
  'POST /api/auth/login':                                [A,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // public, CSRF-exempt
  'POST /api/auth/logout':                               [A,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // public
  'GET /api/auth/me':                                    [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // any session
  'POST /api/auth/password':                             [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // own password only
  // ── organisation: units and groups ─────────────────────────────────────────────────────────────────
  'GET /api/units':                                      [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // unit.read somewhere; rows filtered
  'POST /api/units':                                     [U,  A,    D,     D,     D,     D,     D,     D,  D,      D,   D], // unit.create
  'GET /api/units/:id':                                  [U,  A,    A,     A,     D,     A,     D,     A,  A,      A,   A], // unit.read (scoped for unit roles)
  'PATCH /api/units/:id':                                [U,  A,    D,     D,     D,     D,     D,     D,  D,      D,   D], // unit.update
  'POST /api/units/:id/deactivate':                      [U,  A,    D,     D,     D,     D,     D,     D,  D,      D,   D], // unit.deactivate
  'POST /api/units/:id/activate':                        [U,  A,    D,     D,     D,     D,     D,     D,  D,      D,   D], // unit.deactivate
  'GET /api/unit-groups':                                [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // unitGroup.read
  'POST /api/unit-groups':                               [U,  A,    D,     D,     D,     D,     D,     D,  D,      D,   D], // unitGroup.create
  'PATCH /api/unit-groups/:id':                          [U,  A,    D,     D,     D,     D,     D,     D,  D,      D,   D], // unitGroup.update
  // ── users (the target is a third officer of unit A) ────────────────────────────────────────────────
  'GET /api/users':                                      [U,  A,    A,     A,     A,     A,     A,     D,  D,      A,   D], // user.read somewhere; rows filtered
  'POST /api/users':                                     [U,  A,    D,     D,     D,     D,     D,     D,  D,      D,   D], // user.create
  'GET /api/users/:id':                                  [U,  A,    A,     A,     H,     A,     H,     H,  H,      A,   H], // user.read, else 404
  'PATCH /api/users/:id':                                [U,  A,    D,     D,     H,     D,     H,     H,  H,      D,   H], // user.read else 404, then user.update
  'POST /api/users/:id/deactivate':                      [U,  A,    D,     D,     H,     D,     H,     H,  H,      D,   H], // user.read else 404, then user.deactivate
  'POST /api/users/:id/activate':                        [U,  A,    D,     D,     H,     D,     H,     H,  H,      D,   H], // user.read else 404, then user.deactivate
  'POST /api/users/:id/reset-password':                  [U,  A,    D,     D,     H,     D,     H,     H,  H,      D,   H], // user.read else 404, then user.resetPassword
  // ── index sets ──────────────────────────────────────────────────────────────────────────────────────
  'GET /api/index-sets':                                 [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // indexSet.read; drafts filtered
  'GET /api/index-sets/:id':                             [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // indexSet.read (published)
  'GET /api/index-sets/:id [draft]':                     [U,  A,    A,     H,     H,     H,     H,     H,  H,      H,   H], // indexSet.readDrafts, else 404
  'POST /api/index-sets/import':                         [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // indexSet.edit
  'PUT /api/index-sets/:id/document':                    [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // indexSet.edit
  'POST /api/index-sets/:id/publish':                    [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // indexSet.publish
  'POST /api/index-sets/:id/versions':                   [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // indexSet.newVersion
  'POST /api/index-sets/:id/clone':                      [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // indexSet.clone
  'GET /api/index-sets/:id/export/:format':              [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // indexSet.read (published)
  // ── campaigns ───────────────────────────────────────────────────────────────────────────────────────
  'GET /api/campaigns':                                  [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // campaign.read; SETUP ones filtered
  'POST /api/campaigns':                                 [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'GET /api/campaigns/:id':                              [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // campaign.read (open campaign)
  'GET /api/campaigns/:id [setup]':                      [U,  A,    A,     H,     H,     H,     H,     H,  H,      A,   H], // SETUP: campaign.manage or .approve (budget), else 404
  'PATCH /api/campaigns/:id':                            [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'PUT /api/campaigns/:id/milestones':                   [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'PUT /api/campaigns/:id/budget':                       [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'POST /api/campaigns/:id/budget/decision':             [U,  D,    D,     D,     D,     D,     D,     D,  D,      A,   D], // campaign.approve (not admin)
  'POST /api/campaigns/:id/budget/decision [setup]':     [U,  D,    D,     D,     D,     D,     D,     D,  D,      A,   D], // campaign.approve, also in SETUP (was finding F2)
  'PUT /api/campaigns/:id/units':                        [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'POST /api/campaigns/:id/transitions':                 [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // lockSelfAssessment: campaign.manage
  'POST /api/campaigns/:id/transitions [approve]':       [U,  D,    D,     D,     D,     D,     D,     D,  D,      A,   D], // approve: campaign.approve (leadership only, not admin)
  'GET /api/campaigns/:id/monitoring':                   [U,  A,    A,     D,     D,     D,     D,     D,  D,      A,   D], // campaign.monitor
  'POST /api/campaigns/:id/files':                       [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'DELETE /api/campaigns/:id/files/:fileId':             [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'GET /api/campaigns/:id/files/:fileId':                [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // campaign.read (open campaign)
  'GET /api/campaigns/:id/files/:fileId [setup]':        [U,  A,    A,     H,     H,     H,     H,     H,  H,      H,   H], // SETUP: campaign.manage, else 404
  'GET /api/campaigns/:id/files/:fileId [file of another campaign]':
                                                         [U,  H,    H,     H,     H,     H,     H,     H,  H,      H,   H], // the file is not this campaign's
  // ── reminders (đôn đốc) ─────────────────────────────────────────────────────────────────────────────
  'GET /api/campaigns/:id/reminder-rules':               [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // reminder.manage
  'PUT /api/campaigns/:id/reminder-rules':               [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // reminder.manage
  'GET /api/campaigns/:id/reminder-deliveries':          [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // reminder.manage
  'POST /api/campaigns/:id/reminders':                   [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // reminder.manage
  // ── notifications (the target is one of the own-unit focal officer's) ─────────────────────────────
  'GET /api/notifications':                              [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // own rows only
  'GET /api/appraisal/my-assignments':                  [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // own assignments only
  'POST /api/notifications/read-all':                    [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // own rows only
  'POST /api/notifications/:id/read':                    [U,  H,    H,     A,     H,     H,     H,     H,  H,      H,   H], // owner only, else 404
  // ── scorecards (unit A's; `[assigned]`: the WG column is the member assigned to it) ─────────────────
  'GET /api/scorecards/:id':                             [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read; issue 5: a member reads only the scorecards assigned to them
  'GET /api/scorecards/:id [assigned]':                  [U,  A,    A,     A,     D,     A,     D,     A,  A,      A,   D], // scorecard.read: the assigned member too
  'GET /api/scorecards/:id [member of unit A, assigned]':
                                                         [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read: never a member's own unit, even assigned
  'GET /api/scorecards/:id [campaign in set-up]':        [U,  A,    A,     H,     D,     H,     D,     D,  H,      H,   D], // scorecard.read + SETUP hidden (was finding F1); issue 5: a member reads only the scorecards assigned to them
  'PUT /api/scorecards/:id/answers/:leafCode':           [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // scorecard.edit (own unit only)
  'POST /api/scorecards/:id/carry-forward':              [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // scorecard.edit
  'GET /api/scorecards/:id/report-draft':                [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read; issue 5: a member reads only the scorecards assigned to them
  'GET /api/scorecards/:id/report-draft [assigned]':     [U,  A,    A,     A,     D,     A,     D,     A,  A,      A,   D], // scorecard.read: the assigned member too
  'GET /api/scorecards/:id/checks':                      [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read; issue 5: a member reads only the scorecards assigned to them
  'GET /api/scorecards/:id/checks [assigned]':           [U,  A,    A,     A,     D,     A,     D,     A,  A,      A,   D], // scorecard.read: the assigned member too
  'POST /api/scorecards/:id/submit':                     [U,  D,    D,     D,     D,     A,     D,     D,  D,      D,   D], // scorecard.submit (own head only)
  'POST /api/scorecards/:id/return':                     [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // scorecard.return
  'POST /api/scorecards/:id/extension':                  [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // scorecard.extend
  'GET /api/scorecards/:id/xlsx':                        [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read; issue 5: a member reads only the scorecards assigned to them
  'GET /api/scorecards/:id/xlsx [assigned]':             [U,  A,    A,     A,     D,     A,     D,     A,  A,      A,   D], // scorecard.read: the assigned member too
  'POST /api/scorecards/:id/xlsx':                       [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // scorecard.edit
  // ── evidence (unit A's scorecard) ───────────────────────────────────────────────────────────────────
  'POST /api/scorecards/:id/evidence':                   [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // scorecard.edit
  'POST /api/scorecards/:id/evidence/reference':         [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // scorecard.edit
  'DELETE /api/scorecards/:id/evidence/:evidenceId':     [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // scorecard.edit
  'DELETE /api/scorecards/:id/evidence/:evidenceId [evidence of unit B]':
                                                         [U,  D,    D,     H,     D,     H,     D,     D,  D,      D,   D], // scorecard.edit, then 404
  'GET /api/scorecards/:id/evidence/:evidenceId/file':   [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read; issue 5: a member reads only the scorecards assigned to them
  'GET /api/scorecards/:id/evidence/:evidenceId/file [assigned]':
                                                         [U,  A,    A,     A,     D,     A,     D,     A,  A,      A,   D], // scorecard.read: the assigned member too
  'GET /api/scorecards/:id/evidence/:evidenceId/file [evidence of unit B]':
                                                         [U,  H,    H,     H,     D,     H,     D,     D,  H,      H,   D], // scorecard.read, then 404; issue 5: a member reads only the scorecards assigned to them
  'GET /api/scorecards/:id/evidence/:evidenceId/file [evidence of unit B, assigned]':
                                                         [U,  H,    H,     H,     D,     H,     D,     H,  H,      H,   D], // scorecard.read (assigned to A), then 404
  // ── appraisal, working group (issue 5; unit A's scorecard, campaign in self-assessment) ─────────────
  'GET /api/campaigns/:id/appraisal':                    [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   D], // appraisal.read or .assign somewhere; rows filtered per scorecard
  'GET /api/campaigns/:id/appraisal [setup]':            [U,  A,    A,     H,     H,     H,     H,     H,  H,      H,   H], // SETUP: campaign.manage, else 404 (before the permission)
  'PUT /api/scorecards/:id/appraisers':                  [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // appraisal.assign
  'GET /api/scorecards/:id/appraisal':                   [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // appraisal.read; an unassigned member: 403 NOT_ASSIGNED
  'GET /api/scorecards/:id/appraisal [assigned]':        [U,  A,    A,     A,     D,     A,     D,     A,  A,      A,   D], // appraisal.read: the assigned member too
  'GET /api/scorecards/:id/appraisal [member of unit A, assigned]':
                                                         [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // appraisal.read: own unit, 403 CONFLICT_OF_INTEREST
  'GET /api/scorecards/:id/appraisal [campaign in set-up]':
                                                         [U,  A,    A,     H,     D,     H,     D,     D,  H,      H,   D], // appraisal.read + SETUP hidden as for the scorecard: finding F4
  'PUT /api/scorecards/:id/appraisal/leaves/:leafCode':  [U,  D,    D,     D,     D,     D,     D,     D,  D,      D,   D], // appraisal.review: the assigned member only (not admin, Office, council)
  'PUT /api/scorecards/:id/appraisal/leaves/:leafCode [assigned]':
                                                         [U,  D,    D,     D,     D,     D,     D,     A,  D,      D,   D], // appraisal.review: the assigned member (then 409 of the phase)
  'PUT /api/scorecards/:id/appraisal/leaves/:leafCode [member of unit A, assigned]':
                                                         [U,  D,    D,     D,     D,     D,     D,     D,  D,      D,   D], // appraisal.review: own unit, 403 CONFLICT_OF_INTEREST
  'POST /api/scorecards/:id/appraisal/accept-remaining': [U,  D,    D,     D,     D,     D,     D,     D,  D,      D,   D], // appraisal.review: the assigned member only (not admin, Office, council)
  'POST /api/scorecards/:id/appraisal/accept-remaining [assigned]':
                                                         [U,  D,    D,     D,     D,     D,     D,     A,  D,      D,   D], // appraisal.review: the assigned member (then 409 of the phase)
  'POST /api/scorecards/:id/appraisal/explanation-requests':
                                                         [U,  D,    D,     D,     D,     D,     D,     D,  D,      D,   D], // appraisal.review: the assigned member only (not admin, Office, council)
  'POST /api/scorecards/:id/appraisal/explanation-requests [assigned]':
                                                         [U,  D,    D,     D,     D,     D,     D,     A,  D,      D,   D], // appraisal.review: the assigned member (then 409 of the phase)
  'DELETE /api/scorecards/:id/appraisal/explanation-requests/:requestId':
                                                         [U,  D,    D,     D,     D,     D,     D,     D,  D,      D,   D], // appraisal.review: the assigned member only (not admin, Office, council)
  'DELETE /api/scorecards/:id/appraisal/explanation-requests/:requestId [assigned]':
                                                         [U,  D,    D,     D,     D,     D,     D,     A,  D,      D,   D], // appraisal.review: the assigned member (then 409 of the phase)
  'POST /api/scorecards/:id/appraisal/transitions':      [U,  D,    D,     D,     D,     D,     D,     D,  D,      D,   D], // completeReview: appraisal.review, the assigned member only
  'POST /api/scorecards/:id/appraisal/transitions [assigned]':
                                                         [U,  D,    D,     D,     D,     D,     D,     A,  D,      D,   D], // appraisal.review: the assigned member (then 409 of the phase)
  'POST /api/scorecards/:id/appraisal/transitions [councilApprove]':
                                                         [U,  D,    D,     D,     D,     D,     D,     D,  A,      D,   D], // councilApprove: council.decide (not admin)
  'POST /api/scorecards/:id/appraisal/transitions [reopenReview]':
                                                         [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // reopenReview: appraisal.assign
  // ── explanations (giải trình) and supplementary files, on unit A's scorecard ────────────────────────
  'PUT /api/explanation-requests/:id/response':          [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // explanation.respond (own unit)
  'POST /api/explanation-requests/:id/files':            [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // explanation.respond (own unit)
  'GET /api/attachments/:id/file':                       [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // appraisal.read of its scorecard
  'GET /api/attachments/:id/file [assigned]':            [U,  A,    A,     A,     D,     A,     D,     A,  A,      A,   D], // appraisal.read: the assigned member too
  'DELETE /api/attachments/:id':                         [U,  D,    D,     A,     D,     A,     D,     D,  D,      D,   D], // explanation file: explanation.respond (own unit)
  'DELETE /api/attachments/:id [file of an appeal]':     [U,  D,    D,     D,     D,     A,     D,     D,  D,      D,   D], // appeal file: appeal.file (own head only)
  // ── council (Hội đồng thẩm định), results ───────────────────────────────────────────────────────────
  'GET /api/campaigns/:id/council':                      [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // appraisal.read on every unit (not unit roles, not a member)
  'POST /api/campaigns/:id/council/meetings':            [U,  A,    A,     D,     D,     D,     D,     D,  A,      D,   D], // council.record
  'PUT /api/council-meetings/:id':                       [U,  A,    A,     D,     D,     D,     D,     D,  A,      D,   D], // council.record
  'POST /api/scorecards/:id/special-cases':              [U,  D,    D,     D,     D,     D,     D,     D,  A,      D,   D], // council.decide (not admin)
  'GET /api/campaigns/:id/council/minutes':              [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // as the council view: appraisal.read on every unit
  'GET /api/campaigns/:id/results':                      [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // appraisal.read on every unit
  'GET /api/campaigns/:id/results/charts':               [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // as the results: appraisal.read on every unit
  'GET /api/campaigns/:id/results/csv':                  [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // internal scores: appraisal.read on every unit
  'GET /api/campaigns/:id/results/settings':             [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // appraisal.read on every unit
  'PUT /api/campaigns/:id/results/settings':             [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'PUT /api/campaigns/:id/announcement':                 [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage (then 409 before approval)
  'GET /api/scorecards/:id/results':                     [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // appraisal.read everywhere, or the unit's own officers (then 409 before approval)
  // ── reports and documents (issue 7) ─────────────────────────────────────────────────────────────────
  'GET /api/document-settings':                          [U,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // any session (not secret; canEdit says who may change)
  'PUT /api/document-settings':                          [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage everywhere
  'GET /api/campaigns/:id/report-draft':                 [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // as the results: appraisal.read on every unit
  'PUT /api/campaigns/:id/report-draft':                 [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'POST /api/campaigns/:id/exports':                     [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // as the results: appraisal.read on every unit
  'POST /api/campaigns/:id/exports [setup]':             [U,  A,    A,     H,     H,     H,     H,     H,  H,      H,   H], // a campaign in set-up: 404 outside campaign.manage
  'GET /api/campaigns/:id/exports':                      [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // as the results
  'POST /api/scorecards/:id/exports':                    [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read (the unit's own report)
  'GET /api/scorecards/:id/exports':                     [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read
  'GET /api/exports/:id':                                [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // a campaign export: as the results
  "GET /api/exports/:id [of unit A's scorecard]":        [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // a unit's report: scorecard.read
  'GET /api/exports/:id/file':                           [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // as the job (then 409 not ready)
  "GET /api/exports/:id/file [of unit A's scorecard]":   [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // as the job (then 409 not ready)
  // ── audit log (issue 8) ─────────────────────────────────────────────────────────────────────────────
  'GET /api/audit':                                      [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // audit.read
  'GET /api/audit/verify':                               [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // audit.read
  'GET /api/scorecards/:id/audit':                       [U,  A,    A,     A,     D,     A,     D,     D,  A,      A,   D], // scorecard.read (a unit sees the unit-visible events)
  // ── public (no login): published results only ───────────────────────────────────────────────────────
  'GET /api/public/results':                             [A,  A,    A,     A,     A,     A,     A,     A,  A,      A,   A], // public: the list of published campaigns
  'GET /api/public/results/:code':                       [H,  H,    H,     H,     H,     H,     H,     H,  H,      H,   H], // not published: 404 for everyone, as for no campaign
  'GET /api/public/results/:code/csv':                   [H,  H,    H,     H,     H,     H,     H,     H,  H,      H,   H], // not published: 404 for everyone
  // ── after approval: appeals (kiến nghị), amendments ─────────────────────────────────────────────────
  'GET /api/campaigns/:id/appeals':                      [U,  A,    A,     D,     D,     D,     D,     D,  A,      A,   D], // as the council view's appeals: appraisal.read on every unit
  'GET /api/campaigns/:id/appeals [setup]':              [U,  A,    A,     H,     H,     H,     H,     H,  H,      H,   H], // SETUP: campaign.manage, else 404 (before the permission)
  'PUT /api/campaigns/:id/appeal-window':                [U,  A,    A,     D,     D,     D,     D,     D,  D,      D,   D], // campaign.manage
  'POST /api/scorecards/:id/appeals':                    [U,  D,    D,     D,     D,     A,     D,     D,  D,      D,   D], // appeal.file (own head only)
  'POST /api/appeals/:id/files':                         [U,  D,    D,     D,     D,     A,     D,     D,  D,      D,   D], // appeal.file (own head only)
  'POST /api/appeals/:id/decision':                      [U,  D,    D,     D,     D,     D,     D,     D,  A,      D,   D], // council.decide (not admin)
  'POST /api/scorecards/:id/amendments':                 [U,  D,    D,     D,     D,     D,     D,     D,  A,      D,   D], // council.decide (not admin)
};

/**
 * Cells where the running code answers otherwise than the rules above: each is a finding reported
 * for a fix (docs/access-control.md, "Known findings"). The test accepts exactly the recorded
 * answer for these cells — and fails once the code answers as EXPECTED, so that the entry is
 * removed with the fix. Never add an entry to make a new failure go away without reporting it.
 */
export interface KnownFinding {
  id: string;
  key: string;
  callers: readonly Caller[];
  /** What the code answers today. */
  actual: Outcome;
  finding: string;
}

// F1 (scorecards of a campaign in set-up were readable) and F2 (leadership could not decide a
// budget submitted during set-up) were fixed on 2026-11-27; docs/access-control.md keeps the record.
export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  // F4 (the appraisal view of a scorecard whose campaign is in SETUP) was fixed in appraisal.service.ts `load`.
];
