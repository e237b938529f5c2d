import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { canEverywhere } from '@cchc/domain/access/policy';
import type { Actor } from '@cchc/domain/access/roles';
import {
  type DocumentSettings,
  type DocumentSettingsInput,
  DocumentSettingsInput as DocumentSettingsSchema,
  type DocumentSettingsView,
  EXPORT_KIND_LABELS,
  type ExportFormat,
  type ExportKind,
  type ExportList,
  type ExportRequest,
  type ExportView,
  REPORT_SECTIONS,
  type ReportDraftInput,
  ReportDraftInput as ReportDraftSchema,
  type ReportDraftView,
  type ReportSection,
} from '@cchc/domain/api/reports';
import {
  type AnalysisUnit,
  criteriaMostLost,
  fieldAnalysis,
  selfVsAppraised,
} from '@cchc/domain/reports/analysis';
import { CAMPAIGN_PHASES, type CampaignPhase } from '@cchc/domain/workflow/campaign.machine';
import { AppError } from '../../errors';
import { iso } from '../../platform/clock';
import type { AdminDoc } from '../../platform/documents/model';
import { renderDocument } from '../../platform/documents/render';
import { newId } from '../../platform/ids';
import type { MinutesService } from '../appraisal/minutes';
import { auditRepo } from '../audit/audit.repo';
import { campaignsRepo } from '../campaigns/campaigns.repo';
import { resultsRepo } from '../results/results.repo';
import type { ResultsService } from '../results/results.service';
import type { createScorecardAccess } from '../scorecards/scorecard-access';
import type { ScorecardsService } from '../scorecards/scorecards.service';
import type { Ctx, ServiceDeps } from '../shared/context';
import { buildApprovalDecision } from './approval-decision';
import { buildConsolidatedReport, defaultSections } from './consolidated-report';
import { detailRows } from './detail-rows';
import { loadDocumentSettings } from './document-settings';
import { type ExportJobRow, reportsRepo } from './reports.repo';
import { writeDetailWorkbook, writeFieldWorkbook, writeSummaryWorkbook } from './workbooks';

/**
 * Reports and documents (issue 7; docs/reports.md): document settings, the consolidated report's
 * prose, and export jobs. An export is a row in `export_job`, run in the background by a worker
 * in each app process that takes it with a lease (several processes share one database safely;
 * a crashed worker's job is taken again when its lease runs out, at most MAX_ATTEMPTS times).
 * Access and preconditions are checked when the export is asked for — the caller gets the error at
 * once — and again when it runs, as the requester, in case something changed in between.
 */

const COUNCIL_INDEX = CAMPAIGN_PHASES.indexOf('COUNCIL');
const FINAL: readonly CampaignPhase[] = ['APPROVED', 'PUBLISHED', 'CLOSED'];
const LEASE_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 2;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** ASCII file names (campaign and unit codes are ASCII by CODE_PATTERN). */
const BASE_NAMES: Record<Exclude<ExportKind, 'self-assessment-report' | 'council-minutes'>, string> = {
  'consolidated-report': 'Bao-cao-tong-hop',
  'approval-decision': 'Du-thao-QD-cong-bo',
  'summary-workbook': 'Tong-hop-ket-qua',
  'detail-workbook': 'Chi-tiet-diem',
  'field-workbook': 'Phan-tich-linh-vuc',
};

export interface ReportsDeps extends ServiceDeps {
  dataDir: string;
  documentEnv: { agencyName: string; place: string };
  retentionDays: number;
  results: ResultsService;
  minutes: MinutesService;
  scorecards: ScorecardsService;
  access: ReturnType<typeof createScorecardAccess>;
  loadActor: (userId: string) => Promise<Actor | null>;
  log?: { error(obj: object, msg: string): void };
}

type Progress = (percent: number, stage: string) => Promise<void>;

/** Submitted and not returned since (a returned scorecard keeps its old submission time). */
const isSubmitted = (s: { submittedAt: string | null; status: string }) =>
  s.submittedAt !== null && s.status !== 'DRAFT' && s.status !== 'RETURNED';

/** This worker's lease on a job ran out and another took it: stop, touch nothing of the job's. */
class LeaseLost extends Error {
  override name = 'LeaseLost';
}

export function createReportsService(deps: ReportsDeps) {
  const { db, clock } = deps;
  const repo = reportsRepo(db);
  const exportDir = path.join(deps.dataDir, 'exports');
  const owner = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  const settingsOf = async () => (await loadDocumentSettings(db, deps.documentEnv)).settings;

  const canManageDocuments = (ctx: Ctx) => canEverywhere(ctx.actor, 'campaign.manage');

  function requireManage(ctx: Ctx, what: string) {
    if (!canManageDocuments(ctx)) {
      throw new AppError('FORBIDDEN', `Chỉ Văn phòng và quản trị hệ thống được sửa ${what}.`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Document settings and the report's prose.

  async function settingsView(ctx: Ctx): Promise<DocumentSettingsView> {
    const s = await loadDocumentSettings(db, deps.documentEnv);
    return {
      ...s.settings,
      rowVersion: s.rowVersion,
      saved: s.rowVersion > 0,
      updatedAt: s.updatedAt,
      updatedByName: s.updatedByName,
      canEdit: canManageDocuments(ctx),
    };
  }

  /** The stored prose, or the defaults with the campaign's own figures, and their version. */
  async function draftOf(
    ctx: Ctx,
    campaignId: string,
    withDefaults: () => Promise<Record<ReportSection, string>>,
  ) {
    const row = await repo.reportDraft(campaignId);
    const defaults = await withDefaults();
    const stored = row ? (JSON.parse(row.sections) as Partial<Record<ReportSection, string>>) : {};
    const sections = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, stored[s] ?? defaults[s]])) as Record<
      ReportSection,
      string
    >;
    return {
      campaignId,
      sections,
      defaults,
      rowVersion: row?.rowVersion ?? 0,
      updatedAt: row?.updatedAt ?? null,
      updatedByName: row?.updatedByName ?? null,
      canEdit: canEverywhere(ctx.actor, 'campaign.manage'),
    } satisfies ReportDraftView;
  }

  async function defaultsFor(ctx: Ctx, campaignId: string): Promise<Record<ReportSection, string>> {
    const { view } = await deps.results.reportInputs(ctx, campaignId);
    const submissions = await repo.submissions(campaignId);
    return defaultSections({
      settings: await settingsOf(),
      results: view,
      submitted: submissions.filter(isSubmitted).length,
      participants: submissions.length,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Building the documents.

  async function consolidatedReport(ctx: Ctx, campaignId: string, now: Date): Promise<AdminDoc> {
    const { campaign, view, summary } = await deps.results.reportInputs(ctx, campaignId);
    const [settings, indexSet, milestones, submissions] = await Promise.all([
      settingsOf(),
      repo.indexSet(campaign.indexSetId),
      campaignsRepo(db).milestones(campaignId),
      repo.submissions(campaignId),
    ]);
    const draft = await draftOf(ctx, campaignId, async () =>
      defaultSections({
        settings,
        results: view,
        submitted: submissions.filter(isSubmitted).length,
        participants: submissions.length,
      }),
    );
    const units: AnalysisUnit[] = summary.units.map((u) => ({
      code: u.unitCode,
      name: u.unitName,
      selfPoints: u.self.points,
      finalPoints: u.final.points,
      fields: u.final.fields,
      criteria: [...u.items.values()]
        .filter((it) => it.depth === 1)
        .map((it) => ({ code: it.code, name: it.name, maxPoints: it.maxPoints, points: it.points })),
    }));
    // What was done when: recorded on the milestone, else read from the data (guidance issued,
    // the last unit's submission, the council convened, the first report, the publication).
    const transitions = await repo.transitions(campaignId);
    const reached = (phase: string) => transitions.filter((t) => t.to === phase).at(-1)?.at ?? null;
    const submittedAll = submissions.length > 0 && submissions.every(isSubmitted);
    const derived: Record<string, string | null> = {
      GUIDANCE: campaign.guidanceIssuedAt,
      SELF_ASSESSMENT: submittedAll
        ? // ISO instants sort as text: the last one is the latest submission.
          submissions
            .map((s) => s.submittedAt!)
            .sort()
            .at(-1)!
        : null,
      APPRAISAL: reached('COUNCIL'),
      // The report of the results: the first one generated once the council had them.
      REPORT: reached('COUNCIL')
        ? await repo.firstDone(campaignId, 'consolidated-report', reached('COUNCIL')!)
        : null,
      ANNOUNCEMENT: (await resultsRepo(db).announcement(campaignId))?.publishedAt ?? null,
    };
    const done = milestones.map((m) => ({
      label: m.label,
      dueDate: m.dueDate,
      achievedAt: m.achievedAt ?? derived[m.key] ?? null,
    }));
    const due = milestones.find((m) => m.key === 'SELF_ASSESSMENT')?.dueDate ?? null;
    const late = submissions.flatMap((s) => {
      const deadline = s.extendedUntil ?? due;
      if (deadline === null) {
        return [];
      }
      // Late as recorded at submission (minutesLate, against the unit's own extension), or not
      // submitted (a returned scorecard counts as not submitted).
      if (!isSubmitted(s)) {
        return [{ unitName: s.unitName, submittedAt: null, deadline }];
      }
      return (s.minutesLate ?? 0) > 0 ? [{ unitName: s.unitName, submittedAt: s.submittedAt, deadline }] : [];
    });
    // Read directly: the council's table would score every leaf of every unit first (2,5–3,3 GB
    // at 10,000 units, bench/reports.bench.ts) for a handful of rows.
    const specialCases = await repo.specialCases(campaignId);
    return buildConsolidatedReport({
      settings,
      now,
      results: view,
      indexSet,
      milestones: done,
      sections: draft.sections,
      fields: fieldAnalysis(view.fields, units),
      lost: criteriaMostLost(units, 10),
      selfVsAppraised: selfVsAppraised(units, 10),
      late,
      specialCases,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Export requests: access and preconditions first, then one job per identical active request.

  /** The campaign-wide checks: who may see it, and what each kind needs. Cheap: no scoring. */
  async function checkCampaignExport(ctx: Ctx, campaignId: string, kind: ExportKind) {
    // 404 for a campaign being set up (invisible outside the Office), 403 for unit roles.
    const campaign = await deps.results.internalCampaign(ctx, campaignId);
    const phase = campaign.phase as CampaignPhase;
    if ((await repo.submittedCount(campaignId)) === 0) {
      throw new AppError(
        'NO_SUBMITTED_UNITS',
        `Kỳ đánh giá "${campaign.name}" chưa có đơn vị nào nộp kết quả tự đánh giá nên chưa có số liệu để lập ${EXPORT_KIND_LABELS[kind].vi.toLowerCase()}.`,
      );
    }
    if (kind === 'council-minutes' && CAMPAIGN_PHASES.indexOf(phase) < COUNCIL_INDEX) {
      throw new AppError(
        'INVALID_STATE_TRANSITION',
        'Kỳ đánh giá chưa đến bước Hội đồng thẩm định nên chưa có biên bản họp Hội đồng.',
      );
    }
    if (kind === 'approval-decision' && !FINAL.includes(phase)) {
      const pending = await repo.notCouncilApproved(campaignId);
      if (phase !== 'COUNCIL' || pending > 0) {
        throw new AppError(
          'COUNCIL_NOT_APPROVED',
          phase === 'COUNCIL'
            ? `Hội đồng thẩm định chưa thông qua kết quả của ${pending} đơn vị nên chưa lập được dự thảo quyết định phê duyệt, công bố.`
            : 'Kỳ đánh giá chưa qua Hội đồng thẩm định nên chưa lập được dự thảo quyết định phê duyệt, công bố.',
          { details: { phase, pending } },
        );
      }
    }
    return campaign;
  }

  function viewOf(job: ExportJobRow & { requestedByName?: string | null }): ExportView {
    return {
      id: job.id,
      campaignId: job.campaignId,
      scorecardId: job.scorecardId,
      kind: job.kind as ExportKind,
      format: job.format as ExportFormat,
      status: job.status,
      progress: job.progress,
      stage: job.stage,
      error:
        job.status === 'FAILED'
          ? { code: job.errorCode ?? 'INTERNAL', message: job.errorMessage ?? '' }
          : null,
      fileName: job.fileName,
      sizeBytes: job.sizeBytes === null ? null : Number(job.sizeBytes),
      requestedByName: job.requestedByName ?? '',
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
      // Null once retention removed the file (a download would answer 410).
      downloadUrl: job.status === 'DONE' && job.storageKey ? `/api/exports/${job.id}/file` : null,
    };
  }

  let kick: () => void = () => {};

  /**
   * One job per identical request while it is pending or running: the key holds what was asked
   * and the versions of what the document reads that a user edits (settings, prose, campaign).
   */
  async function enqueue(
    ctx: Ctx,
    o: {
      campaignId: string;
      campaignVersion: number;
      scorecardId: string | null;
      kind: ExportKind;
      format: ExportFormat;
    },
    attempt = 0,
  ): Promise<{ view: ExportView; created: boolean }> {
    const [settings, draft] = await Promise.all([repo.documentSettings(), repo.reportDraft(o.campaignId)]);
    const requestKey = createHash('sha256')
      .update(
        JSON.stringify([
          o.kind,
          o.format,
          o.campaignId,
          o.scorecardId,
          o.campaignVersion,
          settings?.rowVersion ?? 0,
          draft?.rowVersion ?? 0,
        ]),
      )
      .digest('hex');
    const now = clock.now();
    const row: ExportJobRow = {
      id: newId(now.getTime()),
      campaignId: o.campaignId,
      scorecardId: o.scorecardId,
      kind: o.kind,
      format: o.format,
      requestKey,
      activeKey: requestKey,
      status: 'PENDING',
      progress: 0,
      stage: 'Đang chờ xử lý',
      errorCode: null,
      errorMessage: null,
      fileName: null,
      storageKey: null,
      sizeBytes: null,
      sha256: null,
      attempts: 0,
      leaseOwner: null,
      leaseUntil: null,
      requestedBy: ctx.actor.userId,
      createdAt: iso(now),
      startedAt: null,
      finishedAt: null,
    };
    const created = await db.transaction().execute(async (tx) => {
      return reportsRepo(tx).insertJob(row);
    });
    const job = created ? await repo.job(row.id) : await repo.activeJob(requestKey);
    if (!job) {
      // The identical job ended between the insert and the read: ask again, a few times at most.
      if (attempt >= 3) {
        throw new AppError('SERVICE_UNAVAILABLE', 'Hệ thống đang bận, vui lòng thử lại.');
      }
      return enqueue(ctx, o, attempt + 1);
    }
    // Every request is audited, the joined duplicate too (who asked for what, when).
    await auditRepo(db).append({
      at: now,
      actorUserId: ctx.actor.userId,
      action: 'reports.exportRequested',
      entityType: o.scorecardId ? 'scorecard' : 'campaign',
      entityId: o.scorecardId ?? o.campaignId,
      data: { exportId: job.id, kind: o.kind, format: o.format, joined: !created },
      ip: ctx.ip,
    });
    if (created) {
      kick();
    }
    return { view: viewOf(job), created };
  }

  /** The job when the caller may see what it exports (the same rules as asking for it). */
  async function visibleJob(ctx: Ctx, id: string): Promise<ExportJobRow> {
    const job = await repo.job(id);
    if (!job) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy tệp xuất.');
    }
    if (job.scorecardId) {
      await deps.access.loadForRead(ctx, job.scorecardId);
    } else {
      await deps.results.internalCampaign(ctx, job.campaignId);
    }
    return job;
  }

  // ---------------------------------------------------------------------------------------------
  // Running a job.

  async function writeFile(job: ExportJobRow, produce: (file: string) => Promise<void>, baseName: string) {
    await fs.mkdir(exportDir, { recursive: true });
    // One name per attempt: a worker whose lease ran out can never touch the file of the worker
    // that took the job over.
    const storageKey = `${job.id}.${job.attempts}.${job.format}`;
    const final = path.join(exportDir, storageKey);
    const part = `${final}.part`;
    try {
      await produce(part);
      // Renamed only once complete: a file under its final name is always whole.
      await fs.rename(part, final);
    } catch (error) {
      await fs.rm(part, { force: true });
      throw error;
    }
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(final)) {
      hash.update(chunk);
    }
    const { size } = await fs.stat(final);
    return { storageKey, sizeBytes: size, sha256: hash.digest('hex'), fileName: `${baseName}.${job.format}` };
  }

  async function produce(job: ExportJobRow, ctx: Ctx, progress: Progress) {
    const kind = job.kind as ExportKind;
    const format = job.format as ExportFormat;
    const now = new Date(job.createdAt);
    const document = async (build: () => Promise<{ doc: AdminDoc; baseName: string }>) => {
      await progress(10, 'Đang tính kết quả, tổng hợp số liệu');
      const { doc, baseName } = await build();
      await progress(60, format === 'pdf' ? 'Đang dựng trang PDF' : 'Đang tạo tệp Word');
      const data = await renderDocument(doc, format === 'pdf' ? 'pdf' : 'docx');
      return writeFile(job, (file) => fs.writeFile(file, data), baseName);
    };
    if (kind === 'self-assessment-report') {
      return document(() => deps.scorecards.reportDraftDoc(ctx, job.scorecardId!, now));
    }
    const campaign = await checkCampaignExport(ctx, job.campaignId, kind);
    const base = `${BASE_NAMES[kind as keyof typeof BASE_NAMES] ?? ''}-${campaign.code}`;
    switch (kind) {
      case 'council-minutes':
        return document(() => deps.minutes.build(ctx, job.campaignId));
      case 'consolidated-report':
        return document(async () => ({
          doc: await consolidatedReport(ctx, job.campaignId, now),
          baseName: base,
        }));
      case 'approval-decision':
        return document(async () => {
          const { campaign: c, view } = await deps.results.reportInputs(ctx, job.campaignId);
          const [settings, indexSet] = await Promise.all([settingsOf(), repo.indexSet(c.indexSetId)]);
          return { doc: buildApprovalDecision({ settings, now, results: view, indexSet }), baseName: base };
        });
      case 'summary-workbook': {
        await progress(10, 'Đang tính kết quả');
        const { view } = await deps.results.reportInputs(ctx, job.campaignId);
        await progress(60, 'Đang ghi bảng tính');
        return writeFile(job, (file) => writeSummaryWorkbook(file, view), base);
      }
      case 'field-workbook': {
        await progress(10, 'Đang tính kết quả');
        const { view, summary } = await deps.results.reportInputs(ctx, job.campaignId);
        const units: AnalysisUnit[] = summary.units.map((u) => ({
          code: u.unitCode,
          name: u.unitName,
          selfPoints: u.self.points,
          finalPoints: u.final.points,
          fields: u.final.fields,
          criteria: [...u.items.values()]
            .filter((it) => it.depth === 1)
            .map((it) => ({ code: it.code, name: it.name, maxPoints: it.maxPoints, points: it.points })),
        }));
        await progress(60, 'Đang ghi bảng tính');
        return writeFile(
          job,
          (file) =>
            writeFieldWorkbook(
              file,
              view,
              fieldAnalysis(view.fields, units),
              criteriaMostLost(units, Number.MAX_SAFE_INTEGER),
            ),
          base,
        );
      }
      case 'detail-workbook': {
        await progress(5, 'Đang tính kết quả');
        const { view, document: doc } = await deps.results.reportInputs(ctx, job.campaignId);
        const rankOf = new Map(view.rows.map((r) => [r.scorecardId, r.rank]));
        return writeFile(
          job,
          async (file) => {
            await writeDetailWorkbook(
              file,
              detailRows(db, job.campaignId, doc, rankOf, (done, total) =>
                progress(
                  10 + Math.floor((85 * done) / Math.max(1, total)),
                  `Đang ghi ${done.toLocaleString('vi-VN')}/${total.toLocaleString('vi-VN')} đơn vị`,
                ),
              ),
            );
          },
          base,
        );
      }
    }
    throw new AppError('VALIDATION_ERROR', 'Loại tệp xuất không hợp lệ.');
  }

  async function finishFailed(job: ExportJobRow, code: string, message: string) {
    await repo.finish(job.id, owner, {
      status: 'FAILED',
      fileName: null,
      storageKey: null,
      sizeBytes: null,
      sha256: null,
      errorCode: code,
      errorMessage: message,
      finishedAt: iso(clock.now()),
      stage: null,
      progress: 0,
    });
  }

  /** Part files of a job's earlier attempts (a worker killed mid-write). */
  async function removeParts(jobId: string): Promise<void> {
    const names = await fs.readdir(exportDir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((n) => n.startsWith(`${jobId}.`) && n.endsWith('.part'))
        .map((n) => fs.rm(path.join(exportDir, n), { force: true })),
    );
  }

  async function run(job: ExportJobRow): Promise<void> {
    if (job.attempts > MAX_ATTEMPTS) {
      await removeParts(job.id);
      await finishFailed(
        job,
        'INTERNAL',
        `Máy chủ dừng giữa chừng ${MAX_ATTEMPTS} lần khi tạo tệp này. Hãy yêu cầu lại; nếu vẫn lỗi, báo quản trị hệ thống.`,
      );
      return;
    }
    let lost = false;
    const leaseUntil = () => iso(new Date(clock.now().getTime() + LEASE_MS));
    // The lease is renewed all along (a long render reports no progress for a while).
    const heartbeat = setInterval(() => {
      void repo
        .renew(job.id, owner, leaseUntil())
        .then((ok) => {
          lost ||= !ok;
        })
        .catch(() => {});
    }, LEASE_MS / 5);
    heartbeat.unref();
    const progress: Progress = async (percent, stage) => {
      if (lost || !(await repo.progress(job.id, owner, percent, stage, leaseUntil()))) {
        throw new LeaseLost();
      }
    };
    let storageKey: string | null = null;
    try {
      const actor = await deps.loadActor(job.requestedBy);
      if (!actor) {
        throw new AppError('FORBIDDEN', 'Tài khoản yêu cầu tệp đã bị khóa nên tệp không được tạo.');
      }
      const file = await produce(job, { actor, ip: null }, progress);
      storageKey = file.storageKey;
      const done = await repo.finish(job.id, owner, {
        status: 'DONE',
        ...file,
        errorCode: null,
        errorMessage: null,
        finishedAt: iso(clock.now()),
        stage: null,
        progress: 100,
      });
      if (!done) {
        throw new LeaseLost();
      }
    } catch (error) {
      if (error instanceof LeaseLost) {
        // Another worker owns the job now: remove only what this attempt wrote.
        if (storageKey) {
          await fs.rm(path.join(exportDir, storageKey), { force: true });
        }
      } else if (error instanceof AppError) {
        await finishFailed(job, error.code, error.message);
      } else {
        // Details go to the log only: paths and SQL are no business of the requester.
        deps.log?.error({ err: error, exportId: job.id, kind: job.kind }, 'export failed');
        await finishFailed(
          job,
          'INTERNAL',
          `Lỗi máy chủ khi tạo tệp (mã tham chiếu ${job.id}). Hãy yêu cầu lại; nếu vẫn lỗi, báo quản trị hệ thống kèm mã này.`,
        );
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Retention: files of exports older than the period are deleted (the rows stay: a download
   * then answers 410), and part files nobody has written to for two leases (a killed worker).
   */
  async function prune(): Promise<number> {
    const before = iso(new Date(clock.now().getTime() - deps.retentionDays * 24 * 60 * 60 * 1000));
    const old = await repo.expiredFiles(before);
    for (const j of old) {
      await fs.rm(path.join(exportDir, j.storageKey!), { force: true });
      await repo.forgetFile(j.id);
    }
    const names = await fs.readdir(exportDir).catch(() => [] as string[]);
    for (const n of names.filter((x) => x.endsWith('.part'))) {
      const stat = await fs.stat(path.join(exportDir, n)).catch(() => null);
      if (stat && clock.now().getTime() - stat.mtimeMs > 2 * LEASE_MS) {
        await fs.rm(path.join(exportDir, n), { force: true });
      }
    }
    return old.length;
  }

  let lastPrune = 0;
  /** Set by stop(): the job in hand finishes, no new one is taken. */
  let stopping = false;

  /** Runs due jobs one after another (exports are heavy: one at a time per process). */
  async function runDue(max = Number.POSITIVE_INFINITY): Promise<number> {
    let ran = 0;
    if (clock.now().getTime() - lastPrune > 60 * 60 * 1000) {
      lastPrune = clock.now().getTime();
      await prune();
    }
    while (ran < max && !stopping) {
      const now = clock.now();
      const job = await repo.claim(owner, iso(now), iso(new Date(now.getTime() + LEASE_MS)));
      if (!job) {
        break;
      }
      await run(job);
      ran++;
    }
    return ran;
  }

  return {
    settingsOf,

    documentSettings: settingsView,

    async saveDocumentSettings(ctx: Ctx, input: DocumentSettingsInput): Promise<DocumentSettingsView> {
      requireManage(ctx, 'thiết lập văn bản');
      const parsed = DocumentSettingsSchema.parse(input);
      const { rowVersion, ...settings } = parsed;
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        if (
          !(await reportsRepo(tx).saveDocumentSettings(
            JSON.stringify(settings),
            rowVersion,
            ctx.actor.userId,
            iso(now),
          ))
        ) {
          throw new AppError(
            'EDIT_CONFLICT',
            'Thiết lập văn bản vừa được người khác lưu. Tải lại trang rồi thao tác lại.',
          );
        }
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'reports.documentSettingsSaved',
          entityType: 'document_settings',
          entityId: 'default',
          data: settings satisfies DocumentSettings,
          ip: ctx.ip,
        });
      });
      return settingsView(ctx);
    },

    async reportDraft(ctx: Ctx, campaignId: string): Promise<ReportDraftView> {
      await deps.results.internalCampaign(ctx, campaignId);
      return draftOf(ctx, campaignId, () => defaultsFor(ctx, campaignId));
    },

    async saveReportDraft(ctx: Ctx, campaignId: string, input: ReportDraftInput): Promise<ReportDraftView> {
      await deps.results.internalCampaign(ctx, campaignId);
      if (!canEverywhere(ctx.actor, 'campaign.manage')) {
        throw new AppError('FORBIDDEN', 'Chỉ Văn phòng được sửa nội dung báo cáo tổng hợp.');
      }
      const parsed = ReportDraftSchema.parse(input);
      // Only the sections the Office changed are stored: the others keep following the data and
      // the settings (a later change of the office name or of the figures shows in them).
      const defaults = await defaultsFor(ctx, campaignId);
      const changed = Object.fromEntries(
        REPORT_SECTIONS.filter((sec) => parsed.sections[sec] !== defaults[sec].normalize('NFC').trim()).map(
          (sec) => [sec, parsed.sections[sec]],
        ),
      );
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const saved = await reportsRepo(tx).saveReportDraft(
          campaignId,
          JSON.stringify(changed),
          parsed.rowVersion,
          ctx.actor.userId,
          iso(now),
        );
        if (!saved) {
          throw new AppError(
            'EDIT_CONFLICT',
            'Nội dung báo cáo vừa được người khác lưu. Tải lại trang rồi thao tác lại.',
          );
        }
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'reports.draftSaved',
          entityType: 'campaign',
          entityId: campaignId,
          data: { edited: Object.keys(changed) },
          ip: ctx.ip,
        });
      });
      return draftOf(ctx, campaignId, () => defaultsFor(ctx, campaignId));
    },

    /** A campaign-wide document or workbook. 202 with a new job, 200 with the identical active one. */
    async requestExport(ctx: Ctx, campaignId: string, req: ExportRequest) {
      if (req.kind === 'self-assessment-report') {
        throw new AppError(
          'VALIDATION_ERROR',
          'Báo cáo tự đánh giá được tạo từ phiếu chấm điểm của đơn vị.',
          {
            fields: { kind: 'Chọn phiếu chấm điểm của đơn vị để tạo báo cáo tự đánh giá.' },
          },
        );
      }
      const campaign = await checkCampaignExport(ctx, campaignId, req.kind);
      return enqueue(ctx, {
        campaignId,
        campaignVersion: campaign.rowVersion,
        scorecardId: null,
        kind: req.kind,
        format: req.format,
      });
    },

    /** The unit's self-assessment report, for whoever may read the scorecard. */
    async requestScorecardExport(ctx: Ctx, scorecardId: string, format: 'docx' | 'pdf') {
      const loaded = await deps.access.loadForRead(ctx, scorecardId);
      return enqueue(ctx, {
        campaignId: loaded.campaign.id,
        campaignVersion: loaded.scorecard.rowVersion,
        scorecardId,
        kind: 'self-assessment-report',
        format,
      });
    },

    async list(ctx: Ctx, campaignId: string): Promise<ExportList> {
      await deps.results.internalCampaign(ctx, campaignId);
      const rows = await repo.jobsOf({ campaignId, scorecardId: null });
      return { items: rows.map(viewOf) };
    },

    async listForScorecard(ctx: Ctx, scorecardId: string): Promise<ExportList> {
      const loaded = await deps.access.loadForRead(ctx, scorecardId);
      const rows = await repo.jobsOf({ campaignId: loaded.campaign.id, scorecardId });
      return { items: rows.map(viewOf) };
    },

    async get(ctx: Ctx, id: string): Promise<ExportView> {
      return viewOf(await visibleJob(ctx, id));
    },

    async file(ctx: Ctx, id: string) {
      const job = await visibleJob(ctx, id);
      if (job.status === 'DONE' && !job.storageKey) {
        throw new AppError('EXPORT_GONE');
      }
      if (job.status !== 'DONE' || !job.storageKey || !job.fileName) {
        throw new AppError(
          'EXPORT_NOT_READY',
          job.status === 'FAILED'
            ? `Tệp không tạo được: ${job.errorMessage ?? ''}`
            : 'Tệp đang được tạo, chờ thêm ít phút.',
        );
      }
      const file = path.join(exportDir, job.storageKey);
      try {
        await fs.access(file);
      } catch {
        throw new AppError('EXPORT_GONE');
      }
      return {
        stream: createReadStream(file),
        fileName: job.fileName,
        sizeBytes: Number(job.sizeBytes),
        contentType: CONTENT_TYPES[job.format as ExportFormat],
        sha256: job.sha256,
      };
    },

    /** The worker: `runDue` for tests, `start`/`stop` for the server process. */
    worker: {
      owner,
      runDue,
      prune,
      start(pollMs = 2000) {
        let timer: NodeJS.Timeout | null = null;
        let running: Promise<unknown> | null = null;
        let stopped = false;
        const tick = () => {
          if (stopped || running) {
            return;
          }
          running = runDue()
            .catch((error) => deps.log?.error({ err: error }, 'export worker failed'))
            .finally(() => {
              running = null;
            });
        };
        kick = () => setImmediate(tick);
        timer = setInterval(tick, pollMs);
        timer.unref();
        return async () => {
          stopped = true;
          stopping = true;
          kick = () => {};
          if (timer) {
            clearInterval(timer);
          }
          await running;
        };
      },
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
