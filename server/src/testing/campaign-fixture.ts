import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import { multipartFile } from './multipart';
import { ADMIN_PASSWORD, type Session, type TestApp } from './test-app';

async function ok<T>(res: { statusCode: number; body: string; json(): unknown }, status = 200): Promise<T> {
  if (res.statusCode !== status) {
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  }
  return res.json() as T;
}

/**
 * A campaign open for self-assessment on the demo index set, with two units (one per group)
 * and their officers — what tests of scorecards, evidence and reminders start from. Goes
 * through the real API, as the Office would. The test clock starts on 10/12/2024, and the
 * self-assessment deadline is 16/12/2024 (the plan's default).
 */
export async function campaignFixture(t: TestApp, options: { open?: boolean } = {}) {
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
      unitIds: [unitA.id, unitB.id],
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
  const focalA = await t.userWithRole('UNIT_FOCAL', unitA.id);
  const headA = await t.userWithRole('UNIT_HEAD', unitA.id);
  const focalB = await t.userWithRole('UNIT_FOCAL', unitB.id);
  return {
    admin,
    office,
    indexSetId: imported.id,
    campaignId: campaign.id,
    unitA: unitA.id,
    unitB: unitB.id,
    scorecardA: scorecardOf(unitA.id),
    scorecardB: scorecardOf(unitB.id),
    focalA: focalA.session as Session,
    headA: headA.session as Session,
    focalB: focalB.session as Session,
    users: { focalA, headA, focalB, office: officeUser },
  };
}
export type CampaignFixture = Awaited<ReturnType<typeof campaignFixture>>;
