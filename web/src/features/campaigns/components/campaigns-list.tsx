import { EditOutlined, FundOutlined, PlusOutlined } from '@ant-design/icons';
import type { CampaignSummary } from '@cchc/domain/api/campaigns';
import { Alert, Button, Card, Flex, Progress, Table, type TableProps, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { hasPermission, useRequiredSession } from '../../../lib/auth';
import { formatDate } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useCampaigns } from '../api';
import { CreateCampaignModal } from './create-campaign-modal';
import { Deadline, PhaseTag } from './shared';

/**
 * "Kỳ đánh giá": every campaign, newest first. The Office creates campaigns here; a unit's focal
 * officer or head finds the way to the unit's own scorecard ("Tự đánh giá") in one click.
 */
export function CampaignsListPage() {
  const t = useT();
  const lang = useLang();
  const session = useRequiredSession();
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);
  const canManage = hasPermission(session, 'campaign.manage');
  const canMonitor = hasPermission(session, 'campaign.monitor');

  const rows = [...(campaigns.data ?? [])].sort(
    (a, b) => b.year - a.year || b.createdAt.localeCompare(a.createdAt),
  );
  const openForMe = rows.filter((c) => c.myScorecardId && c.phase === 'SELF_ASSESSMENT');

  const columns: TableProps<CampaignSummary>['columns'] = [
    {
      title: t('campaigns.codeAndName'),
      key: 'code',
      render: (_, c) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Link to={`/campaigns/${c.id}`} data-testid={`campaign-link-${c.code}`}>
            <strong>{c.code}</strong>
          </Link>
          <Typography.Text style={{ fontSize: 13 }} ellipsis={{ tooltip: c.name }}>
            {c.name} ({c.year})
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('campaigns.phase'),
      key: 'phase',
      width: 160,
      render: (_, c) => <PhaseTag phase={c.phase} />,
    },
    {
      title: t('campaigns.indexSet'),
      key: 'indexSet',
      width: 160,
      responsive: ['xxl'],
      render: (_, c) => (
        <Typography.Text style={{ fontSize: 13, wordBreak: 'break-word' }}>
          {c.indexSet.code} v{c.indexSet.version}
        </Typography.Text>
      ),
    },
    {
      title: t('campaigns.selfAssessmentDue'),
      key: 'due',
      width: 180,
      render: (_, c) =>
        c.phase === 'SETUP' || c.phase === 'GUIDANCE_ISSUED' || c.phase === 'SELF_ASSESSMENT' ? (
          <Deadline date={c.selfAssessmentDue} />
        ) : (
          <span>{formatDate(c.selfAssessmentDue, lang) || t('common.none')}</span>
        ),
    },
    {
      title: t('campaigns.submittedOfUnits'),
      key: 'submitted',
      width: 110,
      responsive: ['lg'],
      render: (_, c) => (
        <Flex vertical gap={0}>
          <span>
            {c.submittedCount}/{c.unitCount}
          </span>
          <Progress
            percent={c.unitCount ? Math.round((c.submittedCount / c.unitCount) * 100) : 0}
            size="small"
            showInfo={false}
            aria-label={t('campaigns.submittedOfUnits')}
          />
        </Flex>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, c) => (
        <Flex vertical gap={4} align="flex-start">
          {c.myScorecardId ? (
            <Button
              type="primary"
              size="small"
              icon={<EditOutlined />}
              onClick={() => navigate(`/scorecards/${c.myScorecardId}`)}
              data-testid={`campaign-my-scorecard-${c.code}`}
            >
              {t('campaigns.selfAssess')}
            </Button>
          ) : null}
          {canMonitor && c.phase !== 'SETUP' ? (
            <Button
              size="small"
              type="link"
              style={{ paddingInline: 0 }}
              icon={<FundOutlined />}
              onClick={() => navigate(`/monitoring?campaign=${c.id}`)}
              aria-label={`${t('nav.monitoring')} ${c.code}`}
            >
              {t('campaigns.monitor')}
            </Button>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('campaigns.pageTitle')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="campaign-create"
            >
              {t('campaigns.create')}
            </Button>
          ) : null
        }
      />
      {openForMe.map((c) => (
        <Alert
          key={c.id}
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('campaigns.myScorecardOpen', { code: c.code })}
          description={
            <span>
              {t('campaigns.selfAssessmentDue')}: <Deadline date={c.selfAssessmentDue} />
            </span>
          }
          action={
            <Button type="primary" onClick={() => navigate(`/scorecards/${c.myScorecardId}`)}>
              {t('campaigns.selfAssess')}
            </Button>
          }
        />
      ))}
      {campaigns.isError ? (
        <QueryError error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      ) : null}
      <Card size="small" styles={{ body: { padding: 0 } }} data-testid="campaigns-table">
        <Table<CampaignSummary>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={campaigns.isFetching}
          locale={{ emptyText: t('campaigns.empty') }}
          onRow={(c) => ({ 'data-testid': `campaign-row-${c.code}` }) as object}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          tableLayout="fixed"
          scroll={{ x: 640 }}
        />
      </Card>
      {creating ? <CreateCampaignModal campaigns={rows} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
