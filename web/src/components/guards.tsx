import type { Action } from '@cchc/domain/access/policy';
import { Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { hasPermission, useSession } from '../lib/auth';
import { useT } from '../lib/i18n';
import { QueryError } from './ui/query-error';
import { ForbiddenResult } from './ui/result-pages';

export const CHANGE_PASSWORD_PATH = '/account/password';

/** A page-sized spinner inside the page's one `<main>`. */
export function FullPageSpin() {
  const t = useT();
  return (
    <main>
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" description={t('common.loading')} />
      </Flex>
    </main>
  );
}

/**
 * Only signed-in users get past; others go to /login (and come back afterwards). A user who must
 * change the password is held on the change-password page.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return <FullPageSpin />;
  }
  if (session.isError) {
    return (
      <main style={{ maxWidth: 640, margin: '80px auto', padding: 16 }}>
        <QueryError error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) {
    return <Navigate to="/login" replace state={{ from: location }} />;
  }
  if (session.data.user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  return children;
}

/** Renders the page only if the session holds one of the actions; a 403 result otherwise. */
export function RequirePermission({ anyOf, children }: { anyOf: readonly Action[]; children: ReactNode }) {
  const { data } = useSession();
  if (!data || !anyOf.some((action) => hasPermission(data, action))) {
    return <ForbiddenResult />;
  }
  return children;
}
