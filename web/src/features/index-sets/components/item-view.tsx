import type { IndexSetDocument, Leaf, Method, Node } from '@cchc/domain/index-set/format';
import { Descriptions, type DescriptionsProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatPoints } from '../../../lib/format';
import { type Lang, type MessageKey, type TFunction, useLang, useT } from '../../../lib/i18n';
import { maximumOrNull, pointsOrNull } from '../document';
import { methodLabel } from './method-fields';

/**
 * Read-only items (a published version, or a user who may not edit): plain text in Descriptions,
 * with normal contrast — disabled inputs are hard to read and suggest that something could be
 * changed.
 */

const none = <Typography.Text type="secondary">—</Typography.Text>;

function points(value: unknown, lang: Lang): string {
  const h = pointsOrNull(value);
  return h === null ? '—' : formatPoints(h, lang);
}

function plainNumber(value: unknown, lang: Lang): string {
  return typeof value === 'number'
    ? new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 6 }).format(value)
    : '—';
}

function groupsText(doc: IndexSetDocument, codes: readonly string[] | undefined, t: TFunction): string {
  if (!codes || codes.length === 0) {
    return t('indexSets.allGroups');
  }
  return codes
    .map((code) => {
      const group = doc.unitGroups.find((g) => g.code === code);
      return group ? `${group.name} (${code})` : code;
    })
    .join('; ');
}

/** A small list ("label — value" per line) for levels, tiers, categories and options. */
function Lines({ items }: { items: ReactNode[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, read-only list
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

function methodParams(method: Method, t: TFunction, lang: Lang): DescriptionsProps['items'] {
  const percent = (value: unknown) => `${plainNumber(value, lang)}%`;
  switch (method.type) {
    case 'BOOLEAN':
      return [
        {
          key: 'noPoints',
          label: t('method.noPoints'),
          children: method.noPoints === undefined ? points(0, lang) : points(method.noPoints, lang),
        },
      ];
    case 'LEVEL_SELECT':
      return [
        {
          key: 'levels',
          label: t('method.levels'),
          children: (
            <Lines items={method.levels.map((level) => `${level.label} — ${points(level.points, lang)}`)} />
          ),
        },
      ];
    case 'DEADLINE':
      return [
        { key: 'onTime', label: t('method.onTimePoints'), children: points(method.onTimePoints, lang) },
        { key: 'late', label: t('method.latePoints'), children: points(method.latePoints, lang) },
        { key: 'notDone', label: t('method.notDonePoints'), children: points(method.notDonePoints, lang) },
      ];
    case 'TIERED_PERCENT':
      return [
        {
          key: 'tiers',
          label: t('method.tiers'),
          children: (
            <Lines
              items={method.tiers.map((tier) =>
                t('indexSets.tierLine', {
                  percent: percent(tier.minPercent),
                  points: points(tier.points, lang),
                }),
              )}
            />
          ),
        },
      ];
    case 'PROPORTIONAL':
      return [
        {
          key: 'floor',
          label: t('method.floorPercent'),
          children: percent(method.floorPercent ?? 0),
        },
      ];
    case 'COUNT_CAPPED':
      return [
        {
          key: 'perItem',
          label: t('method.pointsPerItem'),
          children: plainNumber(method.pointsPerItem, lang),
        },
      ];
    case 'COUNT_COMPLIANCE':
      return [
        { key: 'required', label: t('method.required'), children: plainNumber(method.required, lang) },
        {
          key: 'late',
          label: t('method.latePointsPerItem'),
          children: plainNumber(method.latePointsPerItem ?? 0, lang),
        },
      ];
    case 'DEDUCTION':
      return [
        {
          key: 'categories',
          label: t('method.categories'),
          children: (
            <Lines
              items={method.categories.map(
                (category) => `${category.label} — ${points(category.points, lang)}`,
              )}
            />
          ),
        },
      ];
    case 'SURVEY':
      return [
        {
          key: 'options',
          label: t('method.options'),
          children: (
            <Lines
              items={Object.entries(method.optionWeights).map(
                ([option, weight]) => `${option} — ${plainNumber(weight, lang)}`,
              )}
            />
          ),
        },
      ];
    case 'TARGET_ACTUAL':
    case 'MANUAL':
      return [];
  }
}

const descriptionsProps = {
  size: 'small',
  bordered: true,
  column: 1,
  styles: { label: { width: '36%', color: 'rgba(0,0,0,0.78)' }, content: { color: 'rgba(0,0,0,0.88)' } },
} as const;

const preLine = { whiteSpace: 'pre-line' } as const;

export function LeafView({
  doc,
  leaf,
  showApplicability,
}: {
  doc: IndexSetDocument;
  leaf: Leaf;
  showApplicability: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const items: DescriptionsProps['items'] = [
    { key: 'code', label: t('indexSets.code'), children: leaf.code },
    { key: 'name', label: t('indexSets.name'), children: leaf.name },
    { key: 'max', label: t('indexSets.maxPoints'), children: points(leaf.maxPoints, lang) },
    { key: 'method', label: t('indexSets.methodType'), children: methodLabel(leaf.method.type, t) },
    ...(methodParams(leaf.method, t, lang) ?? []),
    {
      key: 'guidance',
      label: t('indexSets.guidance'),
      children: leaf.guidance ? <span style={preLine}>{leaf.guidance}</span> : none,
    },
    {
      key: 'evidence',
      label: t('indexSets.evidence'),
      children: leaf.evidence ? <span style={preLine}>{leaf.evidence}</span> : none,
    },
    {
      key: 'evidenceRequired',
      label: t('indexSets.evidenceRequired'),
      children: leaf.evidenceRequired === false ? t('indexSets.no') : t('indexSets.yes'),
    },
  ];
  if (showApplicability) {
    items.push({
      key: 'applicableTo',
      label: t('indexSets.applicableTo'),
      children: groupsText(doc, leaf.applicableTo, t),
    });
  }
  return (
    <div data-testid="index-set-leaf-view">
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {t('indexSets.leafTitle', { code: leaf.code })}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t(`method.help.${leaf.method.type}` as MessageKey)}
      </Typography.Paragraph>
      <Descriptions {...descriptionsProps} items={items} />
    </div>
  );
}

export function NodeView({ doc, node, depth }: { doc: IndexSetDocument; node: Node; depth: number }) {
  const t = useT();
  const lang = useLang();
  const maximum = maximumOrNull(node);
  const items: DescriptionsProps['items'] = [
    { key: 'code', label: t('indexSets.code'), children: node.code },
    { key: 'name', label: t('indexSets.name'), children: node.name },
    {
      key: 'cap',
      label: t('indexSets.nodeCapView'),
      children: node.maxPoints === undefined ? t('indexSets.noCap') : points(node.maxPoints, lang),
    },
    {
      key: 'max',
      label: t('indexSets.nodeMaximum'),
      children: maximum === null ? none : formatPoints(maximum, lang),
    },
    {
      key: 'applicableTo',
      label: t('indexSets.applicableTo'),
      children: groupsText(doc, node.applicableTo, t),
    },
  ];
  return (
    <div data-testid="index-set-node-view">
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {depth === 1
          ? t('indexSets.fieldTitle', { code: node.code })
          : t('indexSets.nodeTitle', { code: node.code })}
      </Typography.Title>
      <Descriptions {...descriptionsProps} items={items} />
    </div>
  );
}
