/**
 * The database as TypeScript sees it: one interface per table, columns camelCase and identical
 * to SQL. Hand-written to match the migrations; `test/schema.test.ts` checks both dialects against it.
 * Flags are integers 0/1 (better-sqlite3 cannot bind booleans); timestamps are ISO-8601 UTC text.
 */
export interface UnitGroupTable {
  id: string;
  code: string;
  name: string;
  isActive: number;
  createdAt: string;
  updatedAt: string;
}

export interface UnitTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  groupId: string | null;
  isActive: number;
  searchText: string;
  createdAt: string;
  updatedAt: string;
}

export interface AppUserTable {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  /** argon2id PHC string; null for accounts that sign in through an external provider. */
  passwordHash: string | null;
  isActive: number;
  mustChangePassword: number;
  failedLoginCount: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  /** The unit the user works in (conflicts of interest in appraisal). */
  homeUnitId: string | null;
  searchText: string;
  createdAt: string;
  updatedAt: string;
}

export interface UserRoleTable {
  id: string;
  userId: string;
  role: string;
  unitId: string | null;
  createdAt: string;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked table cannot be replayed as cookies. */
  id: string;
  userId: string;
  csrfToken: string;
  /** Which AuthProvider created the session ('local', later 'oidc', 'ldap'). */
  provider: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEventTable {
  id: string;
  at: string;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** JSON text: what changed (before/after) or why. */
  data: string;
  ip: string | null;
  /** Position in the hash chain, from 1 without gaps (docs/audit.md). */
  seq: number;
  /** `hash` of the event at `seq - 1` (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 of this event's chained form (server/src/modules/audit/audit-chain.ts). */
  hash: string;
  /** The HTTP request that made the change; null for the CLI and background jobs. */
  requestId: string | null;
  /** JSON text: the actor's role grants when the change was made, e.g. ["UNIT_FOCAL@<unitId>"]. */
  actorRoles: string | null;
}

/** The head of the audit hash chain: one row (id 1), taken by every append. */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface IndexSetTable {
  id: string;
  code: string;
  version: number;
  year: number;
  name: string;
  /** DRAFT | PUBLISHED; a published version is frozen (editing means a new version). */
  status: string;
  /** The interchange-format JSON document, NFC text, canonical key order. */
  document: string;
  documentHash: string;
  leafCount: number;
  basedOnId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

export interface CampaignTable {
  id: string;
  code: string;
  year: number;
  name: string;
  /** A PUBLISHED index-set version: frozen while the campaign uses it. */
  indexSetId: string;
  /** Last year's campaign, the source of "start from last year" drafts. */
  previousCampaignId: string | null;
  /** CampaignPhase (domain/src/workflow/campaign.machine.ts). */
  phase: string;
  guidanceText: string;
  guidanceIssuedAt: string | null;
  /** DRAFT | SUBMITTED | APPROVED | RETURNED. */
  budgetStatus: string;
  budgetNote: string | null;
  budgetDecidedBy: string | null;
  budgetDecidedAt: string | null;
  /** Appeals are received until the end of this local date (set by the Office). */
  appealUntil: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  rowVersion: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignMilestoneTable {
  id: string;
  campaignId: string;
  key: string;
  label: string;
  /** Local date in Asia/Ho_Chi_Minh, YYYY-MM-DD. */
  dueDate: string;
  sortOrder: number;
  achievedAt: string | null;
}

export interface CampaignBudgetLineTable {
  id: string;
  campaignId: string;
  sortOrder: number;
  description: string;
  /** Whole đồng. */
  amountVnd: number;
  note: string | null;
}

export interface BlobTable {
  sha256: string;
  sizeBytes: number;
  /** Type detected from the content, not from the name. */
  mimeType: string;
  storageKey: string;
  createdAt: string;
}

export interface CampaignFileTable {
  id: string;
  campaignId: string;
  blobSha256: string;
  filename: string;
  title: string;
  uploadedBy: string;
  uploadedAt: string;
  deletedAt: string | null;
}

export interface ScorecardTable {
  id: string;
  campaignId: string;
  unitId: string;
  groupCode: string;
  /** ScorecardStatus (domain/src/workflow/scorecard.machine.ts). */
  status: string;
  rowVersion: number;
  extendedUntil: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  minutesLate: number | null;
  submitNote: string | null;
  signedReportEvidenceId: string | null;
  returnedAt: string | null;
  returnedBy: string | null;
  returnReason: string | null;
  answeredCount: number;
  applicableCount: number;
  evidenceCount: number;
  /** Hundredths of a point, as the engine computed them at the last save. */
  selfPoints: number;
  lastActivityAt: string | null;
  councilApprovedAt: string | null;
  councilApprovedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ScorecardAnswerTable {
  id: string;
  scorecardId: string;
  leafCode: string;
  /** JSON text of the method input, or null when not answered. */
  value: string | null;
  /** Hundredths, computed by the engine; never typed by a user. */
  points: number;
  explanation: string;
  note: string;
  noEvidenceReason: string;
  naClaimed: number;
  naReason: string;
  isCarriedDraft: number;
  rowVersion: number;
  updatedBy: string;
  updatedAt: string;
}

export interface EvidenceTable {
  id: string;
  scorecardId: string;
  leafCode: string;
  /** FILE | DOCUMENT_REF. */
  kind: string;
  blobSha256: string | null;
  filename: string | null;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  effectiveDate: string | null;
  isCarriedDraft: number;
  uploadedBy: string;
  uploadedAt: string;
  deletedAt: string | null;
  deletedBy: string | null;
}

export interface NotificationTable {
  id: string;
  userId: string;
  campaignId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface ReminderRuleTable {
  id: string;
  campaignId: string;
  milestoneKey: string;
  offsetDays: number;
  /** FOCAL | HEAD | BOTH. */
  audience: string;
  isActive: number;
  createdAt: string;
}

export interface JobTable {
  id: string;
  kind: string;
  dedupeKey: string;
  /** JSON text. */
  payload: string;
  /** PENDING | RUNNING | DONE | FAILED. */
  status: string;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReminderDeliveryTable {
  id: string;
  campaignId: string;
  unitId: string;
  userId: string | null;
  ruleId: string | null;
  /** rule/manual id + scorecard: the same reminder is delivered once per recipient and channel. */
  reminderKey: string;
  /** IN_APP | EMAIL. */
  channel: string;
  recipient: string;
  subject: string;
  /** PENDING | SENT | FAILED. */
  status: string;
  attempts: number;
  lastError: string | null;
  sentBy: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface AppraisalAssignmentTable {
  id: string;
  scorecardId: string;
  userId: string;
  assignedBy: string;
  assignedAt: string;
  removedBy: string | null;
  removedAt: string | null;
}

export interface CouncilMeetingTable {
  id: string;
  campaignId: string;
  heldOn: string;
  place: string;
  chairName: string;
  /** JSON array of names. */
  membersPresent: string;
  notes: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface SpecialCaseTable {
  id: string;
  scorecardId: string;
  meetingId: string | null;
  /** SCORE_CHANGE | NOT_APPLICABLE | OTHER. */
  kind: string;
  leafCode: string | null;
  points: number | null;
  reason: string;
  decisionText: string;
  createdBy: string;
  createdAt: string;
}

export interface AppealTable {
  id: string;
  scorecardId: string;
  leafCode: string | null;
  grounds: string;
  /** FILED | ACCEPTED | REJECTED. */
  status: string;
  filedBy: string;
  filedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  amendmentId: string | null;
}

export interface AmendmentTable {
  id: string;
  scorecardId: string;
  /** CORRECTION | APPEAL. */
  kind: string;
  appealId: string | null;
  reason: string;
  decisionText: string;
  /** JSON: [{ leafCode, before, after }]. */
  changes: string;
  /** JSON ResultDiff. */
  diff: string;
  createdBy: string;
  createdAt: string;
}

export interface ScoreDecisionTable {
  id: string;
  scorecardId: string;
  leafCode: string;
  /** ReviewStage (domain/src/appraisal/appraisal.ts). */
  stage: string;
  /** DecisionKind. */
  kind: string;
  /** Hundredths; null = not applicable. */
  points: number | null;
  reasonCode: string | null;
  reason: string;
  evidenceInsufficient: number;
  specialCaseId: string | null;
  amendmentId: string | null;
  seq: number;
  createdBy: string;
  createdAt: string;
}

export interface ExplanationRequestTable {
  id: string;
  scorecardId: string;
  leafCode: string;
  question: string;
  dueDate: string;
  requestedBy: string;
  requestedAt: string;
  response: string | null;
  respondedBy: string | null;
  respondedAt: string | null;
}

export interface AttachmentTable {
  id: string;
  scorecardId: string;
  /** EXPLANATION | APPEAL. */
  ownerType: string;
  ownerId: string;
  blobSha256: string;
  filename: string;
  uploadedBy: string;
  uploadedAt: string;
  deletedAt: string | null;
  deletedBy: string | null;
}

export interface ResultsSettingsTable {
  campaignId: string;
  /** JSON: RatingMap (domain/src/results/results.ts). */
  ratingMap: string;
  previousCampaignId: string | null;
  /** JSON: overrides of the criterion mapping, current code → previous code or null. */
  criterionMap: string;
  rowVersion: number;
  updatedBy: string;
  updatedAt: string;
}

export interface AnnouncementTable {
  campaignId: string;
  decisionNumber: string;
  /** Local dates, YYYY-MM-DD. */
  decisionDate: string;
  announcedOn: string | null;
  place: string;
  note: string;
  publishedAt: string | null;
  publishedBy: string | null;
  updatedBy: string;
  updatedAt: string;
}

export interface ScorecardSnapshotTable {
  id: string;
  scorecardId: string;
  milestone: string;
  /** JSON of the three totals, leaf values and rank. */
  data: string;
  takenBy: string;
  takenAt: string;
}

export interface DocumentSettingsTable {
  id: string;
  /** JSON: DocumentSettings (domain/src/api/reports.ts). */
  settings: string;
  rowVersion: number;
  updatedBy: string;
  updatedAt: string;
}

export interface ReportDraftTable {
  campaignId: string;
  /** JSON: the prose sections by ReportSection. */
  sections: string;
  rowVersion: number;
  updatedBy: string;
  updatedAt: string;
}

export interface ExportJobTable {
  id: string;
  campaignId: string;
  scorecardId: string | null;
  kind: string;
  format: string;
  /** Hash of what was asked and of the data it reads: equal keys give equal files. */
  requestKey: string;
  /** requestKey while PENDING or RUNNING, else null (unique: one active job per request). */
  activeKey: string | null;
  status: 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';
  progress: number;
  stage: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  fileName: string | null;
  storageKey: string | null;
  sizeBytes: number | string | null;
  sha256: string | null;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface DB {
  document_settings: DocumentSettingsTable;
  report_draft: ReportDraftTable;
  export_job: ExportJobTable;
  appraisal_assignment: AppraisalAssignmentTable;
  council_meeting: CouncilMeetingTable;
  special_case: SpecialCaseTable;
  appeal: AppealTable;
  amendment: AmendmentTable;
  score_decision: ScoreDecisionTable;
  explanation_request: ExplanationRequestTable;
  attachment: AttachmentTable;
  scorecard_snapshot: ScorecardSnapshotTable;
  results_settings: ResultsSettingsTable;
  announcement: AnnouncementTable;
  campaign: CampaignTable;
  campaign_milestone: CampaignMilestoneTable;
  campaign_budget_line: CampaignBudgetLineTable;
  blob: BlobTable;
  campaign_file: CampaignFileTable;
  scorecard: ScorecardTable;
  scorecard_answer: ScorecardAnswerTable;
  evidence: EvidenceTable;
  notification: NotificationTable;
  reminder_rule: ReminderRuleTable;
  job: JobTable;
  reminder_delivery: ReminderDeliveryTable;
  index_set: IndexSetTable;
  unit_group: UnitGroupTable;
  unit: UnitTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  session: SessionTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
}
