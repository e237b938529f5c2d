import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DocumentSettingsView, ExportList, ExportView, ReportDraftView } from '@cchc/domain/api/reports';
import type { ResultsView, UnitResultsView } from '@cchc/domain/api/results';
import { formatLocalDateVi, localDateOf } from '@cchc/domain/campaign/calendar';
import { formatPercentVi, formatPointsVi } from '@cchc/domain/scoring/decimal';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { unzip } from '../src/modules/index-sets/xlsx/test-workbooks';
import { fixedClock } from '../src/platform/clock';
import { seedDemo } from '../src/seed/demo';
import { officeToPdf, pdfFonts, pdfText } from '../src/testing/office-tools';
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

/**
 * Reports and documents (issue 7) on the demo data, through the HTTP API and the export worker:
 * every document in DOCX and PDF and every workbook for the published demo campaign; the numbers
 * in them equal the results API; the bad inputs the issue names (the decision before council
 * approval, a campaign the user may not see, zero submitted units, two identical requests at
 * once) each get their error and change nothing; a failed job says why; a crashed worker's job
 * is taken again. With LibreOffice and poppler present (required under CI), the DOCX files are
 * opened by LibreOffice and the PDFs' text and fonts are checked with pdftotext and pdffonts.
 */
const office = inject('officeTools');
const OUT = process.env.REPORTS_TEST_OUT ?? path.join(os.tmpdir(), 'cchc-reports-test');

describe.each(testDialects())('reports and documents on %s', (dialect) => {
  let t: TestDb;
  let app: FastifyInstance;
  let dataDir: string;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  const clock = fixedClock(new Date('2026-11-27T03:00:00.000Z'));
  type Session = { cookie: string; csrf: string };
  const sessions: Record<string, Session> = {};
  let published: { id: string; code: string };
  let appraising: { id: string; code: string };
  let current: { id: string; code: string };

  const login = async (username: string): Promise<Session> => {
    const password = seeded.users.find((u) => u.username === username)!.password;
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    expect(res.statusCode, res.body).toBe(200);
    return {
      cookie: `cchc_session=${res.cookies.find((c) => c.name === 'cchc_session')!.value}`,
      csrf: res.json<{ csrfToken: string }>().csrfToken,
    };
  };
  const as = (who: string) => {
    const s = sessions[who]!;
    return {
      get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie: s.cookie } }),
      post: (url: string, payload: object) =>
        app.inject({ method: 'POST', url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } }),
      put: (url: string, payload: object) =>
        app.inject({ method: 'PUT', url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } }),
    };
  };
  const jobCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('export_job')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const errorOf = (res: LightMyRequestResponse) =>
    res.json<{ error: { code: string; message: string } }>().error;
  /** Asks for an export as `who`, runs the worker, and returns the finished job and its file. */
  const generate = async (who: string, url: string, body: object) => {
    const res = await as(who).post(url, body);
    expect(res.statusCode, res.body).toBe(202);
    await app.exportWorker.runDue();
    const job = (await as(who).get(`/api/exports/${res.json<ExportView>().id}`)).json<ExportView>();
    expect(job.status, JSON.stringify(job.error)).toBe('DONE');
    expect(job.progress).toBe(100);
    const file = await as(who).get(job.downloadUrl!);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(Number(file.headers['content-length'])).toBe(job.sizeBytes);
    fs.mkdirSync(path.join(OUT, dialect), { recursive: true });
    fs.writeFileSync(path.join(OUT, dialect, job.fileName!), file.rawPayload);
    return { job, data: file.rawPayload };
  };
  const docxText = async (data: Buffer) =>
    (await unzip(data))
      .get('word/document.xml')!
      .toString('utf8')
      .replace(/<[^>]+>/g, '');

  beforeAll(async () => {
    t = await createTestDb(dialect);
    seeded = await seedDemo(t.db, clock);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-reports-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      EXPORT_WORKER: 'false',
      SERVE_WEB: 'false',
      LOGIN_RATE_PER_MINUTE: '1000',
    });
    app = await buildApp({ config, db: t.db, dialect, clock, logger: false });
    for (const u of ['vanphong', 'daumoi.vpc', 'lanhdao', 'hoidong', 'admin', 'xem']) {
      sessions[u] = await login(u);
    }
    const campaigns = await t.db.selectFrom('campaign').select(['id', 'code', 'phase']).execute();
    published = campaigns.find((c) => c.phase === 'PUBLISHED')!;
    appraising = campaigns.find((c) => c.phase === 'APPRAISAL')!;
    current = campaigns.find((c) => c.code === seeded.campaign!.code)!;
  });
  afterAll(async () => {
    await app.close();
    await t.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates the four documents and the three workbooks; their numbers equal the results API', async () => {
    const results = (await as('vanphong').get(`/api/campaigns/${published.id}/results`)).json<ResultsView>();
    expect(results.rows.length).toBe(18);
    const url = `/api/campaigns/${published.id}/exports`;

    // The consolidated report: every unit with its self, appraised and final points, index and band.
    const reportDocx = await generate('vanphong', url, { kind: 'consolidated-report', format: 'docx' });
    const reportText = await docxText(reportDocx.data);
    const reportPdf = await generate('vanphong', url, { kind: 'consolidated-report', format: 'pdf' });
    expect(reportPdf.data.subarray(0, 5).toString()).toBe('%PDF-');
    expect(reportPdf.job.fileName).toBe(`Bao-cao-tong-hop-${published.code}.pdf`);
    for (const r of results.rows) {
      expect(reportText).toContain(r.unit.name);
      expect(reportText).toContain(formatPercentVi(r.indexPercent));
    }
    expect(reportText).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(reportText).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(reportText).toContain('Hà Nội, ngày 27 tháng 11 năm 2026');
    expect(reportText).toContain('Số:       /BC-VP');
    // Dates achieved vs planned, read from the data: the guidance issued, the publication.
    const c = await t.db
      .selectFrom('campaign')
      .innerJoin('announcement', 'announcement.campaignId', 'campaign.id')
      .select(['campaign.guidanceIssuedAt', 'announcement.publishedAt'])
      .where('campaign.id', '=', published.id)
      .executeTakeFirstOrThrow();
    const viDate = (at: string) => formatLocalDateVi(localDateOf(new Date(at)));
    expect(reportText).toContain(`Ban hành hướng dẫn chấm điểm10/12/2024${viDate(c.guidanceIssuedAt!)}`);
    expect(reportText).toContain(`Công bố Chỉ số CCHC31/03/2025${viDate(c.publishedAt!)}`);

    // The decision: its number from the announcement, the ranked annex with the ratings.
    const decision = await generate('vanphong', url, { kind: 'approval-decision', format: 'docx' });
    const decisionText = await docxText(decision.data);
    expect(decisionText).toContain('Số: 15/QĐ-TTCP');
    expect(decisionText).toContain('PHỤ LỤC');
    expect(decisionText).toContain(`18 đơn vị thuộc THANH TRA CHÍNH PHỦ`);
    for (const r of results.rows) {
      expect(decisionText).toContain(
        `${r.unit.name}${formatPointsVi(r.finalPoints)}${formatPercentVi(r.indexPercent)}`,
      );
    }
    const decisionPdf = await generate('lanhdao', url, { kind: 'approval-decision', format: 'pdf' });
    const minutes = await generate('hoidong', url, { kind: 'council-minutes', format: 'docx' });
    expect(await docxText(minutes.data)).toContain('BIÊN BẢN HỌP HỘI ĐỒNG THẨM ĐỊNH');
    const minutesPdf = await generate('vanphong', url, { kind: 'council-minutes', format: 'pdf' });

    // A unit's self-assessment report, asked for by the unit itself.
    const card = await t.db
      .selectFrom('scorecard')
      .innerJoin('unit', 'unit.id', 'scorecard.unitId')
      .select(['scorecard.id', 'unit.name'])
      .where('scorecard.campaignId', '=', published.id)
      .where('unit.code', '=', 'VPC')
      .executeTakeFirstOrThrow();
    const selfDocx = await generate('daumoi.vpc', `/api/scorecards/${card.id}/exports`, { format: 'docx' });
    expect(await docxText(selfDocx.data)).toContain(
      'Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính',
    );
    const selfPdf = await generate('daumoi.vpc', `/api/scorecards/${card.id}/exports`, { format: 'pdf' });

    if (office) {
      // PDF text keeps the diacritics (NFC) and every font is embedded.
      for (const pdf of [reportPdf.data, decisionPdf.data, minutesPdf.data, selfPdf.data]) {
        expect(pdfFonts(pdf).length).toBeGreaterThan(0);
        expect(pdfFonts(pdf).every((f) => f.embedded)).toBe(true);
      }
      const text = pdfText(reportPdf.data);
      for (const r of results.rows) {
        // A long name may wrap inside its cell: compare its first two words, then the figures.
        expect(text).toContain(r.unit.name.split(' ').slice(0, 2).join(' '));
        expect(text).toContain(formatPercentVi(r.indexPercent));
      }
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Tổng hợp kết quả chấm điểm Chỉ số cải cách hành chính năm 2024');
      expect(pdfText(decisionPdf.data)).toContain('Phê duyệt và công bố Chỉ số cải cách hành chính năm 2024');
      expect(pdfText(selfPdf.data)).toContain(card.name.toUpperCase());
      // LibreOffice opens every DOCX (converted headless to PDF) and finds the same text.
      if (dialect === 'sqlite') {
        const converted = officeToPdf({
          'report.docx': reportDocx.data,
          'decision.docx': decision.data,
          'minutes.docx': minutes.data,
          'self.docx': selfDocx.data,
        });
        const loText = pdfText(converted['report.docx']!);
        for (const r of results.rows.slice(0, 5)) {
          expect(loText).toContain(formatPointsVi(r.finalPoints));
        }
        expect(pdfText(converted['decision.docx']!)).toContain('KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024');
        expect(pdfText(converted['minutes.docx']!)).toContain('BIÊN BẢN HỌP HỘI ĐỒNG THẨM ĐỊNH');
        expect(pdfText(converted['self.docx']!)).toContain(card.name.toUpperCase());
        for (const [name, pdf] of Object.entries(converted)) {
          fs.writeFileSync(path.join(OUT, dialect, `libreoffice-${name}.pdf`), pdf);
        }
      }
    }

    // Summary workbook: one row per unit in published order, equal to the API.
    const summary = await generate('vanphong', url, { kind: 'summary-workbook', format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(summary.data as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Tổng hợp')!;
    expect(ws.getRow(1).getCell(5).value).toBe('Đơn vị');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.actualRowCount).toBe(results.rows.length + 1);
    for (const [i, r] of results.rows.entries()) {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(r.rank);
      expect(row.getCell(4).value).toBe(r.unit.code);
      expect(Math.round(Number(row.getCell(7).value) * 100)).toBe(r.selfPoints);
      expect(Math.round(Number(row.getCell(9).value) * 100)).toBe(r.finalPoints);
      expect(Math.round(Number(row.getCell(14).value) * 10_000)).toBe(r.indexPercent);
      expect(row.getCell(9).numFmt).toBe('#,##0.00');
      expect(row.getCell(14).numFmt).toBe('0.00%');
    }

    // Detail workbook: unit × leaf, equal to each unit's own results page (self, appraised, final).
    const detail = await generate('vanphong', url, { kind: 'detail-workbook', format: 'xlsx' });
    const dwb = new ExcelJS.Workbook();
    await dwb.xlsx.load(detail.data as unknown as ArrayBuffer);
    const dws = dwb.getWorksheet('Chi tiết')!;
    const byUnitLeaf = new Map<string, number[]>();
    dws.eachRow((row, n) => {
      if (n > 1) {
        const v = (c: number) =>
          row.getCell(c).value === null ? null : Math.round(Number(row.getCell(c).value) * 100);
        byUnitLeaf.set(`${row.getCell(2).value}|${row.getCell(5).value}`, [v(9)!, v(10)!, v(11)!]);
      }
    });
    let compared = 0;
    for (const r of results.rows.filter((x) => ['VP', 'V2', 'VPC'].includes(x.unit.code))) {
      const unit = (
        await as('vanphong').get(`/api/scorecards/${r.scorecardId}/results`)
      ).json<UnitResultsView>();
      for (const item of unit.items.filter((it) => it.isLeaf)) {
        const cells = byUnitLeaf.get(`${r.unit.code}|${item.code}`);
        if (cells && cells[0] !== null) {
          expect(cells, `${r.unit.code} ${item.code}`).toEqual([
            item.selfPoints,
            item.appraisedPoints,
            item.finalPoints,
          ]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(30);
    // The working group's change shows with its reason (VP: 1.3 lowered from 2 to 1 point).
    const reasons: string[] = [];
    dws.eachRow((row) => {
      if (row.getCell(2).value === 'VP' && Number(row.getCell(9).value) !== Number(row.getCell(10).value)) {
        reasons.push(String(row.getCell(12).value));
      }
    });
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((x) => x.trim() !== '')).toBe(true);

    // Per-field workbook: averages equal the API's.
    const fields = await generate('vanphong', url, { kind: 'field-workbook', format: 'xlsx' });
    const fwb = new ExcelJS.Workbook();
    await fwb.xlsx.load(fields.data as unknown as ArrayBuffer);
    const fws = fwb.getWorksheet('Theo lĩnh vực')!;
    for (const [i, f] of results.fieldAverages.entries()) {
      const row = fws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(f.code);
      expect(f.percent === null ? null : Math.round(Number(row.getCell(4).value) * 10_000)).toBe(f.percent);
    }
    expect(fwb.getWorksheet('Tiêu chí bị trừ điểm')!.actualRowCount).toBeGreaterThan(1);
  });

  it('refuses the decision before council approval, and changes nothing', async () => {
    const before = await jobCount();
    const res = await as('vanphong').post(`/api/campaigns/${appraising.id}/exports`, {
      kind: 'approval-decision',
      format: 'pdf',
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('COUNCIL_NOT_APPROVED');
    expect(errorOf(res).message).toContain('Hội đồng thẩm định');
    expect(await jobCount()).toBe(before);
    // The minutes need the council step too.
    const minutes = await as('vanphong').post(`/api/campaigns/${appraising.id}/exports`, {
      kind: 'council-minutes',
      format: 'docx',
    });
    expect(minutes.statusCode).toBe(409);
    expect(await jobCount()).toBe(before);

    // At the council step: refused while any scorecard — submitted or not — is not approved by
    // the council (leadership's approval needs them all), with the count; allowed once all are.
    const cards = await t.db
      .selectFrom('scorecard')
      .select(['id', 'status'])
      .where('campaignId', '=', appraising.id)
      .execute();
    await t.db.updateTable('campaign').set({ phase: 'COUNCIL' }).where('id', '=', appraising.id).execute();
    await t.db
      .updateTable('scorecard')
      .set({ status: 'COUNCIL_APPROVED' })
      .where('campaignId', '=', appraising.id)
      .execute();
    // One unit never submitted, reviewed by the working group but not approved by the council.
    await t.db
      .updateTable('scorecard')
      .set({ status: 'REVIEWED', submittedAt: null })
      .where('id', '=', cards[0]!.id)
      .execute();
    try {
      const pending = await as('vanphong').post(`/api/campaigns/${appraising.id}/exports`, {
        kind: 'approval-decision',
        format: 'docx',
      });
      expect(pending.statusCode).toBe(409);
      expect(errorOf(pending).code).toBe('COUNCIL_NOT_APPROVED');
      expect(errorOf(pending).message).toContain('của 1 đơn vị');
      expect(await jobCount()).toBe(before);
      await t.db
        .updateTable('scorecard')
        .set({ status: 'COUNCIL_APPROVED' })
        .where('id', '=', cards[0]!.id)
        .execute();
      const allowed = await as('vanphong').post(`/api/campaigns/${appraising.id}/exports`, {
        kind: 'approval-decision',
        format: 'docx',
      });
      expect(allowed.statusCode, allowed.body).toBe(202);
      expect(await app.exportWorker.runDue()).toBe(1);
      const job = (
        await as('vanphong').get(`/api/exports/${allowed.json<ExportView>().id}`)
      ).json<ExportView>();
      expect(job.status, JSON.stringify(job.error)).toBe('DONE');
    } finally {
      await t.db
        .updateTable('campaign')
        .set({ phase: 'APPRAISAL' })
        .where('id', '=', appraising.id)
        .execute();
      for (const card of cards) {
        await t.db.updateTable('scorecard').set({ status: card.status }).where('id', '=', card.id).execute();
      }
    }
  });

  it('refuses a campaign with zero submitted units with a clear message, not an empty table', async () => {
    const before = await jobCount();
    for (const kind of ['consolidated-report', 'summary-workbook'] as const) {
      const res = await as('vanphong').post(`/api/campaigns/${current.id}/exports`, {
        kind,
        format: kind === 'summary-workbook' ? 'xlsx' : 'pdf',
      });
      expect(res.statusCode).toBe(409);
      expect(errorOf(res).code).toBe('NO_SUBMITTED_UNITS');
      expect(errorOf(res).message).toContain('chưa có đơn vị nào nộp');
    }
    expect(await jobCount()).toBe(before);
  });

  it('refuses exports of a campaign the user may not see; jobs and files stay private', async () => {
    const before = await jobCount();
    const unit = await as('daumoi.vpc').post(`/api/campaigns/${published.id}/exports`, {
      kind: 'summary-workbook',
      format: 'xlsx',
    });
    expect(unit.statusCode).toBe(403);
    expect(
      (
        await as('xem').post(`/api/campaigns/${published.id}/exports`, {
          kind: 'detail-workbook',
          format: 'xlsx',
        })
      ).statusCode,
    ).toBe(403);
    // A campaign still being set up is invisible outside the Office: 404, as if it did not exist.
    const setup = await t.db
      .insertInto('campaign')
      .values({
        id: '01a00000-0000-7000-8000-000000000001',
        code: 'CCHC-SETUP',
        year: 2027,
        name: 'Kỳ đang chuẩn bị',
        indexSetId: (
          await t.db
            .selectFrom('campaign')
            .select('indexSetId')
            .where('id', '=', published.id)
            .executeTakeFirstOrThrow()
        ).indexSetId,
        previousCampaignId: null,
        phase: 'SETUP',
        guidanceText: '',
        guidanceIssuedAt: null,
        budgetStatus: 'DRAFT',
        budgetNote: null,
        budgetDecidedBy: null,
        budgetDecidedAt: null,
        appealUntil: null,
        approvedAt: null,
        approvedBy: null,
        rowVersion: 1,
        createdBy: null,
        createdAt: clock.now().toISOString(),
        updatedAt: clock.now().toISOString(),
      })
      .execute();
    void setup;
    const hidden = await as('lanhdao').post('/api/campaigns/01a00000-0000-7000-8000-000000000001/exports', {
      kind: 'consolidated-report',
      format: 'pdf',
    });
    expect(hidden.statusCode).toBe(404);
    expect(await jobCount()).toBe(before);
    // Another caller's campaign export: a unit can neither see nor download it.
    const list = (await as('vanphong').get(`/api/campaigns/${published.id}/exports`)).json<ExportList>();
    const done = list.items.find((j) => j.status === 'DONE')!;
    expect((await as('daumoi.vpc').get(`/api/exports/${done.id}`)).statusCode).toBe(403);
    expect((await as('daumoi.vpc').get(`/api/exports/${done.id}/file`)).statusCode).toBe(403);
    expect((await as('daumoi.vpc').get(`/api/campaigns/${published.id}/exports`)).statusCode).toBe(403);
    // A unit's report is not another unit's business.
    const other = await t.db
      .selectFrom('scorecard')
      .innerJoin('unit', 'unit.id', 'scorecard.unitId')
      .select('scorecard.id')
      .where('scorecard.campaignId', '=', published.id)
      .where('unit.code', '=', 'VP')
      .executeTakeFirstOrThrow();
    expect(
      (await as('daumoi.vpc').post(`/api/scorecards/${other.id}/exports`, { format: 'pdf' })).statusCode,
    ).toBe(403);
    expect(await jobCount()).toBe(before);
  });

  it('makes two identical requests at once one job; a later request after it ended is a new job', async () => {
    const url = `/api/campaigns/${published.id}/exports`;
    const before = await jobCount();
    const body = { kind: 'field-workbook', format: 'xlsx' };
    const [a, b, c] = await Promise.all([
      as('vanphong').post(url, body),
      as('vanphong').post(url, body),
      as('lanhdao').post(url, body),
    ]);
    expect([a.statusCode, b.statusCode, c.statusCode].sort()).toEqual([200, 200, 202]);
    const ids = new Set([a, b, c].map((r) => r.json<ExportView>().id));
    expect(ids.size).toBe(1);
    expect(await jobCount()).toBe(before + 1);
    // A different format is a different request.
    expect((await as('vanphong').post(url, { kind: 'consolidated-report', format: 'docx' })).statusCode).toBe(
      202,
    );
    expect(await app.exportWorker.runDue()).toBe(2);
    const again = await as('vanphong').post(url, body);
    expect(again.statusCode).toBe(202);
    expect(ids.has(again.json<ExportView>().id)).toBe(false);
    await app.exportWorker.runDue();
    // Bad requests: a workbook as PDF, an unknown kind.
    const bad = await as('vanphong').post(url, { kind: 'summary-workbook', format: 'pdf' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('VALIDATION_ERROR');
    expect((await as('vanphong').post(url, { kind: 'nope', format: 'pdf' })).statusCode).toBe(400);
  });

  it('says why a job failed, and a download of it is refused', async () => {
    const url = `/api/campaigns/${published.id}/exports`;
    const res = await as('lanhdao').post(url, { kind: 'summary-workbook', format: 'xlsx' });
    expect(res.statusCode).toBe(202);
    // The requester loses access before the job runs: the job runs as them and fails, saying why.
    const leader = await t.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'lanhdao')
      .executeTakeFirstOrThrow();
    await t.db.updateTable('app_user').set({ isActive: 0 }).where('id', '=', leader.id).execute();
    await app.exportWorker.runDue();
    await t.db.updateTable('app_user').set({ isActive: 1 }).where('id', '=', leader.id).execute();
    const job = (await as('vanphong').get(`/api/exports/${res.json<ExportView>().id}`)).json<ExportView>();
    expect(job.status).toBe('FAILED');
    expect(job.error?.code).toBe('FORBIDDEN');
    expect(job.error?.message).toContain('bị khóa');
    const file = await as('vanphong').get(`/api/exports/${job.id}/file`);
    expect(file.statusCode).toBe(409);
    expect(errorOf(file).code).toBe('EXPORT_NOT_READY');
  });

  it('takes again the job of a worker that stopped, and gives up after two tries', async () => {
    const url = `/api/campaigns/${published.id}/exports`;
    const res = await as('vanphong').post(url, { kind: 'summary-workbook', format: 'xlsx' });
    const id = res.json<ExportView>().id;
    // A worker took it and died: RUNNING under a lease that has run out.
    await t.db
      .updateTable('export_job')
      .set({ status: 'RUNNING', leaseOwner: 'dead', leaseUntil: '2026-11-27T02:00:00.000Z', attempts: 1 })
      .where('id', '=', id)
      .execute();
    // It died mid-write: its part file is still there.
    const exportsDir = path.join(dataDir, 'exports');
    fs.mkdirSync(exportsDir, { recursive: true });
    fs.writeFileSync(path.join(exportsDir, `${id}.1.xlsx.part`), 'half a workbook');
    await app.exportWorker.runDue();
    const retaken = (await as('vanphong').get(`/api/exports/${id}`)).json<ExportView>();
    expect(retaken.status).toBe('DONE');
    // The second attempt wrote its own file; the dead one's part never became the download.
    const stored = await t.db
      .selectFrom('export_job')
      .select('storageKey')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.storageKey).toBe(`${id}.2.xlsx`);
    const download = await as('vanphong').get(retaken.downloadUrl!);
    expect(download.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const res2 = await as('vanphong').post(url, { kind: 'summary-workbook', format: 'xlsx' });
    const id2 = res2.json<ExportView>().id;
    await t.db
      .updateTable('export_job')
      .set({ status: 'RUNNING', leaseOwner: 'dead', leaseUntil: '2026-11-27T02:00:00.000Z', attempts: 2 })
      .where('id', '=', id2)
      .execute();
    await app.exportWorker.runDue();
    const failed = (await as('vanphong').get(`/api/exports/${id2}`)).json<ExportView>();
    expect(failed.status).toBe('FAILED');
    expect(failed.error?.message).toContain('Máy chủ dừng giữa chừng');
    // Its part files are gone; so is the first attempt's, once the file it replaced is done.
    expect(fs.readdirSync(exportsDir).filter((f) => f.startsWith(id2))).toEqual([]);

    // A worker whose lease was taken over while it rendered removes only its own file.
    const res3 = await as('vanphong').post(url, { kind: 'field-workbook', format: 'xlsx' });
    const id3 = res3.json<ExportView>().id;
    const worker = app.exportWorker;
    const claimed = await t.db
      .updateTable('export_job')
      .set({
        status: 'RUNNING',
        leaseOwner: 'other-process',
        leaseUntil: '2099-01-01T00:00:00.000Z',
        attempts: 1,
      })
      .where('id', '=', id3)
      .executeTakeFirst();
    expect(Number(claimed.numUpdatedRows)).toBe(1);
    expect(await worker.runDue()).toBe(0); // leased elsewhere: not taken
    expect((await as('vanphong').get(`/api/exports/${id3}`)).json<ExportView>().status).toBe('RUNNING');

    // Retention: after the period the file goes, the row stays, the download answers 410.
    const old = (await as('vanphong').get(`/api/exports/${id}`)).json<ExportView>();
    await t.db
      .updateTable('export_job')
      .set({ finishedAt: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', id)
      .execute();
    expect(await worker.prune()).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(exportsDir, `${id}.2.xlsx`))).toBe(false);
    const gone = (await as('vanphong').get(`/api/exports/${id}`)).json<ExportView>();
    expect(gone).toMatchObject({ status: 'DONE', downloadUrl: null, fileName: old.fileName });
    const expired = await as('vanphong').get(`/api/exports/${id}/file`);
    expect(expired.statusCode).toBe(410);
    expect(errorOf(expired).code).toBe('EXPORT_GONE');
    // The stale part file of a killed worker is swept too (older than two leases).
    const stale = path.join(exportsDir, 'stale-job.1.pdf.part');
    fs.writeFileSync(stale, 'x');
    fs.utimesSync(stale, new Date('2026-11-27T01:00:00Z'), new Date('2026-11-27T01:00:00Z'));
    await worker.prune();
    expect(fs.existsSync(stale)).toBe(false);
    await t.db
      .updateTable('export_job')
      .set({ status: 'FAILED', activeKey: null })
      .where('id', '=', id3)
      .execute();
  });

  it('keeps document settings and the report prose as data, with validation and versions', async () => {
    const settings = (await as('vanphong').get('/api/document-settings')).json<DocumentSettingsView>();
    expect(settings).toMatchObject({
      saved: false,
      rowVersion: 0,
      canEdit: true,
      issuerName: 'THANH TRA CHÍNH PHỦ',
    });
    expect((await as('daumoi.vpc').get('/api/document-settings')).json<DocumentSettingsView>().canEdit).toBe(
      false,
    );
    const { saved: _s, updatedAt: _u, updatedByName: _n, canEdit: _c, ...input } = settings;
    // Bad input: a symbol with spaces, an empty signer title. One message per field; nothing stored.
    const bad = await as('vanphong').put('/api/document-settings', {
      ...input,
      reportSymbol: 'BC VP',
      decisionSigner: { ...input.decisionSigner, title: '' },
    });
    expect(bad.statusCode).toBe(400);
    const fieldsOf = bad.json<{ error: { fields: Record<string, string> } }>().error.fields;
    expect(Object.keys(fieldsOf).sort()).toEqual(['decisionSigner.title', 'reportSymbol']);
    expect((await as('vanphong').get('/api/document-settings')).json<DocumentSettingsView>().saved).toBe(
      false,
    );
    // A unit may not change them.
    expect((await as('daumoi.vpc').put('/api/document-settings', input)).statusCode).toBe(403);
    const ok = await as('vanphong').put('/api/document-settings', {
      ...input,
      officeName: 'Văn phòng Thanh tra Chính phủ',
      reportSigner: { authority: '', title: 'Chánh Văn phòng', name: 'Nguyễn Văn Ký' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<DocumentSettingsView>()).toMatchObject({ saved: true, rowVersion: 1 });
    const stale = await as('admin').put('/api/document-settings', input);
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('EDIT_CONFLICT');

    // The prose: defaults with the campaign's figures until the Office saves its own text.
    const draftUrl = `/api/campaigns/${published.id}/report-draft`;
    const draft = (await as('vanphong').get(draftUrl)).json<ReportDraftView>();
    expect(draft.rowVersion).toBe(0);
    expect(draft.sections.organisation).toContain('18/18 đơn vị');
    expect((await as('daumoi.vpc').get(draftUrl)).statusCode).toBe(403);
    const text =
      'Năm 2024 các đơn vị đã thực hiện nghiêm túc việc tự đánh giá.\nĐề nghị biểu dương các đơn vị dẫn đầu.';
    const saved = await as('vanphong').put(draftUrl, {
      rowVersion: 0,
      sections: { ...draft.sections, assessment: text },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<ReportDraftView>().rowVersion).toBe(1);
    expect((await as('lanhdao').put(draftUrl, { rowVersion: 1, sections: draft.sections })).statusCode).toBe(
      403,
    );
    const conflict = await as('vanphong').put(draftUrl, { rowVersion: 0, sections: draft.sections });
    expect(conflict.statusCode).toBe(409);
    const tooLong = await as('vanphong').put(draftUrl, {
      rowVersion: 1,
      sections: { ...draft.sections, proposals: 'x'.repeat(20_001) },
    });
    expect(tooLong.statusCode).toBe(400);
    expect((await as('vanphong').get(draftUrl)).json<ReportDraftView>().sections.assessment).toBe(text);
    // Only the edited section is stored; the others follow the settings (the new office name).
    const stored = await t.db
      .selectFrom('report_draft')
      .select('sections')
      .where('campaignId', '=', published.id)
      .executeTakeFirstOrThrow();
    expect(Object.keys(JSON.parse(stored.sections))).toEqual(['assessment']);
    expect((await as('vanphong').get(draftUrl)).json<ReportDraftView>().sections.purpose).toContain(
      'Văn phòng Thanh tra Chính phủ tổng hợp',
    );

    // The next report carries the new settings and the edited text.
    const report = await generate('vanphong', `/api/campaigns/${published.id}/exports`, {
      kind: 'consolidated-report',
      format: 'docx',
    });
    const body = await docxText(report.data);
    expect(body).toContain('VĂN PHÒNG THANH TRA CHÍNH PHỦ');
    expect(body).toContain('Nguyễn Văn Ký');
    expect(body).toContain('Đề nghị biểu dương các đơn vị dẫn đầu.');
  });
});
