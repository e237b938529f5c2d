import { INDEX_SET_STATUS_LABELS, type IndexSetSummary } from '@cchc/domain/api/index-sets';
import { Button, Card, Flex, Space, Table, type TableProps, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { formatDate } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useIndexSets } from '../api';
import { type VersionStanding, versionStandings } from '../versions';
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
 * "Hiện hành" (the newest published version of its code, the one in force) or "Cũ" (an older
 * published version), with a tooltip that says which version is current.
 */
export function VersionStandingTag({
  standing,
  currentVersion,
  testId,
}: {
  standing: VersionStanding;
  currentVersion: number;
  testId?: string;
}) {
  const t = useT();
  return (
    <Tooltip
      title={
        standing === 'current'
          ? t('indexSets.currentHint')
          : t('indexSets.supersededHint', { version: currentVersion })
      }
    >
      <span data-testid={testId} data-standing={standing}>
        {standing === 'current' ? (
          <StatusTag status="active">
            <strong>{t('indexSets.current')}</strong>
          </StatusTag>
        ) : (
          <StatusTag status="inactive">{t('indexSets.superseded')}</StatusTag>
        )}
      </span>
    </Tooltip>
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
  const standings = useMemo(() => versionStandings(sets.data ?? []), [sets.data]);

  const columns: TableProps<IndexSetSummary>['columns'] = [
    {
      title: t('indexSets.codeAndName'),
      dataIndex: 'code',
      key: 'code',
      width: 240,
      render: (code: string, set) => (
        <Flex vertical gap={2}>
          <Link
            to={`/index-sets/${set.id}`}
            data-testid={`index-set-link-${code}-v${set.version}`}
            style={{ wordBreak: 'break-word' }}
          >
            <strong>{code}</strong>
          </Link>
          <Typography.Text style={{ fontSize: 13 }}>{set.name}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('indexSets.year'), dataIndex: 'year', key: 'year', width: 64 },
    {
      title: t('indexSets.version'),
      dataIndex: 'version',
      key: 'version',
      width: 84,
      render: (version: number, set) => (
        <Flex vertical align="start" gap={4}>
          <span>v{version}</span>
          {set.isLatest && set.status !== 'PUBLISHED' ? (
            <StatusTag status="inactive">{t('indexSets.latest')}</StatusTag>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      key: 'status',
      width: 150,
      render: (_, set) => {
        const standing = standings.get(set.id);
        return (
          <Flex vertical align="start" gap={4}>
            <IndexSetStatusTag set={set} />
            {set.publishedAt ? (
              <Typography.Text style={{ fontSize: 12 }}>
                {t('indexSets.publishedOnDate', { date: formatDate(set.publishedAt, lang) })}
              </Typography.Text>
            ) : null}
            {standing ? (
              <VersionStandingTag
                standing={standing.standing}
                currentVersion={standing.currentVersion}
                testId={`index-set-standing-${set.code}-v${set.version}`}
              />
            ) : null}
          </Flex>
        );
      },
    },
    {
      title: t('indexSets.leafCount'),
      dataIndex: 'leafCount',
      key: 'leafCount',
      width: 88,
      align: 'right',
      // Narrow screens (under 1200 px) keep the columns one needs to pick a version.
      responsive: ['xl'],
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
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
      {/* The table scrolls sideways inside its card on narrow screens; the page itself never does. */}
      <Card size="small" styles={{ body: { padding: 0 } }} data-testid="index-sets-table">
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
          tableLayout="fixed"
          scroll={{ x: 738 }}
        />
      </Card>
      {cloning ? <CloneModal source={cloning} onClose={() => setCloning(null)} /> : null}
    </>
  );
}
