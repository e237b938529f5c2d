import {
  ArrowLeftOutlined,
  AuditOutlined,
  EditOutlined,
  FileTextOutlined,
  FundOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { CampaignPhase } from '@cchc/domain/workflow/campaign.machine';
import { Button, Flex, Result, Skeleton, Tabs, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { isApiError } from '../../../lib/api-client';
import { hasPermission, useRequiredSession } from '../../../lib/auth';
import { useT } from '../../../lib/i18n';
import { canReadReports, reportsPageUrl } from '../../reports/api';
import { useReportsT } from '../../reports/messages';
import { useCampaign } from '../api';
import { BudgetTab } from './budget-tab';
import { GuidanceTab } from './guidance-tab';
import { MilestonesTab } from './milestones-tab';
import { OverviewTab } from './overview-tab';
import { ParticipantsTab } from './participants-tab';
import { RemindersTab } from './reminders-tab';
import { PhaseTag } from './shared';

/** Phases in which the appraisal page has something to show (appraisal and after). */
const APPRAISAL_PHASES: readonly CampaignPhase[] = [
  'APPRAISAL',
  'COUNCIL',
  'APPROVED',
  'PUBLISHED',
  'CLOSED',
];

/** Phases in which units have submitted (or are submitting) something to report on. */
const REPORT_PHASES: readonly CampaignPhase[] = [
  'SELF_ASSESSMENT',
  'SELF_ASSESSMENT_LOCKED',
  ...APPRAISAL_PHASES,
];

const TAB_KEYS = ['overview', 'guidance', 'milestones', 'budget', 'units', 'reminders'] as const;
type TabKey = (typeof TAB_KEYS)[number];

/** One campaign: its phases, guidance, calendar, budget, units and reminders, as tabs (?tab=…). */
export function CampaignDetailPage({ id }: { id: string }) {
  const t = useT();
  const rt = useReportsT();
  const session = useRequiredSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const campaign = useCampaign(id);

  if (campaign.isPending) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (campaign.isError) {
    if (isApiError(campaign.error) && campaign.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('campaigns.notFound')}
          extra={
            <Link to="/campaigns">
              <Button type="primary">{t('campaigns.backToList')}</Button>
            </Link>
          }
        />
      );
    }
    return <QueryError error={campaign.error} onRetry={() => void campaign.refetch()} />;
  }

  const c = campaign.data;
  const canManage = c.allowedActions.includes('campaign.manage');
  const canApprove = c.allowedActions.includes('campaign.approve');
  const canMonitor = c.allowedActions.includes('campaign.monitor');
  const canRemind = hasPermission(session, 'reminder.manage');
  // Council page: the council, its secretariat (the Office) and leadership; results: the same readers.
  const canCouncil = (['council.decide', 'council.record', 'campaign.approve'] as const).some((p) =>
    hasPermission(session, p),
  );
  const canAppraise = (['appraisal.read', 'appraisal.review', 'appraisal.assign'] as const).some((p) =>
    hasPermission(session, p),
  );
  // Reports and documents: the Office, the council and leadership, once the units are at work.
  const canReports = canReadReports(session);

  const items = [
    { key: 'overview', label: t('campaigns.tab.overview'), children: <OverviewTab campaign={c} /> },
    { key: 'guidance', label: t('campaigns.tab.guidance'), children: <GuidanceTab campaign={c} /> },
    { key: 'milestones', label: t('campaigns.tab.milestones'), children: <MilestonesTab campaign={c} /> },
    ...((canManage || canApprove) && c.budget
      ? [
          {
            key: 'budget',
            label: t('campaigns.tab.budget'),
            children: <BudgetTab campaign={{ ...c, budget: c.budget }} />,
          },
        ]
      : []),
    ...(canManage || canMonitor
      ? [{ key: 'units', label: t('campaigns.tab.units'), children: <ParticipantsTab campaign={c} /> }]
      : []),
    ...(canRemind
      ? [{ key: 'reminders', label: t('campaigns.tab.reminders'), children: <RemindersTab campaign={c} /> }]
      : []),
  ].map((item) => ({ ...item, label: <span data-testid={`campaign-tab-${item.key}`}>{item.label}</span> }));
  const requested = params.get('tab') as TabKey | null;
  const active = items.some((i) => i.key === requested) ? (requested as TabKey) : 'overview';

  return (
    <>
      <Flex style={{ marginBottom: 4 }}>
        <Link to="/campaigns" style={{ fontSize: 13 }}>
          <ArrowLeftOutlined /> {t('campaigns.backToList')}
        </Link>
      </Flex>
      <PageHeader
        title={`${c.code} — ${c.name}`}
        extra={
          <>
            {c.myScorecardId ? (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => navigate(`/scorecards/${c.myScorecardId}`)}
              >
                {t('campaigns.selfAssess')}
              </Button>
            ) : null}
            {canAppraise && APPRAISAL_PHASES.includes(c.phase) ? (
              <Button
                icon={<AuditOutlined />}
                onClick={() => navigate(`/campaigns/${c.id}/appraisal`)}
                data-testid="campaign-open-appraisal"
              >
                {t('campaigns.openAppraisal')}
              </Button>
            ) : null}
            {canCouncil && APPRAISAL_PHASES.includes(c.phase) ? (
              <>
                <Button
                  icon={<TeamOutlined />}
                  onClick={() => navigate(`/campaigns/${c.id}/council`)}
                  data-testid="campaign-open-council"
                >
                  {t('campaigns.openCouncil')}
                </Button>
                <Button
                  icon={<TrophyOutlined />}
                  onClick={() => navigate(`/campaigns/${c.id}/results`)}
                  data-testid="campaign-open-results"
                >
                  {t('campaigns.openResults')}
                </Button>
              </>
            ) : null}
            {canReports && REPORT_PHASES.includes(c.phase) ? (
              <Button
                icon={<FileTextOutlined />}
                onClick={() => navigate(reportsPageUrl(c.id))}
                data-testid="campaign-open-reports"
              >
                {rt('page.title')}
              </Button>
            ) : null}
            {canMonitor && c.phase !== 'SETUP' ? (
              <Button
                icon={<FundOutlined />}
                onClick={() => navigate(`/monitoring?campaign=${c.id}`)}
                data-testid="campaign-open-monitoring"
              >
                {t('nav.monitoring')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex gap={12} align="center" wrap style={{ marginTop: -8, marginBottom: 8 }}>
        <PhaseTag phase={c.phase} />
        <Typography.Text type="secondary">
          {t('campaigns.indexSet')}: {c.indexSet.code} v{c.indexSet.version}
        </Typography.Text>
      </Flex>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams(key === 'overview' ? {} : { tab: key }, { replace: true })}
        items={items}
        data-testid="campaign-tabs"
      />
    </>
  );
}
