import { useCallback } from 'react';
import { type Lang, type TParams, useLang } from '../../lib/i18n';

/**
 * Texts of the users feature added after lib/i18n.ts (same shape and `{name}` placeholders),
 * kept beside the feature like the appraisal pages' texts.
 */
const vi = {
  'homeUnit.label': 'Đơn vị công tác',
  'homeUnit.placeholder': 'Chưa ghi nhận',
  'homeUnit.hint':
    'Đơn vị nơi người dùng làm việc. Thành viên Tổ giúp việc không được phân công thẩm định đơn vị này (xung đột lợi ích).',
  'homeUnit.inactive': '{unit} (đã ngừng hoạt động)',
};

type Key = keyof typeof vi;

const en: Record<Key, string> = {
  'homeUnit.label': 'Unit of work',
  'homeUnit.placeholder': 'Not recorded',
  'homeUnit.hint':
    'The unit the user works in. A working-group member is never assigned to appraise it (conflict of interest).',
  'homeUnit.inactive': '{unit} (inactive)',
};

const DICTIONARIES: Record<Lang, Record<Key, string>> = { vi, en };

export type UsersT = (key: Key, params?: TParams) => string;

export function translateUsers(lang: Lang, key: Key, params?: TParams): string {
  const template = DICTIONARIES[lang][key];
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The translation function for the texts above, in the current language. */
export function useUsersT(): UsersT {
  const lang = useLang();
  return useCallback((key: Key, params?: TParams) => translateUsers(lang, key, params), [lang]);
}
