import { INDEX_SET_STATUS_LABELS, type IndexSetSummary } from '@cchc/domain/api/index-sets';
import { Button, Space, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { formatDate } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useIndexSets } from '../api';
import { CloneModal } from './clone-modal';
import { ImportPanel } from './import-panel';
import { DownloadButtons, NewVersionButton, PublishButton } from './index-set-actions';

export function IndexSetStatusTag({ set }: { set: Pick<IndexSetSummary, 'status'> }) {
  const lang = useLang();
  return (
    <StatusTag status={set.status === 'PUBLISHED' ? 'active' : 'warning'}>
      {INDEX_SET_STATUS_LABELS[set.status][lang]}
    </StatusTag>
  );
}

/**
 * All versions of all index sets, newest first. `canImport` adds the import panel; row actions
 * follow each version's `allowedActions` (read-only users can only open and download).
 */
export function IndexSetsList({ canImport }: { canImport: boolean }) {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const sets = useIndexSets();
  const [cloning, setCloning] = useState<IndexSetSummary | null>(null);

  const rows = [...(sets.data ?? [])].sort(
    (a, b) => b.year - a.year || a.code.localeCompare(b.code) || b.version - a.version,
  );

  const columns: TableProps<IndexSetSummary>['columns'] = [
    {
      title: t('indexSets.code'),
      dataIndex: 'code',
      key: 'code',
      width: 190,
      render: (code: string, set) => (
        <Link to={`/index-sets/${set.id}`} data-testid={`index-set-link-${code}-v${set.version}`}>
          <strong>{code}</strong>
        </Link>
      ),
    },
    { title: t('indexSets.name'), dataIndex: 'name', key: 'name', minWidth: 200 },
    { title: t('indexSets.year'), dataIndex: 'year', key: 'year', width: 64 },
    {
      title: t('indexSets.version'),
      dataIndex: 'version',
      key: 'version',
      width: 120,
      render: (version: number, set) => (
        <span>
          v{version}
          {set.isLatest ? (
            <>
              {' '}
              <StatusTag status="inactive">{t('indexSets.latest')}</StatusTag>
            </>
          ) : null}
        </span>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      key: 'status',
      width: 120,
      render: (_, set) => <IndexSetStatusTag set={set} />,
    },
    { title: t('indexSets.leafCount'), dataIndex: 'leafCount', key: 'leafCount', width: 90, align: 'right' },
    {
      title: t('indexSets.publishedAt'),
      dataIndex: 'publishedAt',
      key: 'publishedAt',
      width: 110,
      render: (value: string | null) => (value ? formatDate(value, lang) : t('common.none')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 250,
      render: (_, set) => {
        const label = `${set.code} v${set.version}`;
        return (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              href={`/index-sets/${set.id}`}
              onClick={(e) => {
                // A plain click navigates in the app; ctrl/⌘-click still opens a new tab.
                if (e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey) {
                  e.preventDefault();
                  navigate(`/index-sets/${set.id}`);
                }
              }}
              aria-label={`${t('indexSets.open')} ${label}`}
              data-testid={`index-set-open-${set.code}-v${set.version}`}
            >
              {t('indexSets.open')}
            </Button>
            <DownloadButtons set={set} size="small" type="link" />
            {set.allowedActions.includes('indexSet.newVersion') ? (
              <NewVersionButton set={set} size="small" type="link" />
            ) : null}
            {set.allowedActions.includes('indexSet.clone') ? (
              <Button
                type="link"
                size="small"
                aria-label={`${t('indexSets.clone')} ${label}`}
                data-testid={`index-set-clone-${set.code}-v${set.version}`}
                onClick={() => setCloning(set)}
              >
                {t('indexSets.clone')}
              </Button>
            ) : null}
            {set.allowedActions.includes('indexSet.publish') ? (
              <PublishButton set={set} size="small" type="link" />
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader title={t('indexSets.pageTitle')} />
      {canImport ? <ImportPanel /> : null}
      {sets.isError ? <QueryError error={sets.error} onRetry={() => void sets.refetch()} /> : null}
      <div data-testid="index-sets-table">
        <Table<IndexSetSummary>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={sets.isFetching}
          locale={{ emptyText: t('indexSets.empty') }}
          onRow={(set) => ({ 'data-testid': `index-set-row-${set.code}-v${set.version}` }) as object}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          scroll={{ x: 1140 }}
        />
      </div>
      {cloning ? <CloneModal source={cloning} onClose={() => setCloning(null)} /> : null}
    </>
  );
}
