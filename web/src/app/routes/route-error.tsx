import { Button, Result } from 'antd';
import { useRouteError } from 'react-router-dom';
import { useDocumentTitle } from '../../lib/document-title';
import { useT } from '../../lib/i18n';

/** Last resort when a page throws while rendering. */
export function RouteErrorRoute() {
  const t = useT();
  const error = useRouteError();
  useDocumentTitle(t('routeError.title'));
  if (import.meta.env.DEV) {
    console.error(error);
  }
  return (
    <main>
      <Result
        status="error"
        title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('routeError.title')}</h1>}
        subTitle={t('routeError.subTitle')}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('routeError.reload')}
          </Button>
        }
      />
    </main>
  );
}
