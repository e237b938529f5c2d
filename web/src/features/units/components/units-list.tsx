import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { UNIT_KIND_LABELS, type UnitView } from '@cchc/domain/api/organisation';
import { App, Button, Input, Popconfirm, Space, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { FilterBar, LabelledSwitch } from '../../../components/ui/filter-bar';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError } from '../../../lib/api-client';
import { useLang, useT } from '../../../lib/i18n';
import { useUnits } from '../../../lib/organisation';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useSetUnitActive } from '../api';
import { UnitFormModal } from './unit-form-modal';

type Editing = { unit: UnitView | null } | null;

/**
 * The list of units. `manage` adds the add button and the row actions the server allows
 * (`allowedActions`); without it the list is read-only.
 */
export function UnitsList({ title, manage }: { title: string; manage: boolean }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const q = useDebouncedValue(search);
  const units = useUnits({ q, includeInactive });
  const setActive = useSetUnitActive();
  const [editing, setEditing] = useState<Editing>(null);

  const toggleActive = (unit: UnitView, active: boolean) =>
    setActive.mutate(
      { id: unit.id, active },
      {
        onSuccess: (saved) =>
          void message.success(t(active ? 'units.activated' : 'units.deactivated', { code: saved.code })),
        onError: (error) => void message.error(describeError(error, lang)),
      },
    );

  const columns: TableProps<UnitView>['columns'] = [
    {
      title: t('units.code'),
      dataIndex: 'code',
      key: 'code',
      width: 120,
      render: (code: string) => <strong>{code}</strong>,
    },
    { title: t('units.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('units.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 120,
      render: (_, unit) => UNIT_KIND_LABELS[unit.kind][lang],
    },
    {
      title: t('units.group'),
      dataIndex: 'groupName',
      key: 'group',
      width: 200,
      render: (_, unit) => unit.groupName ?? t('units.noGroup'),
    },
    {
      title: t('common.status'),
      dataIndex: 'isActive',
      key: 'status',
      width: 150,
      render: (_, unit) =>
        unit.isActive ? (
          <StatusTag status="active">{t('common.active')}</StatusTag>
        ) : (
          <StatusTag status="inactive">{t('common.inactive')}</StatusTag>
        ),
    },
  ];
  if (manage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      fixed: 'right',
      render: (_, unit) => (
        <Space size={0} wrap>
          {unit.allowedActions.includes('unit.update') ? (
            <Button
              type="link"
              size="small"
              aria-label={`${t('common.edit')} ${unit.code}`}
              data-testid={`unit-edit-${unit.code}`}
              onClick={() => setEditing({ unit })}
            >
              {t('common.edit')}
            </Button>
          ) : null}
          {unit.allowedActions.includes('unit.deactivate') && unit.isActive ? (
            <Popconfirm
              title={t('units.deactivateConfirm', { name: unit.name })}
              description={t('units.deactivateConfirmHint')}
              okText={t('units.deactivate')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => toggleActive(unit, false)}
            >
              <Button
                type="link"
                size="small"
                danger
                aria-label={`${t('units.deactivate')} ${unit.code}`}
                data-testid={`unit-deactivate-${unit.code}`}
              >
                {t('units.deactivate')}
              </Button>
            </Popconfirm>
          ) : null}
          {unit.allowedActions.includes('unit.deactivate') && !unit.isActive ? (
            <Button
              type="link"
              size="small"
              aria-label={`${t('units.activate')} ${unit.code}`}
              data-testid={`unit-activate-${unit.code}`}
              onClick={() => toggleActive(unit, true)}
            >
              {t('units.activate')}
            </Button>
          ) : null}
        </Space>
      ),
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
              onClick={() => setEditing({ unit: null })}
              data-testid="unit-add"
            >
              {t('units.add')}
            </Button>
          ) : null
        }
      />
      <FilterBar>
        <Input
          allowClear
          prefix={<SearchOutlined aria-hidden />}
          aria-label={t('units.search')}
          placeholder={t('units.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 320 }}
          data-testid="units-search"
        />
        <LabelledSwitch
          label={t('units.includeInactive')}
          checked={includeInactive}
          onChange={setIncludeInactive}
          testId="units-include-inactive"
        />
      </FilterBar>
      {units.isError ? <QueryError error={units.error} onRetry={() => void units.refetch()} /> : null}
      <div data-testid="units-table">
        <Table<UnitView>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={units.data ?? []}
          loading={units.isFetching}
          locale={{ emptyText: t('units.empty') }}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          scroll={{ x: 800 }}
        />
      </div>
      {editing ? <UnitFormModal unit={editing.unit} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
