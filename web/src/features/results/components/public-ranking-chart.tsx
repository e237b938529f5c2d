import type { PublicResultRow } from '@cchc/domain/api/results';
import { Flex } from 'antd';
import { type CSSProperties, useMemo } from 'react';
import { EChart, type EChartOption } from '../../../components/charts/echart';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useUnitResultsT } from '../unit-messages';
import { bandBarColor, shortName, useNarrow } from '../unit-model';

const cell: CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #e5e7eb', textAlign: 'left' };
const numberCell: CSSProperties = { ...cell, textAlign: 'right', whiteSpace: 'nowrap' };

/**
 * The ranking as horizontal bars (rank order, one colour per band, the band named in the legend
 * and the table), with the same numbers as a plain table for keyboard and screen-reader users.
 */
export function PublicRankingChart({ rows, bands }: { rows: readonly PublicResultRow[]; bands: string[] }) {
  const ut = useUnitResultsT();
  const lang = useLang();
  const narrow = useNarrow();

  const option = useMemo<EChartOption>(() => {
    const percent = (v: number) => formatPercent(Math.round(v * 100), lang);
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number) => percent(v),
      },
      grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { color: '#404040', formatter: '{value}%' },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => `${r.rank}. ${narrow ? r.unitCode : shortName(r.unitName, 34)}`),
        axisLabel: { color: '#262626', width: narrow ? 80 : 260, overflow: 'truncate' },
        axisTick: { show: false },
      },
      series: [
        {
          name: ut('pub.index'),
          type: 'bar',
          barMaxWidth: 20,
          data: rows.map((r) => ({
            value: r.indexPercent / 100,
            itemStyle: { color: bandBarColor(r.band, bands) },
          })),
          label: {
            show: true,
            position: 'right',
            color: '#262626',
            formatter: (p: { value: number }) => percent(p.value),
          },
        },
      ],
    };
  }, [bands, lang, narrow, rows, ut]);

  return (
    <figure style={{ margin: 0 }} data-testid="public-chart">
      <EChart
        option={option}
        label={ut('pub.chartLabel', { count: rows.length })}
        height={Math.max(160, rows.length * 30 + 40)}
        testId="public-ranking-chart"
      />
      <figcaption>
        <Flex gap={16} wrap style={{ margin: '8px 0 12px' }}>
          {bands.map((band) => (
            <Flex key={band} align="center" gap={6}>
              <span
                aria-hidden
                style={{
                  width: 14,
                  height: 14,
                  borderRadius: 3,
                  background: bandBarColor(band, bands),
                  display: 'inline-block',
                }}
              />
              <span>{band}</span>
            </Flex>
          ))}
        </Flex>
      </figcaption>
      <details data-testid="public-chart-table">
        <summary style={{ cursor: 'pointer', color: '#1d4e89', fontWeight: 600 }}>
          {ut('pub.chartTable')}
        </summary>
        <div style={{ overflowX: 'auto', marginTop: 8 }}>
          <table style={{ borderCollapse: 'collapse', width: '100%', maxWidth: 720 }}>
            <caption className="sr-only">{ut('pub.chartTitle')}</caption>
            <thead>
              <tr>
                <th scope="col" style={numberCell}>
                  {ut('pub.rank')}
                </th>
                <th scope="col" style={cell}>
                  {ut('pub.unit')}
                </th>
                <th scope="col" style={numberCell}>
                  {ut('pub.index')}
                </th>
                <th scope="col" style={cell}>
                  {ut('pub.band')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.unitCode}>
                  <td style={numberCell}>{r.rank}</td>
                  <th scope="row" style={{ ...cell, fontWeight: 400 }}>
                    {r.unitName}
                  </th>
                  <td style={numberCell}>{formatPercent(r.indexPercent, lang)}</td>
                  <td style={cell}>{r.band ?? ut('pub.noBand')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
