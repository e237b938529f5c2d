import type { UnitResultsView } from '@cchc/domain/api/results';
import { Alert, Card, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type CSSProperties, type HTMLAttributes, type Key, useMemo, useState } from 'react';
import { EChart, type EChartOption } from '../../../components/charts/echart';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { formatPercent, formatPoints } from '../../../lib/format';
import { type Lang, useLang } from '../../../lib/i18n';
import { useUnitResultsT } from '../unit-messages';
import {
  type ItemNode,
  largestLosses,
  lossTree,
  pointsNumber,
  shortName,
  signedNumber,
  useNarrow,
} from '../unit-model';

const CHART_COUNT = 10;
const AXIS: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};
const axisNumber = (v: number, lang: Lang) => AXIS[lang].format(v);
const LOSS_COLOR = '#b3261e';
const GAP_COLOR = '#1d4e89';
const muted: CSSProperties = { color: 'rgba(0,0,0,0.65)' };

/**
 * "Vì sao xếp hạng này": where the unit lost points — against the maximum of each field and
 * criterion, and against the unit ranked just above (when the caller may see it) — as a bar
 * chart of the largest losses and a table (fields, the largest loss first, with their criteria).
 */
export function UnitWhyRank({ view }: { view: UnitResultsView }) {
  const ut = useUnitResultsT();
  const lang = useLang();
  const narrow = useNarrow();
  const tableRef = useKeyboardScrollable(ut('ur.whyTitle'));
  const losses = useMemo(() => largestLosses(view.items, CHART_COUNT), [view.items]);
  const tree = useMemo(() => lossTree(view.items), [view.items]);
  const [expanded, setExpanded] = useState<readonly Key[]>(() =>
    tree.filter((f) => f.children).map((f) => f.code),
  );
  const showAbove = view.items.some((i) => i.abovePoints !== null);
  const chartGaps = losses.some((i) => i.gapVsAbove !== null);
  const totalLost = view.items.filter((i) => i.depth === 0).reduce((sum, i) => sum + i.lostVsMax, 0);

  const option = useMemo<EChartOption>(() => {
    const number = (v: number) => pointsNumber(Math.round(v * 100), lang);
    const label = {
      show: true,
      position: 'right',
      color: '#262626',
      formatter: (p: { value: number }) => number(p.value),
    };
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => number(v) },
      legend: chartGaps ? { bottom: 0, textStyle: { color: '#333' } } : undefined,
      grid: { left: 8, right: 48, top: 8, bottom: chartGaps ? 32 : 8, containLabel: true },
      xAxis: {
        type: 'value',
        minInterval: 0.25,
        axisLabel: { color: '#404040', formatter: (v: number) => axisNumber(v, lang) },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: losses.map((i) => (narrow ? i.code : `${i.code} ${shortName(i.name, 40)}`)),
        axisLabel: { color: '#262626', width: narrow ? 60 : 300, overflow: 'truncate' },
      },
      series: [
        {
          name: ut('ur.lostVsMax'),
          type: 'bar',
          data: losses.map((i) => i.lostVsMax / 100),
          itemStyle: { color: LOSS_COLOR },
          barMaxWidth: 22,
          label,
        },
        ...(chartGaps
          ? [
              {
                name: ut('ur.gapVsAbove'),
                type: 'bar',
                data: losses.map((i) => (i.gapVsAbove ?? 0) / 100),
                itemStyle: { color: GAP_COLOR },
                barMaxWidth: 22,
                label,
              },
            ]
          : []),
      ],
    };
  }, [chartGaps, lang, losses, narrow, ut]);

  const columns: ColumnsType<ItemNode> = [
    { title: ut('ur.code'), dataIndex: 'code', width: 110 },
    {
      title: ut('ur.item'),
      dataIndex: 'name',
      render: (_: unknown, r) => (r.depth === 0 ? <strong>{r.name}</strong> : r.name),
    },
    {
      title: ut('ur.max'),
      dataIndex: 'maxPoints',
      align: 'right',
      render: (v: number) => pointsNumber(v, lang),
    },
    {
      title: ut('ur.achieved'),
      dataIndex: 'finalPoints',
      align: 'right',
      render: (v: number) => pointsNumber(v, lang),
    },
    {
      title: ut('ur.lostVsMax'),
      dataIndex: 'lostVsMax',
      align: 'right',
      render: (v: number) => (
        <span style={v > 0 ? { color: LOSS_COLOR, fontWeight: 600 } : muted}>{pointsNumber(v, lang)}</span>
      ),
    },
    ...(showAbove
      ? [
          {
            title: ut('ur.abovePoints'),
            dataIndex: 'abovePoints',
            align: 'right' as const,
            render: (v: number | null) => (v === null ? '—' : pointsNumber(v, lang)),
          },
          {
            title: ut('ur.gapVsAbove'),
            dataIndex: 'gapVsAbove',
            align: 'right' as const,
            render: (v: number | null) =>
              v === null ? (
                '—'
              ) : (
                <span style={v > 0 ? { color: LOSS_COLOR } : undefined}>{signedNumber(v, lang)}</span>
              ),
          },
        ]
      : []),
  ];

  const above = view.above;
  return (
    <section aria-labelledby="unit-why-heading" data-testid="unit-why">
      <Card
        title={
          <h2 id="unit-why-heading" style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
            {ut('ur.whyTitle')}
          </h2>
        }
      >
        <p style={{ marginTop: 0 }}>
          {ut('ur.whyIntro', {
            points: formatPoints(view.final.points, lang),
            max: formatPoints(view.final.maxPoints, lang),
            index: formatPercent(view.final.indexPercent, lang),
            lost: formatPoints(totalLost, lang),
          })}
        </p>
        {above ? (
          <p data-testid="unit-why-above">
            {ut('ur.whyAbove', {
              name: above.unitName ? ut('ur.whyAboveName', { name: above.unitName }) : '',
              rank: above.rank,
              index: formatPercent(above.indexPercent, lang),
              gap: pointsNumber(above.indexPercent - view.final.indexPercent, lang),
            })}{' '}
            {showAbove ? ut('ur.whyAboveFields') : null}
          </p>
        ) : view.rank === 1 ? (
          <p data-testid="unit-why-first">{ut('ur.whyFirst')}</p>
        ) : (
          <Alert type="info" showIcon title={ut('ur.whyAboveHidden')} style={{ marginBottom: 12 }} />
        )}
        {losses.length > 0 ? (
          <figure style={{ margin: '0 0 16px' }}>
            <figcaption>
              <h3 style={{ fontSize: 14, margin: '0 0 8px' }}>{ut('ur.whyChartTitle')}</h3>
            </figcaption>
            <EChart
              option={option}
              label={ut('ur.whyChartLabel', { count: losses.length })}
              height={Math.max(160, losses.length * (chartGaps ? 44 : 32) + (chartGaps ? 48 : 24))}
              testId="unit-why-chart"
            />
          </figure>
        ) : (
          <p data-testid="unit-why-no-loss">{ut('ur.whyNoLoss')}</p>
        )}
        <div ref={tableRef} data-testid="unit-why-table">
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
            }}
            onRow={(r) => ({ 'data-testid': `unit-why-row-${r.code}` }) as HTMLAttributes<HTMLElement>}
          />
        </div>
        {view.final.bonus !== 0 ||
        view.final.penalty !== 0 ||
        (above && ((above.bonus ?? 0) !== 0 || (above.penalty ?? 0) !== 0)) ? (
          <div style={{ marginTop: 12 }} data-testid="unit-why-bonus">
            <h3 style={{ fontSize: 14, margin: '0 0 4px' }}>{ut('ur.bonusPenalty')}</h3>
            <p style={{ margin: 0 }}>
              {ut('ur.bonusPenaltyText', {
                bonus: formatPoints(view.final.bonus, lang),
                penalty: formatPoints(view.final.penalty, lang),
              })}
              {above && above.bonus !== null && above.penalty !== null ? (
                <>
                  {' '}
                  {ut('ur.bonusPenaltyAbove', {
                    bonus: formatPoints(above.bonus, lang),
                    penalty: formatPoints(above.penalty, lang),
                    diff: signedNumber(
                      above.bonus - above.penalty - (view.final.bonus - view.final.penalty),
                      lang,
                    ),
                  })}
                </>
              ) : null}
            </p>
          </div>
        ) : null}
      </Card>
    </section>
  );
}
