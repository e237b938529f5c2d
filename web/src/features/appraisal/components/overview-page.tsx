import { ArrowLeftOutlined, SearchOutlined } from '@ant-design/icons';
import type { AppraisalOverview, AppraisalRow } from '@cchc/domain/api/appraisal';
import { foldForSearch } from '@cchc/domain/text';
import { CAMPAIGN_PHASE_LABELS } from '@cchc/domain/workflow/campaign.machine';
import { SCORECARD_STATUS_LABELS, type ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import {
  Alert,
  App,
  Button,
  Flex,
  Input,
  Result,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
} from 'antd';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatPercent } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useUnitGroups } from '../../../lib/organisation';
import { useAppraisalOverview, useSaveAppraisers } from '../api';
import { useAT } from '../i18n';
import { pointsNumber } from '../model';
import { mutedStyle, ScorecardStatusTag } from './shared';

type Candidate = AppraisalOverview['candidates'][number];

/** "Thẩm định" of one campaign: every unit with its appraisal progress; the Office assigns members. */
export function AppraisalOverviewPage({ campaignId }: { campaignId: string }) {
  const t = useT();
  const at = useAT();
  const overview = useAppraisalOverview(campaignId);
  if (overview.isPending) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (overview.isError) {
    if (isApiError(overview.error) && (overview.error.status === 404 || overview.error.status === 403)) {
      return (
        <Result
          status={overview.error.status === 404 ? '404' : '403'}
          title={overview.error.status === 404 ? t('campaigns.notFound') : t('forbidden.title')}
          subTitle={overview.error.message}
          extra={
            <Link to={`/campaigns/${campaignId}`}>
              <Button type="primary">{at('overview.backToCampaign')}</Button>
            </Link>
          }
        />
      );
    }
    return <QueryError error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  return <Overview data={overview.data} />;
}

function Overview({ data }: { data: AppraisalOverview }) {
  const at = useAT();
  const lang = useLang();
  const searchId = useId();
  const statusId = useId();
  const unitGroups = useUnitGroups();
  // "Khối nghiệp vụ" rather than the code NGHIEP_VU (the code stays when the names cannot be read).
  const groupName = (code: string) => unitGroups.data?.find((g) => g.code === code)?.name ?? code;
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<ScorecardStatus | 'all'>('all');
  const folded = foldForSearch(query.trim());
  const rows = useMemo(
    () =>
      data.rows.filter(
        (r) =>
          (status === 'all' || r.status === status) &&
          (folded === '' || foldForSearch(`${r.unit.code} ${r.unit.name}`).includes(folded)),
      ),
    [data.rows, status, folded],
  );
  const statuses = [...new Set(data.rows.map((r) => r.status))];

  const columns: TableColumnsType<AppraisalRow> = [
    {
      key: 'unit',
      title: at('col.unit'),
      render: (_, r) => (
        <Flex vertical gap={0}>
          <Link
            to={`/scorecards/${r.scorecardId}/appraisal`}
            style={{ fontWeight: 500 }}
            data-testid={`appraisal-open-${r.unit.code}`}
          >
            {r.unit.name}
          </Link>
          <span style={mutedStyle}>
            {r.unit.code} · {groupName(r.unit.groupCode)}
          </span>
        </Flex>
      ),
      sorter: (a, b) => a.unit.name.localeCompare(b.unit.name, 'vi'),
    },
    {
      key: 'status',
      title: at('col.status'),
      render: (_, r) => <ScorecardStatusTag status={r.status} />,
      width: 170,
    },
    {
      key: 'appraisers',
      title: at('col.appraisers'),
      render: (_, r) =>
        data.canAssign ? (
          <AssignCell campaignId={data.campaignId} row={r} candidates={data.candidates} />
        ) : r.appraisers.length > 0 ? (
          <span data-testid={`appraisers-${r.unit.code}`}>
            {r.appraisers.map((p) => p.fullName).join(', ')}
          </span>
        ) : (
          <span style={mutedStyle}>{at('assign.none')}</span>
        ),
      width: data.canAssign ? 300 : 200,
    },
    {
      key: 'self',
      title: at('col.self'),
      align: 'right',
      render: (_, r) => <PointsCell points={r.selfPoints} max={r.maxPoints} index={r.selfIndex} />,
      sorter: (a, b) => a.selfPoints - b.selfPoints,
    },
    {
      key: 'appraised',
      title: at('col.appraised'),
      align: 'right',
      render: (_, r) => <PointsCell points={r.appraisedPoints} max={r.maxPoints} index={r.appraisedIndex} />,
      sorter: (a, b) => a.appraisedPoints - b.appraisedPoints,
    },
    {
      key: 'final',
      title: at('col.final'),
      align: 'right',
      render: (_, r) => (
        <Flex vertical gap={0} align="flex-end">
          <PointsCell points={r.finalPoints} max={r.maxPoints} index={r.finalIndex} />
          {r.band ? <span style={mutedStyle}>{r.band}</span> : null}
        </Flex>
      ),
      sorter: (a, b) => a.finalIndex - b.finalIndex,
    },
    {
      key: 'progress',
      title: <span title={at('col.progressHint')}>{at('col.progress')}</span>,
      align: 'right',
      render: (_, r) => (
        <span data-testid={`appraisal-progress-${r.unit.code}`}>
          {r.decidedCount}/{r.applicableCount}
        </span>
      ),
    },
    {
      key: 'explanations',
      title: <span title={at('col.explanationsHint')}>{at('col.explanations')}</span>,
      align: 'right',
      render: (_, r) => (r.openExplanations > 0 ? <strong>{r.openExplanations}</strong> : '0'),
    },
    {
      key: 'disputed',
      title: <span title={at('col.disputedHint')}>{at('col.disputed')}</span>,
      align: 'right',
      render: (_, r) =>
        r.disputedLeaves.length > 0 ? (
          <span title={r.disputedLeaves.join(', ')}>{r.disputedLeaves.length}</span>
        ) : (
          '0'
        ),
    },
  ];

  return (
    <>
      <Flex style={{ marginBottom: 4 }}>
        <Link to={`/campaigns/${data.campaignId}`} style={{ fontSize: 13 }}>
          <ArrowLeftOutlined aria-hidden /> {at('overview.backToCampaign')}
        </Link>
      </Flex>
      <PageHeader title={at('overview.title', { campaign: data.campaignName })} />
      <Flex gap={12} align="center" wrap style={{ marginTop: -8, marginBottom: 12 }}>
        <StatusTag status={data.phase === 'APPRAISAL' || data.phase === 'COUNCIL' ? 'warning' : 'active'}>
          {CAMPAIGN_PHASE_LABELS[data.phase][lang]}
        </StatusTag>
      </Flex>
      {data.canAssign ? (
        <Alert type="info" showIcon title={at('overview.assignHint')} style={{ marginBottom: 12 }} />
      ) : null}
      <Flex gap={12} wrap style={{ marginBottom: 12 }} align="flex-end">
        <Flex vertical gap={2}>
          <label htmlFor={searchId} style={{ fontSize: 13 }}>
            {at('overview.search')}
          </label>
          <Input
            id={searchId}
            allowClear
            prefix={<SearchOutlined aria-hidden />}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            style={{ width: 260 }}
            data-testid="appraisal-search"
          />
        </Flex>
        <Flex vertical gap={2}>
          <label htmlFor={statusId} style={{ fontSize: 13 }}>
            {at('overview.statusFilter')}
          </label>
          <Select<ScorecardStatus | 'all'>
            id={statusId}
            value={status}
            onChange={setStatus}
            style={{ width: 240 }}
            options={[
              { value: 'all', label: at('overview.allStatuses') },
              ...statuses.map((s) => ({ value: s, label: SCORECARD_STATUS_LABELS[s][lang] })),
            ]}
            data-testid="appraisal-status-filter"
          />
        </Flex>
      </Flex>
      <Table<AppraisalRow>
        rowKey="scorecardId"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        size="small"
        scroll={{ x: 1100 }}
        locale={{ emptyText: at('overview.empty') }}
        onRow={(r) =>
          ({ 'data-testid': `appraisal-row-${r.unit.code}` }) as React.HTMLAttributes<HTMLElement>
        }
        data-testid="appraisal-table"
      />
    </>
  );
}

function PointsCell({ points, max, index }: { points: number; max: number; index?: number }) {
  const lang = useLang();
  return (
    <Flex vertical gap={0} align="flex-end">
      <span style={{ whiteSpace: 'nowrap' }}>
        {pointsNumber(points, lang)}
        <span style={mutedStyle}>/{pointsNumber(max, lang)}</span>
      </span>
      {index !== undefined ? <span style={mutedStyle}>{formatPercent(index, lang)}</span> : null}
    </Flex>
  );
}

/** The Office's choice of members for one unit; saved explicitly, the server's refusal shown in place. */
function AssignCell({
  campaignId,
  row,
  candidates,
}: {
  campaignId: string;
  row: AppraisalRow;
  candidates: readonly Candidate[];
}) {
  const at = useAT();
  const lang = useLang();
  const { message } = App.useApp();
  const save = useSaveAppraisers(campaignId);
  const saved = row.appraisers.map((p) => p.userId);
  const [value, setValue] = useState<string[]>(saved);
  const [error, setError] = useState<string | null>(null);
  const dirty = value.length !== saved.length || value.some((v) => !saved.includes(v));
  const errorId = useId();
  // Members already assigned but no longer candidates (e.g. deactivated) stay visible by name.
  const known = new Set(candidates.map((c) => c.userId));
  const options = [
    ...candidates.map((c) => ({
      value: c.userId,
      label: c.fullName,
      title: c.fullName,
      sameUnit: c.homeUnitId !== null && c.homeUnitId === row.unit.id,
      home: c.homeUnitName,
    })),
    ...row.appraisers
      .filter((p) => !known.has(p.userId))
      .map((p) => ({ value: p.userId, label: p.fullName, title: p.fullName, sameUnit: false, home: null })),
  ];

  const onSave = () => {
    setError(null);
    save.mutate(
      { scorecardId: row.scorecardId, userIds: value },
      {
        onSuccess: (r) => {
          setValue(r.appraisers.map((p) => p.userId));
          void message.success(at('assign.saved', { unit: row.unit.name }));
        },
        onError: (e) => setError(describeError(e, lang)),
      },
    );
  };

  return (
    <Flex vertical gap={4}>
      <Flex gap={6} align="flex-start">
        <Select<string[]>
          mode="multiple"
          aria-label={at('assign.label', { unit: row.unit.name })}
          aria-describedby={error ? errorId : undefined}
          placeholder={at('assign.placeholder')}
          value={value}
          onChange={(v) => {
            setValue(v);
            setError(null);
          }}
          status={error ? 'error' : undefined}
          style={{ minWidth: 200, flex: 1 }}
          optionFilterProp="title"
          popupMatchSelectWidth={360}
          options={options}
          optionRender={(o) => (
            <Flex vertical gap={0} style={{ whiteSpace: 'normal' }}>
              <span>{o.data.label}</span>
              <span style={{ ...mutedStyle, color: o.data.sameUnit ? '#a4262c' : mutedStyle.color }}>
                {o.data.home ? at('assign.homeUnit', { unit: o.data.home }) : at('assign.noHomeUnit')}
                {o.data.sameUnit ? ` — ${at('assign.sameUnit')}` : ''}
              </span>
            </Flex>
          )}
          data-testid={`appraisers-select-${row.unit.code}`}
        />
        {dirty ? (
          <Button
            type="primary"
            onClick={onSave}
            loading={save.isPending}
            aria-label={at('assign.saveFor', { unit: row.unit.name })}
            data-testid={`appraisers-save-${row.unit.code}`}
          >
            {at('assign.save')}
          </Button>
        ) : null}
      </Flex>
      {error ? (
        <div
          id={errorId}
          role="alert"
          style={{ color: '#a4262c', fontSize: 12 }}
          data-testid={`appraisers-error-${row.unit.code}`}
        >
          {error}
        </div>
      ) : null}
    </Flex>
  );
}
