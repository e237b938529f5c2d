import type { Leaf } from '@cchc/domain/index-set/format';
import { toHundredths } from '@cchc/domain/scoring/decimal';
import { DatePicker, Flex, Input, InputNumber, Radio, Typography } from 'antd';
import dayjs from 'dayjs';
import { useId, useState } from 'react';
import { formatPoints } from '../../../lib/format';
import { type TFunction, useLang, useT } from '../../../lib/i18n';
import type { Answer } from '../model';

/**
 * The input of one leaf, by scoring method, writing the answer in the format's shape
 * (docs/index-set-format.md "Answers"). Numbers follow the UI language ('1,5' in Vietnamese);
 * ranges are not clamped here — the engine says what is wrong, in words, next to the points.
 */

const labelStyle = { fontSize: 13, color: 'rgba(0,0,0,0.75)' } as const;
const PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;

function NumberField({
  label,
  value,
  onChange,
  integer = false,
  width = 160,
  disabled,
  testId,
  suffix,
}: {
  label: string;
  value: unknown;
  onChange: (value: number | null) => void;
  integer?: boolean;
  width?: number;
  disabled: boolean;
  testId?: string;
  suffix?: string;
}) {
  const id = useId();
  const lang = useLang();
  return (
    <Flex vertical gap={2}>
      <label htmlFor={id} style={labelStyle}>
        {label}
      </label>
      <InputNumber<number>
        id={id}
        value={typeof value === 'number' ? value : null}
        onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        decimalSeparator={lang === 'vi' ? ',' : '.'}
        step={integer ? 1 : 0.25}
        style={{ width }}
        disabled={disabled}
        data-testid={testId}
        suffix={suffix}
      />
    </Flex>
  );
}

/** A radio group in a fieldset whose legend names what is asked. */
function Choice({
  legend,
  legendHidden = false,
  value,
  options,
  onChange,
  vertical = false,
  disabled,
  testId,
}: {
  legend: string;
  legendHidden?: boolean;
  value: string | undefined;
  options: { value: string; label: React.ReactNode }[];
  onChange: (value: string) => void;
  vertical?: boolean;
  disabled: boolean;
  testId?: string;
}) {
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }} data-testid={testId}>
      <legend className={legendHidden ? 'sr-only' : undefined} style={legendHidden ? undefined : labelStyle}>
        {legend}
      </legend>
      <Radio.Group
        value={value}
        onChange={(e) => onChange(e.target.value as string)}
        disabled={disabled}
        style={vertical ? { display: 'flex', flexDirection: 'column', gap: 6 } : undefined}
        options={options}
      />
    </fieldset>
  );
}

function pointsOf(points: number, t: TFunction, lang: 'vi' | 'en'): string {
  try {
    return formatPoints(toHundredths(points), lang);
  } catch {
    return t('common.none');
  }
}

export function AnswerInput({
  leaf,
  answer,
  onChange,
  disabled,
}: {
  leaf: Leaf;
  answer: Answer;
  onChange: (answer: Answer) => void;
  disabled: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const commentId = useId();
  const dueId = useId();
  const doneId = useId();
  const [percentMode, setPercentMode] = useState<'percent' | 'fraction'>(
    answer.numerator !== undefined || answer.denominator !== undefined ? 'fraction' : 'percent',
  );
  const [deadlineMode, setDeadlineMode] = useState<'status' | 'dates'>(
    answer.dueDate !== undefined ? 'dates' : 'status',
  );
  const set = (patch: Answer) => onChange({ ...answer, ...patch });
  const method = leaf.method;
  const question = t('sa.answerFor', { code: leaf.code });

  switch (method.type) {
    case 'BOOLEAN':
      return (
        <Choice
          legend={question}
          legendHidden
          value={typeof answer.value === 'boolean' ? String(answer.value) : undefined}
          disabled={disabled}
          testId="sa-input-boolean"
          options={[
            { value: 'true', label: t('sa.yes') },
            { value: 'false', label: t('sa.no') },
          ]}
          onChange={(v) => onChange({ value: v === 'true' })}
        />
      );
    case 'LEVEL_SELECT':
      return (
        <Choice
          legend={t('sa.chooseLevel')}
          value={typeof answer.level === 'string' ? answer.level : undefined}
          disabled={disabled}
          vertical
          testId="sa-input-level"
          options={method.levels.map((level) => ({
            value: level.label,
            label: (
              <span>
                {level.label}{' '}
                <Typography.Text type="secondary">— {pointsOf(level.points, t, lang)}</Typography.Text>
              </span>
            ),
          }))}
          onChange={(level) => onChange({ level })}
        />
      );
    case 'DEADLINE':
      return (
        <Flex vertical gap={10}>
          <Choice
            legend={t('sa.deadlineMode', { code: leaf.code })}
            legendHidden
            value={deadlineMode}
            disabled={disabled}
            options={[
              { value: 'status', label: t('sa.deadlineByStatus') },
              { value: 'dates', label: t('sa.deadlineByDates') },
            ]}
            onChange={(mode) => {
              setDeadlineMode(mode as 'status' | 'dates');
              onChange({});
            }}
          />
          {deadlineMode === 'status' ? (
            <Choice
              legend={t('sa.deadlineStatus')}
              value={typeof answer.status === 'string' ? answer.status : undefined}
              disabled={disabled}
              testId="sa-input-deadline"
              options={[
                { value: 'onTime', label: `${t('sa.onTime')} — ${pointsOf(method.onTimePoints, t, lang)}` },
                { value: 'late', label: `${t('sa.late')} — ${pointsOf(method.latePoints, t, lang)}` },
                {
                  value: 'notDone',
                  label: `${t('sa.notDone')} — ${pointsOf(method.notDonePoints, t, lang)}`,
                },
              ]}
              vertical
              onChange={(status) => onChange({ status })}
            />
          ) : (
            <Flex gap={12} wrap>
              {(
                [
                  ['dueDate', dueId, t('sa.dueDate')],
                  ['doneDate', doneId, t('sa.doneDate')],
                ] as const
              ).map(([key, id, label]) => (
                <Flex vertical gap={2} key={key}>
                  <label htmlFor={id} style={labelStyle}>
                    {label}
                  </label>
                  <DatePicker
                    id={id}
                    value={typeof answer[key] === 'string' ? dayjs(answer[key] as string) : null}
                    format={PICKER_FORMAT[lang]}
                    disabled={disabled}
                    onChange={(d) => set({ [key]: d ? d.format('YYYY-MM-DD') : null })}
                  />
                </Flex>
              ))}
            </Flex>
          )}
        </Flex>
      );
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      return (
        <Flex vertical gap={10}>
          {method.type === 'TIERED_PERCENT' ? (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('sa.tiers')}:{' '}
              {[...method.tiers]
                .sort((a, b) => b.minPercent - a.minPercent)
                .map((tier) => `≥ ${tier.minPercent}% → ${pointsOf(tier.points, t, lang)}`)
                .join('; ')}
            </Typography.Text>
          ) : null}
          <Choice
            legend={t('sa.percentMode', { code: leaf.code })}
            legendHidden
            value={percentMode}
            disabled={disabled}
            options={[
              { value: 'percent', label: t('sa.modePercent') },
              { value: 'fraction', label: t('sa.modeFraction') },
            ]}
            onChange={(mode) => {
              setPercentMode(mode as 'percent' | 'fraction');
              onChange({});
            }}
          />
          {percentMode === 'percent' ? (
            <NumberField
              label={t('sa.percent')}
              value={answer.percent}
              disabled={disabled}
              suffix="%"
              testId="sa-input-percent"
              onChange={(percent) => onChange({ percent })}
            />
          ) : (
            <Flex gap={12} wrap>
              <NumberField
                label={t('sa.numerator')}
                value={answer.numerator}
                disabled={disabled}
                testId="sa-input-numerator"
                onChange={(numerator) => set({ numerator })}
              />
              <NumberField
                label={t('sa.denominator')}
                value={answer.denominator}
                disabled={disabled}
                testId="sa-input-denominator"
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
            label={t('sa.target')}
            value={answer.target}
            disabled={disabled}
            testId="sa-input-target"
            onChange={(target) => set({ target })}
          />
          <NumberField
            label={t('sa.actual')}
            value={answer.actual}
            disabled={disabled}
            testId="sa-input-actual"
            onChange={(actual) => set({ actual })}
          />
        </Flex>
      );
    case 'COUNT_CAPPED':
      return (
        <NumberField
          label={t('sa.count', { points: pointsOf(method.pointsPerItem, t, lang) })}
          integer
          value={answer.count}
          disabled={disabled}
          testId="sa-input-count"
          onChange={(count) => set({ count })}
        />
      );
    case 'COUNT_COMPLIANCE':
      return (
        <Flex gap={12} wrap>
          <NumberField
            label={t('sa.onTimeCount', { required: method.required })}
            integer
            value={answer.onTime}
            disabled={disabled}
            testId="sa-input-ontime"
            onChange={(onTime) => set({ onTime })}
          />
          <NumberField
            label={t('sa.lateCount')}
            integer
            value={answer.late}
            disabled={disabled}
            testId="sa-input-late"
            onChange={(late) => set({ late })}
          />
        </Flex>
      );
    case 'DEDUCTION':
    case 'SURVEY': {
      const entries =
        method.type === 'DEDUCTION'
          ? method.categories.map((c) => ({
              label: c.label,
              hint: `−${pointsOf(c.points, t, lang)}`,
            }))
          : Object.entries(method.optionWeights).map(([label, weight]) => ({
              label,
              hint: `× ${String(weight).replace('.', lang === 'vi' ? ',' : '.')}`,
            }));
      const counts = (answer.counts ?? {}) as Record<string, unknown>;
      return (
        <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
          <legend style={labelStyle}>
            {method.type === 'DEDUCTION' ? t('sa.deductionCounts') : t('sa.surveyCounts')}
          </legend>
          <Flex gap={12} wrap>
            {entries.map(({ label, hint }, i) => (
              <NumberField
                key={label}
                label={`${label} (${hint})`}
                integer
                value={counts[label]}
                width={140}
                disabled={disabled}
                testId={`sa-input-counts-${i}`}
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
            label={t('sa.manualPoints')}
            value={answer.points}
            disabled={disabled}
            testId="sa-input-manual-points"
            onChange={(points) => set({ points })}
          />
          <Flex vertical gap={2} style={{ flex: '1 1 280px' }}>
            <label htmlFor={commentId} style={labelStyle}>
              {t('sa.manualComment')}
            </label>
            <Input.TextArea
              id={commentId}
              autoSize={{ minRows: 2, maxRows: 6 }}
              value={typeof answer.comment === 'string' ? answer.comment : ''}
              disabled={disabled}
              data-testid="sa-input-manual-comment"
              onChange={(e) => set({ comment: e.target.value })}
            />
          </Flex>
        </Flex>
      );
  }
}

/** '1,5' (vi) or '1.5' (en); '–' when the answer has no number there. */
function numberText(value: unknown, lang: 'vi' | 'en'): string {
  if (typeof value !== 'number') {
    return '–';
  }
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 4 }).format(value);
}

/** The answer as label/value pairs, for the read-only view (submitted scorecard, the Office). */
export function answerRows(leaf: Leaf, answer: Answer, t: TFunction, lang: 'vi' | 'en'): [string, string][] {
  const method = leaf.method;
  const dateText = (v: unknown) => (typeof v === 'string' ? dayjs(v).format(PICKER_FORMAT[lang]) : '–');
  switch (method.type) {
    case 'BOOLEAN':
      return [
        [t('sa.answer'), typeof answer.value === 'boolean' ? (answer.value ? t('sa.yes') : t('sa.no')) : '–'],
      ];
    case 'LEVEL_SELECT':
      return [[t('sa.chooseLevel'), typeof answer.level === 'string' ? answer.level : '–']];
    case 'DEADLINE':
      if (answer.dueDate !== undefined || answer.doneDate !== undefined) {
        return [
          [t('sa.dueDate'), dateText(answer.dueDate)],
          [t('sa.doneDate'), dateText(answer.doneDate)],
        ];
      }
      return [
        [
          t('sa.deadlineStatus'),
          answer.status === 'onTime'
            ? t('sa.onTime')
            : answer.status === 'late'
              ? t('sa.late')
              : answer.status === 'notDone'
                ? t('sa.notDone')
                : '–',
        ],
      ];
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      if (answer.numerator !== undefined || answer.denominator !== undefined) {
        return [
          [t('sa.numerator'), numberText(answer.numerator, lang)],
          [t('sa.denominator'), numberText(answer.denominator, lang)],
        ];
      }
      return [
        [t('sa.percent'), typeof answer.percent === 'number' ? `${numberText(answer.percent, lang)}%` : '–'],
      ];
    case 'TARGET_ACTUAL':
      return [
        [t('sa.target'), numberText(answer.target, lang)],
        [t('sa.actual'), numberText(answer.actual, lang)],
      ];
    case 'COUNT_CAPPED':
      return [
        [t('sa.count', { points: pointsOf(method.pointsPerItem, t, lang) }), numberText(answer.count, lang)],
      ];
    case 'COUNT_COMPLIANCE':
      return [
        [t('sa.onTimeCount', { required: method.required }), numberText(answer.onTime, lang)],
        [t('sa.lateCount'), numberText(answer.late, lang)],
      ];
    case 'DEDUCTION':
    case 'SURVEY': {
      const counts = (answer.counts ?? {}) as Record<string, unknown>;
      const labels =
        method.type === 'DEDUCTION'
          ? method.categories.map((c) => c.label)
          : Object.keys(method.optionWeights);
      return labels.map((label) => [label, numberText(counts[label], lang)]);
    }
    case 'MANUAL':
      return [
        [t('sa.manualPoints'), numberText(answer.points, lang)],
        [
          t('sa.manualCommentShort'),
          typeof answer.comment === 'string' && answer.comment ? answer.comment : '–',
        ],
      ];
  }
}
