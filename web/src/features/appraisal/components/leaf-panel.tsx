import {
  EyeInvisibleOutlined,
  EyeOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  LeftOutlined,
  RightOutlined,
} from '@ant-design/icons';
import type { AppraisalView, LeafAppraisalView } from '@cchc/domain/api/appraisal';
import type { EvidenceView } from '@cchc/domain/api/scorecards';
import { DECISION_KIND_LABELS } from '@cchc/domain/appraisal/appraisal';
import { Alert, Button, Card, Flex, Tag } from 'antd';
import { useId, useState } from 'react';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError } from '../../../lib/api-client';
import { formatDate, formatDateTime, formatPoints } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { evidenceFileUrl } from '../api';
import { useAT } from '../i18n';
import { DecisionForm } from './decision-form';
import { ExplanationBlock, ExplanationRequestForm } from './explanation';
import { LeafHistory } from './history';
import { formatBytes, Heading, INLINE_TYPES, labelStyle, mutedStyle } from './shared';

export interface EvidenceState {
  items: readonly EvidenceView[] | undefined;
  error: unknown;
}

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div style={{ marginBottom: 6 }} data-testid={testId}>
      <div style={labelStyle}>{label}</div>
      <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{children}</div>
    </div>
  );
}

function SelfSide({ leaf }: { leaf: LeafAppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const headingId = useId();
  const s = leaf.self;
  return (
    <section aria-labelledby={headingId} data-testid="leaf-self">
      <Heading level={3} id={headingId}>
        {at('self.heading')}
      </Heading>
      {s.naClaimed ? (
        <>
          <Row label={at('self.points')} testId="leaf-self-points">
            <Tag style={{ marginInlineEnd: 0 }}>{at('self.naClaimed')}</Tag>
          </Row>
          <Row label={at('self.naReason')}>{s.naReason || '—'}</Row>
        </>
      ) : (
        <Row label={at('self.points')} testId="leaf-self-points">
          <strong style={{ fontSize: 16 }}>
            {s.points === null ? at('self.notAnswered') : formatPoints(s.points, lang)}
          </strong>
        </Row>
      )}
      {s.explanation ? <Row label={at('self.explanation')}>{s.explanation}</Row> : null}
      {s.note ? (
        <Row label={at('self.note')} testId="leaf-self-note">
          {s.note}
        </Row>
      ) : null}
      {s.noEvidenceReason ? (
        <Row label={at('self.noEvidenceReason')} testId="leaf-self-no-evidence-reason">
          {s.noEvidenceReason}
        </Row>
      ) : null}
    </section>
  );
}

function FileIcon({ ev }: { ev: EvidenceView }) {
  const style = { fontSize: 18, color: '#1d4e89' };
  if (ev.kind === 'DOCUMENT_REF') {
    return <FileTextOutlined style={style} aria-hidden />;
  }
  if (ev.mimeType === 'application/pdf') {
    return <FilePdfOutlined style={{ ...style, color: '#b3261e' }} aria-hidden />;
  }
  if (ev.mimeType?.startsWith('image/')) {
    return <FileImageOutlined style={style} aria-hidden />;
  }
  return <FileOutlined style={style} aria-hidden />;
}

/** One piece of evidence: download, open in a new tab (PDF, images), or an image preview in place. */
function EvidenceRow({ scorecardId, ev }: { scorecardId: string; ev: EvidenceView }) {
  const at = useAT();
  const lang = useLang();
  const [preview, setPreview] = useState(false);
  const inline = ev.kind === 'FILE' && ev.mimeType !== null && INLINE_TYPES.has(ev.mimeType);
  const isImage = inline && ev.mimeType?.startsWith('image/');
  const meta: string[] = [];
  if (ev.kind === 'DOCUMENT_REF') {
    meta.push(
      at('evidence.ref', {
        number: ev.docNumber ?? '',
        date: formatDate(ev.effectiveDate, lang),
        issuer: ev.issuer ?? '',
      }),
    );
  } else {
    if (ev.filename) {
      meta.push(ev.filename);
    }
    if (ev.sizeBytes !== null) {
      meta.push(formatBytes(ev.sizeBytes, lang));
    }
    if (ev.effectiveDate) {
      meta.push(formatDate(ev.effectiveDate, lang));
    }
  }
  return (
    <li style={{ padding: '6px 0', borderTop: '1px solid #eef0f3' }} data-testid={`evidence-${ev.id}`}>
      <Flex gap={8} align="flex-start">
        <FileIcon ev={ev} />
        <Flex vertical gap={0} style={{ flex: 1, minWidth: 0 }}>
          {ev.kind === 'FILE' ? (
            <a
              href={evidenceFileUrl(scorecardId, ev.id, inline)}
              target={inline ? '_blank' : undefined}
              rel={inline ? 'noopener' : undefined}
              download={inline ? undefined : true}
              style={{ fontWeight: 500, wordBreak: 'break-word' }}
              data-testid={`evidence-link-${ev.id}`}
            >
              {ev.title}
            </a>
          ) : (
            <span style={{ fontWeight: 500, wordBreak: 'break-word' }}>{ev.title}</span>
          )}
          <span style={{ ...mutedStyle, wordBreak: 'break-word' }}>{meta.join(' · ')}</span>
          <span style={mutedStyle}>
            {at('evidence.uploadedBy', { name: ev.uploadedByName, at: formatDateTime(ev.uploadedAt, lang) })}
          </span>
        </Flex>
        {isImage ? (
          <Button
            size="small"
            type="link"
            icon={preview ? <EyeInvisibleOutlined /> : <EyeOutlined />}
            aria-expanded={preview}
            onClick={() => setPreview((p) => !p)}
            aria-label={`${preview ? at('evidence.hidePreview') : at('evidence.preview')}: ${ev.title}`}
          >
            {preview ? at('evidence.hidePreview') : at('evidence.preview')}
          </Button>
        ) : null}
        {ev.kind === 'FILE' && inline ? (
          <Button
            size="small"
            type="link"
            href={evidenceFileUrl(scorecardId, ev.id)}
            download
            aria-label={`${at('evidence.download')}: ${ev.title}`}
          >
            {at('evidence.download')}
          </Button>
        ) : null}
      </Flex>
      {preview && isImage ? (
        <img
          src={evidenceFileUrl(scorecardId, ev.id, true)}
          alt={at('evidence.previewOf', { title: ev.title })}
          style={{
            display: 'block',
            maxWidth: '100%',
            maxHeight: 480,
            marginTop: 6,
            border: '1px solid #e3e8ef',
          }}
        />
      ) : null}
    </li>
  );
}

function EvidenceSide({
  scorecardId,
  leafCode,
  evidence,
}: {
  scorecardId: string;
  leafCode: string;
  evidence: EvidenceState;
}) {
  const at = useAT();
  const lang = useLang();
  const headingId = useId();
  const items = (evidence.items ?? []).filter((e) => e.leafCode === leafCode);
  return (
    <section aria-labelledby={headingId} data-testid="leaf-evidence" style={{ marginTop: 12 }}>
      <Heading level={3} id={headingId}>
        {at('evidence.heading', { count: items.length })}
      </Heading>
      {evidence.error ? (
        <Alert
          type="error"
          showIcon
          title={at('evidence.loadError')}
          description={describeError(evidence.error, lang)}
        />
      ) : evidence.items === undefined ? (
        <span style={mutedStyle}>…</span>
      ) : items.length === 0 ? (
        <span style={mutedStyle}>{at('evidence.none')}</span>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((ev) => (
            <EvidenceRow key={ev.id} scorecardId={scorecardId} ev={ev} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ResultSide({ leaf }: { leaf: LeafAppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const headingId = useId();
  const value = (v: number | null | undefined) =>
    v === undefined ? at('result.notYet') : v === null ? at('result.na') : formatPoints(v, lang);
  const changed = leaf.final !== undefined && leaf.final !== leaf.appraised;
  return (
    <section aria-labelledby={headingId} data-testid="leaf-result" style={{ marginBottom: 12 }}>
      <Heading level={3} id={headingId}>
        {at('result.heading')}
      </Heading>
      <Flex gap={24} wrap>
        <Row label={at('result.appraised')} testId="leaf-appraised">
          <strong style={{ fontSize: 16 }}>{value(leaf.appraised)}</strong>
        </Row>
        {changed ? (
          <Row label={at('result.final')} testId="leaf-final">
            <strong style={{ fontSize: 16 }}>{value(leaf.final)}</strong>
          </Row>
        ) : null}
      </Flex>
      {leaf.current ? (
        <div style={mutedStyle}>
          {at('decision.current', {
            kind: DECISION_KIND_LABELS[leaf.current.kind][lang],
            by: leaf.current.byName,
            at: formatDateTime(leaf.current.at, lang),
          })}
        </div>
      ) : null}
      {leaf.evidenceInsufficient ? (
        <div style={{ marginTop: 4 }} data-testid="leaf-evidence-insufficient">
          <StatusTag status="warning">{at('result.evidenceInsufficient')}</StatusTag>
        </div>
      ) : null}
    </section>
  );
}

/** The selected leaf: the unit's side and the appraisal side by side, then the explanation and history. */
export function LeafPanel({
  view,
  leaf,
  evidence,
  prev,
  next,
  onSelect,
}: {
  view: AppraisalView;
  leaf: LeafAppraisalView;
  evidence: EvidenceState;
  prev: string | null;
  next: string | null;
  onSelect: (code: string) => void;
}) {
  const at = useAT();
  const lang = useLang();
  const canRequest =
    leaf.explanation === null &&
    view.status === 'IN_REVIEW' &&
    view.allowedActions.includes('appraisal.requestExplanation');
  return (
    <Card size="small" data-testid="leaf-panel" styles={{ body: { padding: 16 } }}>
      <Flex justify="space-between" gap={12} align="flex-start" wrap style={{ marginBottom: 12 }}>
        <div style={{ flex: 1, minWidth: 240 }}>
          {leaf.path.length > 0 ? (
            <div style={mutedStyle}>
              <span className="sr-only">{at('leaf.path')}: </span>
              {leaf.path.join(' › ')}
            </div>
          ) : null}
          <Heading level={2} style={{ margin: '2px 0' }}>
            <span tabIndex={-1} data-testid="leaf-title" style={{ outline: 'none' }}>
              {leaf.leafCode} {leaf.name}
            </span>
          </Heading>
          <Flex gap={8} wrap align="center" style={mutedStyle}>
            <span>{at('leaf.max', { points: formatPoints(leaf.maxPoints, lang) })}</span>
            {leaf.kind !== 'CRITERION' ? (
              <Tag style={{ marginInlineEnd: 0 }}>{at(`leaf.kind.${leaf.kind}`)}</Tag>
            ) : null}
          </Flex>
        </div>
        <Flex gap={4}>
          <Button
            size="small"
            icon={<LeftOutlined />}
            disabled={prev === null}
            onClick={() => prev && onSelect(prev)}
            aria-label={at('leaf.prev')}
            data-testid="leaf-prev"
          />
          <Button
            size="small"
            icon={<RightOutlined />}
            disabled={next === null}
            onClick={() => next && onSelect(next)}
            aria-label={at('leaf.next')}
            data-testid="leaf-next"
          />
        </Flex>
      </Flex>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: 20 }}>
        <div style={{ minWidth: 0 }}>
          <SelfSide leaf={leaf} />
          <EvidenceSide scorecardId={view.scorecardId} leafCode={leaf.leafCode} evidence={evidence} />
        </div>
        <div style={{ minWidth: 0 }}>
          <ResultSide leaf={leaf} />
          {leaf.canDecide ? <DecisionForm key={leaf.leafCode} view={view} leaf={leaf} /> : null}
          {canRequest ? (
            <div style={{ marginTop: 16, paddingTop: 12, borderTop: '1px solid #eef0f3' }}>
              <ExplanationRequestForm key={leaf.leafCode} view={view} leaf={leaf} />
            </div>
          ) : null}
        </div>
      </div>
      {leaf.explanation ? (
        <div style={{ marginTop: 16 }}>
          <ExplanationBlock key={leaf.explanation.id} view={view} explanation={leaf.explanation} />
        </div>
      ) : null}
      <div style={{ marginTop: 16, paddingTop: 12, borderTop: '1px solid #eef0f3' }}>
        <LeafHistory view={view} leaf={leaf} />
      </div>
    </Card>
  );
}
