import { ArrowLeftOutlined, DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import type { PublicResultsPage as PublicPage, PublicResultRow } from '@cchc/domain/api/results';
import { Button, Card, Descriptions, Flex, Radio, Result, Skeleton, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type CSSProperties, type HTMLAttributes, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useKeyboardScrollable } from '../../../components/ui/keyboard-scrollable';
import { QueryError } from '../../../components/ui/query-error';
import { isApiError } from '../../../lib/api-client';
import { useDocumentTitle } from '../../../lib/document-title';
import { formatCount, formatDate, formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { publicCsvUrl, publicJsonUrl, usePublicResults } from '../unit-api';
import { useUnitResultsT } from '../unit-messages';
import { bandStyle, bandsInOrder, pointsNumber, useNarrow } from '../unit-model';
import { PublicShell } from './public-layout';
import { PublicRankingChart } from './public-ranking-chart';

const ALL = '__all__';
const muted: CSSProperties = { color: 'rgba(0,0,0,0.68)' };
const panel: CSSProperties = { background: '#ffffff', borderRadius: 8, padding: 20 };

/** /public/results/:code — one published campaign's ranking, for anyone (no login). */
export function PublicResultsPage({ code }: { code: string }) {
  const ut = useUnitResultsT();
  const [params, setParams] = useState<{ page: number; group: string | null }>({ page: 1, group: null });
  const results = usePublicResults(code, params);
  if (results.isPending) {
    return (
      <PublicShell>
        <div style={panel}>
          <Skeleton active paragraph={{ rows: 10 }} />
        </div>
      </PublicShell>
    );
  }
  if (results.isError) {
    const e = results.error;
    return (
      <PublicShell>
        <div style={panel}>
          {isApiError(e) && e.status === 404 ? (
            <PublicNotFound code={code} />
          ) : (
            <>
              <h1 style={{ fontSize: 24 }}>{ut('pub.listTitle')}</h1>
              <QueryError error={e} onRetry={() => void results.refetch()} />
            </>
          )}
        </div>
      </PublicShell>
    );
  }
  return (
    <PublicShell agency={results.data.agencyName}>
      <PublicResultsContent data={results.data} onParams={setParams} />
    </PublicShell>
  );
}

function PublicNotFound({ code }: { code: string }) {
  const ut = useUnitResultsT();
  useDocumentTitle(ut('pub.notFoundTitle'));
  return (
    <div data-testid="public-not-found">
      <Result
        status="404"
        title={<h1 style={{ fontSize: 24, margin: 0 }}>{ut('pub.notFoundTitle')}</h1>}
        subTitle={ut('pub.notFoundText', { code })}
        extra={
          <Link to="/public/results">
            <Button type="primary" icon={<ArrowLeftOutlined aria-hidden />}>
              {ut('pub.backToList')}
            </Button>
          </Link>
        }
      />
    </div>
  );
}

function BandTag({ band, bands }: { band: string | null; bands: readonly string[] }) {
  const ut = useUnitResultsT();
  return <Tag style={{ ...bandStyle(band, bands), marginInlineEnd: 0 }}>{band ?? ut('pub.noBand')}</Tag>;
}

function average(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.round(present.reduce((a, b) => a + b, 0) / present.length);
}

function PublicResultsContent({
  data,
  onParams,
}: {
  data: PublicPage;
  onParams: (p: { page: number; group: string | null }) => void;
}) {
  const ut = useUnitResultsT();
  const lang = useLang();
  useDocumentTitle(data.name);
  // On a phone the band moves under the index so that the unit's name keeps room to read.
  const narrow = useNarrow();
  const group = data.group ?? ALL;
  const setGroup = (g: string) => onParams({ page: 1, group: g === ALL ? null : g });
  // Every matching row is on this page (a small campaign): figures from the rows; else from the server.
  const complete = data.rows.length >= data.total;
  const tableRef = useKeyboardScrollable(ut('pub.tableLabel'));
  const bands = useMemo(() => bandsInOrder(data.rows), [data.rows]);
  const rows = data.rows;
  const groupName = (groupCode: string) => data.groups.find((g) => g.code === groupCode)?.name ?? groupCode;
  // The header's figures come from the server, for the whole campaign or the chosen group: the
  // page holds one page of rows only (issue 9).
  const figures = group === ALL ? data.stats : data.stats.groups.find((g) => g.code === group);
  const pct = (x: number | null | undefined) =>
    x === null || x === undefined ? '—' : formatPercent(x, lang);
  const a = data.announcement;

  const columns: ColumnsType<PublicResultRow> = [
    {
      title: ut('pub.rank'),
      dataIndex: 'rank',
      align: 'center',
      width: narrow ? 44 : 64,
      render: (v: number, r) => (
        <strong style={{ fontSize: 15 }} data-testid={`public-rank-${r.unitCode}`}>
          {v}
        </strong>
      ),
    },
    {
      title: ut('pub.unit'),
      dataIndex: 'unitName',
      render: (_: unknown, r) => (
        <Flex vertical>
          <span style={{ fontWeight: 600 }}>{r.unitName}</span>
          <span style={{ ...muted, fontSize: 12 }}>{r.unitCode}</span>
        </Flex>
      ),
    },
    {
      title: ut('pub.group'),
      dataIndex: 'groupCode',
      responsive: ['md'],
      render: (v: string) => groupName(v),
    },
    {
      title: ut('pub.points'),
      key: 'points',
      align: 'right',
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {pointsNumber(r.points, lang)} <span style={muted}>/ {pointsNumber(r.maxPoints, lang)}</span>
        </span>
      ),
    },
    {
      title: ut('pub.index'),
      dataIndex: 'indexPercent',
      align: 'right',
      render: (v: number, r) => (
        <Flex vertical align="end" gap={2}>
          <strong style={{ whiteSpace: 'nowrap' }} data-testid={`public-index-${r.unitCode}`}>
            {formatPercent(v, lang)}
          </strong>
          {narrow ? <BandTag band={r.band} bands={bands} /> : null}
        </Flex>
      ),
    },
    ...(narrow
      ? []
      : [
          {
            title: ut('pub.band'),
            dataIndex: 'band',
            render: (v: string | null) => <BandTag band={v} bands={bands} />,
          },
        ]),
  ];

  const fieldName = (fieldCode: string) => data.fields.find((f) => f.code === fieldCode)?.name ?? fieldCode;

  return (
    <Flex vertical gap={16} data-testid="public-results">
      <div style={panel}>
        <Link to="/public/results" style={{ fontSize: 13 }}>
          <ArrowLeftOutlined aria-hidden /> {ut('pub.backToList')}
        </Link>
        <p
          style={{
            margin: '12px 0 4px',
            color: '#1d4e89',
            fontWeight: 600,
            letterSpacing: 0.6,
            textTransform: 'uppercase',
          }}
          data-testid="public-agency"
        >
          {data.agencyName}
        </p>
        <h1 style={{ fontSize: 26, margin: '0 0 4px', lineHeight: 1.3 }} data-testid="public-title">
          {data.name}
        </h1>
        <p style={{ ...muted, margin: '0 0 16px' }}>
          {ut('pub.year', { year: data.year })} · {data.code}
        </p>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'decision',
              label: ut('pub.decision'),
              children: (
                <span data-testid="public-decision">
                  {ut('pub.decisionValue', {
                    number: a.decisionNumber,
                    date: formatDate(a.decisionDate, lang),
                  })}
                </span>
              ),
            },
            {
              key: 'published',
              label: ut('pub.publishedAt'),
              children: <span data-testid="public-published-at">{formatDate(data.publishedAt, lang)}</span>,
            },
            ...(a.announcedOn || a.place
              ? [
                  {
                    key: 'conference',
                    label: ut('pub.conference'),
                    children: [a.announcedOn ? formatDate(a.announcedOn, lang) : null, a.place || null]
                      .filter(Boolean)
                      .join(', '),
                  },
                ]
              : []),
            {
              key: 'rule',
              label: ut('pub.rankingRule'),
              children: `${ut(data.rankingScope === 'unitGroup' ? 'pub.scope.unitGroup' : 'pub.scope.all')}; ${ut(
                data.rankingTies === 'competition' ? 'pub.ties.competition' : 'pub.ties.dense',
              )}.`,
            },
          ]}
        />
        <Flex gap={8} wrap align="center" style={{ marginTop: 16 }}>
          <span style={{ fontWeight: 600 }}>{ut('pub.download')}:</span>
          <Button
            href={publicCsvUrl(data.code)}
            download={`chi-so-cchc-${data.code}.csv`}
            icon={<DownloadOutlined aria-hidden />}
            data-testid="public-csv"
          >
            {ut('pub.csv')}
          </Button>
          <Button
            href={publicJsonUrl(data.code)}
            target="_blank"
            rel="noopener"
            icon={<FileTextOutlined aria-hidden />}
            data-testid="public-json"
          >
            {ut('pub.json')}
          </Button>
        </Flex>
      </div>

      <section aria-labelledby="public-ranking-heading" style={panel}>
        <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
          <h2 id="public-ranking-heading" style={{ fontSize: 19, margin: 0 }}>
            {ut('pub.rankingTitle')}
          </h2>
          <Radio.Group
            aria-label={ut('pub.groupFilter')}
            optionType="button"
            buttonStyle="solid"
            value={group}
            onChange={(e) => setGroup(e.target.value as string)}
            options={[
              { value: ALL, label: ut('pub.allGroups') },
              ...data.groups
                .filter((g) => data.stats.groups.some((x) => x.code === g.code))
                .map((g) => ({ value: g.code, label: g.name })),
            ]}
            data-testid="public-group-filter"
            style={{ display: 'flex', flexWrap: 'wrap', rowGap: 4 }}
          />
        </Flex>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Card size="small" style={{ flex: '1 1 140px' }}>
            <Statistic title={ut('pub.stats.units')} value={formatCount(data.total, lang)} />
          </Card>
          <Card size="small" style={{ flex: '1 1 140px' }}>
            <Statistic title={ut('pub.stats.average')} value={pct(figures?.averageIndexPercent)} />
          </Card>
          <Card size="small" style={{ flex: '1 1 140px' }}>
            <Statistic title={ut('pub.stats.highest')} value={pct(figures?.highestIndexPercent)} />
          </Card>
          <Card size="small" style={{ flex: '1 1 140px' }}>
            <Statistic title={ut('pub.stats.lowest')} value={pct(figures?.lowestIndexPercent)} />
          </Card>
        </Flex>
        <p style={{ ...muted, margin: '0 0 8px' }} aria-live="polite" data-testid="public-shown">
          {ut('pub.shown', { count: data.total, total: data.stats.units })}
        </p>
        <div ref={tableRef} data-testid="public-results-table">
          <Table<PublicResultRow>
            size={narrow ? 'small' : 'middle'}
            rowKey="unitCode"
            columns={columns}
            dataSource={rows}
            pagination={
              complete && data.page === 1
                ? false
                : {
                    current: data.page,
                    pageSize: data.pageSize,
                    total: data.total,
                    showSizeChanger: false,
                    onChange: (page) => onParams({ page, group: data.group }),
                  }
            }
            expandable={{
              columnTitle: <span className="sr-only">{ut('pub.fields')}</span>,
              columnWidth: narrow ? 36 : 48,
              expandedRowRender: (r) => (
                <div>
                  <h3 style={{ fontSize: 14, margin: '0 0 6px' }}>
                    {ut('pub.fieldsOf', { unit: r.unitName })}
                  </h3>
                  <dl
                    style={{
                      display: 'grid',
                      gridTemplateColumns: 'minmax(0, 1fr) auto',
                      gap: '2px 16px',
                      margin: 0,
                      maxWidth: 620,
                    }}
                  >
                    {r.fields.map((f) => (
                      <div key={f.code} style={{ display: 'contents' }}>
                        <dt style={muted}>
                          {f.code}. {fieldName(f.code)}
                        </dt>
                        <dd style={{ margin: 0, textAlign: 'right', fontWeight: 600 }}>
                          {f.percent === null ? ut('pub.notApplicable') : formatPercent(f.percent, lang)}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </div>
              ),
            }}
            onRow={(r) => ({ 'data-testid': `public-row-${r.unitCode}` }) as HTMLAttributes<HTMLElement>}
          />
        </div>
      </section>

      <section aria-labelledby="public-chart-heading" style={panel}>
        <h2 id="public-chart-heading" style={{ fontSize: 19, margin: '0 0 12px' }}>
          {ut('pub.chartTitle')}
        </h2>
        <PublicRankingChart rows={rows} bands={bands} />
      </section>

      <section aria-labelledby="public-fields-heading" style={panel}>
        <h2 id="public-fields-heading" style={{ fontSize: 19, margin: '0 0 12px' }}>
          {ut('pub.fieldAverages')}
        </h2>
        <FieldAverages data={data} rows={complete ? rows : null} />
      </section>
    </Flex>
  );
}

function FieldAverages({ data, rows }: { data: PublicPage; rows: readonly PublicResultRow[] | null }) {
  const ut = useUnitResultsT();
  const lang = useLang();
  const tableRef = useKeyboardScrollable(ut('pub.fieldAveragesTable'));
  const items = data.fields.map((f) => ({
    code: f.code,
    name: f.name,
    // A large campaign: the server's averages over every unit (this page is only a slice).
    average: rows
      ? average(rows.map((r) => r.fields.find((x) => x.code === f.code)?.percent ?? null))
      : (data.fieldAverages.find((x) => x.code === f.code)?.percent ?? null),
  }));
  return (
    <div ref={tableRef} data-testid="public-field-averages">
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={items}
        columns={[
          {
            title: ut('ur.field'),
            dataIndex: 'name',
            render: (_: unknown, f: (typeof items)[number]) => `${f.code}. ${f.name}`,
          },
          {
            title: ut('pub.average'),
            dataIndex: 'average',
            align: 'right',
            render: (v: number | null) => (v === null ? ut('pub.notApplicable') : formatPercent(v, lang)),
          },
        ]}
      />
    </div>
  );
}
