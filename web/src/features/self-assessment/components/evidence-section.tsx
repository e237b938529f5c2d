import {
  DeleteOutlined,
  EyeOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  InboxOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { type EvidenceView, SCORECARD_LIMITS } from '@cchc/domain/api/scorecards';
import { LIMITS } from '@cchc/domain/validation';
import { Alert, App, Button, DatePicker, Flex, Input, Popconfirm, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useId, useState } from 'react';
import { describeError } from '../../../lib/api-client';
import { formatDate, formatDateTime } from '../../../lib/format';
import { type Lang, useLang, useT } from '../../../lib/i18n';
import { evidenceFileUrl, useAddReference, useDeleteEvidence, useUploadEvidence } from '../api';

const PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;
const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);

export function formatBytes(bytes: number, lang: Lang): string {
  const nf = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${nf.format(bytes / 1024)} KB`;
  }
  return `${nf.format(bytes / (1024 * 1024))} MB`;
}

function FileIcon({ ev }: { ev: EvidenceView }) {
  const style = { fontSize: 20, color: '#1d4e89' };
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

interface Pending {
  uid: string;
  file: File;
  title: string;
  effectiveDate: string | null;
  error?: string;
}

let nextUid = 1;
const titleOf = (name: string) =>
  name
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim() || name;

/** One piece of evidence: what it is, its fingerprint, and how to open it. */
export function EvidenceItem({
  scorecardId,
  ev,
  canDelete,
}: {
  scorecardId: string;
  ev: EvidenceView;
  canDelete: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const remove = useDeleteEvidence(scorecardId);
  const meta: string[] = [];
  if (ev.kind === 'DOCUMENT_REF') {
    meta.push(
      t('sa.refLine', {
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
    if (ev.sha256) {
      meta.push(`SHA-256 ${ev.sha256.slice(0, 8)}…${ev.sha256.slice(-4)}`);
    }
    if (ev.effectiveDate) {
      meta.push(t('sa.docDateShort', { date: formatDate(ev.effectiveDate, lang) }));
    }
  }
  return (
    <li
      style={{
        display: 'flex',
        gap: 10,
        alignItems: 'flex-start',
        padding: '8px 0',
        borderTop: '1px solid #eef0f3',
      }}
      data-testid={`sa-evidence-${ev.id}`}
    >
      <FileIcon ev={ev} />
      <Flex vertical gap={0} style={{ flex: 1, minWidth: 0 }}>
        <Flex gap={6} align="center" wrap>
          {ev.kind === 'FILE' ? (
            <a
              href={evidenceFileUrl(scorecardId, ev.id)}
              download
              style={{ fontWeight: 500, wordBreak: 'break-word' }}
            >
              {ev.title}
            </a>
          ) : (
            <span style={{ fontWeight: 500, wordBreak: 'break-word' }}>{ev.title}</span>
          )}
          {ev.isCarriedDraft ? (
            <Tag
              style={{ color: '#0b4a8b', background: '#e6f0fb', borderColor: '#9cc2ec', marginInlineEnd: 0 }}
            >
              {t('sa.carriedTag')}
            </Tag>
          ) : null}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-word' }}>
          {meta.join(' · ')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sa.uploadedBy', { name: ev.uploadedByName, at: formatDateTime(ev.uploadedAt, lang) })}
        </Typography.Text>
      </Flex>
      <Flex gap={0} style={{ flex: 'none' }}>
        {ev.kind === 'FILE' && ev.mimeType && INLINE_TYPES.has(ev.mimeType) ? (
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            href={evidenceFileUrl(scorecardId, ev.id, true)}
            target="_blank"
            rel="noopener"
            aria-label={`${t('sa.preview')} ${ev.title}`}
          >
            {t('sa.preview')}
          </Button>
        ) : null}
        {canDelete ? (
          <Popconfirm
            title={t('sa.evidenceDeleteConfirm', { name: ev.title })}
            okText={t('campaigns.delete')}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              remove.mutateAsync(ev.id).then(
                () => void message.success(t('sa.evidenceDeleted')),
                (e: unknown) => void message.error(describeError(e, lang)),
              )
            }
          >
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={`${t('campaigns.delete')} ${ev.title}`}
            />
          </Popconfirm>
        ) : null}
      </Flex>
    </li>
  );
}

function ReferenceForm({
  scorecardId,
  leafCode,
  onDone,
}: {
  scorecardId: string;
  leafCode: string;
  onDone: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const add = useAddReference(scorecardId);
  const ids = { number: useId(), date: useId(), issuer: useId(), title: useId() };
  const [docNumber, setDocNumber] = useState('');
  const [date, setDate] = useState<string | null>(null);
  const [issuer, setIssuer] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ready = docNumber.trim() && date && issuer.trim() && title.trim();
  const label = { fontSize: 13 } as const;
  return (
    <div style={{ background: '#f7f9fc', border: '1px solid #e3e8ef', borderRadius: 6, padding: 12 }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
      <Flex gap={12} wrap>
        <Flex vertical gap={2} style={{ flex: '1 1 160px' }}>
          <label htmlFor={ids.number} style={label}>
            {t('sa.refNumber')}
          </label>
          <Input
            id={ids.number}
            value={docNumber}
            maxLength={100}
            placeholder="123/QĐ-TTCP"
            onChange={(e) => setDocNumber(e.target.value)}
          />
        </Flex>
        <Flex vertical gap={2}>
          <label htmlFor={ids.date} style={label}>
            {t('sa.refDate')}
          </label>
          <DatePicker
            id={ids.date}
            value={date ? dayjs(date) : null}
            format={PICKER_FORMAT[lang]}
            onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : null)}
          />
        </Flex>
        <Flex vertical gap={2} style={{ flex: '1 1 200px' }}>
          <label htmlFor={ids.issuer} style={label}>
            {t('sa.refIssuer')}
          </label>
          <Input
            id={ids.issuer}
            value={issuer}
            maxLength={LIMITS.nameMax}
            onChange={(e) => setIssuer(e.target.value)}
          />
        </Flex>
      </Flex>
      <Flex vertical gap={2} style={{ marginTop: 8 }}>
        <label htmlFor={ids.title} style={label}>
          {t('sa.refTitle')}
        </label>
        <Input
          id={ids.title}
          value={title}
          maxLength={LIMITS.nameMax}
          onChange={(e) => setTitle(e.target.value)}
        />
      </Flex>
      <Flex gap={8} justify="flex-end" style={{ marginTop: 8 }}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button
          type="primary"
          disabled={!ready}
          loading={add.isPending}
          onClick={() => {
            setError(null);
            add.mutate(
              {
                leafCode,
                docNumber: docNumber.trim(),
                effectiveDate: date ?? '',
                issuer: issuer.trim(),
                title: title.trim(),
              },
              {
                onSuccess: () => {
                  void message.success(t('sa.refAdded'));
                  onDone();
                },
                onError: (e) => setError(describeError(e, lang)),
              },
            );
          }}
        >
          {t('sa.refAdd')}
        </Button>
      </Flex>
    </div>
  );
}

/**
 * "Tài liệu kiểm chứng" of one leaf: the list, a drop zone for several files (each with its title
 * and the date of the document), and a reference to a document already issued.
 */
export function EvidenceSection({
  scorecardId,
  leafCode,
  evidence,
  editable,
}: {
  scorecardId: string;
  leafCode: string;
  evidence: EvidenceView[];
  editable: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const upload = useUploadEvidence(scorecardId);
  const [pending, setPending] = useState<Pending[]>([]);
  const [uploading, setUploading] = useState(false);
  const [addingRef, setAddingRef] = useState(false);
  const full = evidence.length + pending.length >= SCORECARD_LIMITS.evidencePerLeafMax;

  const patch = (uid: string, p: Partial<Pending>) =>
    setPending((ps) => ps.map((x) => (x.uid === uid ? { ...x, ...p } : x)));

  const sendAll = async () => {
    setUploading(true);
    let done = 0;
    for (const p of pending) {
      try {
        await upload.mutateAsync({
          leafCode,
          title: p.title.trim() || titleOf(p.file.name),
          effectiveDate: p.effectiveDate,
          file: p.file,
        });
        done += 1;
        setPending((ps) => ps.filter((x) => x.uid !== p.uid));
      } catch (e) {
        patch(p.uid, { error: describeError(e, lang) });
      }
    }
    setUploading(false);
    if (done > 0) {
      void message.success(t('sa.uploaded', { count: done }));
    }
  };

  return (
    <Flex vertical gap={8} data-testid="sa-evidence">
      {evidence.length > 0 ? (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {evidence.map((ev) => (
            <EvidenceItem key={ev.id} scorecardId={scorecardId} ev={ev} canDelete={editable} />
          ))}
        </ul>
      ) : (
        <Typography.Text type="secondary">{t('sa.noEvidence')}</Typography.Text>
      )}
      {editable ? (
        <>
          <div data-testid="sa-evidence-drop">
            <Upload.Dragger
              multiple
              showUploadList={false}
              disabled={full}
              beforeUpload={(file) => {
                setPending((ps) => [
                  ...ps,
                  { uid: `p${nextUid++}`, file, title: titleOf(file.name), effectiveDate: null },
                ]);
                return false;
              }}
              style={{ padding: '4px 0' }}
            >
              <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}>
                <InboxOutlined aria-hidden />
              </p>
              <p style={{ margin: 0 }}>{t('sa.dropFiles')}</p>
              <p style={{ margin: 0, fontSize: 12, color: 'rgba(0,0,0,0.62)' }}>{t('sa.dropHint')}</p>
            </Upload.Dragger>
          </div>
          {pending.length > 0 ? (
            <div
              style={{ border: '1px solid #e3e8ef', borderRadius: 6, padding: 8 }}
              data-testid="sa-evidence-pending"
            >
              {pending.map((p) => (
                <PendingRow
                  key={p.uid}
                  p={p}
                  disabled={uploading}
                  onChange={(x) => patch(p.uid, { ...x, error: undefined })}
                  onRemove={() => setPending((ps) => ps.filter((x) => x.uid !== p.uid))}
                />
              ))}
              <Flex justify="flex-end" gap={8} style={{ marginTop: 8 }}>
                <Button onClick={() => setPending([])} disabled={uploading}>
                  {t('common.cancel')}
                </Button>
                <Button
                  type="primary"
                  loading={uploading}
                  onClick={() => void sendAll()}
                  data-testid="sa-evidence-upload"
                >
                  {t('sa.uploadN', { count: pending.length })}
                </Button>
              </Flex>
            </div>
          ) : null}
          {addingRef ? (
            <ReferenceForm scorecardId={scorecardId} leafCode={leafCode} onDone={() => setAddingRef(false)} />
          ) : (
            <div>
              <Button
                icon={<PlusOutlined />}
                onClick={() => setAddingRef(true)}
                disabled={full}
                data-testid="sa-evidence-add-ref"
              >
                {t('sa.refOpen')}
              </Button>
            </div>
          )}
        </>
      ) : null}
    </Flex>
  );
}

function PendingRow({
  p,
  disabled,
  onChange,
  onRemove,
}: {
  p: Pending;
  disabled: boolean;
  onChange: (p: Partial<Pending>) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const titleId = useId();
  const dateId = useId();
  return (
    <Flex vertical gap={4} style={{ padding: '6px 0' }}>
      <Flex gap={8} wrap align="flex-end">
        <Flex vertical gap={2} style={{ flex: '1 1 240px' }}>
          <label htmlFor={titleId} style={{ fontSize: 12 }}>
            {t('sa.evidenceTitle')} — {p.file.name} ({formatBytes(p.file.size, lang)})
          </label>
          <Input
            id={titleId}
            value={p.title}
            disabled={disabled}
            maxLength={LIMITS.nameMax}
            onChange={(e) => onChange({ title: e.target.value })}
          />
        </Flex>
        <Flex vertical gap={2}>
          <label htmlFor={dateId} style={{ fontSize: 12 }}>
            {t('sa.docDate')}
          </label>
          <DatePicker
            id={dateId}
            value={p.effectiveDate ? dayjs(p.effectiveDate) : null}
            format={PICKER_FORMAT[lang]}
            disabled={disabled}
            onChange={(d) => onChange({ effectiveDate: d ? d.format('YYYY-MM-DD') : null })}
          />
        </Flex>
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          disabled={disabled}
          onClick={onRemove}
          aria-label={`${t('campaigns.delete')} ${p.file.name}`}
        />
      </Flex>
      {p.error ? (
        <Typography.Text style={{ color: '#c62828', fontSize: 12 }}>{p.error}</Typography.Text>
      ) : null}
    </Flex>
  );
}
