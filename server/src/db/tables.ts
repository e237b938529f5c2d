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

export interface DB {
  index_set: IndexSetTable;
  unit_group: UnitGroupTable;
  unit: UnitTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  session: SessionTable;
  audit_event: AuditEventTable;
}
