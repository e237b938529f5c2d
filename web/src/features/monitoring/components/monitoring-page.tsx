import { NotificationOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  MONITORING_LIMITS,
  MONITORING_SORTS,
  type MonitoringFilter,
  type MonitoringRow,
  type MonitoringSort,
  type MonitoringState,
} from '@cchc/domain/api/campaigns';
import { daysUntil } from '@cchc/domain/campaign/calendar';
import { CAMPAIGN_PHASE_LABELS } from '@cchc/domain/workflow/campaign.machine';
import { Button, Card, Empty, Flex, Input, Progress, Select, Table, type TableProps, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { hasPermission, useRequiredSession } from '../../../lib/auth';
import { formatDate, formatDateTime, formatPercent, formatPoints } from '../../../lib/format';
import { type Lang, type MessageKey, type TFunction, useLang, useT } from '../../../lib/i18n';
import { useUnitGroups } from '../../../lib/organisation';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { type MonitoringParams, useCampaignOptions, useMonitoring } from '../api';

/** Hundredths of a percent → a whole percent, rounded (the same number in the label and on the bar). */
function wholePercent(hundredths: number): number {
  return Math.round(hundredths / 100);
}

/** The filters this page offers (the API has more: notSubmitted, late). */
type Filter = MonitoringState | 'overdue' | 'all';
const PAGE_FILTERS: readonly MonitoringFilter[] = [
  'notStarted',
  'inProgress',
  'submitted',
  'returned',
  'overdue',
];
const PAGE_SIZES = [20, 50, 100, 200];

/** Table column key → the server's sort (the status column has none: `attention` is the default). */
const SORT_OF_COLUMN: Record<string, MonitoringSort> = {
  unit: 'unit',
  group: 'group',
  progress: 'progress',
  evidence: 'evidence',
  points: 'points',
  activity: 'activity',
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** The dashboard's state as the URL carries it (shareable, back/forward), with safe defaults. */
function paramsFrom(search: URLSearchParams): MonitoringParams {
  const page = Number(search.get('page'));
  const size = Number(search.get('size'));
  return {
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize:
      Number.isSafeInteger(size) && size >= 1 && size <= MONITORING_LIMITS.pageSizeMax
        ? size
        : MONITORING_LIMITS.pageSizeDefault,
    sort: oneOf(search.get('sort'), MONITORING_SORTS) ?? 'attention',
    order: search.get('order') === 'desc' ? 'desc' : 'asc',
    status: oneOf(search.get('status'), PAGE_FILTERS),
    group: search.get('group') || null,
    q: (search.get('q') ?? '').slice(0, MONITORING_LIMITS.searchMax),
  };
}

const STATE_KEYS: Record<MonitoringState, MessageKey> = {
  notStarted: 'monitoring.state.notStarted',
  inProgress: 'monitoring.state.inProgress',
  submitted: 'monitoring.state.submitted',
  returned: 'monitoring.state.returned',
};
const STATE_STYLE = {
  notStarted: 'inactive',
  inProgress: 'warning',
  submitted: 'active',
  returned: 'warning',
} as const;

/** '3 giờ trước' — relative to now, in the UI language. */
export function relativeTime(iso: string, lang: Lang): string {
  const rtf = new Intl.RelativeTimeFormat(lang === 'vi' ? 'vi' : 'en', { numeric: 'auto' });
  const diff = (new Date(iso).getTime() - Date.now()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 60) {
    return rtf.format(Math.round(diff), 'second');
  }
  if (abs < 3600) {
    return rtf.format(Math.round(diff / 60), 'minute');
  }
  if (abs < 86400) {
    return rtf.format(Math.round(diff / 3600), 'hour');
  }
  if (abs < 86400 * 30) {
    return rtf.format(Math.round(diff / 86400), 'day');
  }
  return formatDate(iso, lang);
}

function lateText(minutes: number, t: TFunction): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) {
    parts.push(t('sa.days', { count: days }));
  }
  if (hours) {
    parts.push(t('sa.hours', { count: hours }));
  }
  if (mins || parts.length === 0) {
    parts.push(t('sa.minutes', { count: mins }));
  }
  return parts.join(' ');
}

function Total({
  label,
  value,
  active,
  onClick,
  color,
  testId,
}: {
  label: string;
  value: number;
  active: boolean;
  onClick: () => void;
  color?: string;
  testId: string;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-pressed={active}
      data-testid={testId}
      style={{
        flex: '1 1 0',
        minWidth: 118,
        textAlign: 'start',
        background: active ? '#e6eef8' : '#ffffff',
        border: `1px solid ${active ? '#1d4e89' : '#dfe4ea'}`,
        borderRadius: 8,
        padding: '10px 14px',
        cursor: 'pointer',
        font: 'inherit',
      }}
    >
      <div style={{ fontSize: 13, color: 'rgba(0,0,0,0.7)' }}>{label}</div>
      <div style={{ fontSize: 26, fontWeight: 600, color: color ?? '#1f2a37', lineHeight: 1.3 }}>{value}</div>
    </button>
  );
}

/** "Theo dõi tiến độ": every participating unit's self-assessment progress in one campaign. */
export function MonitoringPage() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const session = useRequiredSession();
  const [params, setParams] = useSearchParams();
  const campaigns = useCampaignOptions();
  const query = paramsFrom(params);
  const filter = (query.status ?? 'all') as Filter;
  /** Changes the URL's dashboard state; a new filter, search or sort starts again at page 1. */
  const update = (
    patch: Partial<Record<'page' | 'size' | 'sort' | 'order' | 'status' | 'group' | 'q', string | null>>,
  ) => {
    const next = new URLSearchParams(params);
    if (!('page' in patch)) {
      next.delete('page');
    }
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === '' || (key === 'page' && value === '1')) {
        next.delete(key);
      } else {
        next.set(key, value);
      }
    }
    setParams(next, { replace: true });
  };
  const setFilter = (f: Filter) => update({ status: f === 'all' ? null : f });
  // The search box answers as one types; the server is asked once typing pauses.
  const [qInput, setQInput] = useState(query.q);
  const debouncedQ = useDebouncedValue(qInput, 350);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new debounced value asks again.
  useEffect(() => {
    if (debouncedQ.trim() !== query.q.trim()) {
      update({ q: debouncedQ.trim() || null });
    }
  }, [debouncedQ]);

  const sorted = useMemo(
    () =>
      [...(campaigns.data ?? [])]
        .filter((c) => c.phase !== 'SETUP')
        .sort((a, b) => b.year - a.year || b.createdAt.localeCompare(a.createdAt)),
    [campaigns.data],
  );
  const requested = params.get('campaign');
  const campaignId =
    requested && sorted.some((c) => c.id === requested)
      ? requested
      : (sorted.find((c) => c.phase === 'SELF_ASSESSMENT')?.id ?? sorted[0]?.id ?? null);
  const campaign = sorted.find((c) => c.id === campaignId);
  const monitoring = useMonitoring(campaignId, query);
  const data = monitoring.data?.campaignId === campaignId ? monitoring.data : undefined;
  // Rows shrank under the page (a filter elsewhere, units submitting): go to the last page.
  const lastPage = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  // biome-ignore lint/correctness/useExhaustiveDependencies: update() is new each render; data decides.
  useEffect(() => {
    if (data && data.rows.length === 0 && data.page > lastPage) {
      update({ page: String(lastPage) });
    }
  }, [data, lastPage]);

  const unitGroups = useUnitGroups();
  const groupName = (code: string) => unitGroups.data?.find((g) => g.code === code)?.name ?? code;
  const groups = (data?.groups ?? []).map((g) => g.groupCode);
  const rows = data?.rows ?? [];
  const byGroup = data?.groups ?? [];
  const sortOrder = (key: string) =>
    query.sort === SORT_OF_COLUMN[key]
      ? query.order === 'asc'
        ? ('ascend' as const)
        : ('descend' as const)
      : null;

  const columns: TableProps<MonitoringRow>['columns'] = [
    {
      title: t('campaigns.unit'),
      key: 'unit',
      width: 200,
      sorter: true,
      sortOrder: sortOrder('unit'),
      render: (_, r) => (
        <Flex vertical gap={0}>
          <Link
            to={`/scorecards/${r.scorecardId}`}
            onClick={(e) => e.stopPropagation()}
            data-testid={`monitoring-link-${r.unitCode}`}
          >
            <strong>{r.unitCode}</strong>
          </Link>
          <Typography.Text style={{ fontSize: 13 }}>{r.unitName}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('campaigns.group'),
      key: 'group',
      width: 150,
      responsive: ['xl'],
      sorter: true,
      sortOrder: sortOrder('group'),
      render: (_, r) => <span style={{ fontSize: 13 }}>{groupName(r.groupCode)}</span>,
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 128,
      render: (_, r) => (
        <Flex vertical gap={4} align="start">
          <span data-testid={`monitoring-status-${r.unitCode}`} data-state={r.state}>
            <StatusTag status={STATE_STYLE[r.state]}>{t(STATE_KEYS[r.state])}</StatusTag>
          </span>
          {r.isOverdue ? (
            <span
              style={{
                color: '#ffffff',
                background: '#c62828',
                borderRadius: 4,
                padding: '0 6px',
                fontSize: 12,
              }}
              data-testid={`monitoring-overdue-${r.unitCode}`}
            >
              {t('monitoring.overdue')}
            </span>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('monitoring.progress'),
      key: 'progress',
      width: 140,
      sorter: true,
      sortOrder: sortOrder('progress'),
      render: (_, r) => (
        <Flex vertical gap={0}>
          <Typography.Text style={{ fontSize: 12 }}>
            {r.answeredCount}/{r.applicableCount} ·{' '}
            {formatPercent(wholePercent(r.answeredPercent) * 100, lang)}
          </Typography.Text>
          <Progress
            percent={wholePercent(r.answeredPercent)}
            showInfo={false}
            size="small"
            strokeColor={r.state === 'submitted' ? '#2e7d32' : r.isOverdue ? '#c62828' : '#1d4e89'}
            aria-label={`${t('monitoring.progress')} ${r.unitCode}`}
          />
        </Flex>
      ),
    },
    {
      title: t('monitoring.evidence'),
      dataIndex: 'evidenceCount',
      key: 'evidence',
      width: 76,
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('evidence'),
    },
    {
      title: t('monitoring.selfPoints'),
      key: 'points',
      width: 84,
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('points'),
      render: (_, r) => formatPoints(r.selfPoints, lang).replace(/ (điểm|points?)$/, ''),
    },
    {
      title: t('monitoring.lastActivity'),
      key: 'activity',
      width: 124,
      responsive: ['xl'],
      sorter: true,
      sortOrder: sortOrder('activity'),
      render: (_, r) =>
        r.lastActivityAt ? (
          <span title={formatDateTime(r.lastActivityAt, lang)}>{relativeTime(r.lastActivityAt, lang)}</span>
        ) : (
          <Typography.Text type="secondary">{t('monitoring.never')}</Typography.Text>
        ),
    },
    {
      title: t('monitoring.submittedAt'),
      key: 'submitted',
      width: 150,
      render: (_, r) =>
        r.submittedAt ? (
          <Flex vertical gap={0}>
            <span>{formatDateTime(r.submittedAt, lang)}</span>
            {r.minutesLate ? (
              <span style={{ color: '#c62828', fontSize: 12 }}>
                {t('monitoring.late', { late: lateText(r.minutesLate, t) })}
              </span>
            ) : (
              <span style={{ color: '#1b5e20', fontSize: 12 }}>{t('monitoring.onTime')}</span>
            )}
          </Flex>
        ) : r.dueDate ? (
          <span style={{ color: r.isOverdue ? '#c62828' : undefined, fontSize: 13 }}>
            {t('monitoring.due', { date: formatDate(r.dueDate, lang) })}
          </span>
        ) : null,
    },
  ];

  const totals = data?.totals;
  const toggle = (f: Filter) => setFilter(filter === f ? 'all' : f);
  const due = data?.selfAssessmentDue ?? campaign?.selfAssessmentDue ?? null;
  const daysLeft = due ? daysUntil(due, new Date()) : null;

  return (
    <>
      <PageHeader
        title={t('monitoring.pageTitle')}
        extra={
          <Select
            value={campaignId ?? undefined}
            onChange={(id: string) => {
              // Another campaign: its own groups and units, so the filters start afresh.
              setQInput('');
              setParams({ campaign: id }, { replace: true });
            }}
            options={sorted.map((c) => ({ value: c.id, label: `${c.code} — ${c.name}` }))}
            loading={campaigns.isPending}
            placeholder={t('monitoring.chooseCampaign')}
            aria-label={t('monitoring.chooseCampaign')}
            // The page header's actions grow with their content: bound by the screen (390 px phones).
            style={{ width: 360, maxWidth: 'calc(100vw - 136px)' }}
            data-testid="monitoring-campaign"
          />
        }
      />
      {campaigns.isError ? (
        <QueryError error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      ) : null}
      {monitoring.isError ? (
        <QueryError error={monitoring.error} onRetry={() => void monitoring.refetch()} />
      ) : null}
      {!campaigns.isPending && sorted.length === 0 ? (
        <Empty description={t('monitoring.noCampaign')} />
      ) : null}
      {campaign ? (
        <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
          <Link to={`/campaigns/${campaign.id}`}>{campaign.code}</Link>
          <StatusTag status={campaign.phase === 'SELF_ASSESSMENT' ? 'warning' : 'inactive'}>
            {CAMPAIGN_PHASE_LABELS[campaign.phase][lang]}
          </StatusTag>
          {due ? (
            <span data-testid="monitoring-deadline">
              {t('sa.deadline', { date: formatDate(due, lang) })}
              {daysLeft !== null && daysLeft >= 0 && campaign.phase === 'SELF_ASSESSMENT' ? (
                <Typography.Text type={daysLeft <= 3 ? 'danger' : 'secondary'}>
                  {' '}
                  — {daysLeft === 0 ? t('campaigns.dueToday') : t('campaigns.daysLeft', { count: daysLeft })}
                </Typography.Text>
              ) : null}
            </span>
          ) : null}
          <Flex gap={8} style={{ marginInlineStart: 'auto' }}>
            {hasPermission(session, 'reminder.manage') && campaign.phase === 'SELF_ASSESSMENT' ? (
              <Button
                icon={<NotificationOutlined />}
                onClick={() => navigate(`/campaigns/${campaign.id}?tab=reminders`)}
              >
                {t('monitoring.remind')}
              </Button>
            ) : null}
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void monitoring.refetch()}
              loading={monitoring.isFetching}
              aria-label={t('monitoring.refresh')}
            />
          </Flex>
        </Flex>
      ) : null}
      {totals ? (
        <Flex gap={12} wrap style={{ marginBottom: 16 }} data-testid="monitoring-totals">
          <Total
            label={t('monitoring.units')}
            value={totals.units}
            active={filter === 'all'}
            onClick={() => setFilter('all')}
            testId="monitoring-total-units"
          />
          <Total
            label={t('monitoring.state.submitted')}
            value={totals.submitted}
            active={filter === 'submitted'}
            onClick={() => toggle('submitted')}
            color="#1b5e20"
            testId="monitoring-total-submitted"
          />
          <Total
            label={t('monitoring.state.inProgress')}
            value={totals.inProgress}
            active={filter === 'inProgress'}
            onClick={() => toggle('inProgress')}
            color="#7a3e00"
            testId="monitoring-total-inProgress"
          />
          <Total
            label={t('monitoring.state.notStarted')}
            value={totals.notStarted}
            active={filter === 'notStarted'}
            onClick={() => toggle('notStarted')}
            testId="monitoring-total-notStarted"
          />
          {totals.returned > 0 || filter === 'returned' ? (
            <Total
              label={t('monitoring.state.returned')}
              value={totals.returned}
              active={filter === 'returned'}
              onClick={() => toggle('returned')}
              color="#7a3e00"
              testId="monitoring-total-returned"
            />
          ) : null}
          <Total
            label={t('monitoring.overdue')}
            value={totals.overdue}
            active={filter === 'overdue'}
            onClick={() => toggle('overdue')}
            color={totals.overdue > 0 ? '#c62828' : undefined}
            testId="monitoring-total-overdue"
          />
        </Flex>
      ) : null}
      {byGroup.length > 0 ? (
        <Card size="small" title={t('monitoring.byGroup')} style={{ marginBottom: 16 }}>
          <Flex vertical gap={8}>
            {byGroup.map((g) => (
              <Flex key={g.groupCode} gap={12} align="center" wrap>
                <span style={{ width: 200, fontWeight: 500 }}>{groupName(g.groupCode)}</span>
                <Flex vertical gap={0} style={{ flex: '1 1 240px' }}>
                  <Typography.Text style={{ fontSize: 12 }}>
                    {t('monitoring.groupSubmitted', { submitted: g.submitted, units: g.units })}
                  </Typography.Text>
                  <Progress
                    percent={Math.round((g.submitted / g.units) * 100)}
                    size="small"
                    strokeColor="#2e7d32"
                    aria-label={`${g.groupCode} ${t('monitoring.state.submitted')}`}
                  />
                </Flex>
                <Flex vertical gap={0} style={{ flex: '1 1 240px' }}>
                  <Typography.Text style={{ fontSize: 12 }}>
                    {t('monitoring.groupAnswered', {
                      percent: formatPercent(wholePercent(g.answeredPercent) * 100, lang),
                    })}
                  </Typography.Text>
                  <Progress
                    percent={wholePercent(g.answeredPercent)}
                    size="small"
                    aria-label={`${g.groupCode} ${t('monitoring.progress')}`}
                  />
                </Flex>
              </Flex>
            ))}
          </Flex>
        </Card>
      ) : null}
      {data ? (
        <>
          <Flex gap={12} wrap style={{ marginBottom: 12 }}>
            <Select<Filter>
              value={filter}
              onChange={setFilter}
              aria-label={t('common.status')}
              style={{ width: 200 }}
              options={[
                { value: 'all', label: t('monitoring.allStates') },
                ...PAGE_FILTERS.map((s) => ({
                  value: s as Filter,
                  label: s === 'overdue' ? t('monitoring.overdue') : t(STATE_KEYS[s as MonitoringState]),
                })),
              ]}
              data-testid="monitoring-filter-status"
            />
            <Select
              allowClear
              value={query.group ?? undefined}
              onChange={(g?: string) => update({ group: g ?? null })}
              placeholder={t('monitoring.allGroups')}
              aria-label={t('campaigns.group')}
              style={{ width: 200 }}
              options={groups.map((g) => ({ value: g, label: groupName(g) }))}
            />
            <Input.Search
              allowClear
              value={qInput}
              onChange={(e) => setQInput(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || null })}
              maxLength={MONITORING_LIMITS.searchMax}
              placeholder={t('campaigns.searchUnit')}
              aria-label={t('campaigns.searchUnit')}
              style={{ width: 240 }}
            />
          </Flex>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Table<MonitoringRow>
              size="small"
              rowKey="scorecardId"
              columns={columns}
              dataSource={rows}
              loading={monitoring.isFetching && (monitoring.isPlaceholderData || !monitoring.data)}
              pagination={{
                current: data.page,
                pageSize: data.pageSize,
                total: data.total,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZES,
                hideOnSinglePage: data.total <= (PAGE_SIZES[0] ?? 20),
                showTotal: (n) => t('common.total', { count: n }),
              }}
              onChange={(pagination, _filters, sorter) => {
                const one = Array.isArray(sorter) ? sorter[0] : sorter;
                const sort = one?.order ? SORT_OF_COLUMN[String(one.columnKey)] : undefined;
                const size = pagination.pageSize ?? data.pageSize;
                const sortChanged =
                  (sort ?? 'attention') !== query.sort ||
                  (one?.order === 'descend' ? 'desc' : 'asc') !== query.order;
                update({
                  // A new sort or page size starts again at page 1.
                  page: sortChanged || size !== data.pageSize ? null : String(pagination.current ?? 1),
                  size: size === MONITORING_LIMITS.pageSizeDefault ? null : String(size),
                  sort: sort ?? null,
                  order: sort && one?.order === 'descend' ? 'desc' : null,
                });
              }}
              tableLayout="fixed"
              scroll={{ x: 740 }}
              locale={{ emptyText: t('monitoring.empty') }}
              onRow={(r) =>
                ({
                  onClick: () => navigate(`/scorecards/${r.scorecardId}`),
                  style: { cursor: 'pointer', background: r.isOverdue ? '#fff5f5' : undefined },
                  'data-testid': `monitoring-row-${r.unitCode}`,
                }) as object
              }
              data-testid="monitoring-table"
            />
          </Card>
        </>
      ) : null}
    </>
  );
}
