import { Typography } from 'antd';
import { useLang } from '../../../lib/i18n';
import { useResultsT } from '../messages';
import { plainNumber } from '../model';

/**
 * The change of the index vs the previous campaign in percentage points: an arrow and a signed
 * number in text (▲ +2,15 / ▼ −1,08 / = 0,00), colour only as a second cue, and a spoken word
 * (tăng / giảm / không đổi) for screen readers.
 */
export function DeltaText({ delta, size = 14 }: { delta: number | null; size?: number }) {
  const t = useResultsT();
  const lang = useLang();
  if (delta === null) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: size }} title={t('delta.newTitle')}>
        <span aria-hidden="true">—</span>
        <span className="sr-only">{t('delta.newTitle')}</span>
      </Typography.Text>
    );
  }
  const value = plainNumber(delta, lang);
  const [arrow, sign, color, word] =
    delta > 0
      ? ['▲', '+', '#1b6e3a', t('delta.up', { value })]
      : delta < 0
        ? ['▼', '−', '#b3261e', t('delta.down', { value })]
        : ['=', '', 'rgba(0,0,0,0.65)', t('delta.same')];
  return (
    <span
      title={word}
      data-delta={delta}
      style={{ color, fontSize: size, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
    >
      <span aria-hidden="true">
        {arrow} {sign}
        {value}
      </span>
      <span className="sr-only">{word}</span>
    </span>
  );
}
