import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { ROLE_LABELS, ROLES, type Role } from '@cchc/domain/access/roles';
import type { UserView } from '@cchc/domain/api/users';
import { App, Button, Flex, Input, Popconfirm, Select, Table, type TableProps, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { FilterBar, LabelledSwitch } from '../../../components/ui/filter-bar';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useUnits } from '../../../lib/organisation';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useSetUserActive, useUsers } from '../api';
import { useUsersT } from '../i18n';
import { ResetPasswordModal } from './reset-password-modal';
import { UserFormModal } from './user-form-modal';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserView }
  | { kind: 'reset'; user: UserView }
  | null;

function isLocked(user: UserView): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
}

/**
 * Users with filters. `manage` adds "Thêm người dùng" and the row actions the server allows
 * (`allowedActions`); there is deliberately no hard delete.
 */
export function UsersList({ title, manage }: { title: string; manage: boolean }) {
  const t = useT();
  const ut = useUsersT();
  const lang = useLang();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [includeInactive, setIncludeInactive] = useState(false);
  const q = useDebouncedValue(search);
  const users = useUsers({ q, role, unitId, includeInactive });
  const units = useUnits({ includeInactive: true });
  const setActive = useSetUserActive();
  const [dialog, setDialog] = useState<Dialog>(null);

  const unitOptions = useMemo(
    () => (units.data ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })),
    [units.data],
  );
  const roleOptions = useMemo(() => ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] })), [lang]);

  const toggleActive = (user: UserView, active: boolean) =>
    setActive.mutate(
      { id: user.id, active },
      {
        onSuccess: (saved) =>
          void message.success(
            t(active ? 'users.activated' : 'users.deactivated', { username: saved.username }),
          ),
        onError: (error) => void message.error(describeError(error, lang)),
      },
    );

  const scrollRef = useKeyboardScrollable(t('users.pageTitle'));
  const columns: TableProps<UserView>['columns'] = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      key: 'username',
      width: 120,
      fixed: 'left',
      render: (username: string) => <strong>{username}</strong>,
    },
    { title: t('users.fullName'), dataIndex: 'fullName', key: 'fullName', width: 150 },
    {
      title: t('users.email'),
      dataIndex: 'email',
      key: 'email',
      width: 150,
      ellipsis: true,
      render: (email: string | null) => email ?? t('common.none'),
    },
    {
      title: ut('homeUnit.label'),
      key: 'homeUnit',
      width: 140,
      render: (_, user) =>
        user.homeUnitId ? (
          <span title={user.homeUnitName ?? undefined}>{user.homeUnitCode ?? user.homeUnitName}</span>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('users.roles'),
      key: 'roles',
      minWidth: 190,
      render: (_, user) => (
        <Flex wrap gap={4}>
          {user.roles.map((g) => (
            <Tag
              key={`${g.role}:${g.unitId ?? ''}`}
              color="blue"
              style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
            >
              {g.unitCode ? `${ROLE_LABELS[g.role][lang]} — ${g.unitCode}` : ROLE_LABELS[g.role][lang]}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 130,
      render: (_, user) =>
        !user.isActive ? (
          <StatusTag status="inactive">{t('users.statusInactive')}</StatusTag>
        ) : isLocked(user) ? (
          <StatusTag status="warning">
            {t('users.statusLocked', { time: formatDateTime(user.lockedUntil, lang) })}
          </StatusTag>
        ) : (
          <StatusTag status="active">{t('users.statusActive')}</StatusTag>
        ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      width: 125,
      render: (at: string | null) => (at ? formatDateTime(at, lang) : t('users.never')),
    },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_, user) => {
        const can = (action: UserView['allowedActions'][number]) => user.allowedActions.includes(action);
        return (
          <Flex vertical align="start">
            {can('user.update') ? (
              <Button
                type="link"
                size="small"
                aria-label={`${t('common.edit')} ${user.username}`}
                data-testid={`user-edit-${user.username}`}
                onClick={() => setDialog({ kind: 'edit', user })}
              >
                {t('common.edit')}
              </Button>
            ) : null}
            {can('user.deactivate') && user.isActive ? (
              <Popconfirm
                title={t('users.deactivateConfirm', { username: user.username })}
                description={t('users.deactivateConfirmHint')}
                okText={t('users.deactivate')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => toggleActive(user, false)}
              >
                <Button
                  type="link"
                  size="small"
                  danger
                  aria-label={`${t('users.deactivate')} ${user.username}`}
                  data-testid={`user-deactivate-${user.username}`}
                >
                  {t('users.deactivate')}
                </Button>
              </Popconfirm>
            ) : null}
            {can('user.deactivate') && !user.isActive ? (
              <Button
                type="link"
                size="small"
                aria-label={`${t('users.activate')} ${user.username}`}
                data-testid={`user-activate-${user.username}`}
                onClick={() => toggleActive(user, true)}
              >
                {t('users.activate')}
              </Button>
            ) : null}
            {can('user.resetPassword') ? (
              <Button
                type="link"
                size="small"
                aria-label={`${t('users.resetPassword')} ${user.username}`}
                data-testid={`user-reset-password-${user.username}`}
                onClick={() => setDialog({ kind: 'reset', user })}
              >
                {t('users.resetPassword')}
              </Button>
            ) : null}
          </Flex>
        );
      },
    });
  }

  return (
    <>
      <PageHeader
        title={title}
        extra={
          manage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ kind: 'create' })}
              data-testid="user-add"
            >
              {t('users.add')}
            </Button>
          ) : null
        }
      />
      <FilterBar>
        <Input
          allowClear
          prefix={<SearchOutlined aria-hidden />}
          aria-label={t('users.search')}
          placeholder={t('users.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 260 }}
          data-testid="users-search"
        />
        <Select<Role>
          allowClear
          aria-label={t('users.filterRole')}
          placeholder={t('users.allRoles')}
          value={role}
          onChange={(value) => setRole(value ?? undefined)}
          options={roleOptions}
          style={{ width: 200 }}
          data-testid="users-filter-role"
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('users.filterUnit')}
          placeholder={t('users.allUnits')}
          value={unitId}
          onChange={(value) => setUnitId(value ?? undefined)}
          options={unitOptions}
          loading={units.isPending}
          style={{ width: 240 }}
          data-testid="users-filter-unit"
        />
        <LabelledSwitch
          label={t('users.includeInactive')}
          checked={includeInactive}
          onChange={setIncludeInactive}
          testId="users-include-inactive"
        />
      </FilterBar>
      {users.isError ? <QueryError error={users.error} onRetry={() => void users.refetch()} /> : null}
      <div data-testid="users-table" ref={scrollRef}>
        <Table<UserView>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={users.data ?? []}
          loading={users.isFetching}
          locale={{ emptyText: t('users.empty') }}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          scroll={{ x: 1140 }}
        />
      </div>
      {dialog?.kind === 'create' ? <UserFormModal user={null} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'edit' ? <UserFormModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'reset' ? (
        <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />
      ) : null}
    </>
  );
}
