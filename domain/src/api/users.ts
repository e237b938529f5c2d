import { z } from 'zod';
import { ROLES } from '../access/roles';
import { LIMITS, USERNAME_PATTERN } from '../validation';
import { RoleGrantView } from './auth';
import { Id, text } from './common';

export const RoleGrantInput = z.object({
  role: z.enum(ROLES, { error: 'Vai trò không hợp lệ.' }),
  unitId: Id.nullable().default(null),
});
export type RoleGrantInput = z.input<typeof RoleGrantInput>;

const email = z
  .string()
  .trim()
  .max(LIMITS.emailMax, { error: `Email: tối đa ${LIMITS.emailMax} ký tự.` })
  .email({ error: 'Email không hợp lệ.' })
  .nullable();

const roles = z
  .array(RoleGrantInput)
  .min(1, { error: 'Phải có ít nhất một vai trò.' })
  .max(20, { error: 'Tối đa 20 vai trò.' });

export const CreateUserInput = z.object({
  username: text('Tên đăng nhập', LIMITS.usernameMax)
    .min(LIMITS.usernameMin, { error: `Tên đăng nhập: tối thiểu ${LIMITS.usernameMin} ký tự.` })
    .regex(USERNAME_PATTERN, {
      error: "Tên đăng nhập: chỉ gồm chữ thường không dấu, chữ số, '.', '_' hoặc '-'.",
    }),
  fullName: text('Họ và tên', LIMITS.fullNameMax),
  email: email.default(null),
  password: z.string().min(1, { error: 'Mật khẩu: bắt buộc nhập.' }).max(LIMITS.passwordMax),
  roles,
  /** Đơn vị công tác: the unit the user works in (conflicts of interest in appraisal); optional. */
  homeUnitId: Id.nullable().default(null),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const UpdateUserInput = z.object({
  fullName: text('Họ và tên', LIMITS.fullNameMax).optional(),
  email: email.optional(),
  roles: roles.optional(),
  /** Null clears the unit of work; absent leaves it unchanged. */
  homeUnitId: Id.nullable().optional(),
});
export type UpdateUserInput = z.input<typeof UpdateUserInput>;

export const ResetPasswordInput = z.object({
  newPassword: z.string().min(1, { error: 'Mật khẩu mới: bắt buộc nhập.' }).max(LIMITS.passwordMax),
});
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;

export const UserView = z.object({
  id: Id,
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  isActive: z.boolean(),
  roles: z.array(RoleGrantView),
  /** Đơn vị công tác (unit of work), if recorded. */
  homeUnitId: Id.nullable(),
  homeUnitCode: z.string().nullable(),
  homeUnitName: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  allowedActions: z.array(z.enum(['user.update', 'user.deactivate', 'user.resetPassword'])),
});
export type UserView = z.infer<typeof UserView>;

export const ListUsersQuery = z.object({
  q: z.string().max(LIMITS.nameMax).optional(),
  unitId: Id.optional(),
  role: z.enum(ROLES).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;
