/**
 * Roles of the CCHC scoring cycle (docs/glossary.md). Plan 2546/KH-TTTP §III names who does what:
 * the Office (Văn phòng – Phòng KSTTHC) runs the cycle, each unit's focal officer self-scores,
 * the unit head submits, the working group (Tổ giúp việc) reviews, the Appraisal Council
 * (Hội đồng thẩm định) decides, the leadership (Lãnh đạo TTCP) approves.
 */
export const ROLES = [
  'SYSTEM_ADMIN',
  'OFFICE_STAFF',
  'UNIT_FOCAL',
  'UNIT_HEAD',
  'WORKING_GROUP',
  'COUNCIL_MEMBER',
  'LEADERSHIP',
  'VIEWER',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that only make sense inside one unit: a grant of them must name the unit. */
export const UNIT_SCOPED_ROLES: ReadonlySet<Role> = new Set<Role>(['UNIT_FOCAL', 'UNIT_HEAD']);

export function roleNeedsUnit(role: Role): boolean {
  return UNIT_SCOPED_ROLES.has(role);
}

export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  SYSTEM_ADMIN: { vi: 'Quản trị hệ thống', en: 'System administrator' },
  OFFICE_STAFF: { vi: 'Văn phòng – Phòng KSTTHC (thường trực)', en: 'Office staff (standing body)' },
  UNIT_FOCAL: { vi: 'Công chức đầu mối CCHC', en: 'Unit focal officer' },
  UNIT_HEAD: { vi: 'Thủ trưởng đơn vị', en: 'Unit head' },
  WORKING_GROUP: { vi: 'Thành viên Tổ giúp việc', en: 'Working-group member' },
  COUNCIL_MEMBER: { vi: 'Thành viên Hội đồng thẩm định', en: 'Appraisal council member' },
  LEADERSHIP: { vi: 'Lãnh đạo Thanh tra Chính phủ', en: 'Leadership' },
  VIEWER: { vi: 'Người xem', en: 'Viewer' },
};

/** One grant of a role; `unitId` is set for unit-scoped roles and null otherwise. */
export interface RoleGrant {
  role: Role;
  unitId: string | null;
}

/** Who is acting: what the server derives from a valid session, and all the policy needs. */
export interface Actor {
  userId: string;
  roles: readonly RoleGrant[];
  /** The unit the user works in (đơn vị công tác), if recorded: used for conflicts of interest. */
  homeUnitId?: string | null;
}
