import type { CampaignDetail } from '@cchc/domain/api/campaigns';
import type { UnitView } from '@cchc/domain/api/organisation';
import { isSetupEditable } from '@cchc/domain/workflow/campaign.machine';
import { SCORECARD_STATUS_LABELS, type ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import { Alert, App, Button, Card, ConfigProvider, Flex, Input, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { StatusTag } from '../../../components/ui/status-tag';
import { useLang, useT } from '../../../lib/i18n';
import { useUnitGroups, useUnits } from '../../../lib/organisation';
import { useUnsavedWork } from '../../../lib/session-recovery';
import { useSaveParticipants } from '../api';
import { useCampaignWriteError } from './shared';

type Participant = CampaignDetail['participants'][number];

const STATUS_STYLE: Record<ScorecardStatus, 'active' | 'inactive' | 'warning'> = {
  DRAFT: 'inactive',
  SUBMITTED: 'active',
  RETURNED: 'warning',
  IN_REVIEW: 'warning',
  EXPLANATION: 'warning',
  RE_REVIEW: 'warning',
  REVIEWED: 'active',
  COUNCIL_APPROVED: 'active',
};

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return a.length === b.length && b.every((x) => s.has(x));
}

/**
 * "Đơn vị tham gia": before self-assessment opens the Office ticks the units (all of them by
 * default); afterwards the list is read-only and shows each unit's scorecard status.
 */
export function ParticipantsTab({ campaign: c }: { campaign: CampaignDetail }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const editable = c.allowedActions.includes('campaign.manage') && isSetupEditable(c.phase);
  const units = useUnits({}, { enabled: editable });
  const unitGroups = useUnitGroups();
  const current = useMemo(() => c.participants.map((p) => p.unitId), [c.participants]);
  const [selected, setSelected] = useState<string[]>(current);
  const [q, setQ] = useState('');
  const save = useSaveParticipants(c.id);
  const onError = useCampaignWriteError(c.id);
  const dirty = !sameSet(selected, current);
  useUnsavedWork(editable && dirty);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the server's list changes
  useEffect(() => {
    if (!dirty) {
      setSelected(current);
    }
  }, [current]);

  if (!editable) {
    const columns = [
      {
        title: t('campaigns.unit'),
        key: 'unit',
        render: (_: unknown, p: Participant) =>
          c.allowedActions.includes('campaign.monitor') ? (
            <Link to={`/scorecards/${p.scorecardId}`}>
              <strong>{p.unitCode}</strong> — {p.unitName}
            </Link>
          ) : (
            <span>
              <strong>{p.unitCode}</strong> — {p.unitName}
            </span>
          ),
      },
      {
        title: t('campaigns.group'),
        key: 'group',
        width: 200,
        render: (_: unknown, p: Participant) =>
          unitGroups.data?.find((g) => g.code === p.groupCode)?.name ?? p.groupCode,
      },
      {
        title: t('common.status'),
        key: 'status',
        width: 150,
        render: (_: unknown, p: Participant) => (
          <StatusTag status={STATUS_STYLE[p.status]}>{SCORECARD_STATUS_LABELS[p.status][lang]}</StatusTag>
        ),
      },
    ];
    return (
      <Card size="small" title={t('campaigns.participantsCount', { count: c.participants.length })}>
        {c.allowedActions.includes('campaign.manage') ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('campaigns.participantsLocked')}
          />
        ) : null}
        <Table<Participant>
          size="small"
          rowKey="unitId"
          columns={columns}
          dataSource={c.participants}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
        />
      </Card>
    );
  }

  const needle = q.trim().toLowerCase();
  const candidates = (units.data ?? [])
    .filter((u) => u.isActive && u.groupId)
    .sort(
      (a, b) => (a.groupName ?? '').localeCompare(b.groupName ?? '', 'vi') || a.code.localeCompare(b.code),
    )
    .filter((u) => !needle || `${u.code} ${u.name}`.toLowerCase().includes(needle));
  const columns = [
    { title: t('campaigns.unitCode'), dataIndex: 'code', key: 'code', width: 120 },
    { title: t('campaigns.unitName'), dataIndex: 'name', key: 'name' },
    { title: t('campaigns.group'), dataIndex: 'groupName', key: 'group', width: 220 },
  ];

  return (
    <Card
      size="small"
      title={t('campaigns.participantsChosen', { count: selected.length, total: candidates.length })}
      extra={
        <Input.Search
          allowClear
          placeholder={t('campaigns.searchUnit')}
          aria-label={t('campaigns.searchUnit')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 240 }}
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('campaigns.participantsHint')}</Typography.Paragraph>
      {/* Ticked rows are the normal case here: a light tint, not the theme's strong selection grey. */}
      <ConfigProvider
        theme={{ components: { Table: { rowSelectedBg: '#f2f7fd', rowSelectedHoverBg: '#e6eff9' } } }}
      >
        <Table<UnitView>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={candidates}
          loading={units.isFetching}
          pagination={false}
          scroll={{ y: 420 }}
          rowSelection={{
            selectedRowKeys: selected,
            preserveSelectedRowKeys: true,
            onChange: (keys) => setSelected(keys.map(String)),
            getCheckboxProps: (u) => ({ 'aria-label': `${u.code} — ${u.name}` }) as object,
          }}
          data-testid="campaign-participants"
        />
      </ConfigProvider>
      <Flex gap={8} justify="flex-end" style={{ marginTop: 12 }}>
        {dirty ? (
          <Button onClick={() => setSelected(current)} disabled={save.isPending}>
            {t('campaigns.discard')}
          </Button>
        ) : null}
        <Button
          type="primary"
          disabled={!dirty || selected.length === 0}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              { rowVersion: c.rowVersion, unitIds: selected },
              { onSuccess: () => void message.success(t('campaigns.participantsSaved')), onError },
            )
          }
          data-testid="campaign-participants-save"
        >
          {t('common.save')}
        </Button>
      </Flex>
    </Card>
  );
}
