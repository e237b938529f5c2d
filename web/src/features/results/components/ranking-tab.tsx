import { DownloadOutlined, GlobalOutlined } from '@ant-design/icons';
import {
  RESULT_SORTS,
  RESULTS_LIMITS,
  type ResultRow,
  type ResultsPage,
  type ResultsView,
} from '@cchc/domain/api/results';
import { Alert, Button, Card, Flex, Input, Switch, Table, type TableProps, Typography } from 'antd';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { publicPageUrl, type RankingParams, resultsCsvUrl, resultsPageUrl, useResultsPage } from '../api';
import { useResultsT } from '../messages';
import { groupOptionsOf } from '../model';
import { GroupFilter } from './group-filter';
import { columnSort, useRankingColumns } from './ranking-columns';

/** Published (the campaign's phase, or the announcement's publication time). */
export function isPublished(view: ResultsView): boolean {
  return view.phase === 'PUBLISHED' || view.phase === 'CLOSED' || Boolean(view.announcement?.publishedAt);
}

/**
 * "Xếp hạng": the ranked table with every column sortable, a group filter and a search by unit
 * name or code; the internal CSV and, once published, the public page.
 */
const PAGE_SIZES = [20, 50, 100, 200];
const SEARCH_DEBOUNCE_MS = 300;

/** Page, size, order, group and search from the URL (?page=&size=&sort=&order=&group=&q=), checked. */
function paramsFrom(search: URLSearchParams): RankingParams {
  const int = (name: string, fallback: number, max: number) => {
    const n = Number(search.get(name));
    return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
  };
  const sort = search.get('sort') ?? 'rank';
  return {
    page: int('page', 1, Number.MAX_SAFE_INTEGER),
    pageSize: int('size', RESULTS_LIMITS.pageSizeDefault, RESULTS_LIMITS.pageSizeMax),
    sort: (RESULT_SORTS as readonly string[]).includes(sort) ? sort : 'rank',
    order: search.get('order') === 'desc' ? 'desc' : 'asc',
    group: search.get('group') || null,
    q: (search.get('q') ?? '').slice(0, RESULTS_LIMITS.searchMax),
  };
}

/**
 * "Xếp hạng": one page of the ranked table at a time — the server sorts, filters and searches
 * (a 10,000-unit campaign is never sent whole; docs/results.md, "Paging"). Every column sorts on
 * the server; the group filter, the search (debounced) and the page are kept in the URL, so a
 * reload or a shared link shows the same page. The internal CSV has every unit.
 */
export function RankingTab({
  view,
  campaignId,
  onAmend,
}: {
  view: ResultsPage;
  campaignId: string;
  onAmend?: (row: ResultRow) => void;
}) {
  const t = useResultsT();
  const searchId = useId();
  const largeId = useId();
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => paramsFrom(search), [search]);
  const [query, setQuery] = useState(params.q);
  const [large, setLarge] = useState(false);
  const tableBox = useKeyboardScrollable(t('ranking.title'));
  const page = useResultsPage(campaignId, params);
  // The header's phase may be newer than the page's (the campaign query): the page carries the rows.
  const columns = useRankingColumns({
    view,
    large,
    onAmend,
    sort: { key: params.sort, order: params.order },
  });
  const groups = useMemo(() => groupOptionsOf(view), [view]);
  const published = isPublished(view);

  const update = useCallback(
    (changes: Partial<Record<'page' | 'size' | 'sort' | 'order' | 'group' | 'q', string | null>>) =>
      setSearch(
        (old) => {
          const next = new URLSearchParams(old);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null || v === '') {
              next.delete(k);
            } else {
              next.set(k, v);
            }
          }
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );

  // Search as the user types, once they pause; back to the first page.
  useEffect(() => {
    if (query.trim() === params.q.trim()) {
      return;
    }
    const timer = window.setTimeout(
      () => update({ q: query.trim() || null, page: null }),
      SEARCH_DEBOUNCE_MS,
    );
    return () => window.clearTimeout(timer);
  }, [query, params.q, update]);

  const onChange: TableProps<ResultRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = s?.order ? columnSort(String(s.columnKey)) : null;
      update({
        sort: key && key !== 'rank' ? key : null,
        order: key && s?.order === 'descend' ? 'desc' : null,
        page: null,
      });
    } else if (extra.action === 'paginate') {
      const size = pagination.pageSize ?? params.pageSize;
      update({
        page: size !== params.pageSize || pagination.current === 1 ? null : String(pagination.current),
        size: size === RESULTS_LIMITS.pageSizeDefault ? null : String(size),
      });
    }
  };

  const data = page.data;
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
        <GroupFilter
          groups={groups}
          value={params.group}
          onChange={(g) => update({ group: g, page: null })}
          testId="results-group-filter"
        />
        <Flex gap={6} align="center">
          <label htmlFor={searchId}>{t('ranking.search')}</label>
          <Input
            id={searchId}
            type="search"
            allowClear
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('ranking.searchPlaceholder')}
            maxLength={RESULTS_LIMITS.searchMax}
            style={{ width: 240 }}
            data-testid="results-search"
          />
        </Flex>
        <Flex gap={6} align="center">
          <Switch id={largeId} checked={large} onChange={setLarge} data-testid="results-large" />
          <label htmlFor={largeId}>{t('ranking.largeText')}</label>
        </Flex>
        <Typography.Text type="secondary" data-testid="results-count" aria-live="polite">
          {t('ranking.count', { count: data?.total ?? 0, total: view.stats.units })}
        </Typography.Text>
      </Flex>
      <div ref={tableBox}>
        <Table<ResultRow>
          rowKey="scorecardId"
          size={large ? 'large' : 'middle'}
          columns={columns}
          dataSource={data?.rows ?? []}
          loading={page.isFetching}
          onChange={onChange}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES,
            showSizeChanger: true,
            hideOnSinglePage: (data?.total ?? 0) <= PAGE_SIZES[0]!,
            position: ['bottomRight'],
          }}
          scroll={{ x: large ? 1920 : 1610 }}
          showSorterTooltip={{ title: t('ranking.sortHint') }}
          locale={{ emptyText: page.isError ? t('ranking.loadError') : t('ranking.noRows') }}
          onRow={(row) =>
            ({
              'data-testid': `results-row-${row.unit.code}`,
              'data-rank': row.rank,
            }) as React.HTMLAttributes<HTMLElement>
          }
          data-testid="results-table"
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
