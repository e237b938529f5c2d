import { ClearOutlined, FilterOutlined, ReloadOutlined } from '@ant-design/icons';
import type { AuditEntryView } from '@cchc/domain/api/audit';
import { AUDIT_EVENTS } from '@cchc/domain/audit/events';
import {
  Alert,
  Button,
  DatePicker,
  Empty,
  Flex,
  Grid,
  Input,
  Select,
  Skeleton,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { PageHeader } from '../../../components/ui/page-header';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { type Lang, useLang, useT } from '../../../lib/i18n';
import { useUnits } from '../../../lib/organisation';
import { type AuditFilter, useAuditLog } from '../api';
import {
  type AuditMessageKey,
  ENTITY_TYPES,
  entityTypeLabel,
  eventLabel,
  translateAudit,
  useAuditT,
} from '../messages';
import { shortId, summarize } from '../summary';
import { ActorCell, DataJson, SummaryLines } from './entry-parts';
import { VerifyCard } from './verify-card';

const PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;
const PICKER_PLACEHOLDER = { vi: 'dd/mm/yyyy', en: 'yyyy-mm-dd' } as const;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters kept in the URL (?from=&to=&actor=&action=a,b&entityType=&entityId=). */
function filterFromParams(params: URLSearchParams): AuditFilter {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const date = (name: string) => {
    const v = text(name);
    return v && LOCAL_DATE.test(v) ? v : undefined;
  };
  const action = (params.get('action') ?? '').split(',').filter((a) => a.length > 0);
  return {
    from: date('from'),
    to: date('to'),
    actor: text('actor'),
    action: action.length ? action : undefined,
    entityType: text('entityType'),
    entityId: text('entityId'),
  };
}

function paramsFromFilter(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  const put = (name: string, value: string | undefined) => {
    const v = value?.trim();
    if (v) {
      params.set(name, v);
    }
  };
  put('from', filter.from);
  put('to', filter.to);
  put('actor', filter.actor);
  put('action', filter.action?.join(','));
  put('entityType', filter.entityType);
  put('entityId', filter.entityId);
  return params;
}

function isFiltered(filter: AuditFilter): boolean {
  return paramsFromFilter(filter).toString() !== '';
}

/** Event groups of the type filter, by the event name's prefix. */
const EVENT_GROUPS: { key: AuditMessageKey; prefixes: string[] }[] = [
  { key: 'group.auth', prefixes: ['auth'] },
  { key: 'group.user', prefixes: ['user'] },
  { key: 'group.unit', prefixes: ['unit', 'unitGroup'] },
  { key: 'group.indexSet', prefixes: ['indexSet'] },
  { key: 'group.campaign', prefixes: ['campaign'] },
  { key: 'group.scorecard', prefixes: ['scorecard', 'evidence'] },
  { key: 'group.reminder', prefixes: ['reminder'] },
  { key: 'group.appraisal', prefixes: ['appraisal', 'council', 'appeal'] },
  { key: 'group.results', prefixes: ['results', 'reports'] },
  { key: 'group.system', prefixes: ['system'] },
];

function eventOptions(lang: Lang) {
  return EVENT_GROUPS.map((group) => ({
    label: translateAudit(lang, group.key),
    title: translateAudit(lang, group.key),
    options: AUDIT_EVENTS.filter((e) => group.prefixes.includes(e.split('.')[0]!)).map((e) => ({
      value: e,
      label: eventLabel(e, lang),
    })),
  })).filter((g) => g.options.length > 0);
}

/** Where an object of the log can be opened in the app (types with a page of their own). */
function entityPath(entry: AuditEntryView): string | null {
  if (!entry.entityId) {
    return null;
  }
  const id = encodeURIComponent(entry.entityId);
  switch (entry.entityType) {
    case 'scorecard':
      return `/scorecards/${id}`;
    case 'campaign':
      return `/campaigns/${id}`;
    case 'indexSet':
      return `/index-sets/${id}`;
    default:
      return null;
  }
}

/** A labelled filter control: the label above, tied to the control by its id. */
function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <Flex vertical gap={2}>
      <label htmlFor={id} style={{ fontSize: 13 }}>
        {label}
      </label>
      {children}
    </Flex>
  );
}

/** The object: its type (a link when it has a page) and its id, shortened and copyable. */
function EntityCell({ entry, unitCodes }: { entry: AuditEntryView; unitCodes: ReadonlyMap<string, string> }) {
  const at = useAuditT();
  const lang = useLang();
  const label = entityTypeLabel(entry.entityType, lang);
  const path = entityPath(entry);
  return (
    <Flex vertical>
      {path ? (
        <Link to={path} aria-label={at('entity.open', { entity: `${label} ${entry.entityId}` })}>
          {label}
        </Link>
      ) : (
        <span>{label}</span>
      )}
      {entry.entityId ? (
        <Typography.Text
          type="secondary"
          style={{ fontSize: 12 }}
          title={entry.entityId}
          copyable={{ text: entry.entityId }}
        >
          {unitCodes.get(entry.entityId) ?? shortId(entry.entityId)}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** What a row expands to: the recorded data as JSON, the event's id and hash. */
function EntryDetails({ entry, withRequest = false }: { entry: AuditEntryView; withRequest?: boolean }) {
  const at = useAuditT();
  const t = useT();
  const small = { fontSize: 12, overflowWrap: 'anywhere' } as const;
  return (
    <Flex vertical gap={6}>
      <Typography.Text strong>{at('row.data')}</Typography.Text>
      <DataJson data={entry.data} />
      {withRequest ? (
        <>
          <span style={small}>
            <Typography.Text type="secondary" style={small}>
              {at('col.ip')}:{' '}
            </Typography.Text>
            {entry.ip ?? t('common.none')}
          </span>
          <span style={small}>
            <Typography.Text type="secondary" style={small}>
              {at('col.requestId')}:{' '}
            </Typography.Text>
            {entry.requestId ?? t('common.none')}
          </span>
        </>
      ) : null}
      <span style={small}>
        <Typography.Text type="secondary" style={small}>
          {at('row.eventId')}:{' '}
        </Typography.Text>
        <Typography.Text code copyable style={small}>
          {entry.id}
        </Typography.Text>
      </span>
      <span style={small}>
        <Typography.Text type="secondary" style={small}>
          {at('row.hash')}:{' '}
        </Typography.Text>
        <Typography.Text code style={small}>
          {entry.hash}
        </Typography.Text>
      </span>
    </Flex>
  );
}

/** The log as cards, for a phone. */
function EntryCards({ rows, unitCodes }: { rows: AuditEntryView[]; unitCodes: ReadonlyMap<string, string> }) {
  const at = useAuditT();
  const lang = useLang();
  return (
    <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {rows.map((e) => (
        <li
          key={e.seq}
          data-testid={`audit-row-${e.seq}`}
          data-action={e.action}
          style={{ border: '1px solid #e3e7ed', borderRadius: 6, padding: 10, marginBottom: 8 }}
        >
          <Flex justify="space-between" gap={8}>
            <strong>{eventLabel(e.action, lang)}</strong>
            <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
              #{e.seq}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> · {e.action}
          </Typography.Text>
          <Flex gap={12} wrap style={{ marginTop: 6 }}>
            <div style={{ flex: '1 1 150px' }}>
              <ActorCell entry={e} unitCodes={unitCodes} />
            </div>
            <div style={{ flex: '1 1 120px' }}>
              <EntityCell entry={e} unitCodes={unitCodes} />
            </div>
          </Flex>
          <div style={{ marginTop: 6 }}>
            <SummaryLines lines={summarize(e, lang, unitCodes)} />
          </div>
          <details style={{ marginTop: 6 }}>
            <summary style={{ cursor: 'pointer', color: '#1d4e89' }}>{at('row.details')}</summary>
            <div style={{ marginTop: 6 }}>
              <EntryDetails entry={e} withRequest />
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}

/** "Nhật ký hệ thống" (/admin/audit): the audit log with filters, paging and the chain check. */
export function AuditPage() {
  const at = useAuditT();
  const t = useT();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const applied = useMemo(() => filterFromParams(params), [params]);
  const [draft, setDraft] = useState<AuditFilter>(applied);
  // The URL is the truth: going back or forward shows that URL's filters.
  useEffect(() => setDraft(applied), [applied]);
  const log = useAuditLog(applied);
  const units = useUnits({ includeInactive: true });
  const unitCodes = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.code])), [units.data]);
  const ids = {
    from: useId(),
    to: useId(),
    actor: useId(),
    action: useId(),
    entityType: useId(),
    entityId: useId(),
  };
  const actionOptions = useMemo(() => eventOptions(lang), [lang]);
  const entityOptions = useMemo(
    () => ENTITY_TYPES.map((e) => ({ value: e, label: entityTypeLabel(e, lang) })),
    [lang],
  );

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    const next = paramsFromFilter(draft);
    if (next.toString() === params.toString()) {
      void log.refetch();
    } else {
      setParams(next);
    }
  };
  const reset = () => {
    setDraft({});
    setParams(new URLSearchParams());
  };

  const rows = useMemo(() => (log.data?.pages ?? []).flatMap((p) => p.rows), [log.data]);
  const invalidFilter = log.isError && isApiError(log.error) && log.error.status === 400;
  const scrollRef = useKeyboardScrollable(at('page.title'));
  const screens = Grid.useBreakpoint();

  const columns: TableProps<AuditEntryView>['columns'] = [
    {
      title: at('col.at'),
      key: 'at',
      width: 108,
      render: (_, e) => <span title={e.at}>{formatDateTime(e.at, lang)}</span>,
    },
    {
      title: at('col.actor'),
      key: 'actor',
      width: 175,
      render: (_, e) => <ActorCell entry={e} unitCodes={unitCodes} />,
    },
    {
      title: at('col.action'),
      key: 'action',
      width: 165,
      render: (_, e) => (
        <Flex vertical>
          <strong>{eventLabel(e.action, lang)}</strong>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.action}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: at('col.entity'),
      key: 'entity',
      width: 135,
      render: (_, e) => <EntityCell entry={e} unitCodes={unitCodes} />,
    },
    {
      title: at('col.summary'),
      key: 'summary',
      minWidth: 280,
      render: (_, e) => <SummaryLines lines={summarize(e, lang, unitCodes)} />,
    },
    {
      title: at('col.ip'),
      key: 'ip',
      width: 100,
      render: (_, e) => <span style={{ overflowWrap: 'anywhere' }}>{e.ip ?? t('common.none')}</span>,
    },
    {
      title: at('col.requestId'),
      key: 'requestId',
      width: 110,
      render: (_, e) =>
        e.requestId ? (
          <Typography.Text style={{ fontSize: 12 }} title={e.requestId} copyable={{ text: e.requestId }}>
            {shortId(e.requestId)}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    {
      title: <abbr title={at('col.seqTitle')}>{at('col.seq')}</abbr>,
      key: 'seq',
      width: 64,
      align: 'right',
      render: (_, e) => <span data-testid="audit-seq">{e.seq}</span>,
    },
  ];

  const loaded = rows.length;
  const emptyText = at(isFiltered(applied) ? 'list.emptyFiltered' : 'list.empty');
  return (
    <div data-testid="audit-page">
      <PageHeader title={at('page.title')} />
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {at('page.intro')}
      </Typography.Paragraph>
      <VerifyCard />

      <form onSubmit={apply} aria-label={at('filter.apply')} data-testid="audit-filters">
        <Flex wrap gap={12} align="flex-end" style={{ marginBottom: 12 }}>
          <Field id={ids.from} label={at('filter.from')}>
            <DatePicker
              id={ids.from}
              value={draft.from ? dayjs(draft.from) : null}
              format={PICKER_FORMAT[lang]}
              placeholder={PICKER_PLACEHOLDER[lang]}
              onChange={(d) => setDraft((f) => ({ ...f, from: d ? d.format('YYYY-MM-DD') : undefined }))}
              style={{ width: 150 }}
              data-testid="audit-filter-from"
            />
          </Field>
          <Field id={ids.to} label={at('filter.to')}>
            <DatePicker
              id={ids.to}
              value={draft.to ? dayjs(draft.to) : null}
              format={PICKER_FORMAT[lang]}
              placeholder={PICKER_PLACEHOLDER[lang]}
              onChange={(d) => setDraft((f) => ({ ...f, to: d ? d.format('YYYY-MM-DD') : undefined }))}
              style={{ width: 150 }}
              data-testid="audit-filter-to"
            />
          </Field>
          <Field id={ids.actor} label={at('filter.actor')}>
            <Input
              id={ids.actor}
              allowClear
              value={draft.actor ?? ''}
              placeholder={at('filter.actorPlaceholder')}
              onChange={(e) => setDraft((f) => ({ ...f, actor: e.target.value || undefined }))}
              style={{ width: 220 }}
              maxLength={100}
              data-testid="audit-filter-actor"
            />
          </Field>
          <Field id={ids.action} label={at('filter.action')}>
            <Select<string[]>
              id={ids.action}
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={at('filter.actionPlaceholder')}
              value={draft.action ?? []}
              onChange={(value) => setDraft((f) => ({ ...f, action: value.length ? value : undefined }))}
              options={actionOptions}
              maxTagCount="responsive"
              style={{ width: 320, maxWidth: '100%' }}
              data-testid="audit-filter-action"
            />
          </Field>
          <Field id={ids.entityType} label={at('filter.entityType')}>
            <Select<string>
              id={ids.entityType}
              allowClear
              placeholder={at('filter.entityTypePlaceholder')}
              value={draft.entityType}
              onChange={(value) => setDraft((f) => ({ ...f, entityType: value ?? undefined }))}
              options={entityOptions}
              style={{ width: 190 }}
              data-testid="audit-filter-entity-type"
            />
          </Field>
          <Field id={ids.entityId} label={at('filter.entityId')}>
            <Input
              id={ids.entityId}
              allowClear
              value={draft.entityId ?? ''}
              placeholder={at('filter.entityIdPlaceholder')}
              onChange={(e) => setDraft((f) => ({ ...f, entityId: e.target.value || undefined }))}
              style={{ width: 220 }}
              maxLength={100}
              data-testid="audit-filter-entity-id"
            />
          </Field>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" icon={<FilterOutlined />} data-testid="audit-apply">
              {at('filter.apply')}
            </Button>
            <Button
              icon={<ClearOutlined />}
              onClick={reset}
              disabled={!isFiltered(applied) && !isFiltered(draft)}
              data-testid="audit-reset"
            >
              {at('filter.reset')}
            </Button>
          </Flex>
        </Flex>
      </form>
      {invalidFilter ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={at('filter.invalid')}
          description={describeError(log.error, lang)}
          data-testid="audit-filter-error"
        />
      ) : null}
      {log.isError && !invalidFilter ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={at('list.loadError')}
          description={describeError(log.error, lang)}
          action={
            <Button size="small" onClick={() => void log.refetch()}>
              {t('common.retry')}
            </Button>
          }
          data-testid="audit-error"
        />
      ) : null}

      {invalidFilter ? null : (
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary" role="status" data-testid="audit-count">
            {log.isSuccess
              ? at(log.hasNextPage ? 'list.count' : 'list.countAll', { count: loaded })
              : log.isPending
                ? t('common.loading')
                : ''}
          </Typography.Text>
          <Button
            size="small"
            icon={<ReloadOutlined />}
            onClick={() => void log.refetch()}
            loading={log.isRefetching && !log.isFetchingNextPage}
            data-testid="audit-refresh"
          >
            {at('list.refresh')}
          </Button>
        </Flex>
      )}
      {invalidFilter ? null : screens.md === false ? (
        // A phone: one card per event instead of a table eight columns wide.
        <div data-testid="audit-table">
          {log.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
          {log.isSuccess && rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
          ) : null}
          <EntryCards rows={rows} unitCodes={unitCodes} />
        </div>
      ) : (
        <div data-testid="audit-table" ref={scrollRef}>
          <Table<AuditEntryView>
            size="small"
            rowKey="seq"
            columns={columns}
            dataSource={rows}
            loading={log.isPending && !log.isError}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 1160 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
            expandable={{
              expandedRowRender: (e) => (
                <div style={{ maxWidth: 900 }}>
                  <EntryDetails entry={e} />
                </div>
              ),
            }}
            onRow={(e) =>
              ({
                'data-testid': `audit-row-${e.seq}`,
                'data-action': e.action,
              }) as React.HTMLAttributes<HTMLElement>
            }
          />
        </div>
      )}
      {log.hasNextPage && !invalidFilter ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button
            onClick={() => void log.fetchNextPage()}
            loading={log.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {at('list.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </div>
  );
}
