import { DeleteOutlined, NotificationOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CampaignDetail } from '@cchc/domain/api/campaigns';
import {
  DELIVERY_STATUS_LABELS,
  type DeliveryStatus,
  type DeliveryView,
  REMINDER_LIMITS,
  type ReminderRuleInput,
} from '@cchc/domain/api/reminders';
import type { ReminderAudience } from '@cchc/domain/campaign/defaults';
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
  Radio,
  Select,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useId, useMemo, useState } from 'react';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { type MessageKey, type TFunction, useLang, useT } from '../../../lib/i18n';
import { useUnsavedWork } from '../../../lib/session-recovery';
import { useReminderDeliveries, useReminderRules, useSaveReminderRules, useSendReminder } from '../api';

type Rule = Required<ReminderRuleInput> & { rid: number };

const AUDIENCE_KEYS: Record<ReminderAudience, MessageKey> = {
  FOCAL: 'campaigns.audience.FOCAL',
  HEAD: 'campaigns.audience.HEAD',
  BOTH: 'campaigns.audience.BOTH',
};

const DELIVERY_STYLE: Record<DeliveryStatus, 'active' | 'inactive' | 'warning'> = {
  PENDING: 'inactive',
  SENT: 'active',
  FAILED: 'warning',
};

let nextRid = 1;

/** "7 ngày trước hạn" / "Ngày hết hạn" / "2 ngày sau hạn". */
function offsetText(days: number, t: TFunction): string {
  if (days < 0) {
    return t('campaigns.offsetBefore', { count: -days });
  }
  if (days > 0) {
    return t('campaigns.offsetAfter', { count: days });
  }
  return t('campaigns.offsetOn');
}

function RulesCard({ campaign: c }: { campaign: CampaignDetail }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const rules = useReminderRules(c.id, true);
  const save = useSaveReminderRules(c.id);
  const [rows, setRows] = useState<Rule[] | null>(null);
  const server = rules.data?.rules;
  const dirty = rows !== null;
  useUnsavedWork(dirty);

  const fromServer = useMemo(
    () =>
      (server ?? [])
        .map((r) => ({ ...r, milestoneKey: 'SELF_ASSESSMENT' as const, rid: nextRid++ }))
        .sort((a, b) => a.offsetDays - b.offsetDays),
    [server],
  );

  if (rules.isError) {
    return <QueryError error={rules.error} onRetry={() => void rules.refetch()} />;
  }
  const shown: Rule[] = rows ?? fromServer;
  const edit = (next: Rule[]) => setRows(next);
  const patch = (rid: number, p: Partial<Rule>) =>
    edit(shown.map((r) => (r.rid === rid ? { ...r, ...p } : r)));
  const offsets = shown.map((r) => r.offsetDays);
  const duplicate = offsets.some((o, i) => offsets.indexOf(o) !== i);

  const columns = [
    {
      title: t('campaigns.reminderWhen'),
      key: 'offset',
      render: (_: unknown, r: Rule) => (
        <Flex gap={8} align="center" wrap>
          <InputNumber<number>
            value={r.offsetDays}
            min={-REMINDER_LIMITS.offsetDaysMax}
            max={REMINDER_LIMITS.offsetDaysMax}
            precision={0}
            onChange={(v) => patch(r.rid, { offsetDays: typeof v === 'number' ? v : 0 })}
            aria-label={t('campaigns.reminderOffset')}
            style={{ width: 90 }}
          />
          <Typography.Text type="secondary">{offsetText(r.offsetDays, t)}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('campaigns.reminderAudience'),
      key: 'audience',
      width: 220,
      render: (_: unknown, r: Rule) => (
        <Select<ReminderAudience>
          value={r.audience}
          onChange={(audience) => patch(r.rid, { audience })}
          options={(['FOCAL', 'HEAD', 'BOTH'] as const).map((a) => ({
            value: a,
            label: t(AUDIENCE_KEYS[a]),
          }))}
          aria-label={`${t('campaigns.reminderAudience')} ${offsetText(r.offsetDays, t)}`}
          style={{ width: '100%' }}
        />
      ),
    },
    {
      title: t('campaigns.reminderActive'),
      key: 'active',
      width: 100,
      render: (_: unknown, r: Rule) => (
        <Switch
          checked={r.isActive}
          onChange={(isActive) => patch(r.rid, { isActive })}
          aria-label={`${t('campaigns.reminderActive')} ${offsetText(r.offsetDays, t)}`}
        />
      ),
    },
    {
      title: <span className="sr-only">{t('common.actions')}</span>,
      key: 'actions',
      width: 56,
      render: (_: unknown, r: Rule) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={`${t('campaigns.delete')} ${offsetText(r.offsetDays, t)}`}
          onClick={() => edit(shown.filter((x) => x.rid !== r.rid))}
        />
      ),
    },
  ];

  return (
    <Card size="small" title={t('campaigns.reminderLadder')}>
      <Typography.Paragraph type="secondary">{t('campaigns.reminderLadderHint')}</Typography.Paragraph>
      <Table<Rule>
        size="small"
        rowKey="rid"
        columns={columns}
        dataSource={shown}
        loading={rules.isPending}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 560 }}
        data-testid="campaign-reminder-rules"
      />
      {duplicate ? (
        <Typography.Paragraph style={{ color: '#c62828', marginTop: 8 }}>
          {t('campaigns.reminderDuplicate')}
        </Typography.Paragraph>
      ) : null}
      <Flex justify="space-between" gap={8} style={{ marginTop: 12 }} wrap>
        <Flex gap={8} wrap>
          <Button
            icon={<PlusOutlined />}
            disabled={shown.length >= REMINDER_LIMITS.rulesMax}
            onClick={() =>
              edit([
                ...shown,
                {
                  rid: nextRid++,
                  milestoneKey: 'SELF_ASSESSMENT',
                  offsetDays: Math.min(...offsets, 0) - 1,
                  audience: 'FOCAL',
                  isActive: true,
                },
              ])
            }
          >
            {t('campaigns.reminderAdd')}
          </Button>
          <Button
            icon={<ReloadOutlined />}
            onClick={() =>
              edit(
                (rules.data?.defaults ?? []).map((r) => ({
                  ...r,
                  milestoneKey: 'SELF_ASSESSMENT' as const,
                  rid: nextRid++,
                })),
              )
            }
          >
            {t('campaigns.reminderDefaults')}
          </Button>
        </Flex>
        <Flex gap={8}>
          {dirty ? <Button onClick={() => setRows(null)}>{t('campaigns.discard')}</Button> : null}
          <Button
            type="primary"
            disabled={!dirty || duplicate}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                {
                  version: rules.data?.version ?? '',
                  rules: shown.map(({ milestoneKey, offsetDays, audience, isActive }) => ({
                    milestoneKey,
                    offsetDays,
                    audience,
                    isActive,
                  })),
                },
                {
                  onSuccess: () => {
                    setRows(null);
                    void message.success(t('campaigns.reminderSaved'));
                  },
                  onError: (e) => void message.error(describeError(e, lang)),
                },
              )
            }
            data-testid="campaign-reminder-save"
          >
            {t('common.save')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

function SendReminderModal({ campaign: c, onClose }: { campaign: CampaignDetail; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const { message, modal } = App.useApp();
  const messageId = useId();
  const send = useSendReminder(c.id);
  const [audience, setAudience] = useState<ReminderAudience>('BOTH');
  const [mode, setMode] = useState<'pending' | 'some'>('pending');
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [text, setText] = useState('');
  const pending = c.participants.filter((p) => p.status !== 'SUBMITTED');
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    setError(null);
    send.mutate(
      {
        audience,
        ...(mode === 'some' ? { unitIds } : {}),
        ...(text.trim() ? { message: text.trim() } : {}),
      },
      {
        onSuccess: (r) => {
          const sent = t('campaigns.reminderSent', { units: r.unitCount, deliveries: r.deliveryCount });
          if (r.noRecipientUnits.length > 0) {
            modal.warning({
              title: sent,
              width: 560,
              content: (
                <div data-testid="campaign-reminder-no-recipient">
                  <Typography.Paragraph style={{ marginBottom: 4 }}>
                    {t('campaigns.reminderNoRecipient', { count: r.noRecipientUnits.length })}
                  </Typography.Paragraph>
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {r.noRecipientUnits.map((u) => (
                      <li key={u.unitId}>
                        {u.unitCode} — {u.unitName}
                      </li>
                    ))}
                  </ul>
                  <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                    {t('campaigns.reminderNoRecipientHint')}
                  </Typography.Paragraph>
                </div>
              ),
            });
          } else {
            void message.success(sent, 6);
          }
          onClose();
        },
        onError: (e) => setError(describeError(e, lang)),
      },
    );
  };

  return (
    <Modal
      open
      title={t('campaigns.sendReminder')}
      okText={t('campaigns.sendReminderOk')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={
        {
          loading: send.isPending,
          disabled: mode === 'some' && unitIds.length === 0,
          'data-testid': 'campaign-send-reminder-ok',
        } as ButtonProps
      }
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Flex vertical gap={12}>
        <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
          <legend style={{ fontSize: 14, marginBottom: 4 }}>{t('campaigns.reminderUnits')}</legend>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value as 'pending' | 'some')}
            options={[
              { value: 'pending', label: t('campaigns.reminderAllPending', { count: pending.length }) },
              { value: 'some', label: t('campaigns.reminderSomeUnits') },
            ]}
          />
        </fieldset>
        {mode === 'some' ? (
          <Select
            mode="multiple"
            value={unitIds}
            onChange={setUnitIds}
            options={pending.map((p) => ({ value: p.unitId, label: `${p.unitCode} — ${p.unitName}` }))}
            optionFilterProp="label"
            aria-label={t('campaigns.reminderUnits')}
            placeholder={t('campaigns.chooseUnits')}
          />
        ) : null}
        <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
          <legend style={{ fontSize: 14, marginBottom: 4 }}>{t('campaigns.reminderAudience')}</legend>
          <Radio.Group
            value={audience}
            onChange={(e) => setAudience(e.target.value as ReminderAudience)}
            options={(['FOCAL', 'HEAD', 'BOTH'] as const).map((a) => ({
              value: a,
              label: t(AUDIENCE_KEYS[a]),
            }))}
          />
        </fieldset>
        <Flex vertical gap={4}>
          <label htmlFor={messageId}>{t('campaigns.reminderMessage')}</label>
          <Input.TextArea
            id={messageId}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={REMINDER_LIMITS.messageMax}
            placeholder={t('campaigns.reminderMessagePlaceholder')}
          />
        </Flex>
      </Flex>
    </Modal>
  );
}

function DeliveriesCard({ campaign: c }: { campaign: CampaignDetail }) {
  const t = useT();
  const lang = useLang();
  const [status, setStatus] = useState<DeliveryStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const deliveries = useReminderDeliveries(c.id, { status, page, pageSize }, true);
  const [sending, setSending] = useState(false);

  const columns = [
    {
      title: t('campaigns.deliveryAt'),
      key: 'at',
      width: 140,
      render: (_: unknown, d: DeliveryView) => formatDateTime(d.createdAt, lang),
    },
    {
      title: t('campaigns.unit'),
      key: 'unit',
      width: 200,
      render: (_: unknown, d: DeliveryView) => (
        <span>
          <strong>{d.unitCode}</strong> — {d.unitName}
        </span>
      ),
    },
    {
      title: t('campaigns.deliveryRecipient'),
      key: 'recipient',
      width: 200,
      render: (_: unknown, d: DeliveryView) => (
        <Flex vertical gap={0}>
          <span>{d.recipientName ?? d.recipient}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.channel === 'EMAIL' ? t('campaigns.channel.EMAIL') : t('campaigns.channel.IN_APP')}
            {d.channel === 'EMAIL' ? ` · ${d.recipient}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('campaigns.deliverySubject'),
      key: 'subject',
      render: (_: unknown, d: DeliveryView) => (
        <Flex vertical gap={0}>
          <span>{d.subject}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.reminderKey.startsWith('manual:')
              ? t('campaigns.deliveryManual')
              : t('campaigns.deliveryAuto')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 170,
      render: (_: unknown, d: DeliveryView) => (
        <Flex vertical gap={2}>
          <StatusTag status={DELIVERY_STYLE[d.status]}>{DELIVERY_STATUS_LABELS[d.status][lang]}</StatusTag>
          {d.deliveredAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(d.deliveredAt, lang)}
            </Typography.Text>
          ) : null}
          {d.status === 'FAILED' && d.lastError ? (
            <Typography.Text style={{ fontSize: 12, color: '#c62828' }}>
              {t('campaigns.deliveryAttempts', { count: d.attempts })}: {d.lastError}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('campaigns.deliveryLog')}
      extra={
        <Flex gap={8} align="center">
          <Select<DeliveryStatus | 'ALL'>
            value={status ?? 'ALL'}
            onChange={(v) => {
              setStatus(v === 'ALL' ? undefined : v);
              setPage(1);
            }}
            options={[
              { value: 'ALL', label: t('campaigns.deliveryAll') },
              ...(['PENDING', 'SENT', 'FAILED'] as const).map((s) => ({
                value: s,
                label: DELIVERY_STATUS_LABELS[s][lang],
              })),
            ]}
            aria-label={t('common.status')}
            style={{ width: 160 }}
          />
          {c.phase === 'SELF_ASSESSMENT' ? (
            <Button
              type="primary"
              icon={<NotificationOutlined />}
              onClick={() => setSending(true)}
              data-testid="campaign-send-reminder"
            >
              {t('campaigns.sendReminder')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      {deliveries.isError ? (
        <QueryError error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : null}
      <Table<DeliveryView>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={deliveries.data?.items ?? []}
        loading={deliveries.isFetching}
        tableLayout="fixed"
        scroll={{ x: 860 }}
        locale={{ emptyText: t('campaigns.deliveryEmpty') }}
        pagination={{
          current: page,
          pageSize,
          total: deliveries.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: setPage,
          showTotal: (total) => t('common.total', { count: total }),
        }}
        data-testid="campaign-deliveries"
      />
      {sending ? <SendReminderModal campaign={c} onClose={() => setSending(false)} /> : null}
    </Card>
  );
}

/** "Nhắc việc": the automatic reminder ladder, the delivery log and a manual "send now". */
export function RemindersTab({ campaign }: { campaign: CampaignDetail }) {
  return (
    <Flex vertical gap={16}>
      <RulesCard campaign={campaign} />
      <DeliveriesCard campaign={campaign} />
    </Flex>
  );
}
