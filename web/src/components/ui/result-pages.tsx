import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useDocumentTitle } from '../../lib/document-title';
import { useT } from '../../lib/i18n';

/** Shown on a route the user's permissions do not cover. */
export function ForbiddenResult() {
  const t = useT();
  const navigate = useNavigate();
  useDocumentTitle(t('forbidden.title'));
  return (
    <div data-testid="forbidden">
      <Result
        status="403"
        title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('forbidden.title')}</h1>}
        subTitle={t('forbidden.subTitle')}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {t('common.backHome')}
          </Button>
        }
      />
    </div>
  );
}

/** Shown for an unknown client route. */
export function NotFoundResult({ signedIn }: { signedIn: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  useDocumentTitle(t('notFound.title'));
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('notFound.title')}</h1>}
        subTitle={t('notFound.subTitle')}
        extra={
          <Button type="primary" onClick={() => navigate(signedIn ? '/' : '/login')}>
            {signedIn ? t('common.backHome') : t('notFound.toLogin')}
          </Button>
        }
      />
    </div>
  );
}
