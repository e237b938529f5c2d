import { DownloadOutlined, GlobalOutlined } from '@ant-design/icons';
import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import { Alert, Button, Card, Flex, Input, Switch, Table, Typography } from 'antd';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { publicPageUrl, resultsCsvUrl, resultsPageUrl } from '../api';
import { useResultsT } from '../messages';
import { groupOptions, matchesSearch, rankedOrder } from '../model';
import { GroupFilter } from './group-filter';
import { useRankingColumns } from './ranking-columns';

/** Published (the campaign's phase, or the announcement's publication time). */
export function isPublished(view: ResultsView): boolean {
  return view.phase === 'PUBLISHED' || view.phase === 'CLOSED' || Boolean(view.announcement?.publishedAt);
}

/**
 * "Xếp hạng": the ranked table with every column sortable, a group filter and a search by unit
 * name or code; the internal CSV and, once published, the public page.
 */
export function RankingTab({
  view,
  campaignId,
  onAmend,
}: {
  view: ResultsView;
  campaignId: string;
  onAmend?: (row: ResultRow) => void;
}) {
  const t = useResultsT();
  const searchId = useId();
  const largeId = useId();
  const [group, setGroup] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [large, setLarge] = useState(false);
  const tableBox = useKeyboardScrollable(t('ranking.title'));
  const columns = useRankingColumns({ view, large, onAmend });

  const groups = useMemo(() => groupOptions(view), [view]);
  const rows = useMemo(
    () =>
      rankedOrder(view.rows, view.rankingScope).filter(
        (row) => (group === null || row.unit.groupCode === group) && matchesSearch(row, query),
      ),
    [view, group, query],
  );
  const published = isPublished(view);

  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} id="results-table" style={{ fontSize: 17, margin: 0 }}>
          {t('ranking.title')}
        </Typography.Title>
      }
      extra={
        <Flex gap={8} wrap>
          <Button icon={<DownloadOutlined />} href={resultsCsvUrl(campaignId)} data-testid="results-csv">
            {t('ranking.csv')}
          </Button>
          {published ? (
            <Button
              icon={<GlobalOutlined />}
              href={publicPageUrl(view.campaignCode)}
              data-testid="results-public-link"
            >
              {t('ranking.publicPage')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      <Flex gap={16} align="center" wrap style={{ marginBottom: 12 }}>
        <GroupFilter groups={groups} value={group} onChange={setGroup} testId="results-group-filter" />
        <Flex gap={6} align="center">
          <label htmlFor={searchId}>{t('ranking.search')}</label>
          <Input
            id={searchId}
            type="search"
            allowClear
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('ranking.searchPlaceholder')}
            style={{ width: 240 }}
            data-testid="results-search"
          />
        </Flex>
        <Flex gap={6} align="center">
          <Switch id={largeId} checked={large} onChange={setLarge} data-testid="results-large" />
          <label htmlFor={largeId}>{t('ranking.largeText')}</label>
        </Flex>
        <Typography.Text type="secondary" data-testid="results-count">
          {t('ranking.count', { count: rows.length, total: view.rows.length })}
        </Typography.Text>
      </Flex>
      <div ref={tableBox}>
        <Table<ResultRow>
          rowKey="scorecardId"
          size={large ? 'large' : 'middle'}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: large ? 1920 : 1610 }}
          showSorterTooltip={{ title: t('ranking.sortHint') }}
          locale={{ emptyText: t('ranking.noRows') }}
          onRow={(row) =>
            ({
              'data-testid': `results-row-${row.unit.code}`,
              'data-rank': row.rank,
            }) as React.HTMLAttributes<HTMLElement>
          }
        />
      </div>
      {view.previousCampaign ? null : (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={
            <span>
              {t('ranking.noPrevious')}{' '}
              <Link to={resultsPageUrl(campaignId, 'settings')} style={{ textDecoration: 'underline' }}>
                {t('ranking.openSettings')}
              </Link>
            </span>
          }
        />
      )}
    </Card>
  );
}
