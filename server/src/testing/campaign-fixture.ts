import type { UnitKind } from '@cchc/domain/api/organisation';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { goodAnswer } from '../seed/demo-answers';
import { multipartFile } from './multipart';
import { ADMIN_PASSWORD, type Session, type TestApp } from './test-app';

async function ok<T>(res: { statusCode: number; body: string; json(): unknown }, status = 200): Promise<T> {
  if (res.statusCode !== status) {
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  }
  return res.json() as T;
}

/** A unit officer as the administrator would set one up: a name, an e-mail address, or deactivated. */
export interface OfficerSpec {
  fullName?: string;
  email?: string | null;
  active?: boolean;
}

export interface CampaignFixtureOptions {
  /** false: the campaign stays in SETUP (no guidance issued, self-assessment not open). */
  open?: boolean;
  /** More participating units, after VPTT and CUC_I. */
  moreUnits?: { code: string; name: string; kind: UnitKind; group: 'THAM_MUU' | 'NGHIEP_VU' }[];
  /** E-mail addresses for the fixture's own officers (reminders go by e-mail too). */
  emails?: Partial<Record<'focalA' | 'headA' | 'focalB', string>>;
  /** More unit officers, by key, on any unit of the fixture (by code). */
  officers?: Record<string, OfficerSpec & { unit: string; role: 'UNIT_FOCAL' | 'UNIT_HEAD' }>;
}

/**
 * A campaign open for self-assessment on the demo index set, with two units (one per group)
 * and their officers — what tests of scorecards, evidence and reminders start from. Goes
 * through the real API, as the Office would. The test clock starts on 10/12/2024, and the
 * self-assessment deadline is 16/12/2024 (the plan's default). `options` add units and officers
 * (with e-mail addresses, names, deactivated) where a test needs more.
 */
export async function campaignFixture(t: TestApp, options: CampaignFixtureOptions = {}) {
  const admin = await t.login('admin', ADMIN_PASSWORD);
  const officeUser = await t.userWithRole('OFFICE_STAFF');
  const office = officeUser.session;
  const { payload, headers } = multipartFile('demo.json', Buffer.from(JSON.stringify(demo)));
  const imported = await ok<{ id: string }>(
    await t.app.inject({
      method: 'POST',
      url: '/api/index-sets/import',
      headers: { ...headers, cookie: office.cookie, 'x-csrf-token': office.csrf },
      payload,
    }),
    201,
  );
  await ok(await t.as(office).post(`/api/index-sets/${imported.id}/publish`));
  const groups: Record<string, string> = {};
  for (const g of demo.unitGroups) {
    groups[g.code] = (
      await ok<{ id: string }>(
        await t.as(admin).post('/api/unit-groups', { code: g.code, name: g.name }),
        201,
      )
    ).id;
  }
  const unitA = await ok<{ id: string }>(
    await t.as(admin).post('/api/units', {
      code: 'VPTT',
      name: 'Văn phòng Thanh tra',
      kind: 'DON_VI',
      groupId: groups.THAM_MUU,
    }),
    201,
  );
  const unitB = await ok<{ id: string }>(
    await t
      .as(admin)
      .post('/api/units', { code: 'CUC_I', name: 'Cục Thanh tra I', kind: 'CUC', groupId: groups.NGHIEP_VU }),
    201,
  );
  const units: Record<string, string> = { VPTT: unitA.id, CUC_I: unitB.id };
  for (const u of options.moreUnits ?? []) {
    units[u.code] = (
      await ok<{ id: string }>(
        await t
          .as(admin)
          .post('/api/units', { code: u.code, name: u.name, kind: u.kind, groupId: groups[u.group] }),
        201,
      )
    ).id;
  }
  const campaign = await ok<{
    id: string;
    rowVersion: number;
    participants: { unitId: string; scorecardId: string }[];
  }>(
    await t.as(office).post('/api/campaigns', {
      code: 'CCHC-2024',
      name: 'Đánh giá Chỉ số CCHC năm 2024',
      year: 2024,
      indexSetId: imported.id,
      unitIds: Object.values(units),
    }),
    201,
  );
  let version = campaign.rowVersion;
  if (options.open !== false) {
    version = (
      await ok<{ rowVersion: number }>(
        await t.as(office).patch(`/api/campaigns/${campaign.id}`, {
          rowVersion: version,
          guidanceText: 'Hướng dẫn chấm điểm năm 2024: mỗi tiêu chí kèm tài liệu kiểm chứng.',
        }),
      )
    ).rowVersion;
    for (const action of ['issueGuidance', 'openSelfAssessment']) {
      version = (
        await ok<{ rowVersion: number }>(
          await t
            .as(office)
            .post(`/api/campaigns/${campaign.id}/transitions`, { rowVersion: version, action }),
        )
      ).rowVersion;
    }
  }
  const scorecardOf = (unitId: string) => campaign.participants.find((p) => p.unitId === unitId)!.scorecardId;
  const officer = async (role: 'UNIT_FOCAL' | 'UNIT_HEAD', unitId: string, spec: OfficerSpec = {}) => {
    const user = await t.userWithRole(role, unitId);
    if (spec.fullName !== undefined || spec.email !== undefined) {
      await ok(
        await t.as(admin).patch(`/api/users/${user.id}`, { fullName: spec.fullName, email: spec.email }),
      );
    }
    if (spec.active === false) {
      await ok(await t.as(admin).post(`/api/users/${user.id}/deactivate`));
    }
    return user;
  };
  const emails = options.emails ?? {};
  const focalA = await officer('UNIT_FOCAL', unitA.id, { email: emails.focalA });
  const headA = await officer('UNIT_HEAD', unitA.id, { email: emails.headA });
  const focalB = await officer('UNIT_FOCAL', unitB.id, { email: emails.focalB });
  const officers: Record<string, Awaited<ReturnType<typeof officer>>> = {};
  for (const [key, spec] of Object.entries(options.officers ?? {})) {
    officers[key] = await officer(spec.role, units[spec.unit]!, spec);
  }
  return {
    admin,
    office,
    indexSetId: imported.id,
    campaignId: campaign.id,
    unitA: unitA.id,
    unitB: unitB.id,
    /** Every participating unit's id by code (VPTT, CUC_I and `moreUnits`), and its scorecard. */
    units,
    scorecards: Object.fromEntries(Object.entries(units).map(([code, id]) => [code, scorecardOf(id)])),
    scorecardA: scorecardOf(unitA.id),
    scorecardB: scorecardOf(unitB.id),
    focalA: focalA.session as Session,
    headA: headA.session as Session,
    focalB: focalB.session as Session,
    users: { focalA, headA, focalB, office: officeUser },
    /** The `officers` asked for, by key. */
    officers,
  };
}
export type CampaignFixture = Awaited<ReturnType<typeof campaignFixture>>;

/**
 * Answers the first `count` criteria of a scorecard (all by default) as `session`, each with the
 * best answer and a reason for having no evidence, as a focal officer would before submitting.
 * Returns the scorecard as it then stands.
 */
export async function answerCriteria(t: TestApp, session: Session, scorecardId: string, count = Infinity) {
  const url = `/api/scorecards/${scorecardId}`;
  const before = await ok<{ groupCode: string; answers: { leafCode: string; rowVersion: number }[] }>(
    await t.as(session).get(url),
  );
  const criteria = [...answerableLeaves(demo as unknown as IndexSetDocument, before.groupCode)].filter(
    ([, l]) => l.kind === 'CRITERION',
  );
  for (const [code, { leaf }] of criteria.slice(0, count)) {
    await ok(
      await t.as(session).put(`${url}/answers/${encodeURIComponent(code)}`, {
        rowVersion: before.answers.find((a) => a.leafCode === code)?.rowVersion ?? 0,
        value: goodAnswer(leaf),
        noEvidenceReason: 'Tài liệu kiểm chứng lưu bản giấy tại đơn vị',
      }),
    );
  }
  return ok<{ rowVersion: number; status: string }>(await t.as(session).get(url));
}

/** A scanned, signed report as the head would upload it: a tiny PDF under leaf `__REPORT__`. */
export async function uploadSignedReport(t: TestApp, head: Session, scorecardId: string): Promise<string> {
  const boundary = `----cchcReport${Math.random().toString(16).slice(2)}`;
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="leafCode"\r\n\r\n__REPORT__\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bao-cao-da-ky.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/scorecards/${scorecardId}/evidence`,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: head.cookie,
      'x-csrf-token': head.csrf,
    },
    payload,
  });
  return (await ok<{ id: string }>(res, 201)).id;
}

/** Uploads the signed report and submits with the scorecard's current version (the head's path). */
export async function submitWithReport(t: TestApp, head: Session, scorecardId: string, note = '') {
  const reportId = await uploadSignedReport(t, head, scorecardId);
  const current = await t.db
    .selectFrom('scorecard')
    .select('rowVersion')
    .where('id', '=', scorecardId)
    .executeTakeFirstOrThrow();
  return t.as(head).post(`/api/scorecards/${scorecardId}/submit`, {
    rowVersion: current.rowVersion,
    note,
    signedReportEvidenceId: reportId,
  });
}
