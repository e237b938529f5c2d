import { Segmented } from 'antd';
import { type Lang, setLang, useLang, useT } from '../../lib/i18n';

/** VI / EN switch; the choice is remembered in localStorage. */
export function LanguageSwitch({ onDark = false }: { onDark?: boolean }) {
  const lang = useLang();
  const t = useT();
  return (
    <Segmented<Lang>
      size="small"
      aria-label={t('lang.label')}
      data-testid="language-switch"
      value={lang}
      onChange={setLang}
      style={onDark ? { background: 'rgba(255,255,255,0.92)' } : undefined}
      options={[
        { value: 'vi', label: <span lang="vi">VI</span>, title: t('lang.vi') },
        { value: 'en', label: <span lang="en">EN</span>, title: t('lang.en') },
      ]}
    />
  );
}
