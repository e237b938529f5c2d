import { z } from 'zod';
import { ROLES } from '../access/roles';
import { LIMITS } from '../validation';
import { ActionName, Id, text } from './common';

export const LoginInput = z.object({
  username: text('Tên đăng nhập', LIMITS.usernameMax),
  password: z
    .string({ error: 'Mật khẩu: bắt buộc nhập.' })
    .min(1, { error: 'Mật khẩu: bắt buộc nhập.' })
    .max(LIMITS.passwordMax, { error: `Mật khẩu: tối đa ${LIMITS.passwordMax} ký tự.` }),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const RoleGrantView = z.object({
  role: z.enum(ROLES),
  unitId: Id.nullable(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
});
export type RoleGrantView = z.infer<typeof RoleGrantView>;

/** What the web app knows about the signed-in user; `permissions` drive its navigation. */
export const SessionInfo = z.object({
  user: z.object({
    id: Id,
    username: z.string(),
    fullName: z.string(),
    email: z.string().nullable(),
    roles: z.array(RoleGrantView),
    mustChangePassword: z.boolean(),
  }),
  permissions: z.array(ActionName),
  /** Send back as `X-CSRF-Token` on every write. */
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1, { error: 'Mật khẩu hiện tại: bắt buộc nhập.' }).max(LIMITS.passwordMax),
  newPassword: z
    .string()
    .min(1, { error: 'Mật khẩu mới: bắt buộc nhập.' })
    .max(LIMITS.passwordMax, { error: `Mật khẩu mới: tối đa ${LIMITS.passwordMax} ký tự.` }),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
