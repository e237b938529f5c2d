import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import type { ReactNode } from 'react';
import { requiredMark } from '../components/ui/required-mark';
import { type Lang, useLang } from '../lib/i18n';
import { queryClient } from '../lib/query-client';
import { theme } from '../lib/theme';

/** antd's Vietnamese date placeholder says "Chọn thời điểm" (a moment); every picker here picks a day. */
const viLocale: typeof viVN = {
  ...viVN,
  DatePicker: viVN.DatePicker
    ? { ...viVN.DatePicker, lang: { ...viVN.DatePicker.lang, placeholder: 'Chọn ngày' } }
    : undefined,
};

const ANTD_LOCALES = { vi: viLocale, en: enUS } satisfies Record<Lang, unknown>;

/** Server state, antd locale and theme, and antd's App context (message, modal). */
export function AppProvider({ children }: { children: ReactNode }) {
  const lang = useLang();
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={ANTD_LOCALES[lang]}
        theme={theme}
        componentSize="middle"
        form={{ requiredMark }}
      >
        <AntdApp>{children}</AntdApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
