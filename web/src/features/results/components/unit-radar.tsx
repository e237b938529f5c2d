import type { UnitResultsView } from '@cchc/domain/api/results';
import { Card, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { EChart, type EChartOption } from '../../../components/charts/echart';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useUnitResultsT } from '../unit-messages';
import { shortName, signedPercentPoints, useNarrow } from '../unit-model';

type FieldRow = UnitResultsView['fields'][number];

const COLORS = { unit: '#1d4e89', average: '#a15c00', previous: '#6a3d9a' } as const;

/** Radar of the unit's field indices against the campaign average (and last year), with the table. */
export function UnitRadar({ view }: { view: UnitResultsView }) {
  const ut = useUnitResultsT();
  const lang = useLang();
  const narrow = useNarrow();
  const tableRef = useKeyboardScrollable(ut('ur.radarTitle'));
  // A field that does not apply to the unit has no point on the radar (it stays in the table).
  const applicable = useMemo(() => view.fields.filter((f) => f.percent !== null), [view.fields]);
  const hasPrevious = applicable.some((f) => f.previousPercent !== null);

  const option = useMemo<EChartOption>(() => {
    const value = (p: number | null) => (p === null ? '-' : p / 100);
    const series = [
      {
        name: ut('ur.seriesUnit'),
        value: applicable.map((f) => value(f.percent)),
        lineStyle: { width: 2.5, color: COLORS.unit },
        itemStyle: { color: COLORS.unit },
        areaStyle: { color: COLORS.unit, opacity: 0.15 },
        symbol: 'circle',
        symbolSize: 6,
      },
      {
        name: ut('ur.seriesAverage'),
        value: applicable.map((f) => value(f.average)),
        lineStyle: { width: 2, type: 'dashed', color: COLORS.average },
        itemStyle: { color: COLORS.average },
        symbol: 'diamond',
        symbolSize: 6,
      },
      ...(hasPrevious
        ? [
            {
              name: ut('ur.seriesPrevious'),
              value: applicable.map((f) => value(f.previousPercent)),
              lineStyle: { width: 2, type: 'dotted', color: COLORS.previous },
              itemStyle: { color: COLORS.previous },
              symbol: 'triangle',
              symbolSize: 6,
            },
          ]
        : []),
    ];
    return {
      color: [COLORS.unit, COLORS.average, COLORS.previous],
      tooltip: {
        trigger: 'item',
        valueFormatter: (v: number) => `${v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}%`,
      },
      legend: { bottom: 0, textStyle: { color: '#333' } },
      radar: {
        indicator: applicable.map((f) => ({
          name: narrow ? f.code : `${f.code}. ${shortName(f.name, 30)}`,
          max: 100,
          min: 0,
        })),
        radius: narrow ? '62%' : '72%',
        center: ['50%', '48%'],
        axisName: { color: '#262626', fontSize: narrow ? 12 : 12 },
        splitArea: { areaStyle: { color: ['#ffffff', '#f5f7fa'] } },
      },
      series: [{ type: 'radar', data: series }],
    };
  }, [applicable, hasPrevious, lang, narrow, ut]);

  const columns: ColumnsType<FieldRow> = [
    {
      title: ut('ur.field'),
      dataIndex: 'name',
      render: (_: unknown, f) => `${f.code}. ${f.name}`,
    },
    {
      title: ut('ur.fieldIndex'),
      dataIndex: 'percent',
      align: 'right',
      render: (_: unknown, f) =>
        f.percent === null ? ut('ur.notApplicable') : <strong>{formatPercent(f.percent, lang)}</strong>,
    },
    {
      title: ut('ur.fieldAverage'),
      dataIndex: 'average',
      align: 'right',
      render: (_: unknown, f) => (f.average === null ? '—' : formatPercent(f.average, lang)),
    },
    {
      title: ut('ur.fieldVsAverage'),
      key: 'vsAverage',
      align: 'right',
      render: (_: unknown, f) =>
        f.percent === null || f.average === null ? (
          '—'
        ) : (
          <span style={{ color: f.percent < f.average ? '#b3261e' : '#1b5e20' }}>
            {signedPercentPoints(f.percent - f.average, lang)}
          </span>
        ),
    },
    ...(view.previous
      ? [
          {
            title: ut('ur.fieldPrevious'),
            dataIndex: 'previousPercent',
            align: 'right' as const,
            render: (_: unknown, f: FieldRow) =>
              f.previousPercent === null ? '—' : formatPercent(f.previousPercent, lang),
          },
        ]
      : []),
  ];

  return (
    <section aria-labelledby="unit-radar-heading">
      <Card
        title={
          <h2 id="unit-radar-heading" style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
            {ut('ur.radarTitle')}
          </h2>
        }
      >
        <EChart
          option={option}
          label={ut('ur.radarLabel', { previous: hasPrevious ? ut('ur.radarPrevious') : '' })}
          height={narrow ? 340 : 480}
          testId="unit-radar"
        />
        <div ref={tableRef} style={{ marginTop: 12 }} data-testid="unit-radar-table">
          <Table<FieldRow>
            size="small"
            rowKey="code"
            columns={columns}
            dataSource={view.fields}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        </div>
      </Card>
    </section>
  );
}
