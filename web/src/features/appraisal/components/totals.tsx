import type { TotalsView } from '@cchc/domain/api/appraisal';
import { Card, Flex, Progress } from 'antd';
import { formatPercent, formatPoints } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useAT } from '../i18n';
import { pointsNumber } from '../model';
import { Heading, mutedStyle } from './shared';

const ACCENT = { self: '#5b6b7f', appraised: '#1d4e89', final: '#2e7d32' } as const;

function TotalCard({
  kind,
  title,
  totals,
}: {
  kind: 'self' | 'appraised' | 'final';
  title: string;
  totals: TotalsView;
}) {
  const at = useAT();
  const lang = useLang();
  return (
    <Card
      size="small"
      style={{ flex: '1 1 220px', minWidth: 200, borderTop: `3px solid ${ACCENT[kind]}` }}
      data-testid={`totals-${kind}`}
    >
      <Flex vertical gap={2}>
        <Heading level={3} style={{ margin: 0, fontSize: 14, color: 'rgba(0,0,0,0.7)' }}>
          {title}
        </Heading>
        <span style={{ fontSize: 20, fontWeight: 600 }} data-testid={`totals-${kind}-points`}>
          {formatPoints(totals.points, lang)}
          <span style={{ ...mutedStyle, fontSize: 13, fontWeight: 400 }}>
            {' '}
            / {pointsNumber(totals.maxPoints, lang)}
          </span>
        </span>
        <Flex gap={12} wrap align="baseline">
          <span>
            <span style={mutedStyle}>{at('totals.index')}: </span>
            <strong data-testid={`totals-${kind}-index`}>{formatPercent(totals.indexPercent, lang)}</strong>
          </span>
          <span>
            <span style={mutedStyle}>{at('totals.band')}: </span>
            <strong data-testid={`totals-${kind}-band`}>{totals.band ?? at('totals.noBand')}</strong>
          </span>
        </Flex>
        <Progress
          percent={Math.max(0, Math.min(100, totals.indexPercent / 100))}
          showInfo={false}
          size="small"
          strokeColor={ACCENT[kind]}
          aria-label={`${title}: ${at('totals.index')} ${formatPercent(totals.indexPercent, lang)}`}
        />
        {totals.bonus !== 0 || totals.penalty !== 0 ? (
          <span style={mutedStyle}>
            {at('totals.bonusPenalty', {
              bonus: pointsNumber(totals.bonus, lang),
              penalty: pointsNumber(totals.penalty, lang),
            })}
          </span>
        ) : null}
      </Flex>
    </Card>
  );
}

/** Self, appraised and final totals side by side (three permanent values, never one overwritten). */
export function TotalsRow({
  self,
  appraised,
  final,
}: {
  self: TotalsView;
  appraised: TotalsView;
  final: TotalsView;
}) {
  const at = useAT();
  return (
    <section aria-labelledby="appraisal-totals-heading" style={{ marginBottom: 16 }}>
      <h2 id="appraisal-totals-heading" className="sr-only">
        {at('totals.heading')}
      </h2>
      <Flex gap={12} wrap>
        <TotalCard kind="self" title={at('totals.self')} totals={self} />
        <TotalCard kind="appraised" title={at('totals.appraised')} totals={appraised} />
        <TotalCard kind="final" title={at('totals.final')} totals={final} />
      </Flex>
    </section>
  );
}
