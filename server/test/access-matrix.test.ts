import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF } from '../src/modules/evidence/evidence-fixtures';
import { newId } from '../src/platform/ids';
import { goodAnswer } from '../src/seed/demo-answers';
import { campaignFixture, uploadSignedReport } from '../src/testing/campaign-fixture';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';
import {
  CALLER_LABELS,
  CALLERS,
  type Caller,
  EXPECTED,
  KNOWN_FINDINGS,
  type Outcome,
} from './access-matrix.expected';

/**
 * Access control proof (issue 8 §2): every API route of the running app, called as every kind of
 * caller, answers as `access-matrix.expected.ts` says; list endpoints never show a unit officer
 * another unit's private rows. How it works and how to add a route: docs/access-control.md.
 */

const doc = demo as unknown as IndexSetDocument;

// ── the route table ─────────────────────────────────────────────────────────────────────────────────

/**
 * Every (method, path) that Fastify routes, read from its own router with `printRoutes` — not from the
 * OpenAPI document, where a route can be left out (`schema.hide`) and so escape the proof. Each
 * parsed route is checked with `hasRoute`, so a change of the print format fails loudly instead
 * of silently yielding fewer routes.
 */
function routeTable(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const segments: string[] = [];
  const routes = new Set<string>();
  for (const line of tree.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) {
      throw new Error(`printRoutes: line not understood: "${line}"`);
    }
    const depth = m[1]!.length / 4;
    segments.length = depth;
    segments.push(m[2]!);
    const url = segments.join('');
    // The API only: the web app's static files and the API documentation are public by design.
    if (!url.startsWith('/api/') || url === '/api/docs' || url.startsWith('/api/docs/')) {
      continue;
    }
    for (const method of m[3]?.split(', ') ?? []) {
      if (!app.hasRoute({ method, url })) {
        throw new Error(`printRoutes: parsed "${method} ${url}", which the router does not know`);
      }
      routes.add(`${method} ${url}`);
    }
  }
  return [...routes].filter((key) => {
    const [method, url] = key.split(' ') as [string, string];
    // Fastify answers HEAD with the GET handler (exposeHeadRoutes): same hooks, same answer.
    return !(method === 'HEAD' && routes.has(`GET ${url}`));
  });
}

/** `METHOD /api/path [variant]` → `METHOD /api/path`. */
const routeOf = (key: string) => key.replace(/ \[.*\]$/, '');

// ── requests ────────────────────────────────────────────────────────────────────────────────────────

interface Form {
  payload: Buffer;
  headers: Record<string, string>;
}

/** A multipart body: text fields, then (optionally) one file part named "file". */
function form(fields: Record<string, string>, file?: { name: string; data: Buffer }): Form {
  const boundary = `----cchcMatrix${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * How to call one matrix entry: the URL with real ids and a body that passes the route's schema
 * (so that the access decision, not validation, answers) but does no lasting harm when allowed:
 * a stale rowVersion, a duplicate code, a wrong password, a missing file. Where an allowed call
 * does change something, `prepare` makes a throw-away object for each call, or the entry comes
 * after everything that needs the object (deactivate is followed by activate).
 */
interface Target {
  url: string | ((prepared: string) => string);
  json?: unknown;
  form?: () => Form;
  /** Runs before each caller's call; its result goes to `url`. */
  prepare?: () => Promise<string>;
  /** Call with a new session of the caller (the call ends the session it is made with). */
  freshSession?: boolean;
  /**
   * Who answers for the WORKING_GROUP column (issue 5): by default the caller, a member assigned to
   * nothing; `assigned`, a member the Office assigned to unit A's scorecard; `insider`, a member who
   * works in unit A and whose assignment to it was written behind the Office's back.
   */
  member?: 'assigned' | 'insider';
}

type Person = { username: string; password: string; session: Session };

async function ok<T>(res: LightMyRequestResponse, status = 200): Promise<T> {
  if (res.statusCode !== status) {
    throw new Error(
      `${res.raw.req.method} ${res.raw.req.url}: expected ${status}, got ${res.statusCode}: ${res.body}`,
    );
  }
  return res.json<T>();
}

/** Text that belongs to unit B alone: none of it may reach unit A's officers. */
const SECRET = {
  answerNote: 'GHI-CHU-RIENG-CUA-CUC-I',
  evidenceTitle: 'MINH-CHUNG-RIENG-CUA-CUC-I',
  budgetLine: 'DU-TOAN-NOI-BO-VAN-PHONG',
  extensionReason: 'GIA-HAN-RIENG-CHO-CUC-I',
};

/** The fixture: an open campaign with units A and B, one person per caller, and objects to aim at. */
async function buildWorld(t: TestApp) {
  const f = await campaignFixture(t, {
    officers: {
      headB: { unit: 'CUC_I', role: 'UNIT_HEAD' },
      // The target of the user routes: neither a caller nor the admin, a plain officer of unit A.
      memberA: { unit: 'VPTT', role: 'UNIT_FOCAL', fullName: 'Cán bộ thứ ba của Văn phòng' },
    },
  });
  const role = async (r: 'WORKING_GROUP' | 'COUNCIL_MEMBER' | 'LEADERSHIP' | 'VIEWER') => t.userWithRole(r);
  const people: Record<Exclude<Caller, 'anonymous'>, Person> = {
    admin: { username: 'admin', password: ADMIN_PASSWORD, session: f.admin },
    office: f.users.office,
    focalOwn: f.users.focalA,
    focalOther: f.users.focalB,
    headOwn: f.users.headA,
    headOther: f.officers.headB!,
    workingGroup: await role('WORKING_GROUP'),
    council: await role('COUNCIL_MEMBER'),
    leadership: await role('LEADERSHIP'),
    viewer: await role('VIEWER'),
  };
  const { admin, office } = f;
  const as = t.as;

  const groups = await ok<{ id: string; code: string }[]>(await as(admin).get('/api/unit-groups'));
  const groupId = groups.find((g) => g.code === 'THAM_MUU')!.id;
  const draftIndexSetId = (
    await ok<{ id: string }>(await as(office).post(`/api/index-sets/${f.indexSetId}/versions`), 201)
  ).id;
  const setupCampaignId = (
    await ok<{ id: string }>(
      await as(office).post('/api/campaigns', {
        code: 'CCHC-2024-NHAP',
        name: 'Kỳ đánh giá đang chuẩn bị',
        year: 2024,
        indexSetId: f.indexSetId,
        unitIds: [f.unitA, f.unitB],
      }),
      201,
    )
  ).id;

  const uploadCampaignFile = async (campaignId: string, title: string) => {
    const body = form({ title }, { name: 'huong-dan.pdf', data: PDF });
    const detail = await ok<{ files: { id: string; title: string }[] }>(
      await t.app.inject({
        method: 'POST',
        url: `/api/campaigns/${campaignId}/files`,
        headers: { ...body.headers, cookie: office.cookie, 'x-csrf-token': office.csrf },
        payload: body.payload,
      }),
      201,
    );
    return detail.files.find((x) => x.title === title)!.id;
  };
  const campaignFileId = await uploadCampaignFile(f.campaignId, 'Hướng dẫn chấm điểm');
  const setupCampaignFileId = await uploadCampaignFile(setupCampaignId, 'Hướng dẫn (dự thảo)');
  // The set-up campaign: the Office drafts and submits its budget; unit A already has a scorecard.
  const setup = await ok<{ rowVersion: number; participants: { unitId: string; scorecardId: string }[] }>(
    await as(office).get(`/api/campaigns/${setupCampaignId}`),
  );
  const setupScorecardA = setup.participants.find((p) => p.unitId === f.unitA)!.scorecardId;
  await ok(
    await as(office).put(`/api/campaigns/${setupCampaignId}/budget`, {
      rowVersion: setup.rowVersion,
      lines: [{ description: 'Họp Hội đồng thẩm định', amountVnd: 12_500_000 }],
      submit: true,
    }),
  );

  const leafOf = async (session: Session, scorecardId: string) => {
    const sc = await ok<{ groupCode: string }>(await as(session).get(`/api/scorecards/${scorecardId}`));
    const [code, { leaf }] = [...answerableLeaves(doc, sc.groupCode)].find(
      ([, l]) => l.kind === 'CRITERION',
    )!;
    return { code, leaf };
  };
  const leafA = (await leafOf(f.focalA, f.scorecardA)).code;
  const leafB = await leafOf(f.focalB, f.scorecardB);

  // Unit B's private data: an answer with a note, evidence (a reference and a file), an extension.
  await ok(
    await as(f.focalB).put(`/api/scorecards/${f.scorecardB}/answers/${encodeURIComponent(leafB.code)}`, {
      rowVersion: 0,
      value: goodAnswer(leafB.leaf),
      note: SECRET.answerNote,
    }),
  );
  await ok(
    await as(f.focalB).post(`/api/scorecards/${f.scorecardB}/evidence/reference`, {
      leafCode: leafB.code,
      title: SECRET.evidenceTitle,
      docNumber: '12/QĐ-CTTI',
      issuer: 'Cục Thanh tra I',
      effectiveDate: '2024-03-01',
    }),
    201,
  );
  const evidenceFileB = await uploadSignedReport(t, people.headOther.session, f.scorecardB);
  const evidenceFileA = await uploadSignedReport(t, f.headA, f.scorecardA);
  const version = async (url: string) =>
    (await ok<{ rowVersion: number }>(await as(office).get(url))).rowVersion;
  await ok(
    await as(office).post(`/api/scorecards/${f.scorecardB}/extension`, {
      rowVersion: await version(`/api/scorecards/${f.scorecardB}`),
      extendedUntil: '2024-12-20',
      reason: SECRET.extensionReason,
    }),
  );
  // Unit A gets a notification too: the target of "mark as read".
  await ok(
    await as(office).post(`/api/scorecards/${f.scorecardA}/extension`, {
      rowVersion: await version(`/api/scorecards/${f.scorecardA}`),
      extendedUntil: '2024-12-19',
      reason: 'Đơn vị cần thêm thời gian thu thập tài liệu.',
    }),
  );
  // The Office's internal budget estimate.
  await ok(
    await as(office).put(`/api/campaigns/${f.campaignId}/budget`, {
      rowVersion: await version(`/api/campaigns/${f.campaignId}`),
      lines: [{ description: SECRET.budgetLine, amountVnd: 15_000_000 }],
    }),
  );
  const notes = await ok<{ items: { id: string }[] }>(await as(f.focalA).get('/api/notifications'));
  const notificationA = notes.items[0]!.id;

  // Appraisal (issue 5). A member reads and reviews only the scorecards assigned to them, never
  // their own unit's. The WORKING_GROUP caller is assigned to nothing; a second member is assigned
  // to unit A's scorecard by the Office (the `[assigned]` variants call as them); a third works in
  // unit A: the Office cannot assign them (conflict of interest), so their assignment is written
  // behind its back, which the server must still refuse (docs/appraisal.md; the
  // `[member of unit A, assigned]` variants call as them).
  const assignedMember = await t.userWithRole('WORKING_GROUP');
  const insider = await t.userWithRole('WORKING_GROUP');
  await ok(await as(admin).patch(`/api/users/${insider.id}`, { homeUnitId: f.unitA }));
  // A change of unit of work signs the user out everywhere (docs/security.md): sign in again.
  insider.session = await t.login(insider.username, insider.password);
  await ok(
    await as(office).put(`/api/scorecards/${f.scorecardA}/appraisers`, { userIds: [assignedMember.id] }),
  );
  const refused = await as(office).put(`/api/scorecards/${f.scorecardA}/appraisers`, {
    userIds: [assignedMember.id, insider.id],
  });
  expect(refused.json<{ error: { code: string } }>().error.code).toBe('CONFLICT_OF_INTEREST');
  const now = t.clock.now().toISOString();
  await t.db
    .insertInto('appraisal_assignment')
    .values({
      id: newId(),
      scorecardId: f.scorecardA,
      userId: insider.id,
      assignedBy: office.info.user.id,
      assignedAt: now,
      removedBy: null,
      removedAt: null,
    })
    .execute();
  // Objects the self-assessment phase cannot reach through the API — an explanation request on
  // unit A's scorecard, a filed appeal, their files, a council meeting — are written directly, so
  // that the routes on them reach their access checks on real objects; an allowed caller then gets
  // the refusal of the state (409: round not open, window closed, not the council's step).
  const explanationId = newId();
  await t.db
    .insertInto('explanation_request')
    .values({
      id: explanationId,
      scorecardId: f.scorecardA,
      leafCode: leafA,
      question: 'Đề nghị giải trình tài liệu kiểm chứng.',
      dueDate: '2024-12-20',
      requestedBy: assignedMember.id,
      requestedAt: now,
      response: null,
      respondedBy: null,
      respondedAt: null,
    })
    .execute();
  const appealId = newId();
  await t.db
    .insertInto('appeal')
    .values({
      id: appealId,
      scorecardId: f.scorecardA,
      leafCode: null,
      grounds: 'Đề nghị xem xét lại điểm thẩm định.',
      status: 'FILED',
      filedBy: f.users.headA.id,
      filedAt: now,
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
      amendmentId: null,
    })
    .execute();
  // The files reuse the stored content of unit A's signed report, so that a download finds it.
  const { blobSha256 } = await t.db
    .selectFrom('evidence')
    .select('blobSha256')
    .where('id', '=', evidenceFileA)
    .executeTakeFirstOrThrow();
  const addAttachment = async (ownerType: 'EXPLANATION' | 'APPEAL', ownerId: string, uploadedBy: string) => {
    const id = newId();
    await t.db
      .insertInto('attachment')
      .values({
        id,
        scorecardId: f.scorecardA,
        ownerType,
        ownerId,
        blobSha256: blobSha256!,
        filename: 'tai-lieu-bo-sung.pdf',
        uploadedBy,
        uploadedAt: t.clock.now().toISOString(),
        deletedAt: null,
        deletedBy: null,
      })
      .execute();
    return id;
  };
  const explanationFile = await addAttachment('EXPLANATION', explanationId, f.users.focalA.id);
  const meetingId = newId();
  await t.db
    .insertInto('council_meeting')
    .values({
      id: meetingId,
      campaignId: f.campaignId,
      heldOn: '2024-12-09',
      place: 'Phòng họp số 1',
      chairName: 'Chủ tịch Hội đồng',
      membersPresent: JSON.stringify(['Thành viên A']),
      notes: '',
      createdBy: office.info.user.id,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  const meeting = {
    heldOn: '2024-12-09',
    place: 'Phòng họp số 1',
    chairName: 'Chủ tịch Hội đồng',
    membersPresent: ['Thành viên A'],
  };

  const addReference = async () =>
    (
      await ok<{ id: string }>(
        await as(f.focalA).post(`/api/scorecards/${f.scorecardA}/evidence/reference`, {
          leafCode: leafA,
          title: `Văn bản tạm ${Math.random().toString(36).slice(2, 8)}`,
          docNumber: '01/QĐ-VP',
          issuer: 'Văn phòng Thanh tra',
          effectiveDate: '2024-02-01',
        }),
        201,
      )
    ).id;

  // Export jobs (issue 7), one of the campaign and one of unit A's scorecard, still pending: an
  // allowed caller reads them and gets 409 EXPORT_NOT_READY for the file.
  const exportJob = (scorecardId: string | null) => ({
    id: newId(),
    campaignId: f.campaignId,
    scorecardId,
    kind: scorecardId ? 'self-assessment-report' : 'summary-workbook',
    format: scorecardId ? 'pdf' : 'xlsx',
    requestKey: newId(),
    activeKey: null,
    status: 'PENDING' as const,
    progress: 0,
    stage: null,
    errorCode: null,
    errorMessage: null,
    fileName: null,
    storageKey: null,
    sizeBytes: null,
    sha256: null,
    attempts: 0,
    leaseOwner: null,
    leaseUntil: null,
    requestedBy: office.info.user.id,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
  });
  const campaignExport = exportJob(null);
  const scorecardExport = exportJob(f.scorecardA);
  await t.db.insertInto('export_job').values([campaignExport, scorecardExport]).execute();
  const documentSettings = (await ok<Record<string, unknown>>(
    await as(office).get('/api/document-settings'),
  )) as Record<string, unknown>;
  const {
    saved: _saved,
    updatedAt: _at,
    updatedByName: _by,
    canEdit: _canEdit,
    ...settingsInput
  } = documentSettings;

  const sc = (rest = '') => `/api/scorecards/${f.scorecardA}${rest}`;
  const cp = (rest = '') => `/api/campaigns/${f.campaignId}${rest}`;
  const unitA = `/api/units/${f.unitA}`;
  const memberA = `/api/users/${f.officers.memberA!.id}`;
  const set = `/api/index-sets/${f.indexSetId}`;
  /** An entry and its `[assigned]` variant: the same call, the WORKING_GROUP column as the assigned member. */
  const assignedToo = (key: string, target: Target): Record<string, Target> => ({
    [key]: target,
    [`${key} [assigned]`]: { ...target, member: 'assigned' },
  });

  /** In execution order: entries whose allowed call changes shared state come after those that read it. */
  const targets: Record<string, Target> = {
    'GET /api/health': { url: '/api/health' },
    'POST /api/auth/login': {
      url: '/api/auth/login',
      json: { username: 'khong-ton-tai', password: 'sai-mat-khau' },
    },
    'GET /api/auth/me': { url: '/api/auth/me' },
    'POST /api/auth/password': {
      url: '/api/auth/password',
      json: { currentPassword: 'khong-phai-mat-khau-1', newPassword: 'mat-khau-moi-2025' },
    },
    'POST /api/auth/logout': { url: '/api/auth/logout', freshSession: true },

    'GET /api/units': { url: '/api/units' },
    'POST /api/units': { url: '/api/units', json: { code: 'VPTT', name: 'Trùng mã', kind: 'DON_VI' } },
    'GET /api/units/:id': { url: unitA },
    'PATCH /api/units/:id': { url: unitA, json: { code: 'CUC_I' } },
    'GET /api/unit-groups': { url: '/api/unit-groups' },
    'POST /api/unit-groups': { url: '/api/unit-groups', json: { code: 'THAM_MUU', name: 'Trùng mã' } },
    'PATCH /api/unit-groups/:id': { url: `/api/unit-groups/${groupId}`, json: { code: 'NGHIEP_VU' } },

    'GET /api/users': { url: '/api/users' },
    'POST /api/users': {
      url: '/api/users',
      json: { username: 'nguoi-moi', fullName: 'Người mới', password: 'yeu', roles: [{ role: 'VIEWER' }] },
    },
    'GET /api/users/:id': { url: memberA },
    'PATCH /api/users/:id': { url: memberA, json: { roles: [{ role: 'UNIT_FOCAL', unitId: null }] } },
    'POST /api/users/:id/reset-password': { url: `${memberA}/reset-password`, json: { newPassword: 'yeu' } },

    'GET /api/index-sets': { url: '/api/index-sets' },
    'GET /api/index-sets/:id': { url: set },
    'GET /api/index-sets/:id [draft]': { url: `/api/index-sets/${draftIndexSetId}` },
    'GET /api/index-sets/:id/export/:format': { url: `${set}/export/json` },
    'POST /api/index-sets/import': {
      url: '/api/index-sets/import',
      form: () => form({}, { name: 'bo-chi-so.json', data: Buffer.from('không phải JSON') }),
    },
    'PUT /api/index-sets/:id/document': { url: `${set}/document`, json: { document: {} } },
    'POST /api/index-sets/:id/publish': { url: `${set}/publish` },
    'POST /api/index-sets/:id/clone': {
      url: `${set}/clone`,
      json: { code: doc.code, name: 'Trùng mã', year: 2025 },
    },

    'GET /api/campaigns': { url: '/api/campaigns' },
    'POST /api/campaigns': {
      url: '/api/campaigns',
      json: { code: 'CCHC-2025', name: 'Kỳ mới', year: 2025, indexSetId: newId() },
    },
    'GET /api/campaigns/:id': { url: cp() },
    'GET /api/campaigns/:id [setup]': { url: `/api/campaigns/${setupCampaignId}` },
    'PATCH /api/campaigns/:id': { url: cp(), json: { rowVersion: -1, name: 'Phiên bản cũ' } },
    'PUT /api/campaigns/:id/milestones': {
      url: cp('/milestones'),
      json: {
        rowVersion: -1,
        milestones: [{ key: 'SELF_ASSESSMENT', label: 'Tự đánh giá', dueDate: '2024-12-16' }],
      },
    },
    'PUT /api/campaigns/:id/budget': { url: cp('/budget'), json: { rowVersion: -1, lines: [] } },
    'POST /api/campaigns/:id/budget/decision': {
      url: cp('/budget/decision'),
      json: { rowVersion: -1, decision: 'APPROVED' },
    },
    'POST /api/campaigns/:id/budget/decision [setup]': {
      url: `/api/campaigns/${setupCampaignId}/budget/decision`,
      json: { rowVersion: -1, decision: 'APPROVED' },
    },
    'PUT /api/campaigns/:id/units': { url: cp('/units'), json: { rowVersion: -1, unitIds: [f.unitA] } },
    'POST /api/campaigns/:id/transitions': {
      url: cp('/transitions'),
      json: { rowVersion: -1, action: 'lockSelfAssessment' },
    },
    // Leadership's approval of the results (issue 5 §6): not from the self-assessment phase (409).
    'POST /api/campaigns/:id/transitions [approve]': {
      url: cp('/transitions'),
      json: { rowVersion: -1, action: 'approve' },
    },
    'GET /api/campaigns/:id/monitoring': { url: cp('/monitoring') },
    'POST /api/campaigns/:id/files': { url: cp('/files'), form: () => form({ title: 'Chưa kèm tệp' }) },
    'GET /api/campaigns/:id/files/:fileId': { url: cp(`/files/${campaignFileId}`) },
    'GET /api/campaigns/:id/files/:fileId [setup]': {
      url: `/api/campaigns/${setupCampaignId}/files/${setupCampaignFileId}`,
    },
    'GET /api/campaigns/:id/files/:fileId [file of another campaign]': {
      url: cp(`/files/${setupCampaignFileId}`),
    },
    'DELETE /api/campaigns/:id/files/:fileId': {
      prepare: () =>
        uploadCampaignFile(f.campaignId, `Tài liệu tạm ${Math.random().toString(36).slice(2, 8)}`),
      url: (fileId) => cp(`/files/${fileId}`),
    },

    'GET /api/campaigns/:id/reminder-rules': { url: cp('/reminder-rules') },
    'PUT /api/campaigns/:id/reminder-rules': {
      url: cp('/reminder-rules'),
      json: { version: 'cu', rules: [] },
    },
    'GET /api/campaigns/:id/reminder-deliveries': { url: cp('/reminder-deliveries') },
    // A unit that does not take part: nothing to send, only the audit event of the attempt.
    'POST /api/campaigns/:id/reminders': { url: cp('/reminders'), json: { unitIds: [newId()] } },

    'GET /api/notifications': { url: '/api/notifications' },
    'GET /api/appraisal/my-assignments': { url: '/api/appraisal/my-assignments' },
    'POST /api/notifications/:id/read': { url: `/api/notifications/${notificationA}/read` },
    'POST /api/notifications/read-all': { url: '/api/notifications/read-all' },

    'GET /api/scorecards/:id': { url: sc() },
    'GET /api/scorecards/:id [assigned]': { url: sc(), member: 'assigned' },
    'GET /api/scorecards/:id [member of unit A, assigned]': { url: sc(), member: 'insider' },
    'GET /api/scorecards/:id [campaign in set-up]': { url: `/api/scorecards/${setupScorecardA}` },
    'GET /api/scorecards/:id/report-draft': { url: sc('/report-draft') },
    'GET /api/scorecards/:id/report-draft [assigned]': { url: sc('/report-draft'), member: 'assigned' },
    'GET /api/scorecards/:id/checks': { url: sc('/checks') },
    'GET /api/scorecards/:id/checks [assigned]': { url: sc('/checks'), member: 'assigned' },
    'GET /api/scorecards/:id/xlsx': { url: sc('/xlsx') },
    'GET /api/scorecards/:id/xlsx [assigned]': { url: sc('/xlsx'), member: 'assigned' },
    'PUT /api/scorecards/:id/answers/:leafCode': {
      url: sc(`/answers/${encodeURIComponent(leafA)}`),
      json: { rowVersion: 999, value: null },
    },
    'POST /api/scorecards/:id/carry-forward': { url: sc('/carry-forward') },
    'POST /api/scorecards/:id/submit': { url: sc('/submit'), json: { rowVersion: -1, note: '' } },
    'POST /api/scorecards/:id/return': {
      url: sc('/return'),
      json: { rowVersion: -1, reason: 'Thiếu tài liệu' },
    },
    'POST /api/scorecards/:id/extension': {
      url: sc('/extension'),
      json: { rowVersion: -1, extendedUntil: null, reason: 'Bỏ gia hạn' },
    },
    'POST /api/scorecards/:id/xlsx': {
      url: sc('/xlsx'),
      form: () => form({}, { name: 'phieu.xlsx', data: Buffer.from('không phải Excel') }),
    },
    'POST /api/scorecards/:id/evidence': { url: sc('/evidence'), form: () => form({ leafCode: leafA }) },
    'GET /api/scorecards/:id/evidence/:evidenceId/file': { url: sc(`/evidence/${evidenceFileA}/file`) },
    'GET /api/scorecards/:id/evidence/:evidenceId/file [assigned]': {
      url: sc(`/evidence/${evidenceFileA}/file`),
      member: 'assigned',
    },
    'GET /api/scorecards/:id/evidence/:evidenceId/file [evidence of unit B]': {
      url: sc(`/evidence/${evidenceFileB}/file`),
    },
    // The member assigned to unit A does not reach unit B's evidence through A's scorecard.
    'GET /api/scorecards/:id/evidence/:evidenceId/file [evidence of unit B, assigned]': {
      url: sc(`/evidence/${evidenceFileB}/file`),
      member: 'assigned',
    },
    'POST /api/scorecards/:id/evidence/reference': {
      url: sc('/evidence/reference'),
      json: {
        leafCode: leafA,
        title: 'Quyết định ban hành kế hoạch CCHC',
        docNumber: '05/QĐ-VP',
        issuer: 'Văn phòng Thanh tra',
        effectiveDate: '2024-01-10',
      },
    },
    'DELETE /api/scorecards/:id/evidence/:evidenceId [evidence of unit B]': {
      url: sc(`/evidence/${evidenceFileB}`),
    },
    'DELETE /api/scorecards/:id/evidence/:evidenceId': {
      prepare: addReference,
      url: (evidenceId) => sc(`/evidence/${evidenceId}`),
    },

    // ── appraisal (issue 5): the campaign is in self-assessment, so an allowed caller gets a 409 of
    // the phase or the state (or the refusal of a harmless body) and nothing changes — except the
    // appeal-file removal, which gets a throw-away file.
    'GET /api/campaigns/:id/appraisal': { url: cp('/appraisal') },
    'GET /api/campaigns/:id/appraisal [setup]': { url: `/api/campaigns/${setupCampaignId}/appraisal` },
    // An id that is no working-group member's: 400 VALIDATION_ERROR of the service, nothing assigned.
    'PUT /api/scorecards/:id/appraisers': { url: sc('/appraisers'), json: { userIds: [newId()] } },
    'GET /api/scorecards/:id/appraisal': { url: sc('/appraisal') },
    'GET /api/scorecards/:id/appraisal [assigned]': { url: sc('/appraisal'), member: 'assigned' },
    'GET /api/scorecards/:id/appraisal [member of unit A, assigned]': {
      url: sc('/appraisal'),
      member: 'insider',
    },
    'GET /api/scorecards/:id/appraisal [campaign in set-up]': {
      url: `/api/scorecards/${setupScorecardA}/appraisal`,
    },
    ...assignedToo('PUT /api/scorecards/:id/appraisal/leaves/:leafCode', {
      url: sc(`/appraisal/leaves/${encodeURIComponent(leafA)}`),
      json: { kind: 'ACCEPT', expectedCurrentId: null },
    }),
    'PUT /api/scorecards/:id/appraisal/leaves/:leafCode [member of unit A, assigned]': {
      url: sc(`/appraisal/leaves/${encodeURIComponent(leafA)}`),
      json: { kind: 'ACCEPT', expectedCurrentId: null },
      member: 'insider',
    },
    ...assignedToo('POST /api/scorecards/:id/appraisal/accept-remaining', {
      url: sc('/appraisal/accept-remaining'),
      json: { rowVersion: -1 },
    }),
    ...assignedToo('POST /api/scorecards/:id/appraisal/explanation-requests', {
      url: sc('/appraisal/explanation-requests'),
      json: { leafCode: leafA, question: 'Đề nghị bổ sung tài liệu kiểm chứng.', dueDate: '2024-12-20' },
    }),
    ...assignedToo('DELETE /api/scorecards/:id/appraisal/explanation-requests/:requestId', {
      url: sc(`/appraisal/explanation-requests/${explanationId}`),
    }),
    // The machine names each step's permission: a working-group step, the council's, the Office's.
    ...assignedToo('POST /api/scorecards/:id/appraisal/transitions', {
      url: sc('/appraisal/transitions'),
      json: { action: 'completeReview', rowVersion: -1 },
    }),
    'POST /api/scorecards/:id/appraisal/transitions [councilApprove]': {
      url: sc('/appraisal/transitions'),
      json: { action: 'councilApprove', rowVersion: -1 },
    },
    'POST /api/scorecards/:id/appraisal/transitions [reopenReview]': {
      url: sc('/appraisal/transitions'),
      json: { action: 'reopenReview', rowVersion: -1, reason: 'Lãnh đạo trả lại kết quả' },
    },
    'PUT /api/explanation-requests/:id/response': {
      url: `/api/explanation-requests/${explanationId}/response`,
      json: { response: 'Đơn vị đã bổ sung tài liệu.' },
    },
    'POST /api/explanation-requests/:id/files': {
      url: `/api/explanation-requests/${explanationId}/files`,
      form: () => form({}),
    },
    ...assignedToo('GET /api/attachments/:id/file', { url: `/api/attachments/${explanationFile}/file` }),
    'DELETE /api/attachments/:id': { url: `/api/attachments/${explanationFile}` },
    // The unit head may remove a file of a filed appeal: a throw-away file for each call.
    'DELETE /api/attachments/:id [file of an appeal]': {
      prepare: () => addAttachment('APPEAL', appealId, f.users.headA.id),
      url: (attachmentId) => `/api/attachments/${attachmentId}`,
    },
    'GET /api/campaigns/:id/council': { url: cp('/council') },
    'POST /api/campaigns/:id/council/meetings': { url: cp('/council/meetings'), json: meeting },
    'PUT /api/council-meetings/:id': { url: `/api/council-meetings/${meetingId}`, json: meeting },
    'POST /api/scorecards/:id/special-cases': {
      url: sc('/special-cases'),
      json: { kind: 'OTHER', reason: 'Trường hợp đặc biệt', decisionText: 'Hội đồng ghi nhận.' },
    },
    'GET /api/campaigns/:id/council/minutes': { url: cp('/council/minutes') },
    'GET /api/campaigns/:id/appeals': { url: cp('/appeals') },
    'GET /api/campaigns/:id/appeals [setup]': { url: `/api/campaigns/${setupCampaignId}/appeals` },
    'GET /api/campaigns/:id/results': { url: cp('/results') },
    'GET /api/campaigns/:id/results/charts': { url: cp('/results/charts') },
    'GET /api/campaigns/:id/results/csv': { url: cp('/results/csv') },
    'GET /api/campaigns/:id/results/settings': { url: cp('/results/settings') },
    // A valid body: the Office saves it (then 409 stale for the second caller), others get 403.
    'PUT /api/campaigns/:id/results/settings': {
      url: cp('/results/settings'),
      json: {
        rowVersion: 0,
        ratingMap: { bands: [], unclassified: 'NOT_COMPLETED' },
        previousCampaignId: null,
        criterionMapping: [],
      },
    },
    // Before approval the Office gets 409 RESULTS_NOT_APPROVED (nothing stored).
    'PUT /api/campaigns/:id/announcement': {
      url: cp('/announcement'),
      json: { decisionNumber: '15/QĐ-TTCP', decisionDate: '2025-01-15' },
    },
    // A unit's own results: 409 RESULTS_NOT_APPROVED for its officers during self-assessment.
    'GET /api/scorecards/:id/results': { url: sc('/results') },
    // ── audit log (issue 8) ──
    'GET /api/audit': { url: '/api/audit?limit=5' },
    'GET /api/audit/verify': { url: '/api/audit/verify' },
    'GET /api/scorecards/:id/audit': { url: sc('/audit') },
    // ── reports and documents (issue 7) ──
    'GET /api/document-settings': { url: '/api/document-settings' },
    // A valid body: the first allowed caller saves it, the next gets 409 stale; others 403.
    'PUT /api/document-settings': { url: '/api/document-settings', json: settingsInput },
    'GET /api/campaigns/:id/report-draft': { url: cp('/report-draft') },
    'PUT /api/campaigns/:id/report-draft': {
      url: cp('/report-draft'),
      json: {
        rowVersion: 0,
        sections: { purpose: 'a', organisation: 'b', assessment: 'c', limitations: 'd', proposals: 'e' },
      },
    },
    // Allowed: 202 (a job) or 409 when no unit has submitted yet; nothing runs (no worker in tests).
    'POST /api/campaigns/:id/exports': {
      url: cp('/exports'),
      json: { kind: 'summary-workbook', format: 'xlsx' },
    },
    'POST /api/campaigns/:id/exports [setup]': {
      url: `/api/campaigns/${setupCampaignId}/exports`,
      json: { kind: 'summary-workbook', format: 'xlsx' },
    },
    'GET /api/campaigns/:id/exports': { url: cp('/exports') },
    'POST /api/scorecards/:id/exports': { url: sc('/exports'), json: { format: 'pdf' } },
    'GET /api/scorecards/:id/exports': { url: sc('/exports') },
    'GET /api/exports/:id': { url: `/api/exports/${campaignExport.id}` },
    "GET /api/exports/:id [of unit A's scorecard]": { url: `/api/exports/${scorecardExport.id}` },
    'GET /api/exports/:id/file': { url: `/api/exports/${campaignExport.id}/file` },
    "GET /api/exports/:id/file [of unit A's scorecard]": { url: `/api/exports/${scorecardExport.id}/file` },
    'GET /api/public/results': { url: '/api/public/results' },
    // The campaign is not published: 404 for everyone, as for a code that does not exist.
    'GET /api/public/results/:code': { url: '/api/public/results/CCHC-2024' },
    'GET /api/public/results/:code/csv': { url: '/api/public/results/CCHC-2024/csv' },
    'PUT /api/campaigns/:id/appeal-window': { url: cp('/appeal-window'), json: { until: null } },
    'POST /api/scorecards/:id/appeals': {
      url: sc('/appeals'),
      json: { grounds: 'Đề nghị xem xét lại điểm thẩm định.' },
    },
    'POST /api/appeals/:id/files': { url: `/api/appeals/${appealId}/files`, form: () => form({}) },
    'POST /api/appeals/:id/decision': {
      url: `/api/appeals/${appealId}/decision`,
      json: { accept: false, reason: 'Không có căn cứ' },
    },
    'POST /api/scorecards/:id/amendments': {
      url: sc('/amendments'),
      json: {
        reason: 'Sửa sai sót',
        decisionText: 'Hội đồng điều chỉnh.',
        changes: [{ leafCode: leafA, kind: 'ADJUST', points: 0 }],
      },
    },

    // Changes that later entries must not see: each is undone by the next, or makes new objects.
    'POST /api/index-sets/:id/versions': { url: `${set}/versions` },
    'POST /api/users/:id/deactivate': { url: `${memberA}/deactivate` },
    'POST /api/users/:id/activate': { url: `${memberA}/activate` },
    'POST /api/units/:id/deactivate': { url: `${unitA}/deactivate` },
    'POST /api/units/:id/activate': { url: `${unitA}/activate` },
  };

  const members: Record<'assigned' | 'insider', Person> = { assigned: assignedMember, insider };
  return { f, people, members, targets, setupCampaignId, evidenceFileB };
}

// ── classification ──────────────────────────────────────────────────────────────────────────────────

/**
 * The class of an answer. By error code, not only by status: 401 INVALID_CREDENTIALS is the login
 * route's own answer (allow), while a 403 CSRF_INVALID or PASSWORD_CHANGE_REQUIRED, or any 5xx,
 * means the harness or the server is broken — never an expected outcome.
 */
function classify(res: LightMyRequestResponse): { outcome: Outcome | 'broken'; detail: string } {
  let code = '';
  try {
    code = (res.json() as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    // not JSON: a file download
  }
  const detail = `${res.statusCode}${code ? ` ${code}` : ''}`;
  if (res.statusCode >= 500) {
    return { outcome: 'broken', detail };
  }
  if (res.statusCode === 401 && code === 'UNAUTHENTICATED') {
    return { outcome: 'auth', detail };
  }
  if (res.statusCode === 403) {
    // The appraisal refuses a working-group member with the precise reason (issue 5): not assigned
    // to this unit, or their own unit. Both are the policy saying no.
    const policy = ['FORBIDDEN', 'NOT_ASSIGNED', 'CONFLICT_OF_INTEREST'];
    return { outcome: policy.includes(code) ? 'deny' : 'broken', detail };
  }
  if (res.statusCode === 404) {
    // Every target exists, so a 404 hides it (or the route is gone: caught by the route check).
    return { outcome: 'hidden', detail };
  }
  return { outcome: 'allow', detail };
}

// ── the tests ───────────────────────────────────────────────────────────────────────────────────────

describe.each(testDialects())('access matrix on %s', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildWorld>>;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-access-'));
    t = await createTestApp(dialect, { DATA_DIR: dataDir });
    w = await buildWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('has exactly one expected row and one target for every API route', () => {
    const live = new Set(routeTable(t.app));
    const keys = Object.keys(EXPECTED);
    const problems = [
      ...[...live]
        .filter((r) => !(r in EXPECTED))
        .map((r) => `new route without an entry in access-matrix.expected.ts: ${r}`),
      ...keys
        .filter((k) => !live.has(routeOf(k)))
        .map((k) => `entry for a route that no longer exists: ${k}`),
      ...keys
        .filter((k) => !(k in w.targets))
        .map((k) => `entry without a target (ids, body) in access-matrix.test.ts: ${k}`),
      ...Object.keys(w.targets)
        .filter((k) => !(k in EXPECTED))
        .map((k) => `target without an entry in access-matrix.expected.ts: ${k}`),
    ];
    for (const k of KNOWN_FINDINGS) {
      const row = EXPECTED[k.key];
      if (!row) {
        problems.push(`known finding ${k.id} names no entry: ${k.key}`);
      }
      for (const caller of k.callers) {
        if (row?.[CALLERS.indexOf(caller)] === k.actual) {
          problems.push(`known finding ${k.id} records the expected outcome for ${caller}: not a finding`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(live.size).toBeGreaterThan(50);
  });

  it('never shows a unit officer another unit’s rows in a list', async () => {
    const { f } = w;
    const otherUnitIds = [f.unitB, f.scorecardB, w.people.focalOther.session.info.user.id, w.evidenceFileB];
    const secrets = Object.values(SECRET);
    for (const session of [f.focalA, f.headA]) {
      const get = async <T>(url: string) => {
        const res = await t.as(session).get(url);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        return { body: res.body, json: res.json<T>() };
      };
      const none = (url: string, body: string, forbidden: readonly string[]) => {
        for (const s of forbidden) {
          expect(body.includes(s), `${url} shows ${s}`).toBe(false);
        }
      };

      const units = await get<{ id: string }[]>('/api/units');
      expect(units.json.map((u) => u.id)).toEqual([f.unitA]);
      none('/api/units', units.body, [...otherUnitIds, 'CUC_I', ...secrets]);

      const users = await get<{ id: string; roles: { unitId: string | null }[] }[]>('/api/users');
      for (const u of users.json) {
        expect(
          u.roles.every((r) => r.unitId === f.unitA),
          `user ${u.id} is not of unit A`,
        ).toBe(true);
      }
      none('/api/users', users.body, [...otherUnitIds, w.people.headOther.username, ...secrets]);
      const filtered = await get<unknown[]>(`/api/users?unitId=${f.unitB}`);
      expect(filtered.json).toEqual([]);

      const campaigns = await get<{ id: string; myScorecardId: string | null }[]>('/api/campaigns');
      expect(campaigns.json.map((c) => [c.id, c.myScorecardId])).toEqual([[f.campaignId, f.scorecardA]]);
      none('/api/campaigns', campaigns.body, [...otherUnitIds, w.setupCampaignId, ...secrets]);

      const notes = await get<{ items: { link: string | null }[] }>('/api/notifications');
      // Their own unit's extension is there; unit B's is not.
      expect(notes.json.items.some((n) => n.link?.includes(f.scorecardA))).toBe(true);
      none('/api/notifications', notes.body, [...otherUnitIds, ...secrets]);

      // The campaign lists every participant (name, status) — but no scores, evidence or budget.
      const detail = await get<{
        myScorecardId: string | null;
        budget: unknown;
        participants: Record<string, unknown>[];
      }>(`/api/campaigns/${f.campaignId}`);
      expect(detail.json.myScorecardId).toBe(f.scorecardA);
      expect(detail.json.budget).toBeNull();
      expect(detail.json.participants.map((p) => p.unitId).sort()).toEqual([f.unitA, f.unitB].sort());
      for (const p of detail.json.participants) {
        expect(Object.keys(p).sort()).toEqual(
          ['groupCode', 'scorecardId', 'status', 'unitCode', 'unitId', 'unitName'].sort(),
        );
      }
      none(`/api/campaigns/${f.campaignId}`, detail.body, [w.evidenceFileB, ...secrets, '15000000']);

      // The appraisal overview (issue 5): the unit's own row only.
      const appraisal = await get<{ rows: { scorecardId: string }[] }>(
        `/api/campaigns/${f.campaignId}/appraisal`,
      );
      expect(appraisal.json.rows.map((r) => r.scorecardId)).toEqual([f.scorecardA]);
      none(`/api/campaigns/${f.campaignId}/appraisal`, appraisal.body, [
        ...otherUnitIds,
        'CUC_I',
        ...secrets,
      ]);
    }
  });

  it('shows a working-group member only the scorecards assigned to them, never their own unit’s', async () => {
    const { f } = w;
    const url = `/api/campaigns/${f.campaignId}/appraisal`;
    const rowsOf = async (session: Session) => {
      const res = await t.as(session).get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      for (const s of [f.unitB, f.scorecardB, 'CUC_I', ...Object.values(SECRET)]) {
        expect(res.body.includes(s), `${url} shows ${s}`).toBe(false);
      }
      return res.json<{ rows: { scorecardId: string }[] }>().rows.map((r) => r.scorecardId);
    };
    // Assigned to nothing: no row at all. Assigned to unit A: A's row only. Works in unit A and
    // assigned to it behind the Office's back: no row either (conflict of interest).
    expect(await rowsOf(w.people.workingGroup.session)).toEqual([]);
    expect(await rowsOf(w.members.assigned.session)).toEqual([f.scorecardA]);
    expect(await rowsOf(w.members.insider.session)).toEqual([]);
  });

  it('answers every route, for every caller, as the expected matrix says', async () => {
    const mismatches: string[] = [];
    let calls = 0;
    for (const [key, target] of Object.entries(w.targets)) {
      const expected = EXPECTED[key];
      if (!expected) {
        continue; // reported by the route-table test
      }
      const method = routeOf(key).split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      for (const [i, caller] of CALLERS.entries()) {
        const person =
          caller === 'anonymous'
            ? null
            : caller === 'workingGroup' && target.member
              ? w.members[target.member]
              : w.people[caller];
        let session: Session | null = person?.session ?? null;
        if (person && target.freshSession) {
          session = await t.login(person.username, person.password);
        }
        const prepared = target.prepare ? await target.prepare() : '';
        const url = typeof target.url === 'function' ? target.url(prepared) : target.url;
        const body = target.form?.();
        const headers: Record<string, string> = { ...body?.headers };
        if (session) {
          headers.cookie = session.cookie;
          if (method !== 'GET') {
            headers['x-csrf-token'] = session.csrf;
          }
        }
        const json = target.json ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
        const res = await t.app.inject({
          method,
          url,
          headers,
          ...(body ? { payload: body.payload } : json === undefined ? {} : { payload: json as object }),
        });
        calls++;
        const got = classify(res);
        if (process.env.MATRIX_DUMP) {
          console.log(`${key} | ${CALLER_LABELS[caller]} | ${got.outcome} | ${got.detail}`);
        }
        const who = `${key} — ${CALLER_LABELS[caller]}`;
        const known = KNOWN_FINDINGS.find((k) => k.key === key && k.callers.includes(caller));
        if (!known && got.outcome !== expected[i]) {
          mismatches.push(`${who}: expected ${expected[i]}, got ${got.outcome} (${got.detail})`);
        } else if (known && got.outcome === expected[i]) {
          mismatches.push(
            `${who}: finding ${known.id} is fixed (${got.detail}); remove it from KNOWN_FINDINGS`,
          );
        } else if (known && got.outcome !== known.actual) {
          mismatches.push(
            `${who}: expected ${expected[i]} (known finding ${known.id}: ${known.actual}), got ${got.outcome} (${got.detail})`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBe(Object.keys(EXPECTED).length * CALLERS.length);
  }, 120_000);
});
