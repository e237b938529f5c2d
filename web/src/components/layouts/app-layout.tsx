import { KeyOutlined, LogoutOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '@cchc/domain/access/roles';
import { App, Button, Flex, Layout, Menu, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLogout, useRequiredSession } from '../../lib/auth';
import { useLang, useT } from '../../lib/i18n';
import { BRAND } from '../../lib/theme';
import { CHANGE_PASSWORD_PATH } from '../guards';
import { LanguageSwitch } from '../ui/language-switch';
import { buildNavItems, selectedNavKey } from './navigation';

const { Header, Sider, Content } = Layout;

const onDark = { color: '#ffffff' } as const;

/**
 * Header + side navigation + the page's `<main>`. `headerExtra` (e.g. the notifications bell) is
 * passed in by the router, so that this shared layout imports no feature.
 */
export function AppLayout({ headerExtra }: { headerExtra?: ReactNode } = {}) {
  const session = useRequiredSession();
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const logout = useLogout();

  const items = useMemo(() => buildNavItems(session, t), [session, t]);
  const selected = selectedNavKey(location.pathname);
  const roleText = session.user.roles
    .map((g) => (g.unitCode ? `${ROLE_LABELS[g.role][lang]} — ${g.unitCode}` : ROLE_LABELS[g.role][lang]))
    .join('; ');

  const onLogout = () => {
    logout.mutate(undefined, {
      onSettled: () => {
        void message.success(t('header.loggedOut'));
        navigate('/login', { replace: true });
      },
    });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* Keyboard users jump over the header and the menu (WCAG 2.4.1). */}
      <a href="#main-content" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          position: 'sticky',
          top: 0,
          zIndex: 10,
          boxShadow: '0 1px 4px rgba(0,0,0,0.25)',
        }}
      >
        <img src="/emblem.svg" alt="" width={34} height={34} style={{ flex: 'none' }} />
        <Flex vertical style={{ lineHeight: 1.25, minWidth: 0, flex: '1 1 auto', marginInlineStart: -6 }}>
          <span style={{ ...onDark, fontSize: 11, letterSpacing: 0.6, textTransform: 'uppercase' }}>
            {t('app.agency')}
          </span>
          <span style={{ ...onDark, fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap' }}>
            {t('app.name')}
          </span>
        </Flex>
        <Flex align="center" gap={12} style={{ flex: '0 1 auto', minWidth: 0 }}>
          <Flex vertical align="end" style={{ lineHeight: 1.25, minWidth: 0 }} data-testid="current-user">
            <span style={{ ...onDark, fontWeight: 600, whiteSpace: 'nowrap' }}>{session.user.fullName}</span>
            <Typography.Text
              ellipsis={{ tooltip: roleText }}
              style={{ ...onDark, fontSize: 12, maxWidth: 340 }}
              data-testid="current-roles"
            >
              {roleText}
            </Typography.Text>
          </Flex>
          {headerExtra}
          <LanguageSwitch onDark />
          <Button
            type="text"
            icon={<KeyOutlined />}
            style={onDark}
            onClick={() => navigate(CHANGE_PASSWORD_PATH)}
            data-testid="header-change-password"
          >
            {t('header.changePassword')}
          </Button>
          <Button
            type="text"
            icon={<LogoutOutlined />}
            style={onDark}
            loading={logout.isPending}
            onClick={onLogout}
            data-testid="header-logout"
          >
            {t('header.logout')}
          </Button>
        </Flex>
      </Header>
      <Layout>
        <Sider width={208} breakpoint="lg" collapsedWidth={64} trigger={null}>
          <nav aria-label={t('nav.label')} style={{ paddingTop: 8 }}>
            <Menu
              theme="dark"
              mode="inline"
              items={items}
              selectedKeys={selected ? [selected] : []}
              style={{ background: BRAND.sider, borderInlineEnd: 0 }}
            />
          </nav>
        </Sider>
        <Content id="main-content" tabIndex={-1} style={{ padding: 16, minWidth: 0, outline: 'none' }}>
          <div
            style={{ background: '#ffffff', borderRadius: 8, padding: 20, minHeight: 'calc(100vh - 100px)' }}
          >
            <Outlet />
          </div>
        </Content>
      </Layout>
    </Layout>
  );
}
