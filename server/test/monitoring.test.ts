import {
  MONITORING_FILTERS,
  MONITORING_PROGRESS_BUCKETS,
  MONITORING_SORTS,
  type MonitoringFilter,
  type MonitoringRow,
  type MonitoringSort,
  type MonitoringState,
  type MonitoringView,
  monitoringState,
} from '@cchc/domain/api/campaigns';
import { isPast } from '@cchc/domain/campaign/calendar';
import { answeredPercent } from '@cchc/domain/campaign/self-assessment';
import { foldForSearch } from '@cchc/domain/text';
import { hasSubmitted, type ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSynthetic } from '../src/modules/synthetic/synthetic';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

/**
 * The Office's monitoring dashboard, paged on the server (docs/campaigns.md, "Monitoring"): every
 * page, sort, filter and search is checked against the truth computed here, unit by unit, with the
 * domain's own functions from the campaign's scorecards; the totals never depend on the page.
 */

const PASSWORD = 'theodoi-2025-xyz';
const UNITS = 37;

/** What the dashboard should say about one unit, from the database and the domain functions. */
interface Truth {
  scorecardId: string;
  unitCode: string;
  unitName: string;
  groupCode: string;
  state: MonitoringState;
  overdue: boolean;
  late: boolean;
  percent: number;
  evidenceCount: number;
  selfPoints: number;
  lastActivityAt: string | null;
}

function matches(u: Truth, filter: MonitoringFilter): boolean {
  switch (filter) {
    case 'overdue':
      return u.overdue;
    case 'late':
      return u.late;
    case 'notSubmitted':
      return u.state !== 'submitted';
    default:
      return u.state === filter;
  }
}

const ATTENTION: Record<MonitoringState, number> = {
  returned: 1,
  notStarted: 2,
  inProgress: 3,
  submitted: 4,
};

/** The sort key of a unit for each sortable column, as the page means it. */
function keyOf(u: Truth, sort: MonitoringSort): number | string {
  switch (sort) {
    case 'attention':
      return u.overdue ? 0 : ATTENTION[u.state];
    case 'unit':
      return u.unitCode;
    case 'group':
      return u.groupCode;
    case 'progress':
      return u.percent;
    case 'evidence':
      return u.evidenceCount;
    case 'points':
      return u.selfPoints;
    case 'activity':
      return u.lastActivityAt ?? '';
  }
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function counts(units: Truth[]) {
  const of = (s: MonitoringState) => units.filter((u) => u.state === s).length;
  return {
    units: units.length,
    submitted: of('submitted'),
    inProgress: of('inProgress'),
    notStarted: of('notStarted'),
    returned: of('returned'),
    overdue: units.filter((u) => u.overdue).length,
    late: units.filter((u) => u.late).length,
  };
}

describe.each(testDialects())('monitoring dashboard paging on %s', (dialect) => {
  let t: TestApp;
  let office: Session;
  let campaignId: string;
  let truth: Truth[];

  const view = async (query = ''): Promise<MonitoringView> => {
    const res = await t.as(office).get(`/api/campaigns/${campaignId}/monitoring${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<MonitoringView>();
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const synthetic = await generateSynthetic(
      { db: t.db, dialect },
      {
        units: UNITS,
        leaves: 12,
        groups: 3,
        seed: 11,
        password: PASSWORD,
        code: 'MON-SA',
        stage: 'self-assessment',
        year: 2024,
      },
    );
    campaignId = synthetic.campaign.id;
    const cards = await t.db
      .selectFrom('scorecard as s')
      .innerJoin('unit as u', 'u.id', 's.unitId')
      .select(['s.id', 's.unitId', 'u.code'])
      .where('s.campaignId', '=', campaignId)
      .orderBy('u.code')
      .execute();
    const card = (i: number) => cards[i]!;
    // Every state the dashboard distinguishes, whatever the generator drew.
    const rename = async (i: number, name: string) =>
      t.db
        .updateTable('unit')
        .set({ name, searchText: foldForSearch(`${card(i).code} ${name}`) })
        .where('id', '=', card(i).unitId)
        .execute();
    await rename(0, 'Cục Quản lý Đê điều');
    await rename(1, 'Ban 100%_đạt');
    const set = (i: number, values: Record<string, unknown>) =>
      t.db.updateTable('scorecard').set(values).where('id', '=', card(i).id).execute();
    const blank = { answeredCount: 0, evidenceCount: 0, lastActivityAt: null, selfPoints: 0 };
    await set(2, { status: 'RETURNED', submittedAt: null, lastActivityAt: '2024-12-05T03:00:00.000Z' });
    // Overdue: an extension that ended before the test clock's 10/12/2024 (the campaign's is 16/12).
    await set(3, { status: 'DRAFT', submittedAt: null, extendedUntil: '2024-12-01' });
    await set(4, { status: 'DRAFT', submittedAt: null, ...blank });
    await set(5, { status: 'DRAFT', submittedAt: null, ...blank, extendedUntil: '2024-12-09' });
    await set(6, { status: 'SUBMITTED', submittedAt: '2024-12-02T02:00:00.000Z', minutesLate: 95 });
    await set(7, { status: 'IN_REVIEW', submittedAt: '2024-12-02T02:00:00.000Z', minutesLate: 0 });
    // An extension to a later day: not overdue; no applicable criterion: 0 %.
    await set(8, { status: 'DRAFT', submittedAt: null, extendedUntil: '2024-12-20', applicableCount: 0 });
    await set(9, { status: 'DRAFT', submittedAt: null, answeredCount: 12, applicableCount: 12 });
    office = await t.login('syn.vanphong', PASSWORD);

    const now = t.clock.now();
    const due = (
      await t.db
        .selectFrom('campaign_milestone')
        .select('dueDate')
        .where('campaignId', '=', campaignId)
        .where('key', '=', 'SELF_ASSESSMENT')
        .executeTakeFirstOrThrow()
    ).dueDate;
    const rows = await t.db
      .selectFrom('scorecard as s')
      .innerJoin('unit as u', 'u.id', 's.unitId')
      .selectAll('s')
      .select(['u.code as unitCode', 'u.name as unitName'])
      .where('s.campaignId', '=', campaignId)
      .execute();
    truth = rows.map((s) => {
      const status = s.status as ScorecardStatus;
      const dueDate = s.extendedUntil ?? due;
      return {
        scorecardId: s.id,
        unitCode: s.unitCode,
        unitName: s.unitName,
        groupCode: s.groupCode,
        state: monitoringState({ ...s, status }),
        overdue: !hasSubmitted(status, s.submittedAt) && isPast(dueDate, now),
        late: (s.minutesLate ?? 0) > 0,
        percent: answeredPercent(s.answeredCount, s.applicableCount),
        evidenceCount: s.evidenceCount,
        selfPoints: s.selfPoints,
        lastActivityAt: s.lastActivityAt,
      };
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the fixture has every state, overdue and late units (else the checks below prove little)', () => {
    const c = counts(truth);
    expect(c.units).toBe(UNITS);
    for (const k of ['submitted', 'inProgress', 'notStarted', 'returned', 'overdue', 'late'] as const) {
      expect(c[k], k).toBeGreaterThan(0);
    }
    expect(new Set(truth.map((u) => u.groupCode)).size).toBeGreaterThan(1);
  });

  it('answers the first page of 50 by default, with the totals, groups and progress of every unit', async () => {
    const v = await view();
    expect(v).toMatchObject({ page: 1, pageSize: 50, sort: 'attention', order: 'asc', total: UNITS });
    expect(v.rows).toHaveLength(UNITS);
    expect(v.totals).toEqual(counts(truth));
    const groups = [...new Set(truth.map((u) => u.groupCode))].sort();
    expect(v.groups).toEqual(
      groups.map((g) => {
        const units = truth.filter((u) => u.groupCode === g);
        const sum = units.reduce((n, u) => n + u.percent, 0);
        return {
          groupCode: g,
          ...counts(units),
          answeredPercent: Math.floor((2 * sum + units.length) / (2 * units.length)),
        };
      }),
    );
    const bucketOf = (p: number) =>
      p === 0 ? 0 : p < 2500 ? 1 : p < 5000 ? 2 : p < 7500 ? 3 : p < 10_000 ? 4 : 5;
    expect(v.progress).toEqual(
      MONITORING_PROGRESS_BUCKETS.map((bucket, i) => ({
        bucket,
        units: truth.filter((u) => bucketOf(u.percent) === i).length,
      })),
    );
    // Each row says what the truth says about its unit.
    for (const r of v.rows) {
      const u = truth.find((x) => x.scorecardId === r.scorecardId)!;
      expect({ state: r.state, overdue: r.isOverdue, percent: r.answeredPercent }, u.unitCode).toEqual({
        state: u.state,
        overdue: u.overdue,
        percent: u.percent,
      });
    }
  });

  it('pages through every unit once, in order, with the same totals on every page', async () => {
    const first = await view('?pageSize=8&sort=unit');
    const seen: MonitoringRow[] = [];
    for (let page = 1; page <= Math.ceil(UNITS / 8); page++) {
      const v = await view(`?page=${page}&pageSize=8&sort=unit`);
      expect(v.total).toBe(UNITS);
      expect(v.rows.length).toBe(Math.min(8, UNITS - (page - 1) * 8));
      expect(v.totals).toEqual(first.totals);
      expect(v.groups).toEqual(first.groups);
      seen.push(...v.rows);
    }
    expect(seen.map((r) => r.unitCode)).toEqual(truth.map((u) => u.unitCode).sort());
  });

  it('sorts every column both ways, then by unit code', async () => {
    for (const sort of MONITORING_SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const v = await view(`?sort=${sort}&order=${order}&pageSize=500`);
        const sign = order === 'asc' ? 1 : -1;
        const expected = [...truth]
          .sort(
            (a, b) =>
              sign * compare(keyOf(a, sort), keyOf(b, sort)) ||
              (sort === 'unit' ? sign : 1) * compare(a.unitCode, b.unitCode),
          )
          .map((u) => u.unitCode);
        expect(
          v.rows.map((r) => r.unitCode),
          `${sort} ${order}`,
        ).toEqual(expected);
      }
    }
  });

  it('filters by state, overdue, not submitted and late; totals stay those of every unit', async () => {
    const all = counts(truth);
    for (const status of MONITORING_FILTERS) {
      const v = await view(`?status=${status}&pageSize=500`);
      const expected = truth.filter((u) => matches(u, status));
      expect(v.total, status).toBe(expected.length);
      expect(v.rows.map((r) => r.scorecardId).sort(), status).toEqual(
        expected.map((u) => u.scorecardId).sort(),
      );
      expect(v.totals).toEqual(all);
    }
  });

  it('filters by group, combined with a state, and pages the filtered rows', async () => {
    const group = truth[0]!.groupCode;
    const expected = truth.filter((u) => u.groupCode === group && u.state !== 'submitted');
    const v = await view(`?group=${encodeURIComponent(group)}&status=notSubmitted&pageSize=2&page=2`);
    expect(v.total).toBe(expected.length);
    expect(v.rows.every((r) => r.groupCode === group && r.state !== 'submitted')).toBe(true);
    expect(v.rows.length).toBe(Math.min(2, Math.max(0, expected.length - 2)));
    expect(v.totals).toEqual(counts(truth));
  });

  it('searches unit code and name without accents or case; LIKE wildcards are literal', async () => {
    const de = await view(`?q=${encodeURIComponent('quan ly de dieu')}`);
    expect(de.rows.map((r) => r.unitName)).toEqual(['Cục Quản lý Đê điều']);
    expect(de.total).toBe(1);
    expect((await view(`?q=${encodeURIComponent('ĐÊ ĐIỀU')}`)).total).toBe(1);
    // The generator's names ("Vụ Pháp chế số 8" …): every unit whose folded code and name holds it.
    const folded = (u: Truth) => foldForSearch(`${u.unitCode} ${u.unitName}`);
    const vu = await view(`?q=${encodeURIComponent('vu phap che')}&pageSize=500&sort=unit`);
    const expected = truth.filter((u) => folded(u).includes('vu phap che')).map((u) => u.unitCode);
    expect(expected.length).toBeGreaterThan(0);
    expect(vu.rows.map((r) => r.unitCode)).toEqual(expected.sort());
    const code = truth[5]!.unitCode;
    expect((await view(`?q=${code.toLowerCase()}`)).rows.map((r) => r.unitCode)).toEqual([code]);
    // "%" and "_" match themselves only: one unit has them in its name.
    expect((await view(`?q=${encodeURIComponent('%_d')}`)).rows.map((r) => r.unitName)).toEqual([
      'Ban 100%_đạt',
    ]);
    expect((await view(`?q=${encodeURIComponent('0_')}`)).total).toBe(0);
    const none = await view(`?q=${encodeURIComponent('không có đơn vị này')}`);
    expect({ total: none.total, rows: none.rows, units: none.totals.units }).toEqual({
      total: 0,
      rows: [],
      units: UNITS,
    });
  });

  it('a page past the end has no rows and the right total', async () => {
    const v = await view('?page=99&pageSize=10&status=notSubmitted');
    expect(v.rows).toEqual([]);
    expect(v.total).toBe(truth.filter((u) => u.state !== 'submitted').length);
    expect(v.page).toBe(99);
  });

  it('refuses a bad page size, sort, order or filter with a Vietnamese VALIDATION_ERROR', async () => {
    const before = await view('?pageSize=5');
    const cases: [string, string][] = [
      ['pageSize=0', 'pageSize'],
      ['pageSize=501', 'pageSize'],
      ['pageSize=abc', 'pageSize'],
      ['pageSize=2.5', 'pageSize'],
      ['page=0', 'page'],
      ['sort=unitName', 'sort'],
      ['order=up', 'order'],
      ['status=late;drop', 'status'],
    ];
    for (const [query, field] of cases) {
      const res = await t.as(office).get(`/api/campaigns/${campaignId}/monitoring?${query}`);
      expect(res.statusCode, query).toBe(400);
      const body = res.json();
      expect(body.error.code, query).toBe('VALIDATION_ERROR');
      expect(body.error.message, query).toMatch(/^Dữ liệu không hợp lệ: .*(trang|sắp xếp|Trạng thái|Trang)/);
      expect(Object.keys(body.error.fields ?? {}), query).toContain(field);
    }
    expect(await view('?pageSize=5')).toEqual(before);
  });

  it('stays the Office’s (and leadership’s): a unit officer is refused, whatever the query', async () => {
    const focal = await t.login('daumoi.dv000001', PASSWORD);
    expect((await t.as(focal).get(`/api/campaigns/${campaignId}/monitoring?pageSize=1`)).statusCode).toBe(
      403,
    );
  });
});
