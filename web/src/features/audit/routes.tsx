import { AuditPage } from './components/audit-page';

/** /admin/audit — "Nhật ký hệ thống" (filters in the query string). */
export function AuditRoute() {
  return <AuditPage />;
}
