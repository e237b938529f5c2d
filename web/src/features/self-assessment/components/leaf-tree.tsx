import {
  CheckCircleFilled,
  CloseCircleFilled,
  DownOutlined,
  ExclamationCircleFilled,
  HistoryOutlined,
  LoadingOutlined,
  MinusCircleFilled,
  RightOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { EmptyCircle, StateIconBox } from '../../../components/ui/state-icon';
import { formatPoints } from '../../../lib/format';
import { type MessageKey, useLang, useT } from '../../../lib/i18n';
import type { LeafEntry, LeafFacts, LeafState, Outline, OutlineNode } from '../model';

export type TreeFilter = 'all' | 'unanswered' | 'noEvidence' | 'carried';

const STATE_LABEL: Record<LeafState, MessageKey> = {
  unanswered: 'sa.state.unanswered',
  answered: 'sa.state.answered',
  needsEvidence: 'sa.state.needsEvidence',
  notApplicable: 'sa.state.notApplicable',
  carried: 'sa.state.carried',
  invalid: 'sa.state.invalid',
  saving: 'sa.state.saving',
  conflict: 'sa.state.conflict',
};

export function StateIcon({ state }: { state: LeafState }) {
  const t = useT();
  const label = t(STATE_LABEL[state]);
  const icon = (() => {
    switch (state) {
      case 'answered':
        return <CheckCircleFilled style={{ color: '#2e7d32' }} />;
      case 'needsEvidence':
        return <ExclamationCircleFilled style={{ color: '#b26a00' }} />;
      case 'notApplicable':
        return <MinusCircleFilled style={{ color: '#6b6b6b' }} />;
      case 'carried':
        return <HistoryOutlined style={{ color: '#1d5fa8' }} />;
      case 'invalid':
        return <CloseCircleFilled style={{ color: '#c62828' }} />;
      case 'conflict':
        return <WarningFilled style={{ color: '#c62828' }} />;
      case 'saving':
        return <LoadingOutlined style={{ color: '#1d4e89' }} />;
      case 'unanswered':
        return <EmptyCircle />;
    }
  })();
  return <StateIconBox label={label} icon={icon} />;
}

/**
 * Bonus and penalty items are optional (no answer = no bonus, no penalty), so "Chưa chấm" lists
 * criteria only; "Chưa có tài liệu" lists what has points but neither a document nor an explanation
 * (what the submission check would flag).
 */
function matches(filter: TreeFilter, entry: LeafEntry, facts: LeafFacts | undefined): boolean {
  if (!facts || filter === 'all') {
    return true;
  }
  switch (filter) {
    case 'unanswered':
      return (
        (entry.kind === 'CRITERION' || facts.points !== null) &&
        (facts.state === 'unanswered' || facts.state === 'invalid' || facts.state === 'carried')
      );
    case 'noEvidence':
      // What the submission check flags: points, no document and no explanation.
      return facts.state === 'needsEvidence';
    case 'carried':
      return facts.carried;
  }
}

function prune(node: OutlineNode, keep: (n: OutlineNode) => boolean): OutlineNode | null {
  if (node.entry) {
    return keep(node) ? node : null;
  }
  const children = (node.children ?? [])
    .map((c) => prune(c, keep))
    .filter((c): c is OutlineNode => c !== null);
  return children.length > 0 ? { ...node, children } : null;
}

/**
 * The applicable tree (fields → criteria, then bonus and penalty items) with each leaf's state,
 * points and a filter. Leaves are buttons; the selected one carries aria-current.
 */
export function LeafTree({
  outline,
  facts,
  selected,
  onSelect,
  filter,
  onFilter,
}: {
  outline: Outline;
  facts: ReadonlyMap<string, LeafFacts>;
  selected: string | null;
  onSelect: (code: string) => void;
  filter: TreeFilter;
  onFilter: (filter: TreeFilter) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const count = (f: TreeFilter) => outline.leaves.filter((l) => matches(f, l, facts.get(l.code))).length;
  const carriedCount = count('carried');
  // The header counts criteria; bonus and penalty items are optional and counted apart.
  const criteriaCount = outline.leaves.filter((l) => l.kind === 'CRITERION').length;
  const extraCount = outline.leaves.length - criteriaCount;
  const keep = (n: OutlineNode) =>
    n.code === selected || (n.entry ? matches(filter, n.entry, facts.get(n.code)) : false);
  const sections = outline.sections.map((s) => prune(s, keep)).filter((s): s is OutlineNode => s !== null);

  const toggle = (code: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (!next.delete(code)) {
        next.add(code);
      }
      return next;
    });

  const renderNode = (node: OutlineNode, depth: number): React.ReactNode => {
    if (node.entry) {
      const f = facts.get(node.code);
      const isSelected = node.code === selected;
      return (
        <li key={node.code}>
          <button
            type="button"
            className="sa-leaf"
            aria-current={isSelected ? 'true' : undefined}
            onClick={() => {
              onSelect(node.code);
              // Keyboard and screen-reader users land on the criterion they chose, not back in the tree.
              requestAnimationFrame(() =>
                document
                  .querySelector<HTMLElement>('[data-testid="sa-leaf-title"]')
                  ?.focus({ preventScroll: true }),
              );
            }}
            data-testid={`sa-leaf-${node.code}`}
            data-state={f?.state}
            style={{
              display: 'flex',
              gap: 8,
              alignItems: 'flex-start',
              width: '100%',
              textAlign: 'start',
              border: 0,
              borderInlineStart: `3px solid ${isSelected ? '#1d4e89' : 'transparent'}`,
              background: isSelected ? '#e6eef8' : 'transparent',
              padding: `6px 8px 6px ${8 + depth * 12}px`,
              cursor: 'pointer',
              font: 'inherit',
              color: 'inherit',
              borderRadius: 4,
            }}
          >
            <span style={{ paddingTop: 2 }}>
              <StateIcon state={f?.state ?? 'unanswered'} />
            </span>
            <span style={{ flex: 1, minWidth: 0, fontSize: 13, lineHeight: 1.4 }}>
              <strong>{node.code}</strong> {node.name}
            </span>
            <span
              style={{
                flex: 'none',
                fontSize: 12,
                color: 'rgba(0,0,0,0.62)',
                whiteSpace: 'nowrap',
                paddingTop: 1,
              }}
            >
              {f?.state === 'notApplicable' ? (
                <Tag style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}>
                  {t('sa.naShort')}
                </Tag>
              ) : (
                `${f?.points !== null && f?.points !== undefined ? formatPoints(f.points, lang).replace(/ (điểm|points?)$/, '') : '–'}/${formatPoints(node.maxPoints, lang).replace(/ (điểm|points?)$/, '')}`
              )}
            </span>
          </button>
        </li>
      );
    }
    const open = !collapsed.has(node.code);
    const isSection = depth === 0;
    const label = node.code.startsWith('__') ? node.name : `${node.code}. ${node.name}`;
    return (
      <li key={node.code}>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => toggle(node.code)}
          style={{
            display: 'flex',
            gap: 6,
            alignItems: 'flex-start',
            width: '100%',
            textAlign: 'start',
            border: 0,
            background: isSection ? '#eef2f7' : 'transparent',
            padding: `6px 8px 6px ${4 + depth * 12}px`,
            cursor: 'pointer',
            font: 'inherit',
            fontWeight: 600,
            fontSize: isSection ? 13 : 12.5,
            color: '#1f2a37',
            borderRadius: 4,
            marginTop: isSection ? 6 : 0,
          }}
        >
          <span aria-hidden style={{ fontSize: 10, paddingTop: 4 }}>
            {open ? <DownOutlined /> : <RightOutlined />}
          </span>
          <span style={{ flex: 1, minWidth: 0 }}>{label}</span>
          <span style={{ flex: 'none', fontWeight: 400, fontSize: 12, color: 'rgba(0,0,0,0.62)' }}>
            {formatPoints(node.maxPoints, lang).replace(/ (điểm|points?)$/, '')}
          </span>
        </button>
        {open ? (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {(node.children ?? []).map((c) => renderNode(c, depth + 1))}
          </ul>
        ) : null}
      </li>
    );
  };

  return (
    <nav aria-label={t('sa.treeLabel')} data-testid="sa-tree">
      <fieldset style={{ border: 0, margin: '0 0 8px', padding: 0 }}>
        <legend className="sr-only">{t('sa.filter')}</legend>
        <Radio.Group
          size="small"
          optionType="button"
          value={filter}
          onChange={(e) => onFilter(e.target.value as TreeFilter)}
          style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
          options={[
            {
              value: 'all',
              label:
                extraCount > 0
                  ? t('sa.filterAllWithExtra', { count: criteriaCount, extra: extraCount })
                  : t('sa.filterAll', { count: criteriaCount }),
            },
            { value: 'unanswered', label: t('sa.filterUnanswered', { count: count('unanswered') }) },
            { value: 'noEvidence', label: t('sa.filterNoEvidence', { count: count('noEvidence') }) },
            ...(carriedCount > 0 || filter === 'carried'
              ? [{ value: 'carried', label: t('sa.filterCarried', { count: carriedCount }) }]
              : []),
          ]}
        />
      </fieldset>
      {sections.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ padding: 8 }}>
          {t('sa.filterEmpty')}
        </Typography.Paragraph>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>{sections.map((s) => renderNode(s, 0))}</ul>
      )}
    </nav>
  );
}
