import type { ResultRow } from '@cchc/domain/api/results';
import { useMemo } from 'react';
import type { EChartOption } from '../../../components/charts/echart';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { pointsNumber } from '../../council/model';
import { useResultsT } from '../messages';
import { byIndex } from '../model';
import { ChartCard } from './chart-card';
import { DeltaText } from './delta';
import { dumbbellOption } from './dumbbell';
import { barsHeight } from './ranking-chart';

const SELF_COLOR = '#b45309';
const APPRAISED_COLOR = '#1d4e89';

/** Each unit's self-assessed index and its appraised index (a dumbbell), best unit on top. */
export function SelfVsAppraisedChart({ rows }: { rows: ResultRow[] }) {
  const t = useResultsT();
  const lang = useLang();
  const sorted = useMemo(() => byIndex(rows), [rows]);
  const option = useMemo<EChartOption>(
    () =>
      dumbbellOption({
        names: sorted.map((r) => r.unit.name),
        from: { name: t('charts.self'), color: SELF_COLOR, values: sorted.map((r) => r.selfIndexPercent) },
        to: {
          name: t('charts.appraised'),
          color: APPRAISED_COLOR,
          values: sorted.map((r) => r.appraisedIndexPercent),
        },
        tooltip: (i) => {
          const r = sorted[i];
          return r
            ? `${r.unit.name}<br/>${t('charts.self')}: ${formatPercent(r.selfIndexPercent, lang)} (${pointsNumber(r.selfPoints, lang)})<br/>${t('charts.appraised')}: ${formatPercent(r.appraisedIndexPercent, lang)} (${pointsNumber(r.appraisedPoints, lang)})`
            : '';
        },
      }),
    [sorted, lang, t],
  );

  return (
    <ChartCard<ResultRow>
      id="chart-self-vs-appraised"
      testId="chart-self-vs-appraised"
      title={t('charts.selfVsAppraised.title')}
      caption={t('charts.selfVsAppraised.caption')}
      option={option}
      height={barsHeight(sorted.length, 28) + 20}
      rowKey={(r) => r.scorecardId}
      tableRows={sorted}
      tableColumns={[
        { title: t('col.unit'), key: 'unit', render: (_, r) => r.unit.name },
        {
          title: t('charts.selfPoints'),
          key: 'self',
          align: 'right',
          render: (_, r) =>
            `${pointsNumber(r.selfPoints, lang)} (${formatPercent(r.selfIndexPercent, lang)})`,
        },
        {
          title: t('charts.appraisedPoints'),
          key: 'appraised',
          align: 'right',
          render: (_, r) =>
            `${pointsNumber(r.appraisedPoints, lang)} (${formatPercent(r.appraisedIndexPercent, lang)})`,
        },
        {
          title: t('charts.gap'),
          key: 'gap',
          align: 'right',
          render: (_, r) => <DeltaText delta={r.appraisedIndexPercent - r.selfIndexPercent} />,
        },
      ]}
    />
  );
}
