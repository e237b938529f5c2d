import {
  ArrowLeftOutlined,
  ArrowRightOutlined,
  CheckOutlined,
  ExclamationCircleOutlined,
  HistoryOutlined,
  LoadingOutlined,
} from '@ant-design/icons';
import { type AnswerView, type EvidenceView, SCORECARD_LIMITS } from '@cchc/domain/api/scorecards';
import type { MethodType } from '@cchc/domain/index-set/format';
import { METHOD_LABELS } from '@cchc/domain/scoring/methods';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Divider,
  Flex,
  Form,
  Input,
  Tag,
  Typography,
} from 'antd';
import { useId } from 'react';
import { formatDateTime, formatPoints } from '../../../lib/format';
import { type MessageKey, useLang, useT } from '../../../lib/i18n';
import { type Draft, draftOf, evidenceExpected, type LeafEntry, scoreDraft } from '../model';
import type { Autosave, LeafSave } from '../use-autosave';
import { AnswerInput, answerRows } from './answer-input';
import { EvidenceSection } from './evidence-section';

const labelStyle = { fontSize: 13, color: 'rgba(0,0,0,0.75)' } as const;

/** English names of the methods (the domain's METHOD_LABELS are Vietnamese). */
const METHOD_KEYS: Record<MethodType, MessageKey> = {
  BOOLEAN: 'sa.method.BOOLEAN',
  LEVEL_SELECT: 'sa.method.LEVEL_SELECT',
  DEADLINE: 'sa.method.DEADLINE',
  TIERED_PERCENT: 'sa.method.TIERED_PERCENT',
  PROPORTIONAL: 'sa.method.PROPORTIONAL',
  TARGET_ACTUAL: 'sa.method.TARGET_ACTUAL',
  COUNT_CAPPED: 'sa.method.COUNT_CAPPED',
  COUNT_COMPLIANCE: 'sa.method.COUNT_COMPLIANCE',
  DEDUCTION: 'sa.method.DEDUCTION',
  MANUAL: 'sa.method.MANUAL',
  SURVEY: 'sa.method.SURVEY',
};
const tagStyle = {
  method: { color: '#1d4e89', background: '#eaf1fa', borderColor: '#b6cde8' },
  bonus: { color: '#1b5e20', background: '#e8f5e9', borderColor: '#a5d6a7' },
  penalty: { color: '#8a1c1c', background: '#fdecea', borderColor: '#f3b7b1' },
  required: { color: '#7a3e00', background: '#fff3e0', borderColor: '#ffcc80' },
} as const;

/** An engine message ('phần trăm phải …') as a sentence: first letter capitalised. */
function capitalise(text: string): string {
  return text ? text.charAt(0).toLocaleUpperCase('vi') + text.slice(1) : text;
}

/** The answer as plain text with normal contrast (read-only view). */
function ReadOnlyAnswer({ entry, d }: { entry: LeafEntry; d: Draft }) {
  const t = useT();
  const lang = useLang();
  const items: { key: string; label: string; children: React.ReactNode }[] = d.naClaimed
    ? [
        { key: 'na', label: t('sa.answer'), children: t('sa.na') },
        { key: 'naReason', label: t('sa.naReasonShort'), children: d.naReason || '–' },
      ]
    : answerRows(entry.leaf, d.value, t, lang).map(([label, value], i) => ({
        key: String(i),
        label,
        children: <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span>,
      }));
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={items}
      data-testid="sa-answer-readonly"
      styles={{ label: { width: '45%', color: 'rgba(0,0,0,0.75)' }, content: { color: 'rgba(0,0,0,0.88)' } }}
    />
  );
}

function SectionTitle({ children }: { children: React.ReactNode }) {
  return (
    <Typography.Title level={3} style={{ fontSize: 15, margin: '0 0 8px' }}>
      {children}
    </Typography.Title>
  );
}

/** What the other person saved, in words (for the conflict dialog). */
function describeAnswer(a: AnswerView | null, none: string, na: string): string {
  if (!a) {
    return none;
  }
  if (a.naClaimed) {
    return `${na}: ${a.naReason}`;
  }
  return a.explanation;
}

function ConflictBox({
  save,
  draft,
  entry,
  onResolve,
}: {
  save: LeafSave;
  draft: Draft | undefined;
  entry: LeafEntry;
  onResolve: (choice: 'theirs' | 'mine') => void;
}) {
  const t = useT();
  const lang = useLang();
  const current = save.conflict?.current ?? null;
  const mine = draft ? scoreDraft(entry, draft) : null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="sa-conflict"
      title={
        current?.updatedByName
          ? t('sa.conflictBy', {
              name: current.updatedByName,
              at: formatDateTime(current.updatedAt, lang),
            })
          : t('sa.conflictTitle')
      }
      description={
        <Flex vertical gap={6}>
          <div>
            <strong>{t('sa.conflictTheirs')}:</strong>{' '}
            <span lang="vi">{describeAnswer(current, t('sa.conflictNone'), t('sa.na'))}</span>
          </div>
          <div>
            <strong>{t('sa.conflictMine')}:</strong>{' '}
            <span lang="vi">
              {draft?.naClaimed
                ? `${t('sa.na')}: ${draft.naReason}`
                : mine?.ok
                  ? mine.explanation
                  : t('common.none')}
            </span>
          </div>
          <Flex gap={8} wrap>
            <Button onClick={() => onResolve('theirs')} data-testid="sa-conflict-theirs">
              {t('sa.conflictKeepTheirs')}
            </Button>
            <Button type="primary" onClick={() => onResolve('mine')} data-testid="sa-conflict-mine">
              {t('sa.conflictOverwrite')}
            </Button>
          </Flex>
        </Flex>
      }
    />
  );
}

/** The save state of the shown leaf, next to its points. */
function LeafSaveState({
  save,
  saved,
  onRetry,
  errorShown,
}: {
  save: LeafSave | undefined;
  saved: AnswerView | undefined;
  onRetry: () => void;
  /** The engine's error is already shown above: do not repeat it. */
  errorShown: boolean;
}) {
  const t = useT();
  const lang = useLang();
  if (!save) {
    return saved?.updatedAt && !saved.isCarriedDraft ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="sa-leaf-saved">
        <CheckOutlined aria-hidden />{' '}
        {t('sa.leafSavedBy', { name: saved.updatedByName ?? '', at: formatDateTime(saved.updatedAt, lang) })}
      </Typography.Text>
    ) : null;
  }
  switch (save.status) {
    case 'pending':
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sa.leafPending')}
        </Typography.Text>
      );
    case 'saving':
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <LoadingOutlined aria-hidden /> {t('sa.saving')}
        </Typography.Text>
      );
    case 'invalid':
      return (
        <Typography.Text style={{ fontSize: 12, color: '#7a3e00' }} data-testid="sa-leaf-invalid">
          <ExclamationCircleOutlined aria-hidden />{' '}
          {errorShown ? t('sa.notSaved') : `${t('sa.notSaved')}: ${save.message ?? ''}`}
        </Typography.Text>
      );
    case 'error':
      return (
        <Typography.Text style={{ fontSize: 12, color: '#c62828' }}>
          <ExclamationCircleOutlined aria-hidden /> {t('sa.saveFailed')}: {save.message}{' '}
          <Button size="small" type="link" onClick={onRetry} style={{ padding: 0 }}>
            {t('common.retry')}
          </Button>
        </Typography.Text>
      );
    case 'conflict':
      return null;
  }
}

export function LeafPanel({
  scorecardId,
  entry,
  saved,
  draft,
  save,
  evidence,
  editable,
  autosave,
  position,
  onPrev,
  onNext,
  onNextOpen,
}: {
  scorecardId: string;
  entry: LeafEntry;
  saved: AnswerView | undefined;
  draft: Draft | undefined;
  save: LeafSave | undefined;
  evidence: EvidenceView[];
  editable: boolean;
  autosave: Autosave;
  position: { index: number; total: number };
  onPrev: (() => void) | null;
  onNext: (() => void) | null;
  onNextOpen: (() => void) | null;
}) {
  const t = useT();
  const lang = useLang();
  const noteId = useId();
  const naReasonId = useId();
  const reasonId = useId();
  const { leaf } = entry;
  const d = draft ?? draftOf(saved);
  const carried = !draft && Boolean(saved?.isCarriedDraft);
  const score = draft ? scoreDraft(entry, d) : null;
  const shownPoints = draft
    ? score?.ok
      ? score.points
      : null
    : saved && !saved.naClaimed && saved.value !== null
      ? saved.points
      : null;
  const shownText = draft
    ? d.naClaimed
      ? null
      : score
        ? score.ok
          ? score.explanation
          : null
        : null
    : saved && !saved.naClaimed && saved.value !== null
      ? saved.explanation
      : null;
  const invalid = Boolean(draft && score && !score.ok);
  const errorText = draft && score && !score.ok ? capitalise(score.error) : null;
  // The read-only view (submitted, or the Office) shows the answer as text, not as disabled inputs.
  const readOnly = !editable;
  const conflict = save?.status === 'conflict';
  const inputsDisabled = !editable || conflict;
  const edit = (patch: Partial<Draft>) => autosave.edit(entry.code, patch);
  const needsReason =
    !d.naClaimed && evidenceExpected(entry) && (shownPoints ?? 0) > 0 && evidence.length === 0;

  return (
    <Card
      size="small"
      data-testid="sa-leaf-panel"
      data-leaf={entry.code}
      styles={{ body: { padding: 16 } }}
      // Scrolled into view below the sticky header.
      style={{ scrollMarginTop: 76 }}
      title={
        <Flex vertical gap={2} style={{ whiteSpace: 'normal', padding: '6px 0' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {entry.trail.map((n) => (n.code.startsWith('__') ? n.name : `${n.code}. ${n.name}`)).join(' › ')}
          </Typography.Text>
          <Typography.Title
            level={2}
            style={{ fontSize: 17, margin: 0, outline: 'none' }}
            data-testid="sa-leaf-title"
            tabIndex={-1}
          >
            {entry.code}. {leaf.name}
          </Typography.Title>
          <Flex gap={6} wrap style={{ marginTop: 2 }}>
            <Tag style={{ ...tagStyle.method, marginInlineEnd: 0 }}>
              {t('sa.maxPoints', { points: formatPoints(entry.maxPoints, lang) })}
            </Tag>
            <Tag style={{ ...tagStyle.method, marginInlineEnd: 0 }}>
              {lang === 'vi' ? METHOD_LABELS[leaf.method.type] : t(METHOD_KEYS[leaf.method.type])}
            </Tag>
            {entry.kind === 'BONUS' ? (
              <Tag style={{ ...tagStyle.bonus, marginInlineEnd: 0 }}>{t('sa.bonus')}</Tag>
            ) : null}
            {entry.kind === 'PENALTY' ? (
              <Tag style={{ ...tagStyle.penalty, marginInlineEnd: 0 }}>{t('sa.penalty')}</Tag>
            ) : null}
          </Flex>
        </Flex>
      }
    >
      <Flex vertical gap={14}>
        {leaf.guidance || leaf.evidence ? (
          <div
            style={{
              background: '#f7f9fc',
              border: '1px solid #e3e8ef',
              borderRadius: 6,
              padding: '10px 12px',
            }}
          >
            {leaf.guidance ? (
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-line' }}>
                <span style={labelStyle}>{t('sa.guidance')}: </span>
                <span lang="vi">{leaf.guidance}</span>
              </Typography.Paragraph>
            ) : null}
            {leaf.evidence ? (
              <Typography.Paragraph style={{ margin: leaf.guidance ? '6px 0 0' : 0, whiteSpace: 'pre-line' }}>
                <span style={labelStyle}>{t('sa.requiredEvidence')}: </span>
                <span lang="vi">{leaf.evidence}</span>
                {evidenceExpected(entry) ? (
                  <Tag style={{ ...tagStyle.required, marginInlineStart: 6 }}>{t('sa.evidenceRequired')}</Tag>
                ) : null}
              </Typography.Paragraph>
            ) : null}
          </div>
        ) : null}

        {conflict && save ? (
          <ConflictBox
            save={save}
            draft={draft}
            entry={entry}
            onResolve={(c) => autosave.resolve(entry.code, c)}
          />
        ) : null}

        {carried ? (
          <Alert
            type="info"
            showIcon
            icon={<HistoryOutlined />}
            data-testid="sa-carried"
            title={t('sa.carriedTitle')}
            description={t('sa.carriedBody')}
            action={
              editable ? (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => autosave.confirm(entry.code)}
                  data-testid="sa-carried-confirm"
                >
                  {t('sa.carriedConfirm')}
                </Button>
              ) : undefined
            }
          />
        ) : null}

        <section aria-labelledby={`${noteId}-answer`}>
          <span id={`${noteId}-answer`} className="sr-only">
            {t('sa.answer')}
          </span>
          <Flex gap={20} wrap align="flex-start">
            <Flex vertical gap={12} style={{ flex: '1 1 340px', minWidth: 0 }}>
              {readOnly ? (
                <ReadOnlyAnswer entry={entry} d={d} />
              ) : (
                <>
                  {entry.kind === 'CRITERION' ? (
                    <Checkbox
                      checked={d.naClaimed}
                      disabled={inputsDisabled}
                      onChange={(e) => edit({ naClaimed: e.target.checked })}
                      data-testid="sa-na"
                    >
                      {t('sa.naClaim')}
                    </Checkbox>
                  ) : null}
                  {d.naClaimed ? (
                    <Flex vertical gap={2}>
                      <label htmlFor={naReasonId} style={labelStyle}>
                        {t('sa.naReason')}
                      </label>
                      <Input.TextArea
                        id={naReasonId}
                        value={d.naReason}
                        disabled={inputsDisabled}
                        maxLength={SCORECARD_LIMITS.reasonMax}
                        autoSize={{ minRows: 2, maxRows: 6 }}
                        status={d.naReason.trim() ? undefined : 'warning'}
                        onChange={(e) => edit({ naReason: e.target.value })}
                        data-testid="sa-na-reason"
                      />
                    </Flex>
                  ) : (
                    <Form.Item
                      validateStatus={errorText ? 'error' : undefined}
                      help={errorText ? <span data-testid="sa-input-error">{errorText}</span> : undefined}
                      style={{ margin: 0 }}
                    >
                      <AnswerInput
                        leaf={leaf}
                        answer={d.value}
                        disabled={inputsDisabled}
                        onChange={(value) => edit({ value })}
                      />
                    </Form.Item>
                  )}
                </>
              )}
            </Flex>
            <div
              style={{
                flex: '0 1 260px',
                minWidth: 200,
                background: invalid ? '#fdf3f2' : '#f3f7fc',
                border: `1px solid ${invalid ? '#f3b7b1' : '#d6e3f3'}`,
                borderRadius: 6,
                padding: '10px 12px',
              }}
              aria-live="polite"
            >
              <div style={labelStyle}>{t('sa.points')}</div>
              <div style={{ fontSize: 22, fontWeight: 600, color: '#1d4e89' }} data-testid="sa-points-live">
                {d.naClaimed
                  ? t('sa.na')
                  : shownPoints !== null
                    ? formatPoints(shownPoints, lang)
                    : t('common.none')}
                {!d.naClaimed && shownPoints !== null ? (
                  <span style={{ fontSize: 13, fontWeight: 400, color: 'rgba(0,0,0,0.62)' }}>
                    {' '}
                    / {formatPoints(entry.maxPoints, lang)}
                  </span>
                ) : null}
              </div>
              <div
                style={{ fontSize: 13, color: invalid ? '#c62828' : 'rgba(0,0,0,0.75)' }}
                data-testid="sa-explanation"
              >
                {d.naClaimed ? (
                  t('sa.naExplanation')
                ) : invalid ? (
                  t('sa.invalidShort')
                ) : shownText ? (
                  <>
                    <span lang="vi">{shownText}</span>
                    {lang !== 'vi' ? <span style={{ fontSize: 12 }}> {t('common.inVietnamese')}</span> : null}
                  </>
                ) : (
                  t('sa.unanswered')
                )}
              </div>
              <div style={{ marginTop: 6 }} data-testid="sa-leaf-save-state">
                <LeafSaveState
                  save={save}
                  saved={saved}
                  onRetry={() => autosave.retry(entry.code)}
                  errorShown={invalid}
                />
              </div>
            </div>
          </Flex>
        </section>

        <Flex vertical gap={2}>
          <label htmlFor={noteId} style={labelStyle}>
            {t('sa.note')}
          </label>
          {readOnly ? (
            <Typography.Paragraph
              id={noteId}
              style={{ margin: 0, whiteSpace: 'pre-wrap' }}
              data-testid="sa-note"
            >
              {d.note || t('common.none')}
            </Typography.Paragraph>
          ) : (
            <Input.TextArea
              id={noteId}
              value={d.note}
              disabled={inputsDisabled}
              maxLength={SCORECARD_LIMITS.noteMax}
              autoSize={{ minRows: 1, maxRows: 6 }}
              placeholder={editable ? t('sa.notePlaceholder') : undefined}
              onChange={(e) => edit({ note: e.target.value })}
              data-testid="sa-note"
            />
          )}
        </Flex>

        <Divider style={{ margin: '4px 0' }} />
        <section>
          <SectionTitle>
            {t('sa.evidenceHeading')} ({evidence.length})
          </SectionTitle>
          <EvidenceSection
            scorecardId={scorecardId}
            leafCode={entry.code}
            evidence={evidence}
            editable={editable}
          />
        </section>

        {needsReason || d.noEvidenceReason ? (
          <Flex vertical gap={4}>
            {needsReason && !d.noEvidenceReason.trim() ? (
              <Alert
                type="warning"
                showIcon
                title={t('sa.needsEvidenceTitle')}
                data-testid="sa-needs-evidence"
              />
            ) : null}
            <label htmlFor={reasonId} style={labelStyle}>
              {t('sa.noEvidenceReason')}
            </label>
            {readOnly ? (
              <Typography.Paragraph id={reasonId} style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                {d.noEvidenceReason || t('common.none')}
              </Typography.Paragraph>
            ) : (
              <Input.TextArea
                id={reasonId}
                value={d.noEvidenceReason}
                disabled={inputsDisabled}
                maxLength={SCORECARD_LIMITS.reasonMax}
                autoSize={{ minRows: 2, maxRows: 6 }}
                onChange={(e) => edit({ noEvidenceReason: e.target.value })}
                data-testid="sa-no-evidence-reason"
              />
            )}
          </Flex>
        ) : null}

        <Divider style={{ margin: '4px 0' }} />
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Button
            icon={<ArrowLeftOutlined />}
            disabled={!onPrev}
            onClick={onPrev ?? undefined}
            data-testid="sa-prev"
          >
            {t('sa.prev')}
          </Button>
          <Typography.Text type="secondary">
            {t('sa.position', { index: position.index + 1, total: position.total })}
          </Typography.Text>
          <Flex gap={8}>
            {onNextOpen ? (
              <Button onClick={onNextOpen} data-testid="sa-next-open">
                {t('sa.nextOpen')}
              </Button>
            ) : null}
            <Button type="primary" disabled={!onNext} onClick={onNext ?? undefined} data-testid="sa-next">
              {t('sa.next')} <ArrowRightOutlined />
            </Button>
          </Flex>
        </Flex>
      </Flex>
    </Card>
  );
}
