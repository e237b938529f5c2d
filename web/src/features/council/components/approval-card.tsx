import { CheckCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import { CAMPAIGN_LIMITS, type CampaignDetail } from '@cchc/domain/api/campaigns';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, type ButtonProps, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { describeError, isApiError } from '../../../lib/api-client';
import { applyApiError } from '../../../lib/forms';
import { useLang } from '../../../lib/i18n';
import { useCampaignPhaseTransition } from '../api';
import { useCouncilT } from '../messages';
import { CouncilFormModal, SectionTitle, textRules } from './shared';

function ReturnModal({ campaign, onClose }: { campaign: CampaignDetail; onClose: () => void }) {
  const t = useCouncilT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const transition = useCampaignPhaseTransition(campaign.id);

  return (
    <CouncilFormModal<{ reason: string }>
      title={t('results.returnTitle')}
      form={form}
      onFinish={(values) => {
        setError(null);
        transition.mutate(
          { rowVersion: campaign.rowVersion, action: 'returnToAppraisal', reason: values.reason.trim() },
          {
            onSuccess: () => {
              void message.success(t('results.returned'));
              onClose();
            },
            onError: (e) => setError(applyApiError(form, e, lang)),
          },
        );
      }}
      onClose={onClose}
      submitting={transition.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      okText={t('results.return')}
      testId="return-results-form"
      saveTestId="return-results-save"
      initialValues={{ reason: '' }}
    >
      <Form.Item
        name="reason"
        label={t('results.returnReason')}
        rules={textRules(t, CAMPAIGN_LIMITS.reasonMax)}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="return-reason" />
      </Form.Item>
    </CouncilFormModal>
  );
}

/** Leadership, phase COUNCIL: approve the ranked results (they are locked) or return them with a reason. */
export function ApprovalCard({
  campaign,
  councilApproved,
  total,
}: {
  campaign: CampaignDetail;
  councilApproved: number;
  total: number;
}) {
  const t = useCouncilT();
  const lang = useLang();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const transition = useCampaignPhaseTransition(campaign.id);
  const [returning, setReturning] = useState(false);
  // Approval is refused while a unit lacks the council's approval: say so before the click, and
  // do not present approving as the obvious next step.
  const pending = Math.max(0, total - councilApproved);

  const approve = () => {
    modal.confirm({
      title: t('results.approveTitle'),
      content: t('results.approveBody'),
      okText: t('results.approve'),
      cancelText: t('council.cancel'),
      okButtonProps: { 'data-testid': 'approve-results-confirm' } as ButtonProps,
      onOk: () =>
        transition.mutateAsync({ rowVersion: campaign.rowVersion, action: 'approve' }).then(
          () => void message.success(t('results.approved')),
          (error: unknown) => {
            void message.error(describeError(error, lang), 8);
            if (isApiError(error) && error.code === 'EDIT_CONFLICT') {
              // Someone changed the campaign meanwhile: reload it so that a retry uses its new version.
              void queryClient.invalidateQueries({ queryKey: ['campaigns', campaign.id] });
            }
          },
        ),
    });
  };

  return (
    <Card
      size="small"
      title={<SectionTitle id="results-approval">{t('results.leadership')}</SectionTitle>}
      style={{ borderColor: '#9db6d6' }}
      data-testid="results-approval"
    >
      <Flex gap={16} align="center" justify="space-between" wrap>
        <Flex vertical gap={2}>
          <Typography.Text>{t('results.leadershipHint')}</Typography.Text>
          <Typography.Text strong data-testid="results-council-approved">
            {t('results.councilApproved', { approved: councilApproved, total })}
          </Typography.Text>
          {pending > 0 ? (
            <Typography.Text style={{ color: '#7a3e00' }}>
              {t('results.notAllApproved', { count: pending })}
            </Typography.Text>
          ) : null}
        </Flex>
        <Flex gap={8}>
          <Button
            size="large"
            icon={<RollbackOutlined />}
            onClick={() => setReturning(true)}
            data-testid="return-results"
          >
            {t('results.return')}
          </Button>
          <Button
            size="large"
            type={pending > 0 ? 'default' : 'primary'}
            icon={<CheckCircleOutlined />}
            onClick={approve}
            loading={transition.isPending}
            data-testid="approve-results"
          >
            {t('results.approve')}
          </Button>
        </Flex>
      </Flex>
      {returning ? <ReturnModal campaign={campaign} onClose={() => setReturning(false)} /> : null}
    </Card>
  );
}
