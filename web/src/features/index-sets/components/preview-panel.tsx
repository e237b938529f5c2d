import type { IndexSetDocument, Leaf } from '@cchc/domain/index-set/format';
import { parseIndexSet } from '@cchc/domain/index-set/validate';
import {
  applicableAdjustments,
  applicableTree,
  type PreviewNode,
  scoreUnit,
  unitMaximum,
} from '@cchc/domain/scoring/engine';
import { type LeafScore, scoreLeaf } from '@cchc/domain/scoring/methods';
import { Alert, Button, Card, Descriptions, Empty, Flex, Input, Radio, Select, Tag, Typography } from 'antd';
import { type ReactNode, useId, useMemo, useState } from 'react';
import { formatPercent, formatPoints } from '../../../lib/format';
import { type Lang, type TFunction, useLang, useT } from '../../../lib/i18n';
import { pointsOrNull } from '../document';
import { DecimalInput } from './decimal-input';

/**
 * "Xem trước phiếu chấm": the scoring form of one unit group as a unit focal officer will see it,
 * built from the document being edited (unsaved changes included). Every answer is scored live by
 * the domain's scoring engine — the same functions the server uses.
 */

type Answer = Record<string, unknown>;
type Answers = Record<string, Answer>;

/** Drops empty inputs; an answer with nothing left is "not answered". */
function cleanAnswer(answer: Answer | undefined): Answer | undefined {
  if (!answer) {
    return undefined;
  }
  const out: Answer = {};
  for (const [key, value] of Object.entries(answer)) {
    if (value === null || value === undefined || value === '') {
      continue;
    }
    if (key === 'counts' && typeof value === 'object') {
      const counts = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([, n]) => typeof n === 'number'),
      );
      if (Object.keys(counts).length > 0) {
        out.counts = counts;
      }
      continue;
    }
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The engine's score (its explanation or error is Vietnamese), or a UI-language note when it cannot score. */
type ShownScore = (LeafScore & { vietnamese: true }) | { ok: false; error: string; vietnamese: false };

function safeScore(leaf: Leaf, answer: Answer | undefined, t: TFunction): ShownScore | null {
  if (!answer) {
    return null;
  }
  try {
    return { ...scoreLeaf(leaf, answer), vietnamese: true };
  } catch {
    // A half-edited leaf (e.g. 3 decimals in its maximum) cannot be scored yet.
    return { ok: false, error: t('preview.configError'), vietnamese: false };
  }
}

const labelStyle = { fontSize: 13, color: 'rgba(0,0,0,0.75)' } as const;

function pointsText(points: unknown, lang: Lang): string {
  const h = pointsOrNull(points);
  return h === null ? '—' : formatPoints(h, lang);
}

function NumberField({
  label,
  value,
  onChange,
  integer = false,
  width = 140,
}: {
  label: string;
  value: unknown;
  onChange: (value: number | null) => void;
  integer?: boolean;
  width?: number;
}) {
  const id = useId();
  return (
    <Flex vertical gap={2}>
      <label htmlFor={id} style={labelStyle}>
        {label}
      </label>
      <DecimalInput
        id={id}
        value={typeof value === 'number' ? value : null}
        onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        step={integer ? 1 : 0.25}
        style={{ width }}
      />
    </Flex>
  );
}

/** A radio group inside a fieldset whose (visually hidden) legend names the leaf. */
function Choice({
  legend,
  value,
  options,
  onChange,
}: {
  legend: string;
  value: unknown;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      <legend className="sr-only">{legend}</legend>
      <Radio.Group
        value={typeof value === 'string' ? value : undefined}
        onChange={(e) => onChange(e.target.value as string)}
        options={options}
      />
    </fieldset>
  );
}

/** The input control of one leaf, by method type; writes the answer in the format's shape. */
function AnswerInput({
  leaf,
  answer,
  onChange,
  t,
}: {
  leaf: Leaf;
  answer: Answer;
  onChange: (answer: Answer) => void;
  t: TFunction;
}) {
  const lang = useLang();
  const selectId = useId();
  const commentId = useId();
  const [percentMode, setPercentMode] = useState<'percent' | 'fraction'>(
    answer.numerator !== undefined || answer.denominator !== undefined ? 'fraction' : 'percent',
  );
  const legend = t('preview.answerFor', { code: leaf.code });
  const set = (patch: Answer) => onChange({ ...answer, ...patch });
  const method = leaf.method;
  switch (method.type) {
    case 'BOOLEAN':
      return (
        <Choice
          legend={legend}
          value={typeof answer.value === 'boolean' ? String(answer.value) : undefined}
          options={[
            { value: 'true', label: t('preview.yes') },
            { value: 'false', label: t('preview.no') },
          ]}
          onChange={(v) => onChange({ value: v === 'true' })}
        />
      );
    case 'LEVEL_SELECT':
      return (
        <Flex vertical gap={2}>
          <label htmlFor={selectId} style={labelStyle}>
            {t('preview.level')}
          </label>
          <Select
            id={selectId}
            allowClear
            value={typeof answer.level === 'string' ? answer.level : undefined}
            placeholder={t('preview.chooseLevel')}
            onChange={(level: string | undefined) => onChange(level ? { level } : {})}
            options={method.levels.map((level) => ({
              value: level.label,
              label: `${level.label} — ${pointsText(level.points, lang)}`,
            }))}
            style={{ minWidth: 280, maxWidth: '100%' }}
          />
        </Flex>
      );
    case 'DEADLINE':
      return (
        <Choice
          legend={legend}
          value={answer.status}
          options={[
            { value: 'onTime', label: t('preview.onTime') },
            { value: 'late', label: t('preview.late') },
            { value: 'notDone', label: t('preview.notDone') },
          ]}
          onChange={(status) => onChange({ status })}
        />
      );
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      return (
        <Flex vertical gap={8}>
          <Choice
            legend={t('preview.percentModeFor', { code: leaf.code })}
            value={percentMode}
            options={[
              { value: 'percent', label: t('preview.modePercent') },
              { value: 'fraction', label: t('preview.modeFraction') },
            ]}
            onChange={(mode) => {
              setPercentMode(mode as 'percent' | 'fraction');
              onChange({});
            }}
          />
          {percentMode === 'percent' ? (
            <NumberField
              label={t('preview.percent')}
              value={answer.percent}
              onChange={(percent) => onChange({ percent })}
            />
          ) : (
            <Flex gap={12} wrap>
              <NumberField
                label={t('preview.numerator')}
                value={answer.numerator}
                onChange={(numerator) => set({ numerator })}
              />
              <NumberField
                label={t('preview.denominator')}
                value={answer.denominator}
                onChange={(denominator) => set({ denominator })}
              />
            </Flex>
          )}
        </Flex>
      );
    case 'TARGET_ACTUAL':
      return (
        <Flex gap={12} wrap>
          <NumberField
            label={t('preview.target')}
            value={answer.target}
            onChange={(target) => set({ target })}
          />
          <NumberField
            label={t('preview.actual')}
            value={answer.actual}
            onChange={(actual) => set({ actual })}
          />
        </Flex>
      );
    case 'COUNT_CAPPED':
      return (
        <NumberField
          label={t('preview.count')}
          integer
          value={answer.count}
          onChange={(count) => set({ count })}
        />
      );
    case 'COUNT_COMPLIANCE':
      return (
        <Flex gap={12} wrap>
          <NumberField
            label={t('preview.onTimeCount', { required: method.required })}
            integer
            value={answer.onTime}
            onChange={(onTime) => set({ onTime })}
          />
          <NumberField
            label={t('preview.lateCount')}
            integer
            value={answer.late}
            onChange={(late) => set({ late })}
          />
        </Flex>
      );
    case 'DEDUCTION':
    case 'SURVEY': {
      const labels =
        method.type === 'DEDUCTION'
          ? method.categories.map((c) => c.label)
          : Object.keys(method.optionWeights);
      const counts = (answer.counts ?? {}) as Record<string, unknown>;
      return (
        <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
          <legend style={labelStyle}>
            {method.type === 'DEDUCTION' ? t('preview.deductionCounts') : t('preview.surveyCounts')}
          </legend>
          <Flex gap={12} wrap>
            {labels.map((label) => (
              <NumberField
                key={label}
                label={label}
                integer
                value={counts[label]}
                width={120}
                onChange={(n) => onChange({ counts: { ...counts, [label]: n } })}
              />
            ))}
          </Flex>
        </fieldset>
      );
    }
    case 'MANUAL':
      return (
        <Flex gap={12} wrap align="flex-start">
          <NumberField
            label={t('preview.manualPoints')}
            value={answer.points}
            onChange={(points) => set({ points })}
          />
          <Flex vertical gap={2} style={{ flex: '1 1 280px' }}>
            <label htmlFor={commentId} style={labelStyle}>
              {t('preview.comment')}
            </label>
            <Input.TextArea
              id={commentId}
              autoSize={{ minRows: 1, maxRows: 4 }}
              value={typeof answer.comment === 'string' ? answer.comment : ''}
              onChange={(e) => set({ comment: e.target.value })}
            />
          </Flex>
        </Flex>
      );
  }
}

const evidenceTag = {
  color: '#7a3e00',
  background: '#fff3e0',
  borderColor: '#ffcc80',
  marginInlineStart: 6,
} as const;

function LeafRow({
  leaf,
  maxPoints,
  answer,
  onChange,
}: {
  leaf: Leaf;
  maxPoints: number;
  answer: Answer | undefined;
  onChange: (answer: Answer) => void;
}) {
  const t = useT();
  const lang = useLang();
  const score = safeScore(leaf, cleanAnswer(answer), t);
  return (
    <div
      data-testid={`preview-leaf-${leaf.code}`}
      style={{ borderTop: '1px solid #eef0f3', padding: '12px 0', display: 'grid', gap: 8 }}
    >
      <Flex justify="space-between" gap={12} align="baseline" wrap>
        <span style={{ fontWeight: 600 }}>
          {leaf.code}. {leaf.name}
        </span>
        <span style={{ whiteSpace: 'nowrap' }}>
          {t('preview.max', { points: formatPoints(maxPoints, lang) })}
        </span>
      </Flex>
      {leaf.guidance ? (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-line' }}>
          <span style={labelStyle}>{t('preview.guidance')}: </span>
          {leaf.guidance}
        </Typography.Paragraph>
      ) : null}
      {leaf.evidence || leaf.evidenceRequired !== false ? (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-line' }}>
          <span style={labelStyle}>{t('preview.evidence')}: </span>
          {leaf.evidence || t('common.none')}
          {leaf.evidenceRequired !== false ? (
            <Tag style={evidenceTag}>{t('preview.evidenceRequired')}</Tag>
          ) : null}
        </Typography.Paragraph>
      ) : null}
      <Flex gap={16} wrap align="flex-start" justify="space-between">
        <div style={{ flex: '1 1 360px', minWidth: 0 }}>
          <AnswerInput leaf={leaf} answer={answer ?? {}} onChange={onChange} t={t} />
        </div>
        <div style={{ flex: '0 1 320px', minWidth: 200 }} aria-live="polite">
          <div style={labelStyle}>{t('preview.result')}</div>
          <div
            data-testid={`preview-points-${leaf.code}`}
            style={{ fontSize: 18, fontWeight: 600, color: score?.ok ? '#1d4e89' : 'rgba(0,0,0,0.75)' }}
          >
            {score?.ok ? formatPoints(score.points, lang) : t('common.none')}
          </div>
          <div
            data-testid={`preview-explanation-${leaf.code}`}
            style={{ fontSize: 13, color: score && !score.ok ? '#c62828' : 'rgba(0,0,0,0.75)' }}
          >
            {score === null ? (
              t('preview.unanswered')
            ) : (
              <>
                <span lang={score.vietnamese ? 'vi' : undefined}>
                  {score.ok ? score.explanation : score.error}
                </span>
                {score.vietnamese && lang !== 'vi' ? (
                  <span style={{ fontSize: 12, whiteSpace: 'nowrap' }}> {t('common.inVietnamese')}</span>
                ) : null}
              </>
            )}
          </div>
        </div>
      </Flex>
    </div>
  );
}

function NodeSection({
  node,
  depth,
  answers,
  fieldPoints,
  onAnswer,
}: {
  node: PreviewNode;
  depth: number;
  answers: Answers;
  fieldPoints?: number;
  onAnswer: (code: string, answer: Answer) => void;
}) {
  const t = useT();
  const lang = useLang();
  const children: ReactNode[] = (node.children ?? []).map((child) =>
    child.leaf ? (
      <LeafRow
        key={child.code}
        leaf={child.leaf}
        maxPoints={child.maxPoints}
        answer={answers[child.code]}
        onChange={(answer) => onAnswer(child.code, answer)}
      />
    ) : (
      <NodeSection key={child.code} node={child} depth={depth + 1} answers={answers} onAnswer={onAnswer} />
    ),
  );
  const heading = (
    <Flex component="span" justify="space-between" gap={12} align="baseline" wrap>
      <span>
        {node.code}. {node.name}
      </span>
      <span style={{ whiteSpace: 'nowrap', fontWeight: 400, fontSize: 14 }}>
        {fieldPoints !== undefined
          ? t('preview.fieldTotal', {
              points: formatPoints(fieldPoints, lang),
              max: formatPoints(node.maxPoints, lang),
            })
          : t('preview.max', { points: formatPoints(node.maxPoints, lang) })}
      </span>
    </Flex>
  );
  if (depth === 0) {
    return (
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={<h2 style={{ fontSize: 15, margin: 0, whiteSpace: 'normal' }}>{heading}</h2>}
        data-testid={`preview-field-${node.code}`}
      >
        {children}
      </Card>
    );
  }
  return (
    <section
      style={{ borderTop: '1px solid #eef0f3', paddingTop: 10, marginTop: 4, paddingInlineStart: 12 }}
      data-testid={`preview-node-${node.code}`}
    >
      <h3 style={{ fontSize: 14, margin: '0 0 4px' }}>{heading}</h3>
      {children}
    </section>
  );
}

export function PreviewPanel({ doc }: { doc: IndexSetDocument }) {
  const t = useT();
  const lang = useLang();
  const groupSelectId = useId();
  const [group, setGroup] = useState<string | undefined>(doc.unitGroups[0]?.code);
  const [answers, setAnswers] = useState<Answers>({});

  // The canonical copy when the document is valid (what the server will store); otherwise the
  // edited document as it is, with a warning.
  const parsed = useMemo(() => parseIndexSet(doc), [doc]);
  const source = parsed.ok ? parsed.document : doc;
  const groups = source.unitGroups.filter((g) => g.code);
  const current = groups.some((g) => g.code === group) ? group : groups[0]?.code;

  const computed = useMemo(() => {
    if (!current) {
      return null;
    }
    try {
      const tree = applicableTree(source, current);
      const max = unitMaximum(source, current);
      const adjustments = applicableAdjustments(source, current);
      // Totals from the answers that score; the others show their own message on their row.
      const valid: Answers = {};
      const leaves = new Map<string, Leaf>();
      const collect = (nodes: PreviewNode[]) => {
        for (const node of nodes) {
          if (node.leaf) {
            leaves.set(node.code, node.leaf);
          }
          collect(node.children ?? []);
        }
      };
      collect(tree);
      for (const item of [...(adjustments.bonus?.items ?? []), ...(adjustments.penalty?.items ?? [])]) {
        leaves.set(item.code, item);
      }
      for (const [code, leaf] of leaves) {
        const answer = cleanAnswer(answers[code]);
        if (answer && safeScore(leaf, answer, t)?.ok) {
          valid[code] = answer;
        }
      }
      const scored = scoreUnit(source, { code: 'PREVIEW', group: current, answers: valid });
      return { ok: true as const, tree, max, adjustments, result: scored.ok ? scored.result : null };
    } catch {
      return { ok: false as const };
    }
  }, [source, current, answers, t]);

  const onAnswer = (code: string, answer: Answer) => setAnswers((all) => ({ ...all, [code]: answer }));
  const fieldPoints = new Map(
    computed?.ok && computed.result ? computed.result.fields.map((f) => [f.code, f.points] as const) : [],
  );

  return (
    <div data-testid="index-set-preview">
      <Typography.Paragraph type="secondary">{t('preview.intro')}</Typography.Paragraph>
      {parsed.ok ? null : (
        <Alert
          type="warning"
          showIcon
          title={t('preview.invalid', { count: parsed.errors.length })}
          style={{ marginBottom: 12 }}
        />
      )}
      <Flex gap={16} wrap align="flex-end" style={{ marginBottom: 16 }}>
        <Flex vertical gap={2}>
          <label htmlFor={groupSelectId} style={labelStyle}>
            {t('preview.group')}
          </label>
          <Select
            id={groupSelectId}
            value={current}
            onChange={setGroup}
            options={groups.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))}
            style={{ minWidth: 300 }}
            data-testid="index-set-preview-group"
            notFoundContent={t('preview.noGroups')}
          />
        </Flex>
        <Button onClick={() => setAnswers({})} disabled={Object.keys(answers).length === 0}>
          {t('preview.clear')}
        </Button>
      </Flex>
      {!current ? <Empty description={t('preview.noGroups')} /> : null}
      {computed && !computed.ok ? <Alert type="error" showIcon title={t('preview.failed')} /> : null}
      {computed?.ok ? (
        <>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, xl: 3 }}
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'max',
                label: t('preview.unitMax'),
                children: (
                  <strong data-testid="index-set-preview-max">{formatPoints(computed.max, lang)}</strong>
                ),
              },
              {
                key: 'points',
                label: t('preview.unitPoints'),
                children: (
                  <span data-testid="index-set-preview-points">
                    {computed.result ? formatPoints(computed.result.points, lang) : t('common.none')}
                  </span>
                ),
              },
              {
                key: 'adjust',
                label: t('preview.bonusPenalty'),
                children: computed.result
                  ? `+${formatPoints(computed.result.bonus, lang)} / −${formatPoints(computed.result.penalty, lang)}`
                  : t('common.none'),
              },
              {
                key: 'index',
                label: t('preview.index'),
                children: (
                  <span data-testid="index-set-preview-index">
                    {computed.result ? formatPercent(computed.result.indexPercent, lang) : t('common.none')}
                  </span>
                ),
              },
              {
                key: 'band',
                label: t('preview.band'),
                children: computed.result?.band ?? t('common.none'),
              },
            ]}
          />
          {computed.tree.length === 0 ? <Empty description={t('preview.nothingApplies')} /> : null}
          {computed.tree.map((field) => (
            <NodeSection
              key={field.code}
              node={field}
              depth={0}
              answers={answers}
              fieldPoints={fieldPoints.get(field.code)}
              onAnswer={onAnswer}
            />
          ))}
          {(['bonus', 'penalty'] as const).map((kind) => {
            const adjustment = computed.adjustments[kind];
            if (!adjustment || adjustment.items.length === 0) {
              return null;
            }
            const total = computed.result?.[kind];
            return (
              <Card
                key={kind}
                size="small"
                style={{ marginBottom: 16 }}
                data-testid={`preview-${kind}`}
                title={
                  <h2 style={{ fontSize: 15, margin: 0, whiteSpace: 'normal' }}>
                    <Flex component="span" justify="space-between" gap={12} wrap>
                      <span>{t(kind === 'bonus' ? 'indexSets.bonus' : 'indexSets.penalty')}</span>
                      <span style={{ fontWeight: 400, fontSize: 14 }}>
                        {t('preview.fieldTotal', {
                          points: total === undefined ? t('common.none') : formatPoints(total, lang),
                          max: formatPoints(adjustment.maxPoints, lang),
                        })}
                      </span>
                    </Flex>
                  </h2>
                }
              >
                {adjustment.items.map((item) => (
                  <LeafRow
                    key={item.code}
                    leaf={item}
                    maxPoints={pointsOrNull(item.maxPoints) ?? 0}
                    answer={answers[item.code]}
                    onChange={(answer) => onAnswer(item.code, answer)}
                  />
                ))}
              </Card>
            );
          })}
        </>
      ) : null}
    </div>
  );
}
