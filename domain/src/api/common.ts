import { z } from 'zod';
import { ACTIONS } from '../access/policy';
import { CODE_PATTERN, LIMITS } from '../validation';

/** Trimmed, non-empty text with a Vietnamese message for each failure. */
export function text(label: string, max: number) {
  return z
    .string({ error: `${label}: bắt buộc nhập.` })
    .trim()
    .min(1, { error: `${label}: bắt buộc nhập.` })
    .max(max, { error: `${label}: tối đa ${max} ký tự.` });
}

export function code(label: string) {
  return text(label, LIMITS.codeMax).regex(CODE_PATTERN, {
    error: `${label}: chỉ gồm chữ in hoa không dấu, chữ số, '_' hoặc '-'.`,
  });
}

export const Id = z.string().uuid({ error: 'Mã định danh không hợp lệ.' });
export const IdParams = z.object({ id: Id });
export const ActionName = z.enum(ACTIONS);

export const OkResponse = z.object({ ok: z.literal(true) });
