import {
  ArrowLeftOutlined,
  DesktopOutlined,
  FileTextOutlined,
  LockOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ResultRow } from '@cchc/domain/api/results';
import { Alert, Button, Flex, Result, Skeleton, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { ForbiddenResult } from '../../../components/ui/result-pages';
import { describeError, isApiError } from '../../../lib/api-client';
import { hasPermission, useRequiredSession } from '../../../lib/auth';
import { formatDateTime } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { canReadReports, reportsPageUrl } from '../../reports/api';
import { useReportsT } from '../../reports/messages';
import { presentationUrl } from '../../results/api';
import { ChartsTab } from '../../results/components/charts-tab';
import { PublishTab } from '../../results/components/publish-tab';
import { RankingTab } from '../../results/components/ranking-tab';
import { SettingsTab } from '../../results/components/settings-tab';
import { useResultsT } from '../../results/messages';
import { useCampaignAppeals, useCampaignInfo, useResults } from '../api';
import { useCouncilT } from '../messages';
import { isLocked } from '../model';
import { AmendmentModal } from './amendment-modal';
import { AppealWindowCard } from './appeal-window-card';
import { AppealsCard } from './appeals-card';
import { ApprovalCard } from './approval-card';
import { PhaseBadge } from './council-page';

const TABS = ['ranking', 'charts', 'publish', 'settings'] as const;
type TabKey = (typeof TABS)[number];

/**
 * "Kết quả xếp hạng" (/campaigns/:id/results): leadership approves or returns the ranked results
 * in the council phase; then four tabs (the tab is kept in `?tab=`): the ranking (sortable,
 * filtered, readable on a meeting-room screen, with the council's amendments and the appeals),
 * charts, publication (announcement decision and publish) and the results settings. "Trình chiếu"
 * opens the full-screen presentation for the announcement conference.
 */
export function ResultsPage({ campaignId }: { campaignId: string }) {
  const t = useCouncilT();
  const rt = useResultsT();
  const reportsT = useReportsT();
  const lang = useLang();
  const navigate = useNavigate();
  const session = useRequiredSession();
  const [search, setSearch] = useSearchParams();
  const results = useResults(campaignId);
  const campaign = useCampaignInfo(campaignId);
  // The appeals alone (not the council's view, which scores every unit to each leaf): asked for
  // only by those who decide them, once there can be appeals. The appeal window and `canDecide`
  // come with the results header.
  const phaseNow = campaign.data?.phase ?? results.data?.phase;
  const appeals = useCampaignAppeals(
    campaignId,
    results.data?.canDecide === true && (phaseNow === 'APPROVED' || phaseNow === 'PUBLISHED'),
  );
  const councilReader = hasPermission(session, 'council.decide') || hasPermission(session, 'council.record');
  const canReports = canReadReports(session);
  const [amending, setAmending] = useState<ResultRow | null>(null);
  const tabParam = search.get('tab');
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'ranking';

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
  const view = phase === r.phase ? r : { ...r, phase };
  const locked = isLocked(phase);
  const afterApproval = phase === 'APPROVED' || phase === 'PUBLISHED';
  const canDecide = r.canDecide;
  // Counted by the server over every unit (the rows are one page).
  const councilApproved = r.stats.statuses.find((x) => x.status === 'COUNCIL_APPROVED')?.count ?? 0;
  const tabLabel = (key: TabKey) => <span data-testid={`results-tab-${key}`}>{rt(`tabs.${key}`)}</span>;

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
          <>
            <Button
              icon={<DesktopOutlined />}
              onClick={() => navigate(presentationUrl(campaignId))}
              data-testid="open-presentation"
            >
              {rt('page.present')}
            </Button>
            {canReports ? (
              <Button
                icon={<FileTextOutlined />}
                onClick={() => navigate(reportsPageUrl(campaignId))}
                data-testid="results-open-reports"
              >
                {reportsT('page.title')}
              </Button>
            ) : null}
            {councilReader ? (
              <Button
                icon={<TeamOutlined />}
                onClick={() => navigate(`/campaigns/${encodeURIComponent(campaignId)}/council`)}
                data-testid="open-council"
              >
                {t('council.openCouncil')}
              </Button>
            ) : null}
          </>
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
          <ApprovalCard campaign={campaign.data} councilApproved={councilApproved} total={r.stats.units} />
        ) : null}

        <Tabs
          activeKey={tab}
          onChange={(key) =>
            setSearch(
              (old) => {
                const next = new URLSearchParams(old);
                if (key === 'ranking') {
                  next.delete('tab');
                } else {
                  next.set('tab', key);
                }
                return next;
              },
              { replace: true },
            )
          }
          aria-label={rt('tabs.label')}
          items={[
            {
              key: 'ranking',
              label: tabLabel('ranking'),
              children: (
                <Flex vertical gap={16}>
                  {afterApproval && hasPermission(session, 'campaign.manage') ? (
                    <AppealWindowCard
                      key={r.appealUntil ?? 'none'}
                      campaignId={campaignId}
                      appealUntil={r.appealUntil}
                    />
                  ) : null}
                  <RankingTab
                    view={view}
                    campaignId={campaignId}
                    onAmend={canDecide && afterApproval ? setAmending : undefined}
                  />
                  {canDecide && afterApproval && appeals.data ? <AppealsCard appeals={appeals.data} /> : null}
                </Flex>
              ),
            },
            { key: 'charts', label: tabLabel('charts'), children: <ChartsTab view={view} /> },
            { key: 'publish', label: tabLabel('publish'), children: <PublishTab view={view} /> },
            {
              key: 'settings',
              label: tabLabel('settings'),
              children: <SettingsTab campaignId={campaignId} />,
            },
          ]}
        />
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
