import { ArrowLeftOutlined, SettingOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  DOCUMENT_KINDS,
  EXPORT_KIND_LABELS,
  type ExportKind,
  formatsOf,
  WORKBOOK_KINDS,
} from '@cchc/domain/api/reports';
import { Button, Card, Flex, Result, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { ForbiddenResult } from '../../../components/ui/result-pages';
import { describeError, isApiError } from '../../../lib/api-client';
import { hasPermission, useRequiredSession } from '../../../lib/auth';
import { pickLabel, useLang } from '../../../lib/i18n';
import { PhaseTag } from '../../campaigns/components/shared';
import { useCampaignInfo } from '../../council/api';
import { resultsPageUrl } from '../../results/api';
import { DOCUMENT_SETTINGS_URL, type ExportOwner } from '../api';
import { type ReportsMessageKey, useReportsT } from '../messages';
import {
  CreateExportButton,
  ExportJobsTable,
  ExportRefusal,
  type ExportRequester,
  FORMAT_ICONS,
  useExportRequester,
} from './export-jobs';
import { ReportDraftSection } from './report-draft-editor';

/** The campaign documents offered here; the unit's self-assessment report lives on its scorecard page. */
const CAMPAIGN_DOCUMENTS = DOCUMENT_KINDS.filter((k) => k !== 'self-assessment-report');

function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={2} style={{ margin: 0, fontSize: 17 }}>
      {children}
    </Typography.Title>
  );
}

/** One document or workbook: its name, what it holds, and a create button per format. */
function KindCard({ kind, requester }: { kind: ExportKind; requester: ExportRequester }) {
  const t = useReportsT();
  const lang = useLang();
  const formats = formatsOf(kind);
  return (
    <Card
      size="small"
      style={{ height: '100%' }}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 8, height: '100%' } }}
      data-testid={`export-card-${kind}`}
    >
      <Flex gap={10} align="flex-start">
        <span style={{ fontSize: 22, lineHeight: 1 }}>{FORMAT_ICONS[formats[0] ?? 'docx']}</span>
        <Typography.Title level={3} style={{ margin: 0, fontSize: 15, lineHeight: 1.4 }}>
          {pickLabel(EXPORT_KIND_LABELS[kind], lang)}
        </Typography.Title>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 13, flex: 1 }}>
        {t(`kindHint.${kind}` as ReportsMessageKey)}
      </Typography.Text>
      <Flex gap={8} wrap>
        {formats.map((format, i) => (
          <CreateExportButton
            key={format}
            kind={kind}
            format={format}
            requester={requester}
            primary={i === 0}
          />
        ))}
      </Flex>
      <ExportRefusal kind={kind} requester={requester} />
    </Card>
  );
}

const GRID = {
  display: 'grid',
  // min(): on a phone one card fills the row instead of overflowing it.
  gridTemplateColumns: 'repeat(auto-fill, minmax(min(280px, 100%), 1fr))',
  gap: 12,
} as const;

/**
 * "Báo cáo, văn bản" (/campaigns/:id/reports): create the campaign's documents (DOCX/PDF) and
 * workbooks (XLSX) in the background, follow them in "Tệp đã tạo" and download them; edit the
 * prose of the consolidated report.
 */
export function ReportsPage({ campaignId }: { campaignId: string }) {
  const t = useReportsT();
  const lang = useLang();
  const navigate = useNavigate();
  const session = useRequiredSession();
  const campaign = useCampaignInfo(campaignId);
  const owner: ExportOwner = { type: 'campaign', id: campaignId };
  const requester = useExportRequester(owner);

  if (campaign.isPending) {
    return <Skeleton active paragraph={{ rows: 10 }} />;
  }
  if (campaign.isError) {
    if (isApiError(campaign.error) && campaign.error.status === 403) {
      return <ForbiddenResult />;
    }
    if (isApiError(campaign.error) && campaign.error.status === 404) {
      return <Result status="404" title={describeError(campaign.error, lang)} />;
    }
    return <QueryError error={campaign.error} onRetry={() => void campaign.refetch()} />;
  }
  const c = campaign.data;
  const canSeeResults = (
    ['appraisal.read', 'council.decide', 'council.record', 'campaign.approve'] as const
  ).some((p) => hasPermission(session, p));

  return (
    <>
      <Flex style={{ marginBottom: 4 }}>
        <Link to={`/campaigns/${encodeURIComponent(campaignId)}`} style={{ fontSize: 13 }}>
          <ArrowLeftOutlined aria-hidden /> {t('page.back')}
        </Link>
      </Flex>
      <PageHeader
        title={t('page.title')}
        extra={
          <>
            {canSeeResults ? (
              <Button
                icon={<TrophyOutlined />}
                onClick={() => navigate(resultsPageUrl(campaignId))}
                data-testid="reports-open-results"
              >
                {t('page.openResults')}
              </Button>
            ) : null}
            {hasPermission(session, 'campaign.manage') ? (
              <Button
                icon={<SettingOutlined />}
                onClick={() => navigate(DOCUMENT_SETTINGS_URL)}
                data-testid="reports-open-settings"
              >
                {t('page.openSettings')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex gap={12} align="center" wrap style={{ marginTop: -8, marginBottom: 8 }}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {c.code} — {c.name}
        </Typography.Text>
        <PhaseTag phase={c.phase} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('page.intro')}
      </Typography.Paragraph>

      <Flex vertical gap={16} data-testid="reports-page">
        <Card title={<SectionTitle>{t('documents.title')}</SectionTitle>} data-testid="reports-documents">
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {t('documents.hint')}
          </Typography.Paragraph>
          <div style={GRID}>
            {CAMPAIGN_DOCUMENTS.map((kind) => (
              <KindCard key={kind} kind={kind} requester={requester} />
            ))}
          </div>
        </Card>

        <Card title={<SectionTitle>{t('workbooks.title')}</SectionTitle>} data-testid="reports-workbooks">
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {t('workbooks.hint')}
          </Typography.Paragraph>
          <div style={GRID}>
            {WORKBOOK_KINDS.map((kind) => (
              <KindCard key={kind} kind={kind} requester={requester} />
            ))}
          </div>
        </Card>

        <Card title={<SectionTitle>{t('files.title')}</SectionTitle>} data-testid="reports-files">
          <ExportJobsTable owner={owner} highlightId={requester.highlightId} />
        </Card>

        <Card title={<SectionTitle>{t('draft.title')}</SectionTitle>} data-testid="reports-draft">
          <ReportDraftSection campaignId={campaignId} />
        </Card>
      </Flex>
    </>
  );
}
