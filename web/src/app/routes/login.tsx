import { Card, Flex, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Location } from 'react-router-dom';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { FullPageSpin } from '../../components/guards';
import { LanguageSwitch } from '../../components/ui/language-switch';
import { LoginForm } from '../../features/auth/components/login-form';
import { clearSessionExpired, useSession, wasSessionExpired } from '../../lib/auth';
import { useDocumentTitle } from '../../lib/document-title';
import { useT } from '../../lib/i18n';
import { BRAND } from '../../lib/theme';

interface LoginState {
  from?: Location;
}

function targetOf(state: LoginState | null): string {
  const from = state?.from;
  if (!from || from.pathname === '/login') {
    return '/';
  }
  return `${from.pathname}${from.search}${from.hash}`;
}

export function LoginRoute() {
  const t = useT();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const state = location.state as LoginState | null;
  const [expired] = useState(wasSessionExpired);
  useEffect(() => clearSessionExpired(), []);
  useDocumentTitle(t('login.pageTitle'));

  if (session.isPending) {
    return <FullPageSpin />;
  }
  if (session.data) {
    return <Navigate to={targetOf(state)} replace />;
  }

  return (
    <Flex
      vertical
      style={{
        minHeight: '100vh',
        background: `linear-gradient(160deg, ${BRAND.header} 0%, ${BRAND.primary} 55%, #2d6bb0 100%)`,
      }}
    >
      <header style={{ display: 'flex', justifyContent: 'flex-end', padding: '16px 24px' }}>
        <LanguageSwitch onDark />
      </header>
      <main style={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
        <Card style={{ width: '100%', maxWidth: 420, boxShadow: '0 8px 32px rgba(0,0,0,0.25)' }}>
          <Flex vertical align="center" style={{ textAlign: 'center', marginBottom: 24 }}>
            <img src="/emblem.svg" alt="" width={56} height={56} style={{ marginBottom: 12 }} />
            <Typography.Text
              strong
              style={{ color: BRAND.primary, letterSpacing: 0.8, textTransform: 'uppercase' }}
            >
              {t('app.agency')}
            </Typography.Text>
            <Typography.Title level={1} style={{ fontSize: 22, margin: '4px 0 0' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text style={{ color: 'rgba(0,0,0,0.7)' }}>{t('login.heading')}</Typography.Text>
          </Flex>
          <LoginForm
            notice={expired ? t('login.sessionExpired') : undefined}
            onSuccess={() => navigate(targetOf(state), { replace: true })}
          />
        </Card>
      </main>
      <footer style={{ textAlign: 'center', color: '#ffffff', padding: '16px 24px', fontSize: 13 }}>
        {t('login.footer')}
      </footer>
    </Flex>
  );
}
