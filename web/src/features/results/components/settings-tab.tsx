import type { ResultsSettingsInput, ResultsSettingsView } from '@cchc/domain/api/results';
import { TASK_RATINGS, type TaskRating } from '@cchc/domain/results/results';
import { Alert, App, Button, Card, Empty, Flex, Select, Skeleton, Table, Typography } from 'antd';
import { useId, useMemo, useState } from 'react';
import { QueryError } from '../../../components/ui/query-error';
import { describeError, isApiError } from '../../../lib/api-client';
import { useLang } from '../../../lib/i18n';
import { useResultsSettings, useSaveResultsSettings } from '../api';
import { useResultsT } from '../messages';
import { defaultPreviousCode, ratingLabel } from '../model';
import { CriterionMappingTable } from './criterion-mapping';

/** "Thiết lập": the task-completion rating per band, the previous campaign and the criterion mapping. */
export function SettingsTab({ campaignId }: { campaignId: string }) {
  const settings = useResultsSettings(campaignId);
  if (settings.isPending) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (settings.isError) {
    return <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  }
  return (
    <SettingsForm
      key={`${settings.data.rowVersion}-${settings.dataUpdatedAt}`}
      campaignId={campaignId}
      view={settings.data}
      reload={() => void settings.refetch()}
    />
  );
}

const UNCLASSIFIED = '\u0000unclassified';

function SettingsForm({
  campaignId,
  view,
  reload,
}: {
  campaignId: string;
  view: ResultsSettingsView;
  reload: () => void;
}) {
  const t = useResultsT();
  const lang = useLang();
  const { message } = App.useApp();
  const previousId = useId();
  const save = useSaveResultsSettings(campaignId);
  const [ratings, setRatings] = useState<Record<string, TaskRating>>(() => ({
    ...Object.fromEntries(view.ratingMap.bands.map((b) => [b.band, b.rating])),
    [UNCLASSIFIED]: view.ratingMap.unclassified,
  }));
  const [previous, setPrevious] = useState<string | null>(view.previousCampaignId);
  const [mapping, setMapping] = useState<Record<string, string | null>>(() =>
    Object.fromEntries(view.criterionMapping.map((m) => [m.code, m.previousCode])),
  );
  const [error, setError] = useState<string | null>(null);
  const previousCodes = useMemo(() => new Set(view.previousCodes.map((c) => c.code)), [view.previousCodes]);
  const previousChanged = previous !== view.previousCampaignId;
  const editable = view.editable;

  const ratingOptions = TASK_RATINGS.map((r) => ({ value: r, label: ratingLabel(r, lang) }));
  const ratingRows = [
    ...view.ratingMap.bands.map((b) => ({ key: b.band, label: b.band })),
    { key: UNCLASSIFIED, label: t('settings.unclassified') },
  ];

  const submit = () => {
    setError(null);
    const input: ResultsSettingsInput = {
      rowVersion: view.rowVersion,
      ratingMap: {
        bands: view.ratingMap.bands.map((b) => ({ band: b.band, rating: ratings[b.band] ?? b.rating })),
        unclassified: ratings[UNCLASSIFIED] ?? view.ratingMap.unclassified,
      },
      previousCampaignId: previous,
      // A new previous campaign starts from the default mapping (its codes are loaded after saving).
      criterionMapping:
        previousChanged || previous === null
          ? []
          : view.criterionMapping
              .filter((m) => (mapping[m.code] ?? null) !== defaultPreviousCode(m.code, previousCodes))
              .map((m) => ({ code: m.code, previousCode: mapping[m.code] ?? null })),
    };
    save.mutate(input, {
      onSuccess: () => void message.success(t('settings.saved')),
      onError: (e) => {
        if (isApiError(e) && e.code === 'EDIT_CONFLICT') {
          void message.warning(t('settings.conflict'), 8);
          reload();
          return;
        }
        const fields = isApiError(e) ? Object.values(e.fields) : [];
        setError([describeError(e, lang), ...fields].join(' '));
      },
    });
  };

  return (
    <Flex vertical gap={16} data-testid="results-settings">
      {editable ? (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('settings.intro')}
        </Typography.Paragraph>
      ) : (
        <Alert type="info" showIcon title={t('settings.readOnly')} data-testid="settings-read-only" />
      )}
      {error ? <Alert type="error" showIcon title={error} data-testid="settings-error" /> : null}

      <Card size="small" title={<CardTitle>{t('settings.ratingTitle')}</CardTitle>}>
        <Typography.Paragraph type="secondary">{t('settings.ratingHint')}</Typography.Paragraph>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={ratingRows}
          style={{ maxWidth: 640 }}
          columns={[
            { title: t('col.band'), key: 'band', render: (_, r) => <strong>{r.label}</strong> },
            {
              title: t('col.rating'),
              key: 'rating',
              render: (_, r) =>
                editable ? (
                  <Select<TaskRating>
                    aria-label={t('settings.ratingFor', { band: r.label })}
                    value={ratings[r.key]}
                    onChange={(v) => setRatings((old) => ({ ...old, [r.key]: v }))}
                    options={ratingOptions}
                    style={{ width: 280 }}
                    data-testid={`settings-rating-${r.key === UNCLASSIFIED ? 'unclassified' : r.label}`}
                  />
                ) : (
                  <span>{ratingLabel(ratings[r.key] ?? 'COMPLETED', lang)}</span>
                ),
            },
          ]}
        />
      </Card>

      <Card size="small" title={<CardTitle>{t('settings.previousTitle')}</CardTitle>}>
        {editable ? (
          <Flex gap={8} align="center" wrap>
            <label htmlFor={previousId}>{t('settings.previous')}</label>
            <Select<string>
              id={previousId}
              value={previous ?? ''}
              onChange={(v) => setPrevious(v === '' ? null : v)}
              style={{ width: 420 }}
              options={[
                { value: '', label: t('settings.previousNone') },
                ...view.previousCandidates.map((c) => ({ value: c.id, label: `${c.name} (${c.code})` })),
              ]}
              data-testid="settings-previous"
            />
          </Flex>
        ) : (
          <Typography.Text data-testid="settings-previous">
            {t('settings.previous')}:{' '}
            <strong>
              {view.previousCandidates.find((c) => c.id === previous)?.name ?? t('settings.previousNone')}
            </strong>
          </Typography.Text>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {view.previousCandidates.length === 0 && editable
            ? t('settings.noCandidates')
            : t('settings.previousHint')}
        </Typography.Paragraph>
      </Card>

      <Card size="small" title={<CardTitle>{t('settings.mappingTitle')}</CardTitle>}>
        {previous === null ? (
          <Empty description={t('settings.mappingNoPrevious')} />
        ) : previousChanged ? (
          <Alert type="info" showIcon title={t('settings.mappingAfterSave')} />
        ) : (
          <CriterionMappingTable
            view={view}
            mapping={mapping}
            previousCodes={previousCodes}
            editable={editable}
            onChange={(code, value) => setMapping((old) => ({ ...old, [code]: value }))}
          />
        )}
      </Card>

      {editable ? (
        <Flex>
          <Button type="primary" onClick={submit} loading={save.isPending} data-testid="settings-save">
            {t('settings.save')}
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}

function CardTitle({ children }: { children: string }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
      {children}
    </Typography.Title>
  );
}
