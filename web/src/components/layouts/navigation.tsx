import {
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  ClusterOutlined,
  FileTextOutlined,
  FundOutlined,
  HomeOutlined,
  OrderedListOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { SessionInfo } from '@cchc/domain/api/auth';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { hasPermission, isUnitScopedOnly } from '../../lib/auth';
import type { TFunction } from '../../lib/i18n';

export type NavKey =
  | 'home'
  | 'index-sets'
  | 'campaigns'
  | 'monitoring'
  | 'units'
  | 'users'
  | 'admin-units'
  | 'admin-unit-groups'
  | 'admin-users'
  | 'admin-audit'
  | 'settings-documents';

export const NAV_PATHS: Record<NavKey, string> = {
  home: '/',
  'index-sets': '/index-sets',
  campaigns: '/campaigns',
  monitoring: '/monitoring',
  units: '/units',
  users: '/users',
  'admin-units': '/admin/units',
  'admin-unit-groups': '/admin/unit-groups',
  'admin-users': '/admin/users',
  'admin-audit': '/admin/audit',
  'settings-documents': '/settings/documents',
};

type MenuItem = NonNullable<MenuProps['items']>[number];

function item(key: NavKey, label: string, icon: ReactNode): MenuItem {
  return {
    key,
    icon,
    label: <Link to={NAV_PATHS[key]}>{label}</Link>,
    'data-testid': `nav-${key}`,
  };
}

/** The menu, built only from the session's `permissions` (the server's policy answers). */
export function buildNavItems(session: SessionInfo, t: TFunction): MenuItem[] {
  const can = (action: Parameters<typeof hasPermission>[1]) => hasPermission(session, action);
  const items: MenuItem[] = [item('home', t('nav.home'), <HomeOutlined />)];
  if (can('indexSet.read')) {
    items.push(item('index-sets', t('nav.indexSets'), <OrderedListOutlined />));
  }
  if (can('campaign.read')) {
    items.push(item('campaigns', t('nav.campaigns'), <CalendarOutlined />));
  }
  if (can('campaign.monitor')) {
    items.push(item('monitoring', t('nav.monitoring'), <FundOutlined />));
  }
  if (can('unit.read') && !can('unit.create')) {
    const label = isUnitScopedOnly(session) ? t('nav.myUnit') : t('nav.units');
    items.push(item('units', label, <ApartmentOutlined />));
  }
  if (can('user.read') && !can('user.create')) {
    items.push(item('users', t('nav.users'), <TeamOutlined />));
  }
  if (can('user.create') || can('unit.create') || can('audit.read')) {
    const admin: MenuItem[] = [];
    if (can('unit.create')) {
      admin.push(item('admin-units', t('nav.adminUnits'), <ApartmentOutlined />));
    }
    if (can('unitGroup.create')) {
      admin.push(item('admin-unit-groups', t('nav.adminUnitGroups'), <ClusterOutlined />));
    }
    if (can('user.create')) {
      admin.push(item('admin-users', t('nav.adminUsers'), <UserOutlined />));
    }
    // The audit log: the Office and the administrators (issue 8).
    if (can('audit.read')) {
      admin.push(item('admin-audit', t('nav.audit'), <AuditOutlined />));
    }
    items.push({ type: 'group', key: 'admin', label: t('nav.admin'), children: admin });
  }
  // Settings of the generated documents (agency, symbols, signers): the Office's, like the campaigns.
  if (can('campaign.manage')) {
    items.push({
      type: 'group',
      key: 'settings',
      label: t('nav.settings'),
      children: [item('settings-documents', t('nav.documentSettings'), <FileTextOutlined />)],
    });
  }
  return items;
}

/** The menu key of the page at `pathname` (longest matching prefix). */
export function selectedNavKey(pathname: string): NavKey | undefined {
  const entries = Object.entries(NAV_PATHS) as [NavKey, string][];
  const match = entries
    .filter(([, path]) =>
      path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`),
    )
    .sort((a, b) => b[1].length - a[1].length)[0];
  return match?.[0];
}
