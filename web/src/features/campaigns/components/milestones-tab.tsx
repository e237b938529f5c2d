import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CAMPAIGN_LIMITS, type CampaignDetail } from '@cchc/domain/api/campaigns';
import { CODE_PATTERN } from '@cchc/domain/validation';
import { App, Button, Card, DatePicker, Flex, Input, Table } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { StatusTag } from '../../../components/ui/status-tag';
import { formatDate } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useUnsavedWork } from '../../../lib/session-recovery';
import { useSaveMilestones } from '../api';
import { daysLeft, useCampaignWriteError } from './shared';

interface Row {
  /** Stable React key. */
  rid: number;
  key: string;
  label: string;
  dueDate: string | null;
  /** The self-assessment deadline: the product acts on it, so it can be moved but not removed. */
  locked: boolean;
}

const PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;

let nextRid = 1;
const toRows = (c: CampaignDetail): Row[] =>
  c.milestones.map((m) => ({
    rid: nextRid++,
    key: m.key,
    label: m.label,
    dueDate: m.dueDate,
    locked: m.key === 'SELF_ASSESSMENT',
  }));

/**
 * The key of a milestone the Office adds: generated (MOC_1, MOC_2 …), never typed. Keys are an
 * internal identifier (reminders act on SELF_ASSESSMENT), so the table shows only the label.
 */
function newKey(rows: readonly Row[]): string {
  const taken = new Set(rows.map((r) => r.key));
  let n = 1;
  while (taken.has(`MOC_${n}`)) {
    n++;
  }
  return `MOC_${n}`;
}

function sameRows(a: Row[], c: CampaignDetail): boolean {
  return (
    a.length === c.milestones.length &&
    a.every((r, i) => {
      const m = c.milestones[i];
      return m && m.key === r.key && m.label === r.label && m.dueDate === r.dueDate;
    })
  );
}

/** "Mốc thời gian": the campaign calendar; SELF_ASSESSMENT is the deadline units work to. */
export function MilestonesTab({ campaign: c }: { campaign: CampaignDetail }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const canEdit = c.allowedActions.includes('campaign.manage') && c.phase !== 'CLOSED';
  const [rows, setRows] = useState<Row[]>(() => toRows(c));
  const save = useSaveMilestones(c.id);
  const onError = useCampaignWriteError(c.id);
  const dirty = !sameRows(rows, c);
  useUnsavedWork(dirty);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the server's calendar changes
  useEffect(() => {
    if (!dirty) {
      setRows(toRows(c));
    }
  }, [c.milestones]);

  const problems = useMemo(() => {
    const out: string[] = [];
    const keys = rows.map((r) => r.key.trim());
    rows.forEach((r, i) => {
      if (!CODE_PATTERN.test(r.key.trim())) {
        out.push(t('campaigns.milestoneKeyInvalid', { row: i + 1 }));
      } else if (keys.indexOf(r.key.trim()) !== i) {
        out.push(t('campaigns.milestoneKeyDuplicate', { key: r.key }));
      }
      if (!r.label.trim()) {
        out.push(t('campaigns.milestoneLabelRequired', { row: i + 1 }));
      }
      if (!r.dueDate) {
        out.push(t('campaigns.milestoneDateRequired', { row: i + 1 }));
      }
    });
    if (!keys.includes('SELF_ASSESSMENT')) {
      out.push(t('campaigns.milestoneSelfRequired'));
    }
    return out;
  }, [rows, t]);

  const patch = (rid: number, p: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.rid === rid ? { ...r, ...p } : r)));

  const onSave = () =>
    save.mutate(
      {
        rowVersion: c.rowVersion,
        milestones: rows.map((r) => ({ key: r.key.trim(), label: r.label.trim(), dueDate: r.dueDate ?? '' })),
      },
      {
        onSuccess: (saved) => {
          setRows(toRows(saved));
          void message.success(t('campaigns.milestonesSaved'));
        },
        onError,
      },
    );

  const columns = [
    {
      title: t('campaigns.milestoneLabel'),
      key: 'label',
      render: (_: unknown, r: Row) =>
        canEdit ? (
          <Input
            value={r.label}
            onChange={(e) => patch(r.rid, { label: e.target.value })}
            aria-label={`${t('campaigns.milestoneLabel')} ${r.key}`}
          />
        ) : (
          r.label
        ),
    },
    {
      title: t('campaigns.milestoneDate'),
      key: 'date',
      width: 170,
      render: (_: unknown, r: Row) =>
        canEdit ? (
          <DatePicker
            value={r.dueDate ? dayjs(r.dueDate) : null}
            format={PICKER_FORMAT[lang]}
            onChange={(d) => patch(r.rid, { dueDate: d ? d.format('YYYY-MM-DD') : null })}
            aria-label={`${t('campaigns.milestoneDate')} ${r.label || r.key}`}
            allowClear={false}
            data-testid={`milestone-date-${r.key}`}
          />
        ) : (
          formatDate(r.dueDate, lang)
        ),
    },
    {
      title: t('campaigns.milestoneState'),
      key: 'state',
      width: 150,
      render: (_: unknown, r: Row) => {
        if (!r.dueDate) {
          return null;
        }
        const d = daysLeft(r.dueDate);
        return d < 0 ? (
          <StatusTag status="inactive">{t('campaigns.milestonePast')}</StatusTag>
        ) : (
          <StatusTag status={d <= 3 ? 'warning' : 'active'}>
            {d === 0 ? t('campaigns.dueToday') : t('campaigns.daysLeft', { count: d })}
          </StatusTag>
        );
      },
    },
    ...(canEdit
      ? [
          {
            title: <span className="sr-only">{t('common.actions')}</span>,
            key: 'actions',
            width: 56,
            render: (_: unknown, r: Row) => (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`${t('campaigns.delete')} ${r.label || r.key}`}
                disabled={r.locked}
                onClick={() => setRows((rs) => rs.filter((x) => x.rid !== r.rid))}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Card size="small" title={t('campaigns.tab.milestones')}>
      <Table<Row>
        size="small"
        rowKey="rid"
        columns={columns}
        dataSource={rows}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 640 }}
        data-testid="campaign-milestones"
      />
      {canEdit ? (
        <>
          {dirty && problems.length > 0 ? (
            <ul style={{ color: '#c62828', margin: '12px 0 0', paddingInlineStart: 20 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          <Flex justify="space-between" gap={8} style={{ marginTop: 12 }} wrap>
            <Button
              icon={<PlusOutlined />}
              disabled={rows.length >= CAMPAIGN_LIMITS.milestonesMax}
              onClick={() =>
                setRows((rs) => [
                  ...rs,
                  { rid: nextRid++, key: newKey(rs), label: '', dueDate: null, locked: false },
                ])
              }
            >
              {t('campaigns.milestoneAdd')}
            </Button>
            <Flex gap={8}>
              {dirty ? (
                <Button onClick={() => setRows(toRows(c))} disabled={save.isPending}>
                  {t('campaigns.discard')}
                </Button>
              ) : null}
              <Button
                type="primary"
                disabled={!dirty || problems.length > 0}
                loading={save.isPending}
                onClick={onSave}
                data-testid="campaign-milestones-save"
              >
                {t('common.save')}
              </Button>
            </Flex>
          </Flex>
        </>
      ) : null}
    </Card>
  );
}
