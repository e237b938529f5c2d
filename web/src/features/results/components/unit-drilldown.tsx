import type { UnitResultsView } from '@cchc/domain/api/results';
import { Button, Card, Flex, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type CSSProperties, type HTMLAttributes, type Key, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { appraisalLeafPath } from '../unit-api';
import { useUnitResultsT } from '../unit-messages';
import { expandableCodes, type ItemNode, itemTree, pointsNumber } from '../unit-model';

const muted: CSSProperties = { color: 'rgba(0,0,0,0.65)' };

/**
 * Fields → criteria → leaves with maximum, self, appraised and final points, the points lost and
 * last year's percent; each leaf opens the appraisal workspace on it (?leaf=) when the caller may.
 */
export function UnitDrilldown({ view }: { view: UnitResultsView }) {
  const ut = useUnitResultsT();
  const lang = useLang();
  const tableRef = useKeyboardScrollable(ut('ur.tableLabel'));
  const tree = useMemo(() => itemTree(view.items), [view.items]);
  const all = useMemo(() => expandableCodes(tree), [tree]);
  const [expanded, setExpanded] = useState<readonly Key[]>([]);
  const hasPrevious = view.items.some((i) => i.previousPercent !== null);
  const number = (v: number) => pointsNumber(v, lang);

  const columns: ColumnsType<ItemNode> = [
    {
      title: ut('ur.item'),
      dataIndex: 'name',
      render: (_: unknown, r) => {
        const text = (
          <>
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>{r.code}</span> {r.name}
          </>
        );
        if (r.isLeaf && view.canOpenAppraisal) {
          return (
            <Link
              to={appraisalLeafPath(view.scorecardId, r.code)}
              aria-label={`${ut('ur.openLeaf', { code: r.code })}: ${r.name}`}
              data-testid={`unit-leaf-link-${r.code}`}
            >
              {text}
            </Link>
          );
        }
        return r.depth === 0 ? <strong>{text}</strong> : text;
      },
    },
    { title: ut('ur.max'), dataIndex: 'maxPoints', align: 'right', render: number },
    { title: ut('ur.self'), dataIndex: 'selfPoints', align: 'right', render: number },
    {
      title: ut('ur.appraised'),
      dataIndex: 'appraisedPoints',
      align: 'right',
      render: (v: number, r) => (
        <span style={v < r.selfPoints ? { color: '#b3261e' } : undefined}>{number(v)}</span>
      ),
    },
    {
      title: ut('ur.final'),
      dataIndex: 'finalPoints',
      align: 'right',
      render: (v: number) => <strong>{number(v)}</strong>,
    },
    {
      title: ut('ur.lost'),
      dataIndex: 'lostVsMax',
      align: 'right',
      render: (v: number) => <span style={v > 0 ? { color: '#b3261e' } : muted}>{number(v)}</span>,
    },
    ...(hasPrevious
      ? [
          {
            title: ut('ur.previousPercent'),
            dataIndex: 'previousPercent',
            align: 'right' as const,
            render: (v: number | null) => (v === null ? '—' : formatPercent(v, lang)),
          },
        ]
      : []),
  ];

  return (
    <section aria-labelledby="unit-tree-heading">
      <Card
        title={
          <h2 id="unit-tree-heading" style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
            {ut('ur.treeTitle')}
          </h2>
        }
        extra={
          <Flex gap={8}>
            <Button size="small" onClick={() => setExpanded(all)} data-testid="unit-tree-expand-all">
              {ut('ur.expandAll')}
            </Button>
            <Button size="small" onClick={() => setExpanded([])} data-testid="unit-tree-collapse-all">
              {ut('ur.collapseAll')}
            </Button>
          </Flex>
        }
      >
        <p style={{ ...muted, marginTop: 0 }}>{ut('ur.treeHint')}</p>
        <div ref={tableRef} data-testid="unit-tree">
          <Table<ItemNode>
            size="small"
            rowKey="code"
            columns={columns}
            dataSource={tree}
            pagination={false}
            scroll={{ x: 'max-content' }}
            expandable={{
              expandedRowKeys: expanded,
              onExpandedRowsChange: (keys) => setExpanded(keys),
              indentSize: 16,
            }}
            onRow={(r) =>
              ({ 'data-testid': `unit-item-${r.code}`, 'data-depth': r.depth }) as HTMLAttributes<HTMLElement>
            }
          />
        </div>
      </Card>
    </section>
  );
}
