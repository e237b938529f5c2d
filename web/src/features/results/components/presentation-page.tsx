import {
  CloseOutlined,
  FullscreenExitOutlined,
  FullscreenOutlined,
  LeftOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { Button, Flex, Result, Spin, Switch, Tag } from 'antd';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { QueryError } from '../../../components/ui/query-error';
import { describeError, isApiError } from '../../../lib/api-client';
import { useDocumentTitle } from '../../../lib/document-title';
import { useLang } from '../../../lib/i18n';
import { useResults } from '../../council/api';
import { resultsPageUrl } from '../api';
import { useResultsT } from '../messages';
import { presentationSlides } from '../model';
import { BandsSlide, FitToBox, RankingSlide, TitleSlide } from './presentation-slides';
import { isPublished } from './ranking-tab';

const AUTO_PLAY_MS = 12_000;

/** /campaigns/:id/presentation — keyed by id like the other campaign pages. */
export function PresentationRoute() {
  const { id = '' } = useParams();
  return <PresentationPage key={id} campaignId={id} />;
}

/**
 * Full-screen presentation of the results for the announcement conference: the title, the
 * ranking ten units per slide, then the band distribution. Arrow keys, Space, Page Up/Down,
 * Home/End or the buttons move between slides; auto-play is off unless switched on; Esc leaves.
 */
export function PresentationPage({ campaignId }: { campaignId: string }) {
  const t = useResultsT();
  const lang = useLang();
  const navigate = useNavigate();
  const autoId = useId();
  const results = useResults(campaignId);
  const [index, setIndex] = useState(0);
  const [auto, setAuto] = useState(false);
  const [fullscreen, setFullscreen] = useState(false);
  useDocumentTitle(t('present.pageTitle'));

  const slides = useMemo(() => (results.data ? presentationSlides(results.data) : []), [results.data]);
  const last = Math.max(0, slides.length - 1);
  const go = useCallback((to: number) => setIndex(Math.min(Math.max(0, to), last)), [last]);
  const leave = useCallback(() => navigate(resultsPageUrl(campaignId)), [navigate, campaignId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) {
        return;
      }
      const target = e.target as HTMLElement | null;
      const onControl = target?.closest('button, [role="switch"], a, input') !== null;
      if (e.key === 'ArrowRight' || e.key === 'PageDown' || (e.key === ' ' && !onControl)) {
        e.preventDefault();
        setIndex((i) => Math.min(i + 1, last));
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        e.preventDefault();
        setIndex((i) => Math.max(i - 1, 0));
      } else if (e.key === 'Home') {
        setIndex(0);
      } else if (e.key === 'End') {
        setIndex(last);
      } else if (e.key === 'Escape' && !document.fullscreenElement) {
        leave();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [last, leave]);

  useEffect(() => {
    if (!auto) {
      return;
    }
    const timer = window.setInterval(() => setIndex((i) => (i >= last ? i : i + 1)), AUTO_PLAY_MS);
    return () => window.clearInterval(timer);
  }, [auto, last]);

  useEffect(() => {
    const onChange = () => setFullscreen(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) {
      void document.exitFullscreen();
    } else {
      void document.documentElement.requestFullscreen?.().catch(() => undefined);
    }
  };

  if (results.isPending) {
    return (
      <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin size="large" />
      </main>
    );
  }
  if (results.isError) {
    return (
      <main style={{ maxWidth: 720, margin: '80px auto', padding: 16 }}>
        {isApiError(results.error) && results.error.status < 500 ? (
          <Result
            status="warning"
            title={describeError(results.error, lang)}
            extra={<Button onClick={leave}>{t('present.exit')}</Button>}
          />
        ) : (
          <QueryError error={results.error} onRetry={() => void results.refetch()} />
        )}
      </main>
    );
  }

  const view = results.data;
  const slide = slides[Math.min(index, last)] ?? slides[0];
  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        background: '#ffffff',
        color: '#111827',
      }}
      data-testid="presentation"
    >
      <Flex
        justify="space-between"
        align="center"
        gap={12}
        wrap
        style={{ padding: '10px 24px', borderBottom: '1px solid #d1d5db', background: '#f8fafc' }}
      >
        <Flex gap={10} align="center" style={{ fontSize: 16, minWidth: 0 }}>
          <strong style={{ color: '#0b3a6e' }}>{view.campaignCode}</strong>
          {isPublished(view) ? null : (
            <Tag color="orange" style={{ color: '#7a3e00' }}>
              {t('present.draft')}
            </Tag>
          )}
          <span aria-live="polite" data-testid="presentation-counter">
            {t('present.counter', { n: index + 1, total: slides.length })}
          </span>
        </Flex>
        <Flex gap={8} align="center" wrap>
          <Button
            icon={<LeftOutlined />}
            onClick={() => go(index - 1)}
            disabled={index === 0}
            data-testid="presentation-prev"
          >
            {t('present.prev')}
          </Button>
          <Button
            type="primary"
            icon={<RightOutlined />}
            iconPlacement="end"
            onClick={() => go(index + 1)}
            disabled={index >= last}
            data-testid="presentation-next"
          >
            {t('present.next')}
          </Button>
          <Flex gap={6} align="center" style={{ marginInline: 8 }}>
            <Switch id={autoId} checked={auto} onChange={setAuto} data-testid="presentation-auto" />
            <label htmlFor={autoId}>{t('present.auto', { seconds: AUTO_PLAY_MS / 1000 })}</label>
          </Flex>
          <Button
            icon={fullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
            onClick={toggleFullscreen}
          >
            {fullscreen ? t('present.exitFullscreen') : t('present.fullscreen')}
          </Button>
          <Button icon={<CloseOutlined />} onClick={leave} data-testid="presentation-exit">
            {t('present.exit')}
          </Button>
        </Flex>
      </Flex>
      <section
        aria-roledescription={t('present.slide')}
        aria-label={t('present.counter', { n: index + 1, total: slides.length })}
        data-testid="presentation-page"
        data-slide={index}
        data-kind={slide?.kind}
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', padding: '3vh 4vw' }}
      >
        <FitToBox key={index}>
          {slide?.kind === 'title' ? <TitleSlide view={view} /> : null}
          {slide?.kind === 'ranking' ? <RankingSlide view={view} slide={slide} /> : null}
          {slide?.kind === 'bands' ? <BandsSlide view={view} /> : null}
        </FitToBox>
      </section>
      <p style={{ margin: 0, padding: '6px 24px 10px', fontSize: 14, color: '#4b5563' }}>
        {t('present.keysHint')}
      </p>
    </main>
  );
}
