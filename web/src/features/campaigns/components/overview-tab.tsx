import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { BUDGET_STATUS_LABELS, type CampaignDetail } from '@cchc/domain/api/campaigns';
import {
  CAMPAIGN_ACTION_LABELS,
  CAMPAIGN_PHASE_LABELS,
  CAMPAIGN_PHASES,
  type CampaignTransitionAction,
} from '@cchc/domain/workflow/campaign.machine';
import { App, Button, type ButtonProps, Card, Descriptions, Flex, Grid, Steps, Typography } from 'antd';
import { formatDateTime } from '../../../lib/format';
import { type MessageKey, useLang, useT } from '../../../lib/i18n';
import { useCampaigns, useCampaignTransition } from '../api';
import { Deadline, useCampaignWriteError } from './shared';

/** Transitions that go back a step: offered as plain buttons, not primary ones. */
const BACKWARD: ReadonlySet<CampaignTransitionAction> = new Set([
  'reopenSelfAssessment',
  'returnToAppraisal',
]);

const CONFIRM_TEXT: Record<CampaignTransitionAction, MessageKey> = {
  issueGuidance: 'campaigns.confirm.issueGuidance',
  openSelfAssessment: 'campaigns.confirm.openSelfAssessment',
  lockSelfAssessment: 'campaigns.confirm.lockSelfAssessment',
  reopenSelfAssessment: 'campaigns.confirm.reopenSelfAssessment',
  startAppraisal: 'campaigns.confirm.startAppraisal',
  convokeCouncil: 'campaigns.confirm.convokeCouncil',
  approve: 'campaigns.confirm.approve',
  returnToAppraisal: 'campaigns.confirm.returnToAppraisal',
  publish: 'campaigns.confirm.publish',
  close: 'campaigns.confirm.close',
};

function Check({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  return (
    <Flex gap={8} align="baseline">
      {ok ? (
        <CheckCircleFilled style={{ color: '#2e7d32' }} aria-hidden />
      ) : (
        <ExclamationCircleFilled style={{ color: '#b26a00' }} aria-hidden />
      )}
      <span>{children}</span>
    </Flex>
  );
}

export function OverviewTab({ campaign: c }: { campaign: CampaignDetail }) {
  const t = useT();
  const lang = useLang();
  const { modal, message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const transition = useCampaignTransition(c.id);
  const onError = useCampaignWriteError(c.id);
  const campaigns = useCampaigns();
  const previous = campaigns.data?.find((x) => x.id === c.previousCampaignId);
  const current = CAMPAIGN_PHASES.indexOf(c.phase);

  const run = (action: CampaignTransitionAction) => {
    modal.confirm({
      title: t('campaigns.confirmTitle', { action: CAMPAIGN_ACTION_LABELS[action][lang] }),
      content: t(CONFIRM_TEXT[action]),
      okText: CAMPAIGN_ACTION_LABELS[action][lang],
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'campaign-transition-confirm' } as ButtonProps,
      onOk: () =>
        transition
          .mutateAsync({ rowVersion: c.rowVersion, action })
          .then(
            (saved) =>
              void message.success(
                t('campaigns.phaseChanged', { phase: CAMPAIGN_PHASE_LABELS[saved.phase][lang] }),
              ),
            onError,
          ),
    });
  };

  // Leadership approves or returns the results (with its reason) on the results page, where the
  // ranked list is in front of it; not from a bare button here.
  const steps = c.transitions.filter((a) => a !== 'approve' && a !== 'returnToAppraisal');
  const setupPhase = c.phase === 'SETUP' || c.phase === 'GUIDANCE_ISSUED';
  const selfDue = c.milestones.find((m) => m.key === 'SELF_ASSESSMENT')?.dueDate ?? null;

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('campaigns.phases')}>
        <Steps
          size="small"
          current={current}
          orientation={screens.md ? 'horizontal' : 'vertical'}
          titlePlacement={screens.md ? 'vertical' : undefined}
          styles={{ itemTitle: { fontSize: screens.xl ? 14 : 12.5, lineHeight: 1.35 } }}
          items={CAMPAIGN_PHASES.map((phase, i) => ({
            key: phase,
            title: CAMPAIGN_PHASE_LABELS[phase][lang],
            status: i < current ? 'finish' : i === current ? 'process' : 'wait',
          }))}
          data-testid="campaign-stepper"
        />
        {steps.length > 0 ? (
          <Flex gap={8} wrap style={{ marginTop: 16 }} align="center">
            <Typography.Text strong>{t('campaigns.nextStep')}:</Typography.Text>
            {steps.map((action) => (
              <Button
                key={action}
                type={BACKWARD.has(action) ? 'default' : 'primary'}
                loading={transition.isPending && transition.variables?.action === action}
                onClick={() => run(action)}
                data-testid={`campaign-transition-${action}`}
              >
                {CAMPAIGN_ACTION_LABELS[action][lang]}
              </Button>
            ))}
          </Flex>
        ) : null}
      </Card>
      {setupPhase && c.allowedActions.includes('campaign.manage') ? (
        <Card size="small" title={t('campaigns.readiness')}>
          <Flex vertical gap={6}>
            <Check ok={c.guidanceText.trim() !== '' || c.files.length > 0}>
              {t('campaigns.readyGuidance')}
            </Check>
            <Check ok={selfDue !== null}>
              {t('campaigns.readyMilestones')}
              {selfDue ? (
                <>
                  : <Deadline date={selfDue} />
                </>
              ) : null}
            </Check>
            <Check ok={c.participants.length > 0}>
              {t('campaigns.readyUnits', { count: c.participants.length })}
            </Check>
            {c.budget ? (
              <Check ok={c.budget.status === 'APPROVED'}>
                {t('campaigns.readyBudget', { status: BUDGET_STATUS_LABELS[c.budget.status][lang] })}
              </Check>
            ) : null}
          </Flex>
        </Card>
      ) : null}
      <Card size="small" title={t('campaigns.summary')}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 1, lg: 1, xl: 2, xxl: 2 }}
          items={[
            { key: 'code', label: t('campaigns.code'), children: c.code },
            { key: 'year', label: t('campaigns.year'), children: c.year },
            {
              key: 'set',
              label: t('campaigns.indexSet'),
              children: `${c.indexSet.code} v${c.indexSet.version} — ${c.indexSet.name}`,
            },
            {
              key: 'prev',
              label: t('campaigns.previousCampaign'),
              children: previous ? `${previous.code} (${previous.year})` : t('common.none'),
            },
            {
              key: 'due',
              label: t('campaigns.selfAssessmentDue'),
              children: <Deadline date={selfDue} />,
            },
            {
              key: 'units',
              label: t('campaigns.submittedOfUnits'),
              children: `${c.submittedCount}/${c.unitCount}`,
            },
            {
              key: 'guidance',
              label: t('campaigns.guidanceIssuedAt'),
              children: c.guidanceIssuedAt ? formatDateTime(c.guidanceIssuedAt, lang) : t('common.none'),
            },
            ...(c.allowedActions.includes('campaign.manage') || c.allowedActions.includes('campaign.approve')
              ? [
                  {
                    key: 'budget',
                    label: t('campaigns.tab.budget'),
                    children: c.budget ? BUDGET_STATUS_LABELS[c.budget.status][lang] : '—',
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </Flex>
  );
}
