import {
  CheckCircleOutlined,
  DesktopOutlined,
  FileTextOutlined,
  GlobalOutlined,
  SendOutlined,
} from '@ant-design/icons';
import type { ResultsView } from '@cchc/domain/api/results';
import { Alert, App, Button, type ButtonProps, Card, Descriptions, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useCampaignInfo, useCampaignPhaseTransition } from '../../council/api';
import { presentationUrl, publicDataUrls, publicPageUrl } from '../api';
import { useResultsT } from '../messages';
import { AnnouncementForm } from './announcement-form';
import { isPublished } from './ranking-tab';

function Heading({ children }: { children: string }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
      {children}
    </Typography.Title>
  );
}

/**
 * "Công bố": the announcement decision, then publication (the campaign's `publish` transition,
 * Office only, after leadership's approval), then the links that publication opens.
 */
export function PublishTab({ view }: { view: ResultsView }) {
  const t = useResultsT();
  const lang = useLang();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const campaign = useCampaignInfo(view.campaignId);
  const transition = useCampaignPhaseTransition(view.campaignId);
  const [error, setError] = useState<string | null>(null);
  const published = isPublished(view);
  const approved = view.phase === 'APPROVED' || view.phase === 'PUBLISHED';
  const editable = view.canManage && approved;
  const a = view.announcement;
  const data = publicDataUrls(view.campaignCode);

  const publish = () =>
    modal.confirm({
      title: t('publish.confirmTitle'),
      content: t('publish.confirmBody', {
        number: a?.decisionNumber ?? '',
        date: formatDate(a?.decisionDate, lang),
      }),
      okText: t('publish.publish'),
      cancelText: t('form.cancel'),
      okButtonProps: { 'data-testid': 'publish-confirm' } as ButtonProps,
      onOk: () =>
        new Promise<void>((resolve) => {
          setError(null);
          transition.mutate(
            { action: 'publish', rowVersion: campaign.data?.rowVersion ?? view.rowVersion },
            {
              onSuccess: () => {
                void message.success(t('publish.done'));
                resolve();
              },
              onError: (e) => {
                setError(describeError(e, lang));
                if (isApiError(e) && e.code === 'EDIT_CONFLICT') {
                  void campaign.refetch();
                }
                resolve();
              },
            },
          );
        }),
    });

  return (
    <Flex vertical gap={16}>
      <Alert type="info" showIcon title={t('publish.explain')} data-testid="publish-explain" />
      {approved ? null : <Alert type="warning" showIcon title={t('publish.notApproved')} />}

      <Card size="small" title={<Heading>{t('publish.announcement')}</Heading>}>
        {approved && !view.canManage ? (
          <Typography.Paragraph type="secondary">{t('publish.readOnly')}</Typography.Paragraph>
        ) : null}
        {editable ? (
          <AnnouncementForm key={a?.updatedAt ?? 'none'} campaignId={view.campaignId} announcement={a} />
        ) : a ? (
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ maxWidth: 760 }}
            data-testid="announcement-view"
            items={[
              { key: 'number', label: t('publish.decisionNumber'), children: a.decisionNumber },
              { key: 'date', label: t('publish.decisionDate'), children: formatDate(a.decisionDate, lang) },
              {
                key: 'on',
                label: t('publish.announcedOn'),
                children: a.announcedOn ? formatDate(a.announcedOn, lang) : '—',
              },
              { key: 'place', label: t('publish.place'), children: a.place || '—' },
              { key: 'note', label: t('publish.note'), children: a.note || '—' },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('publish.noDecision')}</Typography.Text>
        )}
      </Card>

      <Card size="small" title={<Heading>{t('publish.publication')}</Heading>} data-testid="publication-card">
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 12 }}
            data-testid="publish-error"
          />
        ) : null}
        {published ? (
          <Flex vertical gap={12}>
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              title={t('publish.publishedTitle')}
              description={
                a?.publishedAt
                  ? t('publish.publishedBy', {
                      at: formatDateTime(a.publishedAt, lang),
                      name: a.publishedByName ?? t('publish.someone'),
                    })
                  : undefined
              }
              style={{ background: '#e8f5e9', borderColor: '#a5d6a7' }}
              data-testid="published-info"
            />
            <Flex gap={8} wrap>
              <Button type="primary" icon={<GlobalOutlined />} href={publicPageUrl(view.campaignCode)}>
                {t('publish.openPublic')}
              </Button>
              <Button icon={<DesktopOutlined />} onClick={() => navigate(presentationUrl(view.campaignId))}>
                {t('publish.openPresentation')}
              </Button>
              <Button icon={<FileTextOutlined />} href={data.csv}>
                {t('publish.openCsv')}
              </Button>
              <Button icon={<FileTextOutlined />} href={data.json} target="_blank" rel="noopener">
                {t('publish.openJson')}
              </Button>
            </Flex>
          </Flex>
        ) : (
          <Flex vertical gap={12} align="start">
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'decision',
                  label: t('publish.decision'),
                  children: a
                    ? t('publish.decisionText', {
                        number: a.decisionNumber,
                        date: formatDate(a.decisionDate, lang),
                      })
                    : t('publish.noDecision'),
                },
              ]}
            />
            {view.canManage ? (
              <Button
                type="primary"
                size="large"
                icon={<SendOutlined />}
                onClick={publish}
                disabled={view.phase !== 'APPROVED' || !a}
                loading={transition.isPending}
                data-testid="publish-button"
              >
                {t('publish.publish')}
              </Button>
            ) : null}
            {view.canManage && view.phase === 'APPROVED' && !a ? (
              <Typography.Text type="secondary">{t('publish.needsDecision')}</Typography.Text>
            ) : null}
            <Button icon={<DesktopOutlined />} onClick={() => navigate(presentationUrl(view.campaignId))}>
              {t('publish.previewPresentation')}
            </Button>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
