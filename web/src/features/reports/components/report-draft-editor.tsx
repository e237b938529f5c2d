import { RollbackOutlined, SaveOutlined } from '@ant-design/icons';
import {
  REPORT_SECTION_LABELS,
  REPORT_SECTIONS,
  REPORTS_LIMITS,
  type ReportDraftView,
  type ReportSection,
} from '@cchc/domain/api/reports';
import { Alert, App, Button, Flex, Input, Skeleton, Tag, Typography } from 'antd';
import { useId, useState } from 'react';
import { QueryError } from '../../../components/ui/query-error';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { type Lang, pickLabel, useLang } from '../../../lib/i18n';
import { useReportDraft, useSaveReportDraft } from '../api';
import { type ReportsT, useReportsT } from '../messages';
import { useLeaveGuard } from '../use-leave-guard';
import { useScrollIntoViewWhen } from '../use-scroll-into-view';

type Sections = Record<ReportSection, string>;

const COUNT_FORMAT: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-GB'),
};

/** The server normalises on save (NFC, LF, trimmed): compare the same way so a save leaves nothing "dirty". */
const norm = (s: string) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim();

function sectionsOf(view: ReportDraftView, key: 'sections' | 'defaults'): Sections {
  return Object.fromEntries(REPORT_SECTIONS.map((s) => [s, view[key][s] ?? ''])) as Sections;
}

export function savedLine(
  t: ReportsT,
  lang: Lang,
  at: string | null,
  name: string | null,
  keys: {
    withName: 'draft.lastSaved' | 'settings.lastSaved';
    noName: 'draft.lastSavedNoName' | 'settings.lastSavedNoName';
  },
): string | null {
  if (!at) {
    return null;
  }
  return name
    ? t(keys.withName, { at: formatDateTime(at, lang), name })
    : t(keys.noName, { at: formatDateTime(at, lang) });
}

/** "Nội dung báo cáo tổng hợp": loads the campaign's draft, then edits it. */
export function ReportDraftSection({ campaignId }: { campaignId: string }) {
  const draft = useReportDraft(campaignId);
  if (draft.isPending) {
    return <Skeleton active paragraph={{ rows: 6 }} />;
  }
  if (draft.isError) {
    return <QueryError error={draft.error} onRetry={() => void draft.refetch()} />;
  }
  return (
    <ReportDraftEditor
      campaignId={campaignId}
      latest={draft.data}
      refetch={async () => (await draft.refetch()).data}
    />
  );
}

/**
 * One TextArea per section (REPORT_SECTIONS), each with "Khôi phục mặc định"; one "Lưu" sends
 * every section with the rowVersion the edits started from. A stale save (409 EDIT_CONFLICT) keeps
 * the text on screen and offers to load the saved version or to save over it.
 */
function ReportDraftEditor({
  campaignId,
  latest,
  refetch,
}: {
  campaignId: string;
  latest: ReportDraftView;
  refetch: () => Promise<ReportDraftView | undefined>;
}) {
  const t = useReportsT();
  const lang = useLang();
  const { message } = App.useApp();
  const idBase = useId();
  const save = useSaveReportDraft(campaignId);
  /** The saved version the edits started from (its rowVersion goes with the save). */
  const [base, setBase] = useState<ReportDraftView>(latest);
  const [texts, setTexts] = useState<Sections>(() => sectionsOf(latest, 'sections'));
  const [conflict, setConflict] = useState<ReportDraftView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const saved = sectionsOf(base, 'sections');
  const defaults = sectionsOf(base, 'defaults');
  const dirty = REPORT_SECTIONS.some((s) => norm(texts[s]) !== norm(saved[s]));
  const canEdit = base.canEdit;
  const tooLong = REPORT_SECTIONS.some((s) => texts[s].length > REPORTS_LIMITS.sectionMax);
  useLeaveGuard(canEdit && dirty);
  const conflictRef = useScrollIntoViewWhen<HTMLDivElement>(conflict);
  const errorRef = useScrollIntoViewWhen<HTMLDivElement>(error);

  const load = (view: ReportDraftView) => {
    setBase(view);
    setTexts(sectionsOf(view, 'sections'));
    setConflict(null);
    setError(null);
  };

  const submit = (rowVersion: number) => {
    setError(null);
    save.mutate(
      { rowVersion, sections: texts },
      {
        onSuccess: (view) => {
          load(view);
          void message.success(t('draft.saved'));
        },
        onError: async (e) => {
          if (isApiError(e) && e.code === 'EDIT_CONFLICT') {
            const fresh = await refetch();
            setConflict(fresh ?? latest);
            return;
          }
          const fields = isApiError(e) ? Object.values(e.fields) : [];
          setError([describeError(e, lang), ...fields].join(' '));
        },
      },
    );
  };

  const last = savedLine(t, lang, base.updatedAt, base.updatedByName, {
    withName: 'draft.lastSaved',
    noName: 'draft.lastSavedNoName',
  });

  return (
    <Flex vertical gap={16} data-testid="report-draft">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('draft.intro')}
      </Typography.Paragraph>
      {canEdit ? null : (
        <Alert type="info" showIcon title={t('draft.readOnly')} data-testid="report-draft-read-only" />
      )}
      {conflict ? (
        <div ref={conflictRef}>
          <Alert
            type="warning"
            showIcon
            data-testid="report-draft-conflict"
            title={
              conflict.updatedAt && conflict.updatedByName
                ? t('conflict.titleBy', {
                    name: conflict.updatedByName,
                    at: formatDateTime(conflict.updatedAt, lang),
                  })
                : t('conflict.title')
            }
            description={
              <Flex vertical gap={8}>
                <span>{t('conflict.body')}</span>
                <Flex gap={8} wrap>
                  <Button onClick={() => load(conflict)} data-testid="report-draft-conflict-reload">
                    {t('conflict.reload')}
                  </Button>
                  <Button
                    danger
                    loading={save.isPending}
                    onClick={() => submit(conflict.rowVersion)}
                    data-testid="report-draft-conflict-overwrite"
                  >
                    {t('conflict.overwrite')}
                  </Button>
                </Flex>
              </Flex>
            }
          />
        </div>
      ) : null}
      {error ? (
        <div ref={errorRef}>
          <Alert type="error" showIcon title={error} data-testid="report-draft-error" />
        </div>
      ) : null}

      {REPORT_SECTIONS.map((section, index) => {
        const id = `${idBase}-${section}`;
        const isDefault = norm(texts[section]) === norm(defaults[section]);
        const label = pickLabel(REPORT_SECTION_LABELS[section], lang);
        return (
          <div key={section} data-testid={`report-draft-section-${section}`} style={{ marginBottom: 12 }}>
            <Flex align="center" justify="space-between" gap={8} wrap style={{ marginBottom: 6 }}>
              <Flex align="center" gap={8} wrap>
                <label htmlFor={id} style={{ fontWeight: 600, fontSize: 15 }}>
                  {index + 1}. {label}
                </label>
                <Tag
                  style={
                    isDefault
                      ? { color: '#3a3a3a', background: '#eeeeee', borderColor: '#cfcfcf' }
                      : { color: '#0b3a6e', background: '#e6eef8', borderColor: '#9db6d6' }
                  }
                >
                  {isDefault ? t('draft.isDefault') : t('draft.changed')}
                </Tag>
              </Flex>
              {canEdit ? (
                <Button
                  size="small"
                  icon={<RollbackOutlined aria-hidden />}
                  disabled={isDefault || save.isPending}
                  onClick={() => setTexts((old) => ({ ...old, [section]: defaults[section] }))}
                  aria-label={t('draft.restoreAria', { section: label })}
                  data-testid={`report-draft-restore-${section}`}
                >
                  {t('draft.restore')}
                </Button>
              ) : null}
            </Flex>
            <Input.TextArea
              id={id}
              value={texts[section]}
              onChange={(e) => setTexts((old) => ({ ...old, [section]: e.target.value }))}
              readOnly={!canEdit}
              disabled={save.isPending}
              autoSize={{ minRows: 3, maxRows: 14 }}
              showCount={
                canEdit && {
                  formatter: ({ count, maxLength }) =>
                    `${COUNT_FORMAT[lang].format(count)} / ${COUNT_FORMAT[lang].format(maxLength ?? REPORTS_LIMITS.sectionMax)}`,
                }
              }
              maxLength={REPORTS_LIMITS.sectionMax}
              data-testid={`report-draft-${section}`}
            />
          </div>
        );
      })}

      <Flex align="center" gap={12} wrap>
        <Button
          type="primary"
          icon={<SaveOutlined aria-hidden />}
          loading={save.isPending}
          disabled={!canEdit || tooLong || conflict !== null}
          onClick={() => submit(base.rowVersion)}
          data-testid="report-draft-save"
        >
          {t('draft.save')}
        </Button>
        {dirty && canEdit ? (
          <Button onClick={() => load(base)} disabled={save.isPending} data-testid="report-draft-discard">
            {t('draft.discard')}
          </Button>
        ) : null}
        {dirty && canEdit ? (
          <Typography.Text strong style={{ color: '#7a3e00' }} data-testid="report-draft-unsaved">
            {t('draft.unsaved')}
          </Typography.Text>
        ) : null}
        <Typography.Text type="secondary" data-testid="report-draft-last-saved">
          {last ?? t('draft.neverSaved')}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
