import {
  type AmendmentView,
  APPRAISAL_LIMITS,
  type AppealView,
  type AppraisalView,
  type ResultDiff,
  SNAPSHOT_LABELS,
  type SnapshotView,
  SPECIAL_CASE_LABELS,
  type SpecialCaseView,
  type TotalsView,
} from '@cchc/domain/api/appraisal';
import { Alert, App, Button, Card, Empty, Flex, Input, Select, Table, type TableColumnsType } from 'antd';
import { useId, useState } from 'react';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDate, formatDateTime, formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useFileAppeal, useUploadAppealFile } from '../api';
import { useAT } from '../i18n';
import { pointsNumber } from '../model';
import { AttachmentList, Heading, labelStyle, mutedStyle, UploadButton } from './shared';

function TotalsCell({ totals, showBand = false }: { totals: TotalsView; showBand?: boolean }) {
  const lang = useLang();
  return (
    <Flex vertical gap={0} align="flex-end">
      <span style={{ whiteSpace: 'nowrap' }}>{pointsNumber(totals.points, lang)}</span>
      <span style={mutedStyle}>{formatPercent(totals.indexPercent, lang)}</span>
      {showBand && totals.band ? <span style={mutedStyle}>{totals.band}</span> : null}
    </Flex>
  );
}

/** "So sánh theo mốc": the unit's three totals as they stood at each milestone. */
export function SnapshotsTable({ snapshots }: { snapshots: readonly SnapshotView[] }) {
  const at = useAT();
  const lang = useLang();
  const columns: TableColumnsType<SnapshotView> = [
    {
      key: 'milestone',
      title: at('snapshots.milestone'),
      render: (_, s) => <strong>{SNAPSHOT_LABELS[s.milestone][lang]}</strong>,
    },
    {
      key: 'at',
      title: at('snapshots.at'),
      render: (_, s) => (
        <Flex vertical gap={0}>
          <span>{formatDateTime(s.takenAt, lang)}</span>
          <span style={mutedStyle}>{s.byName}</span>
        </Flex>
      ),
    },
    {
      key: 'self',
      title: at('totals.self'),
      align: 'right',
      render: (_, s) => <TotalsCell totals={s.self} />,
    },
    {
      key: 'appraised',
      title: at('totals.appraised'),
      align: 'right',
      render: (_, s) => <TotalsCell totals={s.appraised} />,
    },
    {
      key: 'final',
      title: at('totals.final'),
      align: 'right',
      render: (_, s) => <TotalsCell totals={s.final} showBand />,
    },
    {
      key: 'rank',
      title: at('snapshots.rank'),
      align: 'right',
      render: (_, s) => (s.rank === null ? '—' : s.rank),
    },
  ];
  return (
    <Table<SnapshotView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={[...snapshots]}
      pagination={false}
      scroll={{ x: 720 }}
      locale={{ emptyText: at('snapshots.empty') }}
      onRow={(s) => ({ 'data-testid': `snapshot-${s.milestone}` }) as React.HTMLAttributes<HTMLElement>}
      data-testid="appraisal-snapshots"
    />
  );
}

/** Council special cases on this unit (read-only here; the council records them on its own page). */
export function SpecialCasesTable({ cases }: { cases: readonly SpecialCaseView[] }) {
  const at = useAT();
  const lang = useLang();
  const columns: TableColumnsType<SpecialCaseView> = [
    { key: 'kind', title: at('special.kind'), render: (_, c) => SPECIAL_CASE_LABELS[c.kind][lang] },
    { key: 'leaf', title: at('special.leaf'), render: (_, c) => c.leafCode ?? '—' },
    {
      key: 'points',
      title: at('special.points'),
      align: 'right',
      render: (_, c) => (c.points === null ? '—' : pointsNumber(c.points, lang)),
    },
    { key: 'reason', title: at('special.reason'), render: (_, c) => <Pre text={c.reason} /> },
    { key: 'text', title: at('special.decisionText'), render: (_, c) => <Pre text={c.decisionText} /> },
    {
      key: 'by',
      title: at('special.by'),
      render: (_, c) => (
        <Flex vertical gap={0}>
          <span>{c.byName}</span>
          <span style={mutedStyle}>{formatDateTime(c.at, lang)}</span>
        </Flex>
      ),
    },
  ];
  return (
    <Table<SpecialCaseView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={[...cases]}
      pagination={false}
      scroll={{ x: 800 }}
      locale={{ emptyText: at('special.empty') }}
      data-testid="appraisal-special-cases"
    />
  );
}

function Pre({ text }: { text: string }) {
  return <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{text}</span>;
}

function DiffLine({ label, before, after }: { label: string; before: string; after: string }) {
  const changed = before !== after;
  return (
    <tr>
      <th scope="row" style={{ textAlign: 'start', fontWeight: 500, paddingInlineEnd: 16 }}>
        {label}
      </th>
      <td style={{ paddingInlineEnd: 8 }}>{before}</td>
      <td aria-hidden style={{ paddingInlineEnd: 8 }}>
        →
      </td>
      <td style={{ fontWeight: changed ? 600 : 400, color: changed ? '#0b4a8b' : undefined }}>{after}</td>
    </tr>
  );
}

function ResultDiffTable({ diff }: { diff: ResultDiff }) {
  const at = useAT();
  const lang = useLang();
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 13 }}>
      <caption style={{ ...labelStyle, textAlign: 'start', captionSide: 'top' }}>
        {at('amend.result')}
      </caption>
      <thead>
        <tr>
          <td />
          <th scope="col" style={{ textAlign: 'start', fontWeight: 500 }}>
            {at('amend.before')}
          </th>
          <td />
          <th scope="col" style={{ textAlign: 'start', fontWeight: 500 }}>
            {at('amend.after')}
          </th>
        </tr>
      </thead>
      <tbody>
        <DiffLine
          label={at('amend.points')}
          before={pointsNumber(diff.pointsBefore, lang)}
          after={pointsNumber(diff.pointsAfter, lang)}
        />
        <DiffLine
          label={at('amend.index')}
          before={formatPercent(diff.indexBefore, lang)}
          after={formatPercent(diff.indexAfter, lang)}
        />
        <DiffLine label={at('amend.band')} before={diff.bandBefore ?? '—'} after={diff.bandAfter ?? '—'} />
        <DiffLine
          label={at('amend.rank')}
          before={diff.rankBefore === null ? '—' : String(diff.rankBefore)}
          after={diff.rankAfter === null ? '—' : String(diff.rankAfter)}
        />
      </tbody>
    </table>
  );
}

/** Amendments after approval: what changed, and the result before and after (the earlier version stays visible). */
export function AmendmentsList({ amendments }: { amendments: readonly AmendmentView[] }) {
  const at = useAT();
  const lang = useLang();
  if (amendments.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={at('amend.empty')} />;
  }
  const na = at('result.na');
  return (
    <Flex vertical gap={12} data-testid="appraisal-amendments">
      {amendments.map((a) => (
        <Card key={a.id} size="small" data-testid={`amendment-${a.id}`}>
          <Heading level={3}>
            {at(a.kind === 'APPEAL' ? 'amend.kind.APPEAL' : 'amend.kind.CORRECTION')} —{' '}
            {formatDateTime(a.at, lang)}, {a.byName}
          </Heading>
          <p style={{ margin: '0 0 4px' }}>
            <span style={mutedStyle}>{at('special.reason')}: </span>
            <Pre text={a.reason} />
          </p>
          {a.decisionText ? (
            <p style={{ margin: '0 0 8px' }}>
              <span style={mutedStyle}>{at('special.decisionText')}: </span>
              <Pre text={a.decisionText} />
            </p>
          ) : null}
          <Flex gap={24} wrap align="flex-start">
            <table style={{ borderCollapse: 'collapse', fontSize: 13 }}>
              <caption style={{ ...labelStyle, textAlign: 'start', captionSide: 'top' }}>
                {at('amend.changes')}
              </caption>
              <thead>
                <tr>
                  <th scope="col" style={{ textAlign: 'start', fontWeight: 500, paddingInlineEnd: 16 }}>
                    {at('special.leaf')}
                  </th>
                  <th scope="col" style={{ textAlign: 'start', fontWeight: 500, paddingInlineEnd: 16 }}>
                    {at('amend.before')}
                  </th>
                  <th scope="col" style={{ textAlign: 'start', fontWeight: 500 }}>
                    {at('amend.after')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.changes.map((c) => (
                  <tr key={c.leafCode}>
                    <td style={{ paddingInlineEnd: 16 }}>{c.leafCode}</td>
                    <td style={{ paddingInlineEnd: 16 }}>
                      {c.before === undefined ? '—' : c.before === null ? na : pointsNumber(c.before, lang)}
                    </td>
                    <td style={{ fontWeight: 600 }}>{c.after === null ? na : pointsNumber(c.after, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ResultDiffTable diff={a.diff} />
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}

const APPEAL_TONE = { FILED: 'warning', ACCEPTED: 'active', REJECTED: 'inactive' } as const;

/** The unit's appeals with their decisions, and (unit head, window open) the form to file one. */
export function AppealsSection({ view }: { view: AppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const canFile = view.allowedActions.includes('appeal.file');
  const upload = useUploadAppealFile();
  // One pending appeal per unit (the server refuses a second): files go to the pending one.
  const pending = view.appeals.some((a) => a.status === 'FILED');
  return (
    <Flex vertical gap={12}>
      {view.campaign.appealUntil ? (
        <span style={mutedStyle}>
          {at('ws.appealUntil', { date: formatDate(view.campaign.appealUntil, lang) })}
        </span>
      ) : null}
      {view.appeals.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={at('appeals.empty')} />
      ) : (
        view.appeals.map((a) => (
          <AppealCard
            key={a.id}
            appeal={a}
            canAttach={canFile && a.status === 'FILED'}
            onUpload={(file) => upload.mutateAsync({ appealId: a.id, file })}
          />
        ))
      )}
      {canFile && !pending ? <AppealForm view={view} /> : null}
    </Flex>
  );
}

function AppealCard({
  appeal: a,
  canAttach,
  onUpload,
}: {
  appeal: AppealView;
  canAttach: boolean;
  onUpload: (file: File) => Promise<AppraisalView>;
}) {
  const at = useAT();
  const lang = useLang();
  return (
    <Card size="small" data-testid={`appeal-${a.id}`}>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 6 }}>
        <Heading level={3} style={{ margin: 0 }}>
          {a.leafCode ? at('appeals.leaf', { code: a.leafCode }) : at('appeals.wholeResult')}
        </Heading>
        <span data-testid="appeal-status" data-status={a.status}>
          <StatusTag status={APPEAL_TONE[a.status]}>{at(`appeals.status.${a.status}`)}</StatusTag>
        </span>
      </Flex>
      <p style={{ margin: '0 0 4px' }}>
        <Pre text={a.grounds} />
      </p>
      <div style={mutedStyle}>
        {at('appeals.filedBy', { name: a.filedByName, at: formatDateTime(a.filedAt, lang) })}
      </div>
      {a.files.length > 0 || canAttach ? (
        <div style={{ marginTop: 8 }}>
          <div style={labelStyle}>{at('appeals.files')}</div>
          <AttachmentList files={a.files} canDelete={canAttach} testId={`appeal-files-${a.id}`} />
          {canAttach ? (
            <UploadButton
              label={at('appeal.upload')}
              onUpload={onUpload}
              testId={`appeal-file-upload-${a.id}`}
            />
          ) : null}
        </div>
      ) : null}
      {a.decidedAt ? (
        <div style={{ marginTop: 8, paddingTop: 8, borderTop: '1px solid #eef0f3' }}>
          <div style={mutedStyle}>
            {at('appeals.decidedBy', { name: a.decidedByName ?? '', at: formatDateTime(a.decidedAt, lang) })}
          </div>
          {a.decisionReason ? (
            <p style={{ margin: '4px 0 0' }}>
              <span style={mutedStyle}>{at('appeals.decisionReason')}: </span>
              <Pre text={a.decisionReason} />
            </p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

function AppealForm({ view }: { view: AppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const { message } = App.useApp();
  const file = useFileAppeal(view.scorecardId);
  const leafId = useId();
  const groundsId = useId();
  const groundsErrorId = useId();
  const [leafCode, setLeafCode] = useState<string | null>(null);
  const [grounds, setGrounds] = useState('');
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  const submit = () => {
    setError(null);
    file.mutate(
      { leafCode, grounds },
      {
        onSuccess: () => {
          setGrounds('');
          setLeafCode(null);
          void message.success(at('appeal.sent'));
        },
        onError: (e) => setError({ message: describeError(e, lang), fields: isApiError(e) ? e.fields : {} }),
      },
    );
  };

  const groundsError = error?.fields.grounds;
  return (
    <Card size="small" data-testid="appeal-form">
      <Heading level={3}>{at('appeal.heading')}</Heading>
      <p style={{ ...mutedStyle, marginTop: 0 }}>{at('appeal.hint')}</p>
      <Flex vertical gap={10}>
        <Flex vertical gap={2}>
          <label htmlFor={leafId} style={labelStyle}>
            {at('appeal.leaf')}
          </label>
          <Select<string | null>
            id={leafId}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={at('appeal.leafPlaceholder')}
            value={leafCode}
            onChange={(v) => setLeafCode(v ?? null)}
            options={view.leaves.map((l) => ({ value: l.leafCode, label: `${l.leafCode} ${l.name}` }))}
            style={{ maxWidth: 560 }}
            data-testid="appeal-leaf"
          />
        </Flex>
        <Flex vertical gap={2}>
          <label htmlFor={groundsId} style={labelStyle}>
            {at('appeal.grounds')}{' '}
            <span aria-hidden style={{ color: '#a4262c' }}>
              *
            </span>
          </label>
          <Input.TextArea
            id={groundsId}
            value={grounds}
            onChange={(e) => setGrounds(e.target.value)}
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={APPRAISAL_LIMITS.responseMax}
            aria-required
            aria-invalid={groundsError ? true : undefined}
            aria-describedby={groundsError ? groundsErrorId : undefined}
            status={groundsError ? 'error' : undefined}
            data-testid="appeal-grounds"
          />
          {groundsError ? (
            <span id={groundsErrorId} style={{ color: '#a4262c', fontSize: 12 }}>
              {groundsError}
            </span>
          ) : null}
        </Flex>
        {error && !groundsError ? <Alert type="error" showIcon title={error.message} role="alert" /> : null}
        <Flex justify="flex-end">
          <Button type="primary" onClick={submit} loading={file.isPending} data-testid="appeal-submit">
            {at('appeal.submit')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
