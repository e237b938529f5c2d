import { AuditOutlined } from '@ant-design/icons';
import type { AppealStatus, CampaignAppeals } from '@cchc/domain/api/appraisal';
import { Button, Card, Empty, Flex, Table, type TableProps, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { StatusTag } from '../../../components/ui/status-tag';
import { formatDateTime } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useCouncilT } from '../messages';
import { AppealDecisionModal } from './amendment-modal';
import { appraisalPath } from './council-units';
import { SectionTitle } from './shared';

type Row = CampaignAppeals['appeals'][number];

const STATUS_TONE: Record<AppealStatus, 'warning' | 'active' | 'inactive'> = {
  FILED: 'warning',
  ACCEPTED: 'active',
  REJECTED: 'inactive',
};

/** Appeals (kiến nghị) filed after approval; the council decides the open ones. */
export function AppealsCard({ appeals }: { appeals: CampaignAppeals }) {
  const t = useCouncilT();
  const lang = useLang();
  const [deciding, setDeciding] = useState<Row | null>(null);
  const rows = [...appeals.appeals].sort(
    (a, b) =>
      Number(b.status === 'FILED') - Number(a.status === 'FILED') || b.filedAt.localeCompare(a.filedAt),
  );

  const columns: TableProps<Row>['columns'] = [
    {
      title: t('appeals.unit'),
      key: 'unit',
      width: 200,
      render: (_, r) => (
        <Link to={appraisalPath(r.scorecardId, r.leafCode ?? undefined)}>
          {r.unitCode ? <strong>{r.unitCode} </strong> : null}
          {r.unitName}
        </Link>
      ),
    },
    {
      title: t('appeals.leaf'),
      key: 'leaf',
      width: 110,
      render: (_, r) =>
        r.leafCode ?? <Typography.Text type="secondary">{t('appeals.leafAll')}</Typography.Text>,
    },
    {
      title: t('appeals.grounds'),
      key: 'grounds',
      render: (_, r) => (
        <Flex vertical gap={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{r.grounds}</span>
          {r.files.length > 0 ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('appeals.files', { count: r.files.length })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('appeals.filed'),
      key: 'filed',
      width: 160,
      render: (_, r) => (
        <Flex vertical gap={0}>
          <span>{r.filedByName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(r.filedAt, lang)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('appeals.status'),
      key: 'status',
      width: 240,
      render: (_, r) => (
        <Flex vertical gap={4} align="start">
          <span data-testid="appeal-status" data-status={r.status}>
            <StatusTag status={STATUS_TONE[r.status]}>{t(`appeals.status.${r.status}`)}</StatusTag>
          </span>
          {r.decidedByName && r.decidedAt ? (
            <Typography.Text style={{ fontSize: 12 }}>
              {t('appeals.decisionBy', {
                name: r.decidedByName,
                at: formatDateTime(r.decidedAt, lang),
                reason: r.decisionReason ?? '',
              })}
            </Typography.Text>
          ) : null}
          {r.status === 'FILED' && appeals.canDecide ? (
            <Button
              size="small"
              type="primary"
              icon={<AuditOutlined />}
              onClick={() => setDeciding(r)}
              data-testid="appeal-decide"
            >
              {t('appeals.decide')}
            </Button>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={<SectionTitle id="results-appeals">{t('appeals.title')}</SectionTitle>}
      data-testid="appeals-list"
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appeals.none')} />
      ) : (
        <Table<Row>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          onRow={(r) =>
            ({
              'data-testid': `appeal-row-${r.unitCode || r.scorecardId}`,
            }) as React.HTMLAttributes<HTMLElement>
          }
        />
      )}
      {deciding ? (
        <AppealDecisionModal
          campaignId={appeals.campaignId}
          appeal={deciding}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </Card>
  );
}
