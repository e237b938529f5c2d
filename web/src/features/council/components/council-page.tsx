import { ArrowLeftOutlined, FileWordOutlined, SendOutlined, TrophyOutlined } from '@ant-design/icons';
import { CAMPAIGN_PHASE_LABELS, type CampaignPhase } from '@cchc/domain/workflow/campaign.machine';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, type ButtonProps, Flex, Result, Skeleton, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { ForbiddenResult } from '../../../components/ui/result-pages';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError, isApiError } from '../../../lib/api-client';
import { hasPermission, useRequiredSession } from '../../../lib/auth';
import { useLang } from '../../../lib/i18n';
import { minutesUrl, useCampaignInfo, useCampaignPhaseTransition, useCouncil } from '../api';
import { useCouncilT } from '../messages';
import { isLocked, notReviewedUnits } from '../model';
import { CouncilUnits } from './council-units';
import { MeetingsCard } from './meetings-card';
import { SpecialCasesCard } from './special-cases-card';

/** The campaign's phase as a tag (open work amber, finished green), with data-phase for tests. */
export function PhaseBadge({ phase }: { phase: CampaignPhase }) {
  const lang = useLang();
  const status =
    phase === 'APPRAISAL' || phase === 'COUNCIL' ? 'warning' : isLocked(phase) ? 'active' : 'inactive';
  return (
    <span data-testid="campaign-phase" data-phase={phase}>
      <StatusTag status={status}>{CAMPAIGN_PHASE_LABELS[phase][lang]}</StatusTag>
    </span>
  );
}

/**
 * "Hội đồng thẩm định" (/campaigns/:id/council): the council's meetings, the units with their
 * self, appraised and final results and disputed leaves, special cases, per-unit approval and
 * the minutes draft. The Office convenes the council from here (convokeCouncil).
 */
export function CouncilPage({ campaignId }: { campaignId: string }) {
  const t = useCouncilT();
  const lang = useLang();
  const session = useRequiredSession();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const council = useCouncil(campaignId);
  const campaign = useCampaignInfo(campaignId);
  const transition = useCampaignPhaseTransition(campaignId);

  if (council.isPending) {
    return <Skeleton active paragraph={{ rows: 10 }} />;
  }
  if (council.isError) {
    if (isApiError(council.error) && council.error.status === 403) {
      return <ForbiddenResult />;
    }
    if (isApiError(council.error) && council.error.status === 404) {
      return <Result status="404" title={describeError(council.error, lang)} />;
    }
    return <QueryError error={council.error} onRetry={() => void council.refetch()} />;
  }

  const c = council.data;
  const phase = campaign.data?.phase ?? c.phase;
  const canConvoke = phase === 'APPRAISAL' && hasPermission(session, 'campaign.manage');

  const convoke = () => {
    modal.confirm({
      title: t('council.convokeTitle'),
      content: t('council.convokeBody'),
      okText: t('council.convoke'),
      cancelText: t('council.cancel'),
      okButtonProps: { 'data-testid': 'convoke-council-confirm' } as ButtonProps,
      onOk: () =>
        transition
          .mutateAsync({ rowVersion: campaign.data?.rowVersion ?? c.rowVersion, action: 'convokeCouncil' })
          .then(
            () => void message.success(t('council.convoked')),
            (error: unknown) => {
              const units = notReviewedUnits(error);
              if (isApiError(error) && error.code === 'EDIT_CONFLICT') {
                void campaign.refetch();
                void queryClient.invalidateQueries({ queryKey: ['council'] });
              }
              modal.error({
                title: t('council.notReviewedTitle'),
                content: (
                  <div data-testid="convoke-error">
                    <p>{describeError(error, lang)}</p>
                    {units.length > 0 ? (
                      <>
                        <p style={{ marginBottom: 4 }}>{t('council.notReviewedUnits')}</p>
                        <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="convoke-not-reviewed">
                          {units.map((u) => (
                            <li key={u}>{u}</li>
                          ))}
                        </ul>
                      </>
                    ) : null}
                  </div>
                ),
                okText: t('council.close'),
              });
            },
          ),
    });
  };

  return (
    <>
      <Flex style={{ marginBottom: 4 }}>
        <Link to={`/campaigns/${encodeURIComponent(campaignId)}`} style={{ fontSize: 13 }}>
          <ArrowLeftOutlined /> {t('council.backToCampaign')}
        </Link>
      </Flex>
      <PageHeader
        title={t('council.title')}
        extra={
          <>
            {canConvoke ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={convoke}
                loading={transition.isPending}
                data-testid="convoke-council"
              >
                {t('council.convoke')}
              </Button>
            ) : null}
            <Button
              icon={<FileWordOutlined />}
              href={minutesUrl(campaignId)}
              download
              data-testid="minutes-download"
            >
              {t('council.minutes')}
            </Button>
            <Button
              icon={<TrophyOutlined />}
              onClick={() => navigate(`/campaigns/${encodeURIComponent(campaignId)}/results`)}
              data-testid="open-results"
            >
              {t('council.openResults')}
            </Button>
          </>
        }
      />
      <Flex gap={12} align="center" wrap style={{ marginTop: -8, marginBottom: 12 }}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {c.campaignName}
        </Typography.Text>
        <PhaseBadge phase={phase} />
      </Flex>
      {phase === 'APPRAISAL' ? (
        <Alert type="info" showIcon title={t('council.phaseHint.appraisal')} style={{ marginBottom: 12 }} />
      ) : isLocked(phase) ? (
        <Alert type="info" showIcon title={t('council.phaseHint.locked')} style={{ marginBottom: 12 }} />
      ) : null}
      <Flex vertical gap={16}>
        <MeetingsCard council={c} />
        <CouncilUnits council={c} />
        <SpecialCasesCard council={c} />
      </Flex>
    </>
  );
}
