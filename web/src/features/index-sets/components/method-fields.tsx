import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Method, MethodType } from '@cchc/domain/index-set/format';
import { hasAtMostTwoDecimals } from '@cchc/domain/scoring/decimal';
import { Button, ConfigProvider, Flex, Form, Input, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { MessageKey, TFunction } from '../../../lib/i18n';
import { useLang, useT } from '../../../lib/i18n';
import { newTier, sortTiers } from '../document';
import { EDITOR_LIMITS } from '../limits';
import { DecimalInput } from './decimal-input';

export function methodLabel(type: MethodType, t: TFunction): string {
  return t(`method.${type}` as MessageKey);
}

/** The parameters of every method type side by side, so that switching type back and forth keeps them. */
export interface MethodValues {
  type: MethodType;
  noPoints?: number | null;
  levels?: { label?: string; points?: number | null }[];
  onTimePoints?: number | null;
  latePoints?: number | null;
  notDonePoints?: number | null;
  tiers?: { minPercent?: number | null; points?: number | null }[];
  floorPercent?: number | null;
  pointsPerItem?: number | null;
  required?: number | null;
  latePointsPerItem?: number | null;
  categories?: { label?: string; points?: number | null }[];
  options?: { option?: string; weight?: number | null }[];
}

/** An emptied number stays `null` in the edited document; the server reports it on save. */
const num = (value: number | null | undefined): number => value as number;

export function methodToValues(method: Method): MethodValues {
  switch (method.type) {
    case 'BOOLEAN':
      return { type: method.type, noPoints: method.noPoints ?? null };
    case 'LEVEL_SELECT':
      return { type: method.type, levels: method.levels.map((l) => ({ ...l })) };
    case 'DEADLINE':
      return {
        type: method.type,
        onTimePoints: method.onTimePoints,
        latePoints: method.latePoints,
        notDonePoints: method.notDonePoints,
      };
    case 'TIERED_PERCENT':
      return { type: method.type, tiers: method.tiers.map((tier) => ({ ...tier })) };
    case 'PROPORTIONAL':
      return { type: method.type, floorPercent: method.floorPercent ?? null };
    case 'COUNT_CAPPED':
      return { type: method.type, pointsPerItem: method.pointsPerItem };
    case 'COUNT_COMPLIANCE':
      return {
        type: method.type,
        required: method.required,
        latePointsPerItem: method.latePointsPerItem ?? null,
      };
    case 'DEDUCTION':
      return { type: method.type, categories: method.categories.map((c) => ({ ...c })) };
    case 'SURVEY':
      return {
        type: method.type,
        options: Object.entries(method.optionWeights).map(([option, weight]) => ({ option, weight })),
      };
    case 'TARGET_ACTUAL':
    case 'MANUAL':
      return { type: method.type };
  }
}

/** Starting parameters when the author picks a type the leaf did not have yet. */
export function defaultMethodValues(type: MethodType, maxPoints: number | null | undefined): MethodValues {
  const max = typeof maxPoints === 'number' ? maxPoints : 1;
  switch (type) {
    case 'LEVEL_SELECT':
      return {
        type,
        levels: [
          { label: 'Đầy đủ', points: max },
          { label: 'Chưa đầy đủ', points: 0 },
        ],
      };
    case 'DEADLINE':
      return { type, onTimePoints: max, latePoints: 0, notDonePoints: 0 };
    case 'TIERED_PERCENT':
      return {
        type,
        tiers: [
          { minPercent: 100, points: max },
          { minPercent: 0, points: 0 },
        ],
      };
    case 'COUNT_CAPPED':
      return { type, pointsPerItem: max };
    case 'COUNT_COMPLIANCE':
      return { type, required: 1 };
    case 'DEDUCTION':
      return { type, categories: [{ label: '', points: 0.25 }] };
    case 'SURVEY':
      return {
        type,
        options: [
          { option: 'A', weight: 1 },
          { option: 'B', weight: 0.5 },
          { option: 'C', weight: 0 },
        ],
      };
    default:
      return { type };
  }
}

/** Which parameter keys each type uses (to tell whether the form already holds them). */
const PARAM_KEYS: Record<MethodType, (keyof MethodValues)[]> = {
  BOOLEAN: [],
  LEVEL_SELECT: ['levels'],
  DEADLINE: ['onTimePoints', 'latePoints', 'notDonePoints'],
  TIERED_PERCENT: ['tiers'],
  PROPORTIONAL: [],
  TARGET_ACTUAL: [],
  COUNT_CAPPED: ['pointsPerItem'],
  COUNT_COMPLIANCE: ['required'],
  DEDUCTION: ['categories'],
  MANUAL: [],
  SURVEY: ['options'],
};

export function hasParams(values: MethodValues | undefined, type: MethodType): boolean {
  return PARAM_KEYS[type].every((key) => values?.[key] !== undefined && values[key] !== null);
}

export function valuesToMethod(values: MethodValues): Method {
  switch (values.type) {
    case 'BOOLEAN':
      return typeof values.noPoints === 'number'
        ? { type: 'BOOLEAN', noPoints: values.noPoints }
        : { type: 'BOOLEAN' };
    case 'LEVEL_SELECT':
      return {
        type: 'LEVEL_SELECT',
        levels: (values.levels ?? []).map((l) => ({ label: l?.label ?? '', points: num(l?.points) })),
      };
    case 'DEADLINE':
      return {
        type: 'DEADLINE',
        onTimePoints: num(values.onTimePoints),
        latePoints: num(values.latePoints),
        notDonePoints: num(values.notDonePoints),
      };
    case 'TIERED_PERCENT':
      return {
        type: 'TIERED_PERCENT',
        tiers: (values.tiers ?? []).map((tier) => ({
          minPercent: num(tier?.minPercent),
          points: num(tier?.points),
        })),
      };
    case 'PROPORTIONAL':
      return typeof values.floorPercent === 'number'
        ? { type: 'PROPORTIONAL', floorPercent: values.floorPercent }
        : { type: 'PROPORTIONAL' };
    case 'TARGET_ACTUAL':
      return { type: 'TARGET_ACTUAL' };
    case 'COUNT_CAPPED':
      return { type: 'COUNT_CAPPED', pointsPerItem: num(values.pointsPerItem) };
    case 'COUNT_COMPLIANCE':
      return typeof values.latePointsPerItem === 'number'
        ? {
            type: 'COUNT_COMPLIANCE',
            required: num(values.required),
            latePointsPerItem: values.latePointsPerItem,
          }
        : { type: 'COUNT_COMPLIANCE', required: num(values.required) };
    case 'DEDUCTION':
      return {
        type: 'DEDUCTION',
        categories: (values.categories ?? []).map((c) => ({ label: c?.label ?? '', points: num(c?.points) })),
      };
    case 'MANUAL':
      return { type: 'MANUAL' };
    case 'SURVEY':
      return {
        type: 'SURVEY',
        optionWeights: Object.fromEntries(
          (values.options ?? []).map((o) => [o?.option ?? '', num(o?.weight)] as const),
        ),
      };
  }
}

/** Validation rules shared by the editor's number fields. */
export function pointsRules(
  t: TFunction,
  { required = true, max }: { required?: boolean; max?: number } = {},
) {
  const rules: Rule[] = [
    { required, message: t('common.required') },
    {
      validator: async (_, value: number | null | undefined) => {
        if (typeof value !== 'number') {
          return;
        }
        if (value < 0) {
          throw new Error(t('indexSets.errNegative'));
        }
        if (!hasAtMostTwoDecimals(value)) {
          throw new Error(t('indexSets.errDecimals'));
        }
        if (max !== undefined && Number.isFinite(max) && value > max) {
          throw new Error(t('indexSets.errAboveMax'));
        }
      },
    },
  ];
  return rules;
}

/** Per-item rates (points per item, per late report): ≥ 0, finer than 0,01 allowed (0,375). */
export function rateRules(t: TFunction, required = true): Rule[] {
  return [
    { required, message: t('common.required') },
    {
      validator: async (_, value: number | null | undefined) => {
        if (typeof value === 'number' && value < 0) {
          throw new Error(t('indexSets.errNegative'));
        }
      },
    },
  ];
}

export function percentRules(t: TFunction, required = true): Rule[] {
  return [
    { required, message: t('common.required') },
    {
      validator: async (_, value: number | null | undefined) => {
        if (typeof value === 'number' && (value < 0 || value > 100)) {
          throw new Error(t('indexSets.errPercent'));
        }
      },
    },
  ];
}

const listStyle = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;
const legendStyle = { fontWeight: 600, fontSize: 14, marginBottom: 8 } as const;
const rowItem = { flex: '1 1 0', minWidth: 0, marginBottom: 8 } as const;

type Row = Record<string, unknown>;

/** Values of the first column that appear on more than one row (tiers: the same threshold twice). */
function duplicatesOf(rows: readonly (Row | undefined)[] | undefined, key: string): unknown[] {
  const seen = new Set<unknown>();
  const repeated = new Set<unknown>();
  for (const row of rows ?? []) {
    const value = row?.[key];
    if (value === undefined || value === null || value === '') {
      continue;
    }
    if (seen.has(value)) {
      repeated.add(value);
    }
    seen.add(value);
  }
  return [...repeated];
}

/**
 * A list of {text, number} pairs (levels, deduction categories, survey options, tiers): one row per
 * entry with labelled inputs (aria-label, since the column headers are only visual). Tiers
 * (`ordered`) get a computed new row, are kept sorted by threshold (on leaving a threshold) and
 * flag a threshold used twice.
 */
function PairList({
  name,
  legend,
  first,
  second,
  newRow,
  ordered = false,
  unique = false,
  onListChange,
  testId,
}: {
  name: string;
  legend: string;
  first: { key: string; label: string; kind: 'text' | 'percent' };
  second: { key: string; label: string; rules: Rule[]; step?: number };
  newRow: (rows: Row[]) => Row;
  /** Keep the rows sorted by the first (percent) column, highest first. */
  ordered?: boolean;
  /** The first column must not repeat. */
  unique?: boolean;
  /** Told when the list was changed programmatically (sorted), which the form does not report. */
  onListChange?: () => void;
  testId: string;
}) {
  const t = useT();
  const lang = useLang();
  const form = Form.useFormInstance();
  const path = ['method', name];
  const rows = Form.useWatch<Row[] | undefined>(path, form);
  // Read-only (disabled form): no row buttons.
  const { componentDisabled: readOnly } = ConfigProvider.useConfig();
  const repeated = unique ? duplicatesOf(rows, first.key) : [];
  const format = (value: unknown) => {
    if (typeof value !== 'number') {
      return String(value);
    }
    const text = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(value);
    return first.kind === 'percent' ? `${text}%` : text;
  };

  const sortRows = () => {
    if (!ordered) {
      return;
    }
    const current = (form.getFieldValue(path) ?? []) as Row[];
    const sorted = sortTiers(current as { minPercent?: number | null }[]) as Row[];
    if (sorted.some((row, i) => row !== current[i])) {
      form.setFieldValue(path, sorted);
      onListChange?.();
    }
  };

  const firstRules: Rule[] =
    first.kind === 'text'
      ? [
          { required: true, whitespace: true, message: t('common.required') },
          { max: EDITOR_LIMITS.label, message: t('common.maxLength', { max: EDITOR_LIMITS.label }) },
        ]
      : percentRules(t);
  if (unique) {
    firstRules.push(({ getFieldValue }) => ({
      validator: async (field, value: unknown) => {
        if (value === undefined || value === null || value === '') {
          return;
        }
        const index = Number(String((field as { field?: string }).field ?? '').split('.')[2]);
        const all = (getFieldValue(path) ?? []) as (Row | undefined)[];
        if (all.some((row, i) => i !== index && row?.[first.key] === value)) {
          throw new Error(
            t(first.kind === 'percent' ? 'indexSets.errDuplicateTier' : 'indexSets.errDuplicate'),
          );
        }
      },
    }));
  }

  return (
    <Form.List name={path}>
      {(fields, { add, remove, move }) => (
        <fieldset style={listStyle} data-testid={testId}>
          <legend style={legendStyle}>{legend}</legend>
          <Flex
            gap={8}
            aria-hidden="true"
            style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)', marginBottom: 4 }}
          >
            <span style={{ flex: '1 1 0' }}>{first.label}</span>
            <span style={{ flex: '1 1 0' }}>{second.label}</span>
            <span style={{ width: 104 }} />
          </Flex>
          {fields.map(({ key, name: row }, index) => (
            <Flex key={key} gap={8} align="flex-start">
              <Form.Item
                name={[row, first.key]}
                style={rowItem}
                rules={firstRules}
                // A changed threshold re-checks the others (a duplicate may have gone away).
                dependencies={
                  unique
                    ? fields.filter((f) => f.name !== row).map((f) => [...path, f.name, first.key])
                    : undefined
                }
              >
                {first.kind === 'text' ? (
                  <Input aria-label={`${first.label} ${index + 1}`} autoComplete="off" />
                ) : (
                  <DecimalInput aria-label={`${first.label} ${index + 1}`} step={1} onBlur={sortRows} />
                )}
              </Form.Item>
              <Form.Item name={[row, second.key]} style={rowItem} rules={second.rules}>
                <DecimalInput aria-label={`${second.label} ${index + 1}`} step={second.step ?? 0.25} />
              </Form.Item>
              <Flex style={{ width: 104, visibility: readOnly ? 'hidden' : undefined }}>
                <Button
                  type="text"
                  size="small"
                  aria-label={t('indexSets.rowUp', { n: index + 1 })}
                  title={t('indexSets.rowUp', { n: index + 1 })}
                  disabled={index === 0 || ordered}
                  onClick={() => move(index, index - 1)}
                  style={{ marginTop: 4 }}
                >
                  ↑
                </Button>
                <Button
                  type="text"
                  size="small"
                  aria-label={t('indexSets.rowDown', { n: index + 1 })}
                  title={t('indexSets.rowDown', { n: index + 1 })}
                  disabled={index === fields.length - 1 || ordered}
                  onClick={() => move(index, index + 1)}
                  style={{ marginTop: 4 }}
                >
                  ↓
                </Button>
                <Button
                  type="text"
                  size="small"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('indexSets.rowRemove', { n: index + 1 })}
                  title={t('indexSets.rowRemove', { n: index + 1 })}
                  disabled={fields.length <= 1}
                  onClick={() => remove(row)}
                  style={{ marginTop: 4 }}
                />
              </Flex>
            </Flex>
          ))}
          {repeated.length > 0 ? (
            <Typography.Paragraph
              role="alert"
              style={{ color: '#b71c1c', marginBottom: 8 }}
              data-testid={`${testId}-duplicates`}
            >
              {t(first.kind === 'percent' ? 'indexSets.duplicateTiers' : 'indexSets.duplicateRows', {
                values: repeated.map(format).join('; '),
              })}
            </Typography.Paragraph>
          ) : null}
          {ordered && !readOnly ? (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {t('indexSets.tiersOrderHint')}
            </Typography.Paragraph>
          ) : null}
          {readOnly ? null : (
            <Button
              type="dashed"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => {
                const current = (form.getFieldValue(path) ?? []) as Row[];
                const row = newRow(current);
                if (ordered) {
                  form.setFieldValue(path, sortTiers([...current, row] as { minPercent?: number | null }[]));
                  onListChange?.();
                } else {
                  add(row);
                }
              }}
              data-testid={`${testId}-add`}
            >
              {t('indexSets.rowAdd')}
            </Button>
          )}
        </fieldset>
      )}
    </Form.List>
  );
}

/** The parameter sub-form of one method type (inside the leaf form, under `method`). */
export function MethodParamsFields({
  type,
  maxPoints,
  onListChange,
}: {
  type: MethodType;
  maxPoints: number | null | undefined;
  /** Called after a list was rewritten in code (tiers sorted, a tier added). */
  onListChange?: () => void;
}) {
  const t = useT();
  const max = typeof maxPoints === 'number' ? maxPoints : undefined;
  const help = (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
      {t(`method.help.${type}` as MessageKey)}
    </Typography.Paragraph>
  );
  switch (type) {
    case 'BOOLEAN':
      return (
        <>
          {help}
          <Form.Item
            label={t('method.noPoints')}
            name={['method', 'noPoints']}
            extra={t('method.noPointsHint')}
            rules={pointsRules(t, { required: false, max })}
          >
            <DecimalInput style={{ maxWidth: 200 }} />
          </Form.Item>
        </>
      );
    case 'LEVEL_SELECT':
      return (
        <>
          {help}
          <PairList
            name="levels"
            legend={t('method.levels')}
            first={{ key: 'label', label: t('method.levelLabel'), kind: 'text' }}
            second={{ key: 'points', label: t('method.points'), rules: pointsRules(t, { max }) }}
            newRow={() => ({ label: '', points: 0 })}
            unique
            testId="method-levels"
          />
        </>
      );
    case 'DEADLINE':
      return (
        <>
          {help}
          <Flex gap={12} wrap>
            <Form.Item
              label={t('method.onTimePoints')}
              name={['method', 'onTimePoints']}
              rules={pointsRules(t, { max })}
              style={{ flex: '1 1 140px' }}
            >
              <DecimalInput />
            </Form.Item>
            <Form.Item
              label={t('method.latePoints')}
              name={['method', 'latePoints']}
              rules={pointsRules(t, { max })}
              style={{ flex: '1 1 140px' }}
            >
              <DecimalInput />
            </Form.Item>
            <Form.Item
              label={t('method.notDonePoints')}
              name={['method', 'notDonePoints']}
              rules={pointsRules(t, { max })}
              style={{ flex: '1 1 140px' }}
            >
              <DecimalInput />
            </Form.Item>
          </Flex>
        </>
      );
    case 'TIERED_PERCENT':
      return (
        <>
          {help}
          <PairList
            name="tiers"
            legend={t('method.tiers')}
            first={{ key: 'minPercent', label: t('method.minPercent'), kind: 'percent' }}
            second={{ key: 'points', label: t('method.points'), rules: pointsRules(t, { max }) }}
            newRow={(rows) => newTier(rows as { minPercent?: number | null; points?: number | null }[], max)}
            ordered
            unique
            onListChange={onListChange}
            testId="method-tiers"
          />
        </>
      );
    case 'PROPORTIONAL':
      return (
        <>
          {help}
          <Form.Item
            label={t('method.floorPercent')}
            name={['method', 'floorPercent']}
            extra={t('method.floorPercentHint')}
            rules={percentRules(t, false)}
          >
            <DecimalInput step={1} style={{ maxWidth: 200 }} />
          </Form.Item>
        </>
      );
    case 'COUNT_CAPPED':
      return (
        <>
          {help}
          <Form.Item
            label={t('method.pointsPerItem')}
            name={['method', 'pointsPerItem']}
            rules={rateRules(t)}
          >
            <DecimalInput style={{ maxWidth: 200 }} step={0.01} />
          </Form.Item>
        </>
      );
    case 'COUNT_COMPLIANCE':
      return (
        <>
          {help}
          <Flex gap={12} wrap>
            <Form.Item
              label={t('method.required')}
              name={['method', 'required']}
              rules={[
                { required: true, message: t('common.required') },
                {
                  validator: async (_, value: number | null | undefined) => {
                    if (typeof value === 'number' && (!Number.isInteger(value) || value < 1)) {
                      throw new Error(t('indexSets.errRequiredCount'));
                    }
                  },
                },
              ]}
              style={{ flex: '1 1 160px' }}
            >
              <DecimalInput step={1} />
            </Form.Item>
            <Form.Item
              label={t('method.latePointsPerItem')}
              name={['method', 'latePointsPerItem']}
              rules={rateRules(t, false)}
              style={{ flex: '1 1 160px' }}
            >
              <DecimalInput step={0.01} />
            </Form.Item>
          </Flex>
        </>
      );
    case 'DEDUCTION':
      return (
        <>
          {help}
          <PairList
            name="categories"
            legend={t('method.categories')}
            first={{ key: 'label', label: t('method.categoryLabel'), kind: 'text' }}
            second={{ key: 'points', label: t('method.categoryPoints'), rules: pointsRules(t) }}
            newRow={() => ({ label: '', points: 0.25 })}
            unique
            testId="method-categories"
          />
        </>
      );
    case 'SURVEY':
      return (
        <>
          {help}
          <PairList
            name="options"
            legend={t('method.options')}
            first={{ key: 'option', label: t('method.option'), kind: 'text' }}
            second={{
              key: 'weight',
              label: t('method.weight'),
              step: 0.1,
              rules: [
                { required: true, message: t('common.required') },
                {
                  validator: async (_, value: number | null | undefined) => {
                    if (typeof value === 'number' && (value < 0 || value > 1)) {
                      throw new Error(t('indexSets.errWeight'));
                    }
                  },
                },
              ],
            }}
            newRow={() => ({ option: '', weight: 0 })}
            unique
            testId="method-options"
          />
        </>
      );
    case 'TARGET_ACTUAL':
    case 'MANUAL':
      return help;
  }
}
