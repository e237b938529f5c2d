import { type APIRequestContext, request } from 'playwright-core';

/** Drives CCHC-<year-1> (demo, under appraisal) to PUBLISHED through the API. */
export async function publishDemo(
  baseUrl: string,
  password: (u: string) => string,
  code: string,
): Promise<void> {
  const clients: APIRequestContext[] = [];
  const login = async (username: string, pass = password(username)) => {
    const ctx = await request.newContext({ baseURL: baseUrl });
    clients.push(ctx);
    const res = await ctx.post('/api/auth/login', { data: { username, password: pass } });
    if (!res.ok()) throw new Error(`login ${username}: ${res.status()} ${await res.text()}`);
    let csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    const call = async (method: string, path: string, data?: unknown) => {
      const r = await ctx.fetch(path, { method, data, headers: { 'X-CSRF-Token': csrf } });
      if (!r.ok()) throw new Error(`${username} ${method} ${path}: ${r.status()} ${await r.text()}`);
      return r.json() as Promise<any>;
    };
    return {
      get: (p: string) => call('GET', p),
      post: (p: string, d: unknown = {}) => call('POST', p, d),
      put: (p: string, d: unknown) => call('PUT', p, d),
      setCsrf: (c: string) => {
        csrf = c;
      },
    };
  };
  try {
    const office = await login('vanphong');
    const campaigns = (await office.get('/api/campaigns')) as { id: string; code: string }[];
    const campaignId = campaigns.find((c) => c.code === code)!.id;
    const overview = (await office.get(`/api/campaigns/${campaignId}/appraisal`)) as {
      rows: { scorecardId: string; unit: { id: string; code: string }; status: string; appraisers: { id: string }[] }[];
      candidates: { userId: string; homeUnitId: string | null }[];
    };
    const admin = await login('admin');
    const member2 = { username: 'togiupviec.e2e', password: 'togiupviec-e2e-2025' };
    const created = (await admin.post('/api/users', {
      username: member2.username,
      fullName: 'Lý Thị Hoa',
      password: member2.password,
      roles: [{ role: 'WORKING_GROUP', unitId: null }],
    })) as { id: string };
    const m2 = await login(member2.username, member2.password);
    await m2.post('/api/auth/password', { currentPassword: member2.password, newPassword: `${member2.password}-moi` });
    const member2Api = await login(member2.username, `${member2.password}-moi`);
    const memberApi = await login('togiupviec');
    const memberId = ((await memberApi.get('/api/auth/me')) as { user: { id: string } }).user.id;
    const memberHome = overview.candidates.find((c) => c.userId === memberId)?.homeUnitId;
    const focal = await login('daumoi.vpc');
    for (const row of overview.rows) {
      const own = row.unit.id === memberHome;
      const who = own ? member2Api : memberApi;
      if (own || row.appraisers.length === 0) {
        await office.put(`/api/scorecards/${row.scorecardId}/appraisers`, { userIds: [own ? created.id : memberId] });
      }
      let v = await who.get(`/api/scorecards/${row.scorecardId}/appraisal`);
      if (v.status === 'EXPLANATION') {
        for (const leaf of v.leaves as { leafCode: string; explanation: { id: string; respondedAt: string | null } | null }[]) {
          if (leaf.explanation && !leaf.explanation.respondedAt) {
            await focal.put(`/api/explanation-requests/${leaf.explanation.id}/response`, {
              response: 'Đơn vị gửi kèm kết quả chấm của tổ chuyên gia (e2e).',
            });
          }
        }
        v = await who.get(`/api/scorecards/${row.scorecardId}/appraisal`);
        v = await who.post(`/api/scorecards/${row.scorecardId}/appraisal/transitions`, {
          action: 'closeExplanation',
          rowVersion: v.rowVersion,
          reason: '',
        });
        for (const leaf of v.leaves as { leafCode: string; explanation: unknown; current: { id: string } | null }[]) {
          if (leaf.explanation) {
            const current = leaf.current?.id ?? null;
            v = await who.put(`/api/scorecards/${row.scorecardId}/appraisal/leaves/${encodeURIComponent(leaf.leafCode)}`, {
              kind: 'ADJUST',
              points: 750,
              reasonCode: 'EVIDENCE_INSUFFICIENT',
              reason: 'Giải trình chỉ chứng minh được một phần kết quả (e2e).',
              expectedCurrentId: current,
            });
          }
        }
      }
      if (v.status === 'IN_REVIEW' || v.status === 'RE_REVIEW') {
        if (v.undecidedCount > 0) {
          v = await who.post(`/api/scorecards/${row.scorecardId}/appraisal/accept-remaining`, { rowVersion: v.rowVersion });
        }
        v = await who.post(`/api/scorecards/${row.scorecardId}/appraisal/transitions`, {
          action: 'completeReview',
          rowVersion: v.rowVersion,
          reason: '',
        });
      }
    }
    const step = async (api: typeof office, action: string) => {
      const c = (await api.get(`/api/campaigns/${campaignId}`)) as { rowVersion: number };
      await api.post(`/api/campaigns/${campaignId}/transitions`, { rowVersion: c.rowVersion, action });
    };
    await step(office, 'convokeCouncil');
    const council = await login('hoidong');
    for (const row of overview.rows) {
      const v = await council.get(`/api/scorecards/${row.scorecardId}/appraisal`);
      await council.post(`/api/scorecards/${row.scorecardId}/appraisal/transitions`, {
        action: 'councilApprove',
        rowVersion: v.rowVersion,
        reason: '',
      });
    }
    const leader = await login('lanhdao');
    await step(leader, 'approve');
  } finally {
    for (const c of clients) await c.dispose();
  }
}
