import { ArrowLeftOutlined, EditOutlined, LockOutlined, TeamOutlined } from '@ant-design/icons';
import type { ResultRow } from '@cchc/domain/api/results';
import {
  Alert,
  Button,
  Card,
  Flex,
  Result,
  Select,
  Skeleton,
  Switch,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import { useId, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { ForbiddenResult } from '../../../components/ui/result-pages';
import { describeError, isApiError } from '../../../lib/api-client';
import { hasPermission, useRequiredSession } from '../../../lib/auth';
import { formatDateTime, formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useUnitGroups } from '../../../lib/organisation';
import { useCampaignInfo, useCouncil, useResults } from '../api';
import { useCouncilT } from '../messages';
import { isLocked, pointsNumber } from '../model';
import { AmendmentModal } from './amendment-modal';
import { AppealWindowCard } from './appeal-window-card';
import { AppealsCard } from './appeals-card';
import { ApprovalCard } from './approval-card';
import { PhaseBadge } from './council-page';
import { BandTag, SectionTitle, useKeyboardScrollable } from './shared';

/**
 * "Kết quả xếp hạng" (/campaigns/:id/results): the ranked results, readable on a meeting-room
 * screen (large numbers, optional larger text). Leadership approves or returns them in the
 * council phase; after approval the Office sets the appeal window and the council decides appeals
 * and amendments, each showing the before → after difference.
 */
export function ResultsPage({ campaignId }: { campaignId: string }) {
  const t = useCouncilT();
  const lang = useLang();
  const navigate = useNavigate();
  const session = useRequiredSession();
  const groupFilterId = useId();
  const largeId = useId();
  const results = useResults(campaignId);
  const campaign = useCampaignInfo(campaignId);
  const councilReader = hasPermission(session, 'council.decide') || hasPermission(session, 'council.record');
  const council = useCouncil(campaignId, councilReader);
  const unitGroups = useUnitGroups();
  const [group, setGroup] = useState<string | null>(null);
  const [large, setLarge] = useState(false);
  const [amending, setAmending] = useState<ResultRow | null>(null);
  const tableBox = useKeyboardScrollable(t('results.table'));

  const groups = useMemo(
    () => [...new Set((results.data?.rows ?? []).map((r) => r.unit.groupCode))].sort(),
    [results.data],
  );

  if (results.isPending) {
    return <Skeleton active paragraph={{ rows: 10 }} />;
  }
  if (results.isError) {
    if (isApiError(results.error) && results.error.status === 403) {
      return <ForbiddenResult />;
    }
    if (isApiError(results.error) && results.error.status === 404) {
      return <Result status="404" title={describeError(results.error, lang)} />;
    }
    return <QueryError error={results.error} onRetry={() => void results.refetch()} />;
  }

  const r = results.data;
  const phase = campaign.data?.phase ?? r.phase;
  const locked = isLocked(phase);
  const afterApproval = phase === 'APPROVED' || phase === 'PUBLISHED';
  const canDecide = council.data?.canDecide === true;
  const groupName = (code: string) => unitGroups.data?.find((g) => g.code === code)?.name ?? code;
  const rows = r.rows
    .filter((row) => group === null || row.unit.groupCode === group)
    .sort((a, b) =>
      r.rankingScope === 'unitGroup'
        ? a.unit.groupCode.localeCompare(b.unit.groupCode) || a.rank - b.rank
        : a.rank - b.rank || a.unit.code.localeCompare(b.unit.code),
    );
  const councilApproved = r.rows.filter((row) => row.status === 'COUNCIL_APPROVED').length;

  const num = large ? 20 : 16;
  const big = large ? 28 : 21;
  const cellText = { fontSize: num, fontVariantNumeric: 'tabular-nums' } as const;
  const numberCell = (value: number) => <span style={cellText}>{pointsNumber(value, lang)}</span>;

  const columns: TableProps<ResultRow>['columns'] = [
    {
      title: t('results.rank'),
      key: 'rank',
      width: 60,
      align: 'center',
      render: (_, row) => (
        <span
          data-testid={`results-rank-${row.unit.code}`}
          style={{ fontSize: big, fontWeight: 700, color: '#0b3a6e', fontVariantNumeric: 'tabular-nums' }}
        >
          {row.rank}
        </span>
      ),
    },
    {
      title: t('results.unit'),
      key: 'unit',
      width: large ? 320 : 230,
      render: (_, row) => (
        <Flex vertical gap={0}>
          <span style={{ fontSize: num, fontWeight: 600 }}>{row.unit.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: large ? 15 : 13 }}>
            {row.unit.code}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('results.index'),
      key: 'index',
      align: 'right',
      width: 112,
      render: (_, row) => (
        <span
          data-testid={`results-index-${row.unit.code}`}
          style={{ fontSize: big, fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: '#1f2a37' }}
        >
          {formatPercent(row.indexPercent, lang)}
        </span>
      ),
    },
    {
      title: t('results.band'),
      key: 'band',
      width: 104,
      render: (_, row) => <BandTag band={row.band} large={large} />,
    },
    {
      title: t('results.final'),
      key: 'final',
      align: 'right',
      width: 92,
      render: (_, row) => (
        <strong style={cellText} data-testid={`results-final-${row.unit.code}`}>
          {pointsNumber(row.finalPoints, lang)}
        </strong>
      ),
    },
    {
      title: t('results.self'),
      key: 'self',
      align: 'right',
      width: 78,
      render: (_, row) => numberCell(row.selfPoints),
    },
    {
      title: t('results.appraised'),
      key: 'appraised',
      align: 'right',
      width: 90,
      render: (_, row) => numberCell(row.appraisedPoints),
    },
    {
      title: t('results.max'),
      key: 'max',
      align: 'right',
      width: 72,
      render: (_, row) => numberCell(row.maxPoints),
    },
    {
      title: t('results.bonus'),
      key: 'bonus',
      align: 'right',
      width: 80,
      render: (_, row) => numberCell(row.bonus),
    },
    {
      title: t('results.penalty'),
      key: 'penalty',
      align: 'right',
      width: 70,
      render: (_, row) => numberCell(row.penalty),
    },
    {
      title: t('results.special'),
      key: 'special',
      align: 'right',
      width: 72,
      render: (_, row) => <span style={cellText}>{row.specialCaseCount}</span>,
    },
    {
      title: t('results.group'),
      key: 'group',
      width: 120,
      render: (_, row) => <span style={{ fontSize: large ? 17 : 14 }}>{groupName(row.unit.groupCode)}</span>,
    },
    ...(canDecide && afterApproval
      ? [
          {
            title: t('council.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, row: ResultRow) => (
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => setAmending(row)}
                aria-label={`${t('results.amendShort')} — ${row.unit.name}`}
                title={t('results.amend')}
                data-testid={`amendment-open-${row.unit.code}`}
              >
                {t('results.amendShort')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Flex style={{ marginBottom: 4 }}>
        <Link to={`/campaigns/${encodeURIComponent(campaignId)}`} style={{ fontSize: 13 }}>
          <ArrowLeftOutlined /> {t('council.backToCampaign')}
        </Link>
      </Flex>
      <PageHeader
        title={t('results.title')}
        extra={
          councilReader ? (
            <Button
              icon={<TeamOutlined />}
              onClick={() => navigate(`/campaigns/${encodeURIComponent(campaignId)}/council`)}
              data-testid="open-council"
            >
              {t('council.openCouncil')}
            </Button>
          ) : undefined
        }
      />
      <Flex gap={12} align="center" wrap style={{ marginTop: -8, marginBottom: 12 }}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {r.campaignName}
        </Typography.Text>
        <PhaseBadge phase={phase} />
        <Typography.Text type="secondary">{t(`results.scope.${r.rankingScope}`)}</Typography.Text>
      </Flex>

      <Flex vertical gap={16}>
        {locked || r.approvedAt ? (
          <Alert
            type="success"
            showIcon
            icon={<LockOutlined />}
            title={<span style={{ fontSize: 16, fontWeight: 600 }}>{t('results.approvedBanner')}</span>}
            description={
              r.approvedAt
                ? r.approvedByName
                  ? t('results.approvedBy', {
                      name: r.approvedByName,
                      at: formatDateTime(r.approvedAt, lang),
                    })
                  : t('results.approvedAt', { at: formatDateTime(r.approvedAt, lang) })
                : undefined
            }
            style={{ background: '#e8f5e9', borderColor: '#a5d6a7' }}
            data-testid="results-approved-banner"
          />
        ) : null}
        {phase === 'COUNCIL' && hasPermission(session, 'campaign.approve') && campaign.data ? (
          <ApprovalCard campaign={campaign.data} councilApproved={councilApproved} total={r.rows.length} />
        ) : null}
        {afterApproval && hasPermission(session, 'campaign.manage') && council.data ? (
          <AppealWindowCard
            key={council.data.appealUntil ?? 'none'}
            campaignId={campaignId}
            appealUntil={council.data.appealUntil}
          />
        ) : null}

        <Card
          size="small"
          title={<SectionTitle id="results-table">{t('results.table')}</SectionTitle>}
          extra={
            <Flex gap={16} align="center" wrap>
              <Flex gap={6} align="center">
                <label htmlFor={groupFilterId}>{t('results.groupFilter')}</label>
                <Select
                  id={groupFilterId}
                  value={group ?? ''}
                  onChange={(v: string) => setGroup(v === '' ? null : v)}
                  options={[
                    { value: '', label: t('results.allGroups') },
                    ...groups.map((g) => ({ value: g, label: groupName(g) })),
                  ]}
                  style={{ width: 220 }}
                  data-testid="results-group-filter"
                />
              </Flex>
              <Flex gap={6} align="center">
                <Switch id={largeId} checked={large} onChange={setLarge} data-testid="results-large" />
                <label htmlFor={largeId}>{t('results.largeText')}</label>
              </Flex>
              <Typography.Text type="secondary">{t('results.count', { count: rows.length })}</Typography.Text>
            </Flex>
          }
        >
          <div ref={tableBox}>
            <Table<ResultRow>
              rowKey="scorecardId"
              size={large ? 'large' : 'middle'}
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: large ? 1400 : 1120 }}
              locale={{ emptyText: t('results.noRows') }}
              onRow={(row) =>
                ({
                  'data-testid': `results-row-${row.unit.code}`,
                  'data-rank': row.rank,
                }) as React.HTMLAttributes<HTMLElement>
              }
            />
          </div>
        </Card>

        {canDecide && afterApproval && council.data ? <AppealsCard council={council.data} /> : null}
      </Flex>
      {amending ? (
        <AmendmentModal
          campaignId={campaignId}
          scorecardId={amending.scorecardId}
          unit={`${amending.unit.code} — ${amending.unit.name}`}
          onClose={() => setAmending(null)}
        />
      ) : null}
    </>
  );
}
