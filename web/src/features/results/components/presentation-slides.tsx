import type { ResultsPage } from '@cchc/domain/api/results';
import { type CSSProperties, type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { formatDate, formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { pointsNumber } from '../../council/model';
import { useResultsPage } from '../api';
import { useResultsT } from '../messages';
import {
  bandColor,
  bandDistribution,
  groupNamer,
  PRESENTATION_PER_PAGE,
  type PresentationSlide,
} from '../model';

/** The slides of the presentation view: large dark text on white, sized to the screen height. */
const INK = '#111827';
const BLUE = '#0b3a6e';
const heading: CSSProperties = {
  fontSize: 'clamp(28px, 5vh, 56px)',
  color: BLUE,
  margin: '0 0 2vh',
  lineHeight: 1.2,
};

/**
 * Centres a slide in the space left by the controls and, when a long page (wrapped unit names, a
 * small screen) would not fit, scales it down so that nothing is cut off.
 */
export function FitToBox({ children }: { children: ReactNode }) {
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  useLayoutEffect(() => {
    const fit = () => {
      const box = outer.current;
      const content = inner.current;
      if (box && content) {
        const h = content.scrollHeight;
        setScale(h > box.clientHeight ? box.clientHeight / h : 1);
      }
    };
    fit();
    const observer = new ResizeObserver(fit);
    if (outer.current) {
      observer.observe(outer.current);
    }
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={outer}
      style={{ flex: 1, minHeight: 0, display: 'flex', alignItems: 'center', overflow: 'hidden' }}
    >
      <div
        ref={inner}
        style={{
          width: '100%',
          transform: scale < 1 ? `scale(${scale})` : undefined,
          transformOrigin: 'center',
        }}
      >
        {children}
      </div>
    </div>
  );
}

export function TitleSlide({ view }: { view: ResultsPage }) {
  const t = useResultsT();
  const lang = useLang();
  const a = view.announcement;
  return (
    <div style={{ textAlign: 'center', maxWidth: 1400, margin: 'auto' }}>
      <p style={{ fontSize: 'clamp(18px, 2.6vh, 30px)', color: INK, margin: 0, letterSpacing: 1 }}>
        {t('present.kicker')}
      </p>
      <h1 style={{ ...heading, fontSize: 'clamp(34px, 6.5vh, 76px)', margin: '3vh 0' }}>
        {view.campaignName}
      </h1>
      {a ? (
        <>
          <p style={{ fontSize: 'clamp(22px, 3.6vh, 42px)', color: INK, margin: '1vh 0' }}>
            {t('publish.decisionText', { number: a.decisionNumber, date: formatDate(a.decisionDate, lang) })}
          </p>
          {a.announcedOn || a.place ? (
            <p style={{ fontSize: 'clamp(18px, 2.8vh, 32px)', color: '#374151', margin: '1vh 0' }}>
              {[a.announcedOn ? formatDate(a.announcedOn, lang) : null, a.place || null]
                .filter(Boolean)
                .join(' — ')}
            </p>
          ) : null}
        </>
      ) : (
        <p style={{ fontSize: 'clamp(18px, 2.8vh, 32px)', color: '#374151' }}>{t('publish.noDecision')}</p>
      )}
      <p style={{ fontSize: 'clamp(16px, 2.4vh, 28px)', color: '#374151', marginTop: '4vh' }}>
        {t('present.units', { count: view.stats.units })} ·{' '}
        {t(view.rankingScope === 'unitGroup' ? 'present.scopeGroup' : 'present.scopeAll')}
      </p>
    </div>
  );
}

export function RankingSlide({ view, slide }: { view: ResultsPage; slide: PresentationSlide }) {
  const page = useResultsPage(view.campaignId, {
    page: slide.part ?? 1,
    pageSize: PRESENTATION_PER_PAGE,
    sort: 'rank',
    order: 'asc',
    group: slide.groupCode ?? null,
    q: '',
  });
  // Not the previous slide's rows while this one loads.
  const rows = page.data && !page.isPlaceholderData ? page.data.rows : [];
  const t = useResultsT();
  const lang = useLang();
  const groupName = groupNamer(view);
  const cell: CSSProperties = {
    padding: '0.8vh 1vw',
    borderBottom: '2px solid #d1d5db',
    fontSize: 'clamp(18px, 3.2vh, 40px)',
    lineHeight: 1.25,
    color: INK,
    fontVariantNumeric: 'tabular-nums',
  };
  const head: CSSProperties = {
    ...cell,
    fontSize: 'clamp(14px, 2.2vh, 26px)',
    color: '#374151',
    fontWeight: 600,
    borderBottom: `3px solid ${BLUE}`,
  };
  const title = slide.groupCode ? groupName(slide.groupCode) : t('present.ranking');
  const part = slide.parts && slide.parts > 1 ? ` (${slide.part}/${slide.parts})` : '';
  return (
    <div style={{ width: '100%', maxWidth: 1600, margin: '0 auto' }}>
      <h2 style={heading}>
        {title}
        {part}
      </h2>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th style={{ ...head, textAlign: 'center', width: '7%' }}>{t('col.rank')}</th>
            <th style={{ ...head, textAlign: 'left' }}>{t('col.unit')}</th>
            <th style={{ ...head, textAlign: 'right', width: '13%' }}>{t('col.final')}</th>
            <th style={{ ...head, textAlign: 'right', width: '13%' }}>{t('col.index')}</th>
            <th style={{ ...head, textAlign: 'left', width: '16%' }}>{t('col.band')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.scorecardId} data-testid={`presentation-row-${r.unit.code}`}>
              <td style={{ ...cell, textAlign: 'center', fontWeight: 700, color: BLUE }}>{r.rank}</td>
              <td style={{ ...cell, fontWeight: 600 }}>{r.unit.name}</td>
              <td style={{ ...cell, textAlign: 'right' }}>{pointsNumber(r.finalPoints, lang)}</td>
              <td style={{ ...cell, textAlign: 'right', fontWeight: 700 }}>
                {formatPercent(r.indexPercent, lang)}
              </td>
              <td style={cell}>
                <span
                  style={{
                    display: 'inline-block',
                    width: '0.7em',
                    height: '0.7em',
                    borderRadius: 3,
                    marginInlineEnd: '0.4em',
                    background: bandColor(r.band, view.bands),
                  }}
                  aria-hidden="true"
                />
                {r.band ?? t('charts.noBand')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BandsSlide({ view }: { view: ResultsPage }) {
  const t = useResultsT();
  const dist = bandDistribution(view);
  const max = Math.max(1, ...dist.map((d) => d.count));
  return (
    <div style={{ width: '100%', maxWidth: 1400, margin: '0 auto' }}>
      <h2 style={heading}>{t('present.bands')}</h2>
      <ul
        style={{
          display: 'flex',
          flexDirection: 'column',
          gap: '2.2vh',
          listStyle: 'none',
          margin: 0,
          padding: 0,
        }}
      >
        {dist.map((d) => (
          <li
            key={d.band ?? 'none'}
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: '2vw',
              fontSize: 'clamp(20px, 3.6vh, 44px)',
              color: INK,
            }}
          >
            <span style={{ width: '22%', fontWeight: 600 }}>{d.band ?? t('charts.noBand')}</span>
            <span style={{ flex: 1, display: 'flex', alignItems: 'center', gap: '1vw' }}>
              <span
                aria-hidden="true"
                style={{
                  height: '5vh',
                  minWidth: d.count > 0 ? 8 : 0,
                  width: `${(d.count / max) * 70}%`,
                  background: bandColor(d.band, view.bands),
                  borderRadius: 4,
                }}
              />
              <strong style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {t('present.unitCount', { count: d.count })}
              </strong>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
