import {
  CheckOutlined,
  DeleteOutlined,
  PlusOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { BUDGET_STATUS_LABELS, CAMPAIGN_LIMITS, type CampaignDetail } from '@cchc/domain/api/campaigns';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Flex,
  Input,
  InputNumber,
  Modal,
  Table,
  Typography,
} from 'antd';
import { useEffect, useId, useState } from 'react';
import { StatusTag } from '../../../components/ui/status-tag';
import { formatDateTime } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useUnsavedWork } from '../../../lib/session-recovery';
import { useDecideBudget, useSaveBudget } from '../api';
import { formatVnd, useCampaignWriteError } from './shared';

interface Line {
  rid: number;
  description: string;
  amountVnd: number | null;
  note: string;
}

/** The budget tab is rendered only for those who see the estimate (the API sends null to others). */
type WithBudget = CampaignDetail & { budget: NonNullable<CampaignDetail['budget']> };

let nextRid = 1;
const toLines = (c: WithBudget): Line[] =>
  c.budget.lines.map((l) => ({
    rid: nextRid++,
    description: l.description,
    amountVnd: l.amountVnd,
    note: l.note ?? '',
  }));

function same(lines: Line[], c: WithBudget): boolean {
  return (
    lines.length === c.budget.lines.length &&
    lines.every((l, i) => {
      const s = c.budget.lines[i];
      return s && s.description === l.description && s.amountVnd === l.amountVnd && (s.note ?? '') === l.note;
    })
  );
}

const STATUS_STYLE = {
  DRAFT: 'inactive',
  SUBMITTED: 'warning',
  APPROVED: 'active',
  RETURNED: 'warning',
} as const;

/** "Dự toán kinh phí": the Office drafts and submits the estimate; leadership approves or returns it. */
export function BudgetTab({ campaign: c }: { campaign: WithBudget }) {
  const t = useT();
  const lang = useLang();
  const { message, modal } = App.useApp();
  const reasonId = useId();
  const canEdit = c.allowedActions.includes('campaign.manage') && c.budget.status !== 'APPROVED';
  const canDecide = c.allowedActions.includes('campaign.approve') && c.budget.status === 'SUBMITTED';
  const [lines, setLines] = useState<Line[]>(() => toLines(c));
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const save = useSaveBudget(c.id);
  const decide = useDecideBudget(c.id);
  const onError = useCampaignWriteError(c.id);
  const dirty = !same(lines, c);
  useUnsavedWork(dirty);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the server's lines change
  useEffect(() => {
    if (!dirty) {
      setLines(toLines(c));
    }
  }, [c.budget.lines]);

  const total = lines.reduce((s, l) => s + (l.amountVnd ?? 0), 0);
  const invalid = lines.some((l) => !l.description.trim() || l.amountVnd === null);
  const patch = (rid: number, p: Partial<Line>) =>
    setLines((ls) => ls.map((l) => (l.rid === rid ? { ...l, ...p } : l)));

  const onSave = (submit: boolean) =>
    save.mutate(
      {
        rowVersion: c.rowVersion,
        submit,
        lines: lines.map((l) => ({
          description: l.description.trim(),
          amountVnd: l.amountVnd ?? 0,
          note: l.note.trim() || null,
        })),
      },
      {
        onSuccess: (saved) => {
          if (saved.budget) {
            setLines(toLines({ ...saved, budget: saved.budget }));
          }
          void message.success(submit ? t('campaigns.budgetSubmitted') : t('campaigns.budgetSaved'));
        },
        onError,
      },
    );

  const onDecide = (decision: 'APPROVED' | 'RETURNED') =>
    decide.mutate(
      { rowVersion: c.rowVersion, decision, note: decision === 'RETURNED' ? reason.trim() : null },
      {
        onSuccess: () => {
          setReturning(false);
          setReason('');
          void message.success(
            decision === 'APPROVED' ? t('campaigns.budgetApproved') : t('campaigns.budgetReturned'),
          );
        },
        onError,
      },
    );

  const sep = lang === 'vi' ? '.' : ',';
  const columns = [
    {
      title: '#',
      key: 'n',
      width: 44,
      render: (_: unknown, __: Line, i: number) => i + 1,
    },
    {
      title: t('campaigns.budgetItem'),
      key: 'description',
      render: (_: unknown, l: Line) =>
        canEdit ? (
          <Input
            value={l.description}
            onChange={(e) => patch(l.rid, { description: e.target.value })}
            aria-label={t('campaigns.budgetItem')}
          />
        ) : (
          l.description
        ),
    },
    {
      title: t('campaigns.budgetAmount'),
      key: 'amount',
      width: 200,
      align: 'right' as const,
      render: (_: unknown, l: Line) =>
        canEdit ? (
          <InputNumber<number>
            value={l.amountVnd}
            min={0}
            max={CAMPAIGN_LIMITS.budgetAmountMax}
            precision={0}
            step={100000}
            formatter={(v) =>
              v === undefined || v === null || `${v}` === ''
                ? ''
                : `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, sep)
            }
            parser={(v) => Number((v ?? '').replace(/\D/g, '')) || 0}
            suffix={lang === 'vi' ? 'đ' : 'VND'}
            onChange={(v) => patch(l.rid, { amountVnd: typeof v === 'number' ? v : null })}
            style={{ width: '100%' }}
            aria-label={`${t('campaigns.budgetAmount')} ${l.description}`}
          />
        ) : (
          formatVnd(l.amountVnd ?? 0, lang)
        ),
    },
    {
      title: t('campaigns.budgetNote'),
      key: 'note',
      width: 220,
      render: (_: unknown, l: Line) =>
        canEdit ? (
          <Input
            value={l.note}
            onChange={(e) => patch(l.rid, { note: e.target.value })}
            aria-label={`${t('campaigns.budgetNote')} ${l.description}`}
          />
        ) : (
          l.note
        ),
    },
    ...(canEdit
      ? [
          {
            title: <span className="sr-only">{t('common.actions')}</span>,
            key: 'actions',
            width: 56,
            render: (_: unknown, l: Line) => (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`${t('campaigns.delete')} ${l.description}`}
                onClick={() => setLines((ls) => ls.filter((x) => x.rid !== l.rid))}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <span>{t('campaigns.tab.budget')}</span>
          <StatusTag status={STATUS_STYLE[c.budget.status]}>
            {BUDGET_STATUS_LABELS[c.budget.status][lang]}
          </StatusTag>
        </Flex>
      }
      data-testid="campaign-budget"
    >
      {c.budget.status === 'RETURNED' && c.budget.note ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('campaigns.budgetReturnedReason')}
          description={c.budget.note}
        />
      ) : null}
      {c.budget.status === 'SUBMITTED' && c.allowedActions.includes('campaign.manage') ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('campaigns.budgetAwaiting')} />
      ) : null}
      {c.budget.status === 'APPROVED' && c.budget.decidedAt ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="campaign-budget-approved"
          title={
            c.budget.decidedByName
              ? t('campaigns.budgetApprovedBy', {
                  at: formatDateTime(c.budget.decidedAt, lang),
                  name: c.budget.decidedByName,
                })
              : t('campaigns.budgetApprovedAt', { at: formatDateTime(c.budget.decidedAt, lang) })
          }
        />
      ) : null}
      <Table<Line>
        size="small"
        rowKey="rid"
        columns={columns}
        dataSource={lines}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 700 }}
        locale={{ emptyText: t('campaigns.budgetEmpty') }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <strong>{t('campaigns.budgetTotal')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <strong data-testid="campaign-budget-total">{formatVnd(total, lang)}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} colSpan={canEdit ? 2 : 1} />
          </Table.Summary.Row>
        )}
      />
      {canEdit ? (
        <Flex justify="space-between" gap={8} style={{ marginTop: 12 }} wrap>
          <Button
            icon={<PlusOutlined />}
            disabled={lines.length >= CAMPAIGN_LIMITS.budgetLinesMax}
            onClick={() =>
              setLines((ls) => [...ls, { rid: nextRid++, description: '', amountVnd: null, note: '' }])
            }
          >
            {t('campaigns.budgetAdd')}
          </Button>
          <Flex gap={8} wrap>
            <Button
              disabled={invalid || (!dirty && c.budget.status === 'DRAFT')}
              loading={save.isPending && !save.variables?.submit}
              onClick={() => onSave(false)}
            >
              {t('campaigns.budgetSaveDraft')}
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              disabled={invalid || lines.length === 0 || (c.budget.status === 'SUBMITTED' && !dirty)}
              loading={save.isPending && Boolean(save.variables?.submit)}
              onClick={() => onSave(true)}
              data-testid="campaign-budget-submit"
            >
              {t('campaigns.budgetSubmit')}
            </Button>
          </Flex>
        </Flex>
      ) : null}
      {canDecide ? (
        <Flex gap={8} justify="flex-end" style={{ marginTop: 12 }}>
          <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)}>
            {t('campaigns.budgetReturn')}
          </Button>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={decide.isPending && decide.variables?.decision === 'APPROVED'}
            onClick={() =>
              modal.confirm({
                title: t('campaigns.budgetApproveConfirmTitle'),
                content: t('campaigns.budgetApproveConfirmBody', {
                  name: c.name,
                  total: formatVnd(total, lang),
                }),
                okText: t('campaigns.budgetApprove'),
                cancelText: t('common.cancel'),
                okButtonProps: { 'data-testid': 'campaign-budget-approve-ok' } as ButtonProps,
                onOk: () => onDecide('APPROVED'),
              })
            }
            data-testid="campaign-budget-approve"
          >
            {t('campaigns.budgetApprove')}
          </Button>
        </Flex>
      ) : null}
      <Modal
        open={returning}
        title={t('campaigns.budgetReturn')}
        okText={t('campaigns.budgetReturn')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: decide.isPending }}
        onOk={() => onDecide('RETURNED')}
        onCancel={() => setReturning(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          <label htmlFor={reasonId}>{t('campaigns.budgetReturnReason')}</label>
        </Typography.Paragraph>
        <Input.TextArea
          id={reasonId}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 3 }}
          maxLength={CAMPAIGN_LIMITS.reasonMax}
        />
      </Modal>
    </Card>
  );
}
