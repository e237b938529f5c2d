import {
  ADJUSTMENT_REASON_LABELS,
  type AppraisalView,
  type LeafAppraisalView,
} from '@cchc/domain/api/appraisal';
import { DECISION_KIND_LABELS, REVIEW_STAGE_LABELS } from '@cchc/domain/appraisal/appraisal';
import { useId } from 'react';
import { formatDate, formatDateTime, formatPoints } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useAT } from '../i18n';
import { AttachmentList, Heading, mutedStyle } from './shared';

interface HistoryEvent {
  key: string;
  at: string | null;
  color: string;
  title: React.ReactNode;
  body?: React.ReactNode;
  by?: string;
}

/**
 * The chain of one leaf: the unit's self-score, then every decision (round 1, round 2, council,
 * amendments) and the explanation exchange, in time order — who, when and why.
 */
export function LeafHistory({ view, leaf }: { view: AppraisalView; leaf: LeafAppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const headingId = useId();
  const na = at('result.na');
  const events: HistoryEvent[] = [];
  for (const d of leaf.decisions) {
    const value = d.points === null ? na : formatPoints(d.points, lang);
    events.push({
      key: d.id,
      at: d.at,
      color: d.stage === 'COUNCIL' || d.stage === 'AMENDMENT' ? '#6a1b9a' : '#1d4e89',
      title: (
        <>
          <strong>{REVIEW_STAGE_LABELS[d.stage][lang]}</strong>:{' '}
          {DECISION_KIND_LABELS[d.kind][lang].toLowerCase()} — <strong>{value}</strong>
          {d.specialCaseId ? ` (${at('history.specialCase')})` : ''}
          {d.amendmentId ? ` (${at('history.amendment')})` : ''}
        </>
      ),
      body:
        d.reasonCode || d.reason || d.evidenceInsufficient ? (
          <>
            {d.reasonCode ? <div>{ADJUSTMENT_REASON_LABELS[d.reasonCode][lang]}</div> : null}
            {d.reason ? <div style={{ whiteSpace: 'pre-wrap' }}>{d.reason}</div> : null}
            {d.evidenceInsufficient && d.reasonCode !== 'EVIDENCE_INSUFFICIENT' ? (
              <div style={{ color: '#7a3e00' }}>{at('result.evidenceInsufficient')}</div>
            ) : null}
          </>
        ) : undefined,
      by: d.byName,
    });
  }
  const x = leaf.explanation;
  if (x) {
    events.push({
      key: `${x.id}-q`,
      at: x.requestedAt,
      color: '#b26a00',
      title: <strong>{at('history.request', { date: formatDate(x.dueDate, lang) })}</strong>,
      body: <div style={{ whiteSpace: 'pre-wrap' }}>{x.question}</div>,
      by: x.requestedByName,
    });
    if (x.respondedAt) {
      events.push({
        key: `${x.id}-a`,
        at: x.respondedAt,
        color: '#2e7d32',
        title: <strong>{at('history.response')}</strong>,
        body: (
          <>
            <div style={{ whiteSpace: 'pre-wrap' }}>{x.response}</div>
            <AttachmentList files={x.files} canDelete={false} />
          </>
        ),
        by: x.respondedByName ?? undefined,
      });
    }
  }
  events.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
  const selfValue = leaf.self.naClaimed
    ? null
    : leaf.self.points === null
      ? at('self.notAnswered')
      : formatPoints(leaf.self.points, lang);
  const all: HistoryEvent[] = [
    {
      key: 'self',
      at: view.submittedAt,
      color: '#5b6b7f',
      title: leaf.self.naClaimed ? (
        <strong>{at('history.selfNa')}</strong>
      ) : (
        <>
          <strong>{at('history.self')}</strong>: <strong>{selfValue}</strong>
        </>
      ),
      body:
        leaf.self.naClaimed && leaf.self.naReason ? (
          <div style={{ whiteSpace: 'pre-wrap' }}>{leaf.self.naReason}</div>
        ) : undefined,
      by: view.unit.name,
    },
    ...events,
  ];

  return (
    <section aria-labelledby={headingId} data-testid="leaf-history">
      <Heading level={3} id={headingId}>
        {at('history.heading')}
      </Heading>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {all.map((e, i) => (
          <li
            key={e.key}
            style={{
              display: 'flex',
              gap: 10,
              position: 'relative',
              paddingBottom: i === all.length - 1 ? 0 : 12,
            }}
            data-testid={`history-${e.key === 'self' ? 'self' : 'event'}`}
          >
            <span
              aria-hidden
              style={{
                flex: 'none',
                width: 10,
                height: 10,
                marginTop: 6,
                borderRadius: '50%',
                border: `2px solid ${e.color}`,
                background: '#fff',
                zIndex: 1,
              }}
            />
            {i < all.length - 1 ? (
              <span
                aria-hidden
                style={{
                  position: 'absolute',
                  insetInlineStart: 4,
                  top: 16,
                  bottom: 0,
                  width: 2,
                  background: '#e3e8ef',
                }}
              />
            ) : null}
            <div style={{ flex: 1, minWidth: 0, fontSize: 13 }}>
              <div>{e.title}</div>
              {e.body ? <div style={{ marginTop: 2 }}>{e.body}</div> : null}
              <div style={mutedStyle}>
                {e.by && e.at
                  ? at('history.by', { name: e.by, at: formatDateTime(e.at, lang) })
                  : (e.by ?? formatDateTime(e.at, lang))}
              </div>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
