import { ArrowRightOutlined, CalendarOutlined } from '@ant-design/icons';
import type { MyAssignment } from '@cchc/domain/api/appraisal';
import type { SessionInfo } from '@cchc/domain/api/auth';
import type { CampaignDetail, CampaignSummary } from '@cchc/domain/api/campaigns';
import { isUnderAppraisal, SCORECARD_STATUS_LABELS } from '@cchc/domain/workflow/scorecard.machine';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, List, Skeleton, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { api } from '../../../lib/api-client';
import { hasPermission } from '../../../lib/auth';
import { useLang, useT } from '../../../lib/i18n';
import { CAMPAIGNS_KEY, campaignPath, useCampaigns } from '../../campaigns/api';
import { Deadline, formatVnd, PhaseTag } from '../../campaigns/components/shared';
import { unitResultsPath } from '../../results/unit-api';
import { useUnitResultsT } from '../../results/unit-messages';
import { useScorecard } from '../../self-assessment/api';

/** Campaigns still in progress: everything but the closed ones, newest first. */
function openCampaigns(list: readonly CampaignSummary[]): CampaignSummary[] {
  return list.filter((c) => c.phase !== 'CLOSED').sort((a, b) => b.year - a.year);
}

/** Phases in which leadership has approved the results: the unit may read its own. */
const RESULT_PHASES: readonly CampaignSummary['phase'][] = ['APPROVED', 'PUBLISHED', 'CLOSED'];

/** "Kết quả của đơn vị": the unit's results page of a campaign whose results are approved. */
function MyResultsLink({ campaign, primary = false }: { campaign: CampaignSummary; primary?: boolean }) {
  const ut = useUnitResultsT();
  if (!campaign.myScorecardId || !RESULT_PHASES.includes(campaign.phase)) {
    return null;
  }
  return (
    <Link to={unitResultsPath(campaign.myScorecardId)} data-testid={`home-my-results-${campaign.code}`}>
      <Button type={primary ? 'primary' : 'default'} icon={<ArrowRightOutlined aria-hidden />}>
        {ut('home.myResults')} — {campaign.name}
      </Button>
    </Link>
  );
}

const cardTitle = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** "Kỳ đánh giá đang diễn ra": the open campaigns, their phase and self-assessment deadline. */
export function OpenCampaignsCard() {
  const t = useT();
  const campaigns = useCampaigns();
  return (
    <Card title={cardTitle(t('home.campaigns'))} data-testid="home-campaigns">
      {campaigns.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : campaigns.isError ? (
        <QueryError error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      ) : openCampaigns(campaigns.data).length === 0 ? (
        <Empty description={t('home.noCampaigns')} />
      ) : (
        <List
          dataSource={openCampaigns(campaigns.data)}
          rowKey="id"
          renderItem={(c) => (
            <List.Item style={{ paddingInline: 0 }} data-testid={`home-campaign-${c.code}`}>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Link to={`/campaigns/${c.id}`} style={{ fontWeight: 600 }}>
                  {c.name}
                </Link>
                <Flex gap={8} wrap align="center">
                  <PhaseTag phase={c.phase} />
                  {/* The self-assessment deadline matters until it is over; after that, the phase says it. */}
                  {c.phase === 'SETUP' || c.phase === 'GUIDANCE_ISSUED' || c.phase === 'SELF_ASSESSMENT' ? (
                    <span>
                      <CalendarOutlined aria-hidden /> {t('home.selfDue')}:{' '}
                      <Deadline date={c.selfAssessmentDue} testId="home-campaign-due" />
                    </span>
                  ) : null}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function MyScorecardButton({ campaign }: { campaign: CampaignSummary }) {
  const t = useT();
  const lang = useLang();
  const scorecard = useScorecard(campaign.myScorecardId ?? '');
  const status = scorecard.data?.status;
  // Once leadership approved the results, they come first; the appraisal page stays reachable.
  const hasResults = RESULT_PHASES.includes(campaign.phase);
  return (
    <Flex gap={8} wrap align="center" data-testid={`home-my-scorecard-${campaign.code}`}>
      {hasResults ? <MyResultsLink campaign={campaign} primary /> : null}
      {/* Under appraisal the unit's work is on the appraisal page: explanations, reasons, results. */}
      {status && isUnderAppraisal(status) ? (
        <Link
          to={`/scorecards/${campaign.myScorecardId}/appraisal`}
          data-testid={`home-my-appraisal-${campaign.code}`}
        >
          <Button type={hasResults ? 'default' : 'primary'} icon={<ArrowRightOutlined aria-hidden />}>
            {t('home.openAppraisal', { campaign: campaign.name })}
          </Button>
        </Link>
      ) : (
        <Link to={`/scorecards/${campaign.myScorecardId}`}>
          <Button type="primary" icon={<ArrowRightOutlined aria-hidden />}>
            {t('home.openScorecard', { campaign: campaign.name })}
          </Button>
        </Link>
      )}
      {status ? (
        <span data-testid={`home-my-scorecard-status-${campaign.code}`} data-status={status}>
          <StatusTag
            status={status === 'SUBMITTED' ? 'active' : status === 'RETURNED' ? 'warning' : 'inactive'}
          >
            {SCORECARD_STATUS_LABELS[status][lang]}
          </StatusTag>
        </span>
      ) : null}
      {scorecard.data && status !== 'SUBMITTED' && !isUnderAppraisal(status ?? 'DRAFT') ? (
        <Typography.Text type="secondary">
          {t('home.answeredOf', {
            answered: scorecard.data.progress.answered,
            applicable: scorecard.data.progress.applicable,
          })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** Leadership: budget estimates sent for approval. */
function BudgetsAwaiting({ campaigns }: { campaigns: CampaignSummary[] }) {
  const t = useT();
  const lang = useLang();
  const details = useQueries({
    queries: campaigns.map((c) => ({
      queryKey: [...CAMPAIGNS_KEY, c.id],
      queryFn: () => api.get<CampaignDetail>(campaignPath(c.id)),
    })),
  });
  if (details.some((d) => d.isPending)) {
    return <Skeleton active paragraph={{ rows: 1 }} />;
  }
  const waiting = details.flatMap((d) => (d.data?.budget?.status === 'SUBMITTED' ? [d.data] : []));
  if (waiting.length === 0) {
    return <Typography.Text type="secondary">{t('home.noBudgets')}</Typography.Text>;
  }
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="home-budgets">
      {waiting.map((c) => (
        <li key={c.id}>
          <Link to={`/campaigns/${c.id}?tab=budget`}>{c.name}</Link> —{' '}
          {formatVnd(c.budget?.totalVnd ?? 0, lang)}
        </li>
      ))}
    </ul>
  );
}

/** Working group: the units assigned to the member in campaigns under appraisal. */
function MyAssignments() {
  const t = useT();
  const lang = useLang();
  const list = useQuery({
    queryKey: ['appraisal', 'my-assignments'],
    queryFn: () => api.get<MyAssignment[]>('/api/appraisal/my-assignments'),
  });
  if (list.isPending) {
    return <Skeleton active paragraph={{ rows: 1 }} />;
  }
  if (list.isError) {
    return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (list.data.length === 0) {
    return <Typography.Text type="secondary">{t('home.noAssignments')}</Typography.Text>;
  }
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="home-assignments">
      {list.data.map((a) => (
        <li key={a.scorecardId} style={{ marginBottom: 4 }}>
          <Link to={`/scorecards/${a.scorecardId}/appraisal`} data-testid={`home-assignment-${a.unit.code}`}>
            {a.unit.name}
          </Link>{' '}
          <Typography.Text type="secondary">— {a.campaignName}</Typography.Text>{' '}
          <StatusTag
            status={a.status === 'REVIEWED' || a.status === 'COUNCIL_APPROVED' ? 'active' : 'warning'}
          >
            {SCORECARD_STATUS_LABELS[a.status][lang]}
          </StatusTag>
        </li>
      ))}
    </ul>
  );
}

/** "Việc cần làm": what the user's roles ask of them now. */
export function TodoCard({ session }: { session: SessionInfo }) {
  const t = useT();
  const campaigns = useCampaigns();
  const roles = new Set(session.user.roles.map((g) => g.role));
  const isUnit = roles.has('UNIT_FOCAL') || roles.has('UNIT_HEAD');
  const isOffice = hasPermission(session, 'campaign.manage');
  const isLeader = roles.has('LEADERSHIP');
  const isViewer = roles.has('VIEWER');
  const open = campaigns.data ? openCampaigns(campaigns.data) : [];
  const mine = open.filter((c) => c.myScorecardId);
  // Closed campaigns are no longer "in progress", but the unit still reads its results there.
  const closedMine = (campaigns.data ?? []).filter((c) => c.phase === 'CLOSED' && c.myScorecardId);
  const sections: { key: string; title: string; body: React.ReactNode }[] = [];
  if (isUnit) {
    sections.push({
      key: 'unit',
      title: t('home.todoUnit'),
      body:
        mine.length === 0 && closedMine.length === 0 ? (
          <Typography.Text type="secondary">{t('home.noScorecard')}</Typography.Text>
        ) : (
          <Flex vertical gap={8}>
            {mine.map((c) => (
              <MyScorecardButton key={c.id} campaign={c} />
            ))}
            {closedMine.map((c) => (
              <MyResultsLink key={c.id} campaign={c} />
            ))}
          </Flex>
        ),
    });
  }
  if (roles.has('WORKING_GROUP')) {
    sections.push({ key: 'appraisal', title: t('home.todoAppraisal'), body: <MyAssignments /> });
  }
  if (isOffice) {
    sections.push({
      key: 'office',
      title: t('home.todoOffice'),
      body: (
        <Flex gap={8} wrap>
          <Link to="/monitoring" data-testid="home-monitoring-link">
            <Button type="primary" icon={<ArrowRightOutlined aria-hidden />}>
              {t('home.openMonitoring')}
            </Button>
          </Link>
          <Link to="/campaigns">
            <Button>{t('home.openCampaigns')}</Button>
          </Link>
        </Flex>
      ),
    });
  }
  if (isLeader) {
    sections.push({
      key: 'leader',
      title: t('home.todoLeader'),
      body: (
        <Flex vertical gap={8}>
          <BudgetsAwaiting campaigns={open} />
          <Link to="/campaigns">
            <Button>{t('home.openCampaigns')}</Button>
          </Link>
        </Flex>
      ),
    });
  }
  if (isViewer || sections.length === 0) {
    sections.push({
      key: 'viewer',
      title: t('home.todoViewer'),
      body: <Typography.Paragraph style={{ margin: 0 }}>{t('home.viewerText')}</Typography.Paragraph>,
    });
  }
  return (
    <Card title={cardTitle(t('home.todo'))} data-testid="home-todo">
      {campaigns.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Flex vertical gap={16}>
          {sections.map((s) => (
            <div key={s.key} data-testid={`home-todo-${s.key}`}>
              <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
                {s.title}
              </Typography.Text>
              {s.body}
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}
