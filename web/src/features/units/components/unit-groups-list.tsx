import { PlusOutlined } from '@ant-design/icons';
import type { UnitGroupView } from '@cchc/domain/api/organisation';
import { App, Button, Popconfirm, Space, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError } from '../../../lib/api-client';
import { useLang, useT } from '../../../lib/i18n';
import { useUnitGroups } from '../../../lib/organisation';
import { useUpdateUnitGroup } from '../api';
import { UnitGroupFormModal } from './unit-group-form-modal';

type Editing = { group: UnitGroupView | null } | null;

/** Unit groups (khối) with add/edit and (de)activation through PATCH isActive. */
export function UnitGroupsList({ title, canCreate }: { title: string; canCreate: boolean }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const groups = useUnitGroups();
  const update = useUpdateUnitGroup();
  const [editing, setEditing] = useState<Editing>(null);

  const toggleActive = (group: UnitGroupView, isActive: boolean) =>
    update.mutate(
      { id: group.id, patch: { isActive } },
      {
        onSuccess: (saved) =>
          void message.success(t(isActive ? 'groups.activated' : 'groups.deactivated', { code: saved.code })),
        onError: (error) => void message.error(describeError(error, lang)),
      },
    );

  const columns: TableProps<UnitGroupView>['columns'] = [
    {
      title: t('groups.code'),
      dataIndex: 'code',
      key: 'code',
      width: 160,
      render: (code: string) => <strong>{code}</strong>,
    },
    { title: t('groups.name'), dataIndex: 'name', key: 'name' },
    { title: t('groups.unitCount'), dataIndex: 'unitCount', key: 'unitCount', width: 120, align: 'right' },
    {
      title: t('common.status'),
      key: 'status',
      width: 150,
      render: (_, group) =>
        group.isActive ? (
          <StatusTag status="active">{t('common.active')}</StatusTag>
        ) : (
          <StatusTag status="inactive">{t('common.inactive')}</StatusTag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      render: (_, group) =>
        group.allowedActions.includes('unitGroup.update') ? (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              aria-label={`${t('common.edit')} ${group.code}`}
              data-testid={`unit-group-edit-${group.code}`}
              onClick={() => setEditing({ group })}
            >
              {t('common.edit')}
            </Button>
            {group.isActive ? (
              <Popconfirm
                title={t('groups.deactivateConfirm', { name: group.name })}
                okText={t('units.deactivate')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => toggleActive(group, false)}
              >
                <Button
                  type="link"
                  size="small"
                  danger
                  aria-label={`${t('units.deactivate')} ${group.code}`}
                  data-testid={`unit-group-deactivate-${group.code}`}
                >
                  {t('units.deactivate')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="link"
                size="small"
                aria-label={`${t('units.activate')} ${group.code}`}
                data-testid={`unit-group-activate-${group.code}`}
                onClick={() => toggleActive(group, true)}
              >
                {t('units.activate')}
              </Button>
            )}
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={title}
        extra={
          canCreate ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ group: null })}
              data-testid="unit-group-add"
            >
              {t('groups.add')}
            </Button>
          ) : null
        }
      />
      {groups.isError ? <QueryError error={groups.error} onRetry={() => void groups.refetch()} /> : null}
      <div data-testid="unit-groups-table">
        <Table<UnitGroupView>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={groups.data ?? []}
          loading={groups.isFetching}
          locale={{ emptyText: t('groups.empty') }}
          pagination={false}
          scroll={{ x: 700 }}
        />
      </div>
      {editing ? <UnitGroupFormModal group={editing.group} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
