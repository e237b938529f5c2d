// The list lives in the domain so that the audit viewer shows the same names with their labels.
export { AUDIT_EVENTS, type AuditEventName } from '@cchc/domain/audit/events';
