import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditPage, AuditVerifyView } from '@cchc/domain/api/audit';
import { UNIT_VISIBLE_EVENTS } from '@cchc/domain/audit/events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database, type Dialect } from '../src/db/database';
import { migrateTo, migrateToLatest } from '../src/db/migrate';
import { auditRepo } from '../src/modules/audit/audit.repo';
import { verifyAuditChain } from '../src/modules/audit/audit.service';
import { chainHash, GENESIS_HASH } from '../src/modules/audit/audit-chain';
import { type CampaignFixture, campaignFixture } from '../src/testing/campaign-fixture';
import { createTestApp, type TestApp } from '../src/testing/test-app';
import { createTestDb, testDialects } from '../src/testing/test-db';

const serverDir = path.resolve(import.meta.dirname, '..');

/** Lifts the append-only triggers, as someone with the database owner's rights could. */
async function dropGuards(db: Database, dialect: Dialect) {
  if (dialect === 'postgres') {
    await sql`drop trigger audit_event_no_change on audit_event`.execute(db);
  } else {
    await sql`drop trigger audit_event_no_update`.execute(db);
    await sql`drop trigger audit_event_no_delete`.execute(db);
  }
}

const allEvents = (db: Database) => db.selectFrom('audit_event').selectAll().orderBy('seq').execute();

describe.each(testDialects())('audit hash chain on %s', (dialect) => {
  let t: TestApp;
  let f: CampaignFixture;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await campaignFixture(t);
    // A few scored changes by the unit, so that the log has scorecard events.
    for (const leaf of ['1.3', '1.5']) {
      const res = await t.as(f.focalA).put(`/api/scorecards/${f.scorecardA}/answers/${leaf}`, {
        rowVersion: 0,
        value: null,
        note: 'Đang làm',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    // Another unit's attempt, refused and logged on the scorecard.
    expect((await t.as(f.focalB).get(`/api/scorecards/${f.scorecardA}`)).statusCode).toBe(403);
  });
  afterAll(() => t.close());

  it('chains every event: seq from 1 without gaps, each linked to the one before, with request and roles', async () => {
    const events = await allEvents(t.db);
    expect(events.length).toBeGreaterThan(10);
    let prev = GENESIS_HASH;
    events.forEach((e, i) => {
      expect(Number(e.seq)).toBe(i + 1);
      expect(e.prevHash).toBe(prev);
      expect(chainHash({ ...e, seq: Number(e.seq) })).toBe(e.hash);
      prev = e.hash;
    });
    const head = await auditRepo(t.db).head();
    expect(head).toEqual({ seq: events.length, hash: prev });
    // An answer saved through the API records the request, the client and the actor's roles.
    const saved = events.find((e) => e.action === 'scorecard.answerSaved')!;
    expect(saved.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved.ip).toBe('127.0.0.1');
    expect(JSON.parse(saved.actorRoles!)).toEqual([`UNIT_FOCAL@${f.unitA}`]);
    expect(JSON.parse(saved.data)).toMatchObject({ leafCode: expect.any(String), after: expect.any(Object) });
    const verdict = await verifyAuditChain(t.db);
    expect(verdict).toMatchObject({ ok: true, checked: events.length, headSeq: events.length, broken: null });
  });

  it('refuses UPDATE and DELETE of audit rows from any code path, and changes nothing', async () => {
    const before = await allEvents(t.db);
    const target = before[3]!;
    await expect(
      t.db.updateTable('audit_event').set({ data: '{"forged":true}' }).where('id', '=', target.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_event').where('id', '=', target.id).execute()).rejects.toThrow(
      /append-only/,
    );
    if (dialect === 'postgres') {
      await expect(sql`truncate audit_event`.execute(t.db)).rejects.toThrow(/append-only/);
    }
    expect(await allEvents(t.db)).toEqual(before);
  });

  it('keeps one chain under concurrent appends', async () => {
    const before = Number((await auditRepo(t.db).head())!.seq);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        auditRepo(t.db).append({
          at: new Date(Date.UTC(2024, 11, 10, 3, 0, i)),
          actorUserId: t.adminId,
          action: 'unit.updated',
          entityType: 'unit',
          entityId: f.unitA,
          data: { i },
        }),
      ),
    );
    const verdict = await verifyAuditChain(t.db, undefined, 7);
    expect(verdict.ok).toBe(true);
    expect(verdict.checked).toBe(before + 40);
  });

  it('shows the Office the log with filters and pages; a unit officer is refused', async () => {
    const office = t.as(f.office);
    const first = await office.get('/api/audit?limit=5');
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json<AuditPage>();
    expect(page1.rows).toHaveLength(5);
    const seqs = page1.rows.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const page2 = (await office.get(`/api/audit?limit=5&before=${page1.nextBefore}`)).json<AuditPage>();
    expect(page2.rows[0]!.seq).toBeLessThan(page1.rows[4]!.seq);

    const saved = (await office.get('/api/audit?action=scorecard.answerSaved')).json<AuditPage>();
    expect(saved.rows.length).toBe(2);
    expect(saved.rows.every((r) => r.action === 'scorecard.answerSaved' && r.entityId === f.scorecardA)).toBe(
      true,
    );
    expect(saved.rows[0]!.actor?.username).toBe(f.users.focalA.username);
    const byActor = (await office.get(`/api/audit?actor=${f.users.focalA.username}`)).json<AuditPage>();
    expect(byActor.rows.length).toBeGreaterThanOrEqual(2);
    expect(byActor.rows.every((r) => r.actor?.userId === f.users.focalA.id)).toBe(true);
    // The test clock is 10/12/2024 (09:00 in Hà Nội): a window that ends the day before is empty.
    expect((await office.get('/api/audit?to=2024-12-09')).json<AuditPage>().rows).toEqual([]);
    const sameDay = await t.db
      .selectFrom('audit_event')
      .select('seq')
      .where('at', '>=', '2024-12-09T17:00:00.000Z')
      .where('at', '<', '2024-12-10T17:00:00.000Z')
      .execute();
    expect(sameDay.length).toBeGreaterThan(0);
    const day = (await office.get('/api/audit?from=2024-12-10&to=2024-12-10&limit=200')).json<AuditPage>();
    expect(day.rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      sameDay.map((r) => Number(r.seq)).sort((a, b) => a - b),
    );

    const bad = await office.get('/api/audit?action=scorecard.forged');
    expect(bad.statusCode).toBe(400);
    const backwards = await office.get('/api/audit?from=2024-12-10&to=2024-12-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('Từ ngày phải trước');

    expect((await t.as(f.focalA).get('/api/audit')).statusCode).toBe(403);
    expect((await t.as(f.focalA).get('/api/audit/verify')).statusCode).toBe(403);
    const verify = (await office.get('/api/audit/verify')).json<AuditVerifyView>();
    expect(verify.ok).toBe(true);
  });

  it("shows a unit the log of its own scorecard only, without other people's addresses", async () => {
    const own = await t.as(f.focalA).get(`/api/scorecards/${f.scorecardA}/audit`);
    expect(own.statusCode, own.body).toBe(200);
    const rows = own.json<AuditPage>().rows;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(
      rows.every((r) => r.entityId === f.scorecardA && UNIT_VISIBLE_EVENTS.includes(r.action as never)),
    ).toBe(true);
    expect(rows.every((r) => r.ip === null && r.requestId === null)).toBe(true);
    // Another unit's scorecard log is refused (and the attempt itself is logged, as for the scorecard).
    expect((await t.as(f.focalB).get(`/api/scorecards/${f.scorecardA}/audit`)).statusCode).toBe(403);
    // The Office sees every event of the scorecard, with addresses.
    const full = (await t.as(f.office).get(`/api/scorecards/${f.scorecardA}/audit`)).json<AuditPage>().rows;
    expect(full.some((r) => r.action === 'scorecard.accessDenied')).toBe(true);
    expect(full.every((r) => r.ip !== null)).toBe(true);
  });

  it('names the first broken entry: an edited field, a deleted entry, entries cut from the end', async () => {
    const { db, destroy } = await createTestDb(dialect);
    try {
      for (let i = 0; i < 6; i++) {
        await auditRepo(db).append({
          at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
          actorUserId: null,
          action: 'system.demoSeeded',
          entityType: 'system',
          entityId: null,
          data: { i },
        });
      }
      const anchor = (await auditRepo(db).head())!;
      await dropGuards(db, dialect);
      // An edited score in event 3.
      const third = (await allEvents(db))[2]!;
      await db.updateTable('audit_event').set({ data: '{"i":99}' }).where('id', '=', third.id).execute();
      let v = await verifyAuditChain(db);
      expect(v.ok).toBe(false);
      expect(v.broken).toMatchObject({ problem: 'HASH_MISMATCH', event: { seq: 3, id: third.id } });
      expect(v.checked).toBe(2);
      await db.updateTable('audit_event').set({ data: third.data }).where('id', '=', third.id).execute();
      expect((await verifyAuditChain(db)).ok).toBe(true);

      // Event 4 deleted.
      const fourth = (await allEvents(db))[3]!;
      await db.deleteFrom('audit_event').where('id', '=', fourth.id).execute();
      v = await verifyAuditChain(db);
      expect(v.broken).toMatchObject({ problem: 'SEQ_GAP', event: { seq: 5 } });
      await db.insertInto('audit_event').values(fourth).execute();

      // The last event deleted: the head still counts it.
      const last = (await allEvents(db))[5]!;
      await db.deleteFrom('audit_event').where('id', '=', last.id).execute();
      v = await verifyAuditChain(db);
      expect(v.broken).toMatchObject({ problem: 'HEAD_MISMATCH', event: null });
      await db.insertInto('audit_event').values(last).execute();

      // The whole chain rebuilt by someone who can write the database: only an anchor kept
      // outside it shows this.
      const events = await allEvents(db);
      let prev = GENESIS_HASH;
      for (const e of events) {
        const data = e.seq === 2 ? '{"i":42}' : e.data;
        const hash = chainHash({ ...e, seq: Number(e.seq), prevHash: prev, data });
        await db
          .updateTable('audit_event')
          .set({ data, prevHash: prev, hash })
          .where('id', '=', e.id)
          .execute();
        prev = hash;
      }
      await db.updateTable('audit_chain_head').set({ hash: prev }).where('id', '=', 1).execute();
      expect((await verifyAuditChain(db)).ok).toBe(true);
      v = await verifyAuditChain(db, anchor);
      expect(v.broken).toMatchObject({ problem: 'ANCHOR_MISMATCH', event: { seq: 6 } });
    } finally {
      await destroy();
    }
  });
});

describe('audit chain migration', () => {
  it('chains the events written before it, oldest first, and the chain then grows from there', async () => {
    const { db } = createDb({ kind: 'sqlite', file: ':memory:' });
    try {
      await migrateTo(db, '2026-11-28T0000_create_reports');
      const at = ['2024-01-02T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-01-03T00:00:00.000Z'];
      for (const [i, when] of at.entries()) {
        await sql`insert into audit_event (id, at, "actorUserId", action, "entityType", "entityId", data, ip)
          values (${`old-${i}`}, ${when}, null, 'system.demoSeeded', 'system', null, ${`{"i":${i}}`}, null)`.execute(
          db,
        );
      }
      await migrateToLatest(db);
      const events = await allEvents(db);
      expect(events.map((e) => [e.id, Number(e.seq)])).toEqual([
        ['old-1', 1],
        ['old-0', 2],
        ['old-2', 3],
      ]);
      await auditRepo(db).append({
        at: new Date('2024-02-01T00:00:00Z'),
        actorUserId: null,
        action: 'system.demoSeeded',
        entityType: 'system',
        entityId: null,
      });
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 4, headSeq: 4 });
    } finally {
      await db.destroy();
    }
  });
});

describe('npm run cli -- verify-audit', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'verify-audit', ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints the head when intact, and exits 1 naming the first tampered entry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-audit-'));
    try {
      const file = path.join(dir, 'cchc.sqlite');
      const { db } = createDb({ kind: 'sqlite', file });
      await migrateToLatest(db);
      for (let i = 0; i < 3; i++) {
        await auditRepo(db).append({
          at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
          actorUserId: null,
          action: 'system.demoSeeded',
          entityType: 'system',
          entityId: null,
          data: { i },
        });
      }
      const head = (await auditRepo(db).head())!;
      await db.destroy();
      const env = { DATA_DIR: dir };
      const good = run([], env);
      expect(good.status, good.stderr).toBe(0);
      expect(good.stdout).toContain('nguyên vẹn: 3 bản ghi');
      expect(good.stdout).toContain(`${head.seq}:${head.hash}`);
      expect(run(['--anchor', `${head.seq}:${head.hash}`], env).status).toBe(0);
      expect(run(['--anchor', 'nonsense'], env).status).toBe(1);

      const again = createDb({ kind: 'sqlite', file }).db;
      await dropGuards(again, 'sqlite');
      await again.updateTable('audit_event').set({ ip: '10.0.0.66' }).where('seq', '=', 2).execute();
      await again.destroy();
      const bad = run([], env);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('bản ghi số 2');
      expect(bad.stderr).toContain('HASH_MISMATCH');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
