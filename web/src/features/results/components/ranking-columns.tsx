import { EditOutlined } from '@ant-design/icons';
import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import { Button, Flex, type TableProps, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { BandTag } from '../../council/components/shared';
import { pointsNumber } from '../../council/model';
import { unitResultsUrl } from '../api';
import { useResultsT } from '../messages';
import { groupNamer, indexDelta, ratingLabel } from '../model';
import { DeltaText } from './delta';

type Columns = NonNullable<TableProps<ResultRow>['columns']>;

/** Column key → the server's sort (domain RESULT_SORTS). */
const SORT_OF: Record<string, string> = {
  rank: 'rank',
  unit: 'name',
  group: 'group',
  index: 'index',
  band: 'band',
  rating: 'rating',
  delta: 'change',
  final: 'final',
  self: 'self',
  appraised: 'appraised',
  max: 'max',
  adjust: 'adjust',
  special: 'special',
};

export function columnSort(columnKey: string): string | null {
  return SORT_OF[columnKey] ?? null;
}

/**
 * Columns of the ranking table; every column sorts (click the header; the initial order is the
 * set's ranking). `large` is the meeting-room text size. `onAmend` adds the council's "Điều chỉnh".
 */
export function useRankingColumns({
  view,
  large,
  onAmend,
  sort,
}: {
  view: ResultsView | Omit<ResultsView, 'rows'>;
  large: boolean;
  onAmend?: (row: ResultRow) => void;
  /** The server's order (the table does not sort: a page is one slice of the whole ranking). */
  sort: { key: string; order: 'asc' | 'desc' };
}): Columns {
  const t = useResultsT();
  const lang = useLang();
  const groupName = groupNamer(view);
  const size = large ? 20 : 15;
  const big = large ? 28 : 21;
  const small = large ? 15 : 13;
  const cellText = { fontSize: size, fontVariantNumeric: 'tabular-nums' } as const;
  const numberCell = (value: number) => <span style={cellText}>{pointsNumber(value, lang)}</span>;

  const columns: Columns = [
    {
      title: t('col.rank'),
      key: 'rank',
      width: 72,
      align: 'center',
      fixed: 'left',
      sorter: true,
      render: (_, row) => (
        <span
          data-testid={`results-rank-${row.unit.code}`}
          style={{ fontSize: big, fontWeight: 700, color: '#0b3a6e', fontVariantNumeric: 'tabular-nums' }}
        >
          {row.rank}
        </span>
      ),
    },
    {
      title: t('col.unit'),
      key: 'unit',
      width: large ? 300 : 230,
      fixed: 'left',
      sorter: true,
      render: (_, row) => (
        <Flex vertical gap={0}>
          <Link
            to={unitResultsUrl(row.scorecardId)}
            style={{ fontSize: size, fontWeight: 600 }}
            data-testid={`results-unit-link-${row.unit.code}`}
          >
            {row.unit.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: small }}>
            {row.unit.code}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('col.group'),
      key: 'group',
      width: large ? 160 : 130,
      sorter: true,
      render: (_, row) => <span style={{ fontSize: small + 1 }}>{groupName(row.unit.groupCode)}</span>,
    },
    {
      title: t('col.index'),
      key: 'index',
      align: 'right',
      width: 120,
      sorter: true,
      render: (_, row) => (
        <span
          data-testid={`results-index-${row.unit.code}`}
          style={{ fontSize: big, fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: '#1f2a37' }}
        >
          {formatPercent(row.indexPercent, lang)}
        </span>
      ),
    },
    {
      title: t('col.band'),
      key: 'band',
      width: 110,
      sorter: true,
      render: (_, row) => <BandTag band={row.band} large={large} />,
    },
    {
      title: t('col.rating'),
      key: 'rating',
      width: large ? 260 : 220,
      sorter: true,
      render: (_, row) => (
        <span style={{ fontSize: small + 1 }} data-testid={`results-rating-${row.unit.code}`}>
          {ratingLabel(row.rating, lang)}
        </span>
      ),
    },
    {
      title: t('col.final'),
      key: 'final',
      align: 'right',
      width: 100,
      sorter: true,
      render: (_, row) => (
        <strong style={cellText} data-testid={`results-final-${row.unit.code}`}>
          {pointsNumber(row.finalPoints, lang)}
        </strong>
      ),
    },
    {
      title: t('col.self'),
      key: 'self',
      align: 'right',
      width: 92,
      sorter: true,
      render: (_, row) => numberCell(row.selfPoints),
    },
    {
      title: t('col.appraised'),
      key: 'appraised',
      align: 'right',
      width: 104,
      sorter: true,
      render: (_, row) => numberCell(row.appraisedPoints),
    },
    {
      title: t('col.max'),
      key: 'max',
      align: 'right',
      width: 84,
      sorter: true,
      render: (_, row) => numberCell(row.maxPoints),
    },
    {
      title: t('col.bonusPenalty'),
      key: 'adjust',
      align: 'right',
      width: 104,
      sorter: true,
      render: (_, row) => (
        <Flex vertical gap={0} align="end" style={{ ...cellText, fontSize: small + 1 }}>
          <span>+{pointsNumber(row.bonus, lang)}</span>
          <span>−{pointsNumber(row.penalty, lang)}</span>
        </Flex>
      ),
    },
  ];
  if (view.previousCampaign) {
    columns.splice(6, 0, {
      title: t('col.delta', { year: view.previousCampaign.year }),
      key: 'delta',
      align: 'right',
      width: 130,
      sorter: true,
      render: (_, row) => <DeltaText delta={indexDelta(row)} size={size} />,
    });
  }
  columns.push({
    title: t('col.special'),
    key: 'special',
    align: 'right',
    width: 104,
    sorter: true,
    render: (_, row) => <span style={cellText}>{row.specialCaseCount}</span>,
  });
  if (onAmend) {
    columns.push({
      title: t('col.actions'),
      key: 'actions',
      width: 130,
      render: (_, row) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => onAmend(row)}
          aria-label={`${t('ranking.amendShort')} — ${row.unit.name}`}
          title={t('ranking.amend')}
          data-testid={`amendment-open-${row.unit.code}`}
        >
          {t('ranking.amendShort')}
        </Button>
      ),
    });
  }
  // Controlled: the header shows the server's order (rank ascending is the unmarked default).
  for (const c of columns) {
    const key = String(c.key);
    if ('sorter' in c && c.sorter) {
      const active = SORT_OF[key] === sort.key;
      c.sortOrder = active ? (sort.order === 'desc' ? 'descend' : 'ascend') : null;
      c.sortDirections = ['ascend', 'descend'];
    }
  }
  return columns;
}
