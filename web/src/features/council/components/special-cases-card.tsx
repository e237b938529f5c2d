import { type CouncilView, SPECIAL_CASE_LABELS } from '@cchc/domain/api/appraisal';
import { Card, Empty, Flex, Table, type TableProps, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useCouncilT } from '../messages';
import { pointsNumber } from '../model';
import { appraisalPath } from './council-units';
import { SectionTitle } from './shared';

type Row = CouncilView['specialCases'][number];

/** Every special case of the campaign with its reason and decision text, newest first. */
export function SpecialCasesCard({ council }: { council: CouncilView }) {
  const t = useCouncilT();
  const lang = useLang();
  const meetings = new Map(council.meetings.map((m) => [m.id, m]));
  const rows = [...council.specialCases].sort((a, b) => b.at.localeCompare(a.at));

  const columns: TableProps<Row>['columns'] = [
    {
      title: t('council.unit'),
      key: 'unit',
      width: 180,
      render: (_, r) => <Link to={appraisalPath(r.scorecardId, r.leafCode ?? undefined)}>{r.unitName}</Link>,
    },
    {
      title: t('council.kind'),
      key: 'kind',
      width: 190,
      render: (_, r) => (
        <Flex vertical gap={0}>
          <span data-kind={r.kind}>{SPECIAL_CASE_LABELS[r.kind][lang]}</span>
          {r.leafCode ? (
            <Typography.Text strong>
              {r.leafCode}
              {r.kind === 'SCORE_CHANGE' && r.points !== null ? ` → ${pointsNumber(r.points, lang)}` : ''}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('council.reason'),
      dataIndex: 'reason',
      key: 'reason',
      render: (text: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>,
    },
    {
      title: t('council.decisionText'),
      dataIndex: 'decisionText',
      key: 'decision',
      render: (text: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>,
    },
    {
      title: t('council.meeting'),
      key: 'meeting',
      width: 120,
      render: (_, r) => {
        const m = r.meetingId ? meetings.get(r.meetingId) : undefined;
        return m ? formatDate(m.heldOn, lang) : t('council.none');
      },
    },
    {
      title: t('council.by'),
      key: 'by',
      width: 160,
      render: (_, r) => (
        <Flex vertical gap={0}>
          <span>{r.byName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(r.at, lang)}
          </Typography.Text>
        </Flex>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={<SectionTitle id="council-special-cases">{t('council.specialCases')}</SectionTitle>}
      data-testid="special-cases-list"
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('council.noSpecialCases')} />
      ) : (
        <Table<Row>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20 } : false}
          onRow={(_, i) => ({ 'data-testid': `special-case-row-${i}` }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
    </Card>
  );
}
