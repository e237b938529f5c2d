import { CheckOutlined, ExceptionOutlined, UndoOutlined } from '@ant-design/icons';
import type { AppraisalRow, CouncilView } from '@cchc/domain/api/appraisal';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Flex,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatPercent, formatPoints } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useCouncilUnitTransition } from '../api';
import { useCouncilT } from '../messages';
import { notReviewedUnits } from '../model';
import { BandTag, PointsCell, ScorecardStatusTag, SectionTitle, useKeyboardScrollable } from './shared';
import { SpecialCaseModal } from './special-case-modal';

export const appraisalPath = (scorecardId: string, leafCode?: string) =>
  `/scorecards/${encodeURIComponent(scorecardId)}/appraisal${leafCode ? `?leaf=${encodeURIComponent(leafCode)}` : ''}`;

/** Error text for a failed council action, with the fields the server named (points, reason…). */
function actionErrorText(error: unknown, lang: 'vi' | 'en'): string {
  const base = describeError(error, lang);
  if (!isApiError(error)) {
    return base;
  }
  const units = notReviewedUnits(error);
  const fields = Object.entries(error.fields)
    .filter(([key]) => key !== '_')
    .map(([, text]) => text);
  return [base, ...units, ...fields].join(' ');
}

/**
 * The units before the council: status, self vs appraised vs final points and index, band, the
 * disputed leaves (links to the unit's appraisal) and special cases; per unit, when the caller
 * decides for the council, "record a special case" and "approve the result" / "reopen".
 */
export function CouncilUnits({ council }: { council: CouncilView }) {
  const t = useCouncilT();
  const lang = useLang();
  const { modal, message } = App.useApp();
  const transition = useCouncilUnitTransition(council.campaignId);
  const [special, setSpecial] = useState<AppraisalRow | null>(null);
  const [actionError, setActionError] = useState<{ unit: string; text: string } | null>(null);
  const tableBox = useKeyboardScrollable(t('council.units'));
  const approved = council.rows.filter((r) => r.status === 'COUNCIL_APPROVED').length;

  const act = (row: AppraisalRow, action: 'councilApprove' | 'councilReopen') => {
    const unit = `${row.unit.code} — ${row.unit.name}`;
    modal.confirm({
      title:
        action === 'councilApprove'
          ? t('council.approveUnitTitle', { unit })
          : t('council.reopenUnitTitle', { unit }),
      content:
        action === 'councilApprove'
          ? t('council.approveUnitBody', {
              points: formatPoints(row.finalPoints, lang),
              index: formatPercent(row.finalIndex, lang),
            })
          : t('council.reopenUnitBody'),
      okText: action === 'councilApprove' ? t('council.approveUnit') : t('council.reopenUnit'),
      cancelText: t('council.cancel'),
      okButtonProps: { 'data-testid': 'council-transition-confirm' } as ButtonProps,
      onOk: () =>
        transition.mutateAsync({ scorecardId: row.scorecardId, action }).then(
          () => {
            setActionError(null);
            void message.success(
              action === 'councilApprove'
                ? t('council.unitApproved', { unit: row.unit.name })
                : t('council.unitReopened', { unit: row.unit.name }),
            );
          },
          (error: unknown) => {
            const text = actionErrorText(error, lang);
            setActionError({ unit, text });
            void message.error(text, 6);
          },
        ),
    });
  };

  const columns: TableProps<AppraisalRow>['columns'] = [
    {
      title: t('council.unit'),
      key: 'unit',
      width: 220,
      sorter: (a, b) => a.unit.code.localeCompare(b.unit.code),
      render: (_, r) => (
        <Flex vertical gap={0}>
          <Link to={appraisalPath(r.scorecardId)} data-testid={`council-unit-link-${r.unit.code}`}>
            <strong>{r.unit.code}</strong>
          </Link>
          <span style={{ fontSize: 13 }}>{r.unit.name}</span>
        </Flex>
      ),
    },
    {
      title: t('council.status'),
      key: 'status',
      width: 176,
      render: (_, r) => (
        <span data-testid={`council-status-${r.unit.code}`}>
          <ScorecardStatusTag status={r.status} />
        </span>
      ),
    },
    {
      title: t('council.self'),
      key: 'self',
      width: 96,
      align: 'right',
      render: (_, r) => <PointsCell points={r.selfPoints} index={r.selfIndex} />,
    },
    {
      title: t('council.appraised'),
      key: 'appraised',
      width: 96,
      align: 'right',
      render: (_, r) => <PointsCell points={r.appraisedPoints} />,
    },
    {
      title: t('council.final'),
      key: 'final',
      width: 104,
      align: 'right',
      sorter: (a, b) => a.finalIndex - b.finalIndex,
      render: (_, r) => (
        <span data-testid={`council-final-${r.unit.code}`}>
          <PointsCell points={r.finalPoints} index={r.finalIndex} strong />
        </span>
      ),
    },
    {
      title: t('council.band'),
      key: 'band',
      width: 100,
      render: (_, r) => <BandTag band={r.band} />,
    },
    {
      title: t('council.disputed'),
      key: 'disputed',
      width: 130,
      render: (_, r) =>
        r.disputedLeaves.length === 0 ? (
          <Typography.Text type="secondary">{t('council.noDisputed')}</Typography.Text>
        ) : (
          <Flex gap={4} wrap data-testid={`council-disputed-${r.unit.code}`}>
            {r.disputedLeaves.map((code) => (
              <Tag key={code} style={{ marginInlineEnd: 0, background: '#fff3e0', borderColor: '#ffcc80' }}>
                <Link
                  to={appraisalPath(r.scorecardId, code)}
                  aria-label={t('council.openAppraisal', { code })}
                  style={{ color: '#5c2e00' }}
                >
                  {code}
                </Link>
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t('council.specialCount'),
      key: 'special',
      width: 70,
      align: 'right',
      render: (_, r) => (
        <span data-testid={`council-special-count-${r.unit.code}`}>{r.specialCaseCount}</span>
      ),
    },
    // The council decides on units only while the campaign is before it (server: phase COUNCIL).
    ...(council.canDecide && council.phase === 'COUNCIL'
      ? [
          {
            title: t('council.actions'),
            key: 'actions',
            width: 210,
            render: (_: unknown, r: AppraisalRow) => (
              <Flex vertical gap={6} align="stretch">
                {r.status === 'COUNCIL_APPROVED' ? null : (
                  <Button
                    size="small"
                    icon={<ExceptionOutlined />}
                    onClick={() => setSpecial(r)}
                    data-testid={`special-case-open-${r.unit.code}`}
                  >
                    {t('council.recordSpecial')}
                  </Button>
                )}
                {r.status === 'COUNCIL_APPROVED' ? (
                  <Button
                    size="small"
                    icon={<UndoOutlined />}
                    onClick={() => act(r, 'councilReopen')}
                    data-testid={`council-reopen-${r.unit.code}`}
                  >
                    {t('council.reopenUnit')}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    type="primary"
                    icon={<CheckOutlined />}
                    onClick={() => act(r, 'councilApprove')}
                    data-testid={`council-approve-${r.unit.code}`}
                  >
                    {t('council.approveUnit')}
                  </Button>
                )}
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={<SectionTitle id="council-units">{t('council.units')}</SectionTitle>}
      extra={
        <Typography.Text data-testid="council-summary">
          {t('council.summary', { approved, total: council.rows.length })}
        </Typography.Text>
      }
    >
      {actionError ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setActionError(null) }}
          title={`${t('council.actionFailed')} — ${actionError.unit}`}
          description={actionError.text}
          style={{ marginBottom: 12 }}
          data-testid="council-action-error"
        />
      ) : null}
      {council.phase === 'COUNCIL' && council.rows.length > 0 && approved === council.rows.length ? (
        <Alert
          type="success"
          showIcon
          title={t('council.allApproved')}
          style={{ marginBottom: 12 }}
          data-testid="council-all-approved"
        />
      ) : null}
      <div ref={tableBox}>
        <Table<AppraisalRow>
          rowKey="scorecardId"
          size="middle"
          columns={columns}
          dataSource={[...council.rows].sort((a, b) => a.unit.code.localeCompare(b.unit.code))}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('council.noUnits') }}
          onRow={(r) =>
            ({ 'data-testid': `council-row-${r.unit.code}` }) as React.HTMLAttributes<HTMLElement>
          }
        />
      </div>
      {special ? (
        <SpecialCaseModal
          campaignId={council.campaignId}
          row={special}
          meetings={council.meetings}
          onClose={() => setSpecial(null)}
        />
      ) : null}
    </Card>
  );
}
