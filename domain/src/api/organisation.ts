import { z } from 'zod';
import { LIMITS } from '../validation';
import { code, Id, text } from './common';

/** Kinds of organisational unit named by the plan: vụ, cục, đơn vị. */
export const UNIT_KINDS = ['VU', 'CUC', 'DON_VI'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, { vi: string; en: string }> = {
  VU: { vi: 'Vụ', en: 'Department' },
  CUC: { vi: 'Cục', en: 'Bureau' },
  DON_VI: { vi: 'Đơn vị', en: 'Unit' },
};

export const UnitGroupView = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  isActive: z.boolean(),
  unitCount: z.number().int(),
  allowedActions: z.array(z.enum(['unitGroup.update'])),
});
export type UnitGroupView = z.infer<typeof UnitGroupView>;

export const CreateUnitGroupInput = z.object({
  code: code('Mã khối'),
  name: text('Tên khối', LIMITS.nameMax),
});
export type CreateUnitGroupInput = z.infer<typeof CreateUnitGroupInput>;
export const UpdateUnitGroupInput = CreateUnitGroupInput.partial().extend({
  isActive: z.boolean().optional(),
});
export type UpdateUnitGroupInput = z.infer<typeof UpdateUnitGroupInput>;

export const UnitView = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  groupId: Id.nullable(),
  groupName: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  allowedActions: z.array(z.enum(['unit.update', 'unit.deactivate'])),
});
export type UnitView = z.infer<typeof UnitView>;

export const CreateUnitInput = z.object({
  code: code('Mã đơn vị'),
  name: text('Tên đơn vị', LIMITS.nameMax),
  kind: z.enum(UNIT_KINDS, { error: 'Loại đơn vị không hợp lệ.' }),
  groupId: Id.nullable().default(null),
});
export type CreateUnitInput = z.input<typeof CreateUnitInput>;
export const UpdateUnitInput = z.object({
  code: code('Mã đơn vị').optional(),
  name: text('Tên đơn vị', LIMITS.nameMax).optional(),
  kind: z.enum(UNIT_KINDS, { error: 'Loại đơn vị không hợp lệ.' }).optional(),
  groupId: Id.nullable().optional(),
});
export type UpdateUnitInput = z.infer<typeof UpdateUnitInput>;

export const ListUnitsQuery = z.object({
  q: z.string().max(LIMITS.nameMax).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});
export type ListUnitsQuery = z.infer<typeof ListUnitsQuery>;
