/**
 * The closed list of audit event names. Every state change writes exactly one of these in the
 * same transaction as the change (issue 8 will make the log tamper-evident).
 */
export const AUDIT_EVENTS = [
  'auth.login',
  'auth.loginFailed',
  'auth.locked',
  'auth.logout',
  'auth.passwordChanged',
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.activated',
  'user.passwordReset',
  'unit.created',
  'unit.updated',
  'unit.deactivated',
  'unit.activated',
  'unitGroup.created',
  'unitGroup.updated',
  'indexSet.imported',
  'indexSet.saved',
  'indexSet.published',
  'indexSet.versionCreated',
  'indexSet.cloned',
  'system.demoSeeded',
] as const;
export type AuditEventName = (typeof AUDIT_EVENTS)[number];
