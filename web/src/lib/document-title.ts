import { useEffect } from 'react';
import { translate, useLang } from './i18n';

/** Sets `<title>` to "<page> · Chỉ số CCHC" (follows the language switch). */
export function useDocumentTitle(pageTitle: string): void {
  const lang = useLang();
  useEffect(() => {
    document.title = `${pageTitle} · ${translate(lang, 'app.shortName')}`;
  }, [pageTitle, lang]);
}
