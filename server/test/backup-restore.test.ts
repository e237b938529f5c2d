import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createDb, type Database, type Dialect } from '../src/db/database';
import { migrateTo, migrateToLatest } from '../src/db/migrate';
import { createBackup } from '../src/modules/backup/backup';
import { backupRepo } from '../src/modules/backup/backup.repo';
import { BackupError, type Manifest, readAndVerify } from '../src/modules/backup/manifest';
import { restoreBackup } from '../src/modules/backup/restore';
import { PDF, PNG } from '../src/modules/evidence/evidence-fixtures';
import { answerCriteria, campaignFixture } from '../src/testing/campaign-fixture';
import { runCli } from '../src/testing/cli-process';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

const cli = runCli;

/** A multipart body with text fields first and the file part last, as the upload routes expect. */
function form(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = `----cchcBackup${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return {
    payload: Buffer.concat([
      Buffer.from(
        `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file under `dir`, relative, sorted (empty folders do not count). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Every row of every table, each row as JSON, sorted: two databases are equal when these are. */
async function everyRow(db: Database, dialect: Dialect): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await backupRepo(db, dialect).tables()) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Tables, columns, indexes, constraints, triggers and functions, as the catalogue describes them. */
async function schemaOf(db: Database, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name
    `.execute(db);
    return rows.map((r) => `${r.type} ${r.name}: ${r.sql}`);
  }
  const { rows } = await sql<{ d: string }>`
    select format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) as d
      from information_schema.columns where table_schema = current_schema()
    union all
    select format('index %s', indexdef) from pg_indexes where schemaname = current_schema()
    union all
    select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      from pg_constraint where connamespace = current_schema()::regnamespace
    union all
    select format('trigger %s', pg_get_triggerdef(oid)) from pg_trigger where not tgisinternal
    union all
    select format('function %s %s', p.oid::regprocedure, p.prosrc)
      from pg_proc p where p.pronamespace = current_schema()::regnamespace
    order by 1
  `.execute(db);
  return rows.map((r) => r.d);
}

async function rowsOf(db: Database, table: string, order: string) {
  const { rows } = await sql<
    Record<string, unknown>
  >`select * from ${sql.table(table)} order by ${sql.ref(order)}`.execute(db);
  return rows;
}

/**
 * True when `db` holds what a freshly migrated database holds and nothing more (the rows the
 * migrations write themselves, such as the audit chain's head, do not make an instance non-empty).
 */
async function holdsNothing(db: Database, dialect: Dialect): Promise<boolean> {
  const fresh = createDb({ kind: 'sqlite', file: ':memory:' }).db;
  try {
    await migrateToLatest(fresh);
    const reference = await backupRepo(fresh, 'sqlite').rowCounts();
    const counts = await backupRepo(db, dialect).rowCounts();
    return Object.entries(counts).every(([table, n]) => n === 0 || n === reference[table]);
  } finally {
    await fresh.destroy();
  }
}

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return (error as BackupError).message;
}

describe.each(testDialects())('backup and restore on %s', (dialect) => {
  let root: string;
  let t: TestApp;
  /** The source instance: DATA_DIR (+ the PostgreSQL database of the test app). */
  let srcData: string;
  let srcEnv: Record<string, string>;
  let backupDir: string;
  let manifest: Manifest;
  /** An empty instance that every refusal is aimed at, and that stays empty. */
  let refusalTarget: Awaited<ReturnType<typeof emptyInstance>>;
  const pgUrlOf = async (db: Database) => {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
    const url = new URL(inject('pgUrl')!);
    url.pathname = `/${rows[0]!.name}`;
    return url.toString();
  };
  const configOf = (env: Record<string, string>) => loadConfig({ ...env });
  /** Targets made by this suite, dropped at the end. */
  const targets: TestDb[] = [];
  /** A new, empty instance: a data folder (absent for SQLite) and, on PostgreSQL, a new migrated database. */
  async function emptyInstance(
    name: string,
  ): Promise<{ dataDir: string; env: Record<string, string>; db: Database | null }> {
    const dataDir = path.join(root, name);
    if (dialect === 'sqlite') {
      return { dataDir, env: { DATA_DIR: dataDir }, db: null };
    }
    const target = await createTestDb('postgres');
    targets.push(target);
    return {
      dataDir,
      env: { DATA_DIR: dataDir, DATABASE_URL: target.url! },
      db: target.db as Database | null,
    };
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), `cchc-backup-${dialect}-`));
    srcData = path.join(root, 'src');
    t = await createTestApp(dialect, { DATA_DIR: srcData });
    const f = await campaignFixture(t);
    // Scores: the first criteria answered (points computed and stored on each answer).
    await answerCriteria(t, f.focalA, f.scorecardA, 6);
    const upload = async (session: Session, url: string, fields: Record<string, string>, file: object) => {
      const { payload, headers } = form(fields, file as { name: string; data: Buffer });
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf },
        payload,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    // Evidence on a criterion, and a guidance file on the campaign: two blobs.
    await upload(
      f.focalA,
      `/api/scorecards/${f.scorecardA}/evidence`,
      { leafCode: '1.1.1', title: 'Kế hoạch CCHC năm 2024' },
      { name: 'ke-hoach.pdf', data: PDF },
    );
    await upload(
      f.office,
      `/api/campaigns/${f.campaignId}/files`,
      { title: 'Hướng dẫn chấm điểm' },
      { name: 'huong-dan.png', data: PNG },
    );
    // A finished export: its file under DATA_DIR/exports is part of the state too.
    const exp = await t.as(f.focalA).post(`/api/scorecards/${f.scorecardA}/exports`, { format: 'docx' });
    expect(exp.statusCode, exp.body).toBe(202);
    expect(await t.app.exportWorker.runDue()).toBe(1);

    if (dialect === 'sqlite') {
      // The test app's database lives in memory; the instance the CLI sees is this file copy.
      fs.mkdirSync(srcData, { recursive: true });
      await sql`vacuum into ${path.join(srcData, 'cchc.sqlite')}`.execute(t.db);
      srcEnv = { DATA_DIR: srcData };
    } else {
      srcEnv = { DATA_DIR: srcData, DATABASE_URL: await pgUrlOf(t.db) };
    }
    backupDir = path.join(root, 'sao-luu', 'ban-1');
  });
  afterAll(async () => {
    await t?.close();
    for (const target of targets) {
      await target.destroy();
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('backs up with the CLI, restores every row and file into an empty instance, refuses a tampered copy', async () => {
    const backup = await cli(srcEnv, 'backup', backupDir);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Đã sao lưu vào ${backupDir}`);
    expect(backup.stderr).toBe('');

    manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ format: 'cchc-backup', formatVersion: 1, dialect, appVersion: '0.1.0' });
    expect(manifest.migration).toBe(await backupRepo(t.db, dialect).latestMigration());
    expect(Date.parse(manifest.createdAt)).not.toBeNaN();
    expect(manifest.tables).toEqual(await backupRepo(t.db, dialect).rowCounts());
    // Every file of the folder is listed with its size and SHA-256, and nothing else is there.
    expect(filesUnder(backupDir)).toEqual(['manifest.json', ...manifest.files.map((f) => f.path)].sort());
    for (const f of manifest.files) {
      const file = path.join(backupDir, f.path);
      expect({ size: fs.statSync(file).size, sha256: sha256(file) }, f.path).toEqual({
        size: f.size,
        sha256: f.sha256,
      });
    }
    const blobs = await t.db.selectFrom('blob').select(['sha256', 'storageKey']).execute();
    expect(blobs).toHaveLength(2);
    const exportKeys = filesUnder(path.join(srcData, 'exports'));
    expect(exportKeys).toHaveLength(1);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      [
        dialect === 'sqlite' ? 'database.sqlite' : 'database.sql',
        ...blobs.map((b) => `blobs/${b.storageKey}`),
        ...exportKeys.map((k) => `exports/${k}`),
      ].sort(),
    );
    // No partial folder is left next to the backup.
    expect(fs.readdirSync(path.dirname(backupDir))).toEqual(['ban-1']);

    // The target: an instance migrated by its first start and never used (the "empty" that
    // is most often met), SQLite in WAL mode like a live one.
    const target = await emptyInstance('dst');
    if (dialect === 'sqlite') {
      const fresh = createDb({ kind: 'sqlite', file: path.join(target.dataDir, 'cchc.sqlite') });
      await migrateToLatest(fresh.db);
      await fresh.db.destroy();
    }
    // Meanwhile, a copy with one byte of an evidence file changed is refused: the file named,
    // one line, exit 1, nothing written to its (empty) target.
    const tampered = path.join(root, 'tampered');
    fs.cpSync(backupDir, tampered, { recursive: true });
    const blob = manifest.files.find((f) => f.path.startsWith('blobs/'))!;
    const bytes = fs.readFileSync(path.join(tampered, blob.path));
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0xff;
    fs.writeFileSync(path.join(tampered, blob.path), bytes);
    refusalTarget = await emptyInstance('refusal-target');

    const [restore, refused] = await Promise.all([
      cli(target.env, 'restore', backupDir),
      cli(refusalTarget.env, 'restore', tampered),
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `LỖI: Tệp ${blob.path} không khớp SHA-256 ghi trong manifest.json (đã bị sửa hoặc hỏng); không khôi phục gì.\n`,
    );
    expect(fs.existsSync(refusalTarget.dataDir)).toBe(false);
    if (refusalTarget.db) {
      expect(await holdsNothing(refusalTarget.db, dialect)).toBe(true);
    }

    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Đã khôi phục ${backupDir}`);
    expect(restore.stderr).toBe('');

    const restored =
      target.db ?? createDb({ kind: 'sqlite', file: path.join(target.dataDir, 'cchc.sqlite') }).db;
    try {
      // The same schema (columns, indexes, constraints, the audit log's triggers and functions)…
      const schema = await schemaOf(restored, dialect);
      expect(schema).toEqual(await schemaOf(t.db, dialect));
      expect(
        schema.some((d) => d.startsWith('trigger')),
        'triggers',
      ).toBe(true);
      // …row counts of every table, then every row of every table (all columns).
      expect(await backupRepo(restored, dialect).rowCounts()).toEqual(manifest.tables);
      expect(await everyRow(restored, dialect)).toEqual(await everyRow(t.db, dialect));
      // Named once more, since they are what the backup is for: scores, evidence, the audit trail.
      for (const [table, order] of [
        ['scorecard_answer', 'id'],
        ['evidence', 'id'],
        ['audit_event', 'id'],
      ] as const) {
        const before = await rowsOf(t.db, table, order);
        expect(before.length, table).toBeGreaterThan(0);
        expect(await rowsOf(restored, table, order), table).toEqual(before);
      }
      // Each evidence row's file is in the new DATA_DIR, byte for byte.
      const evidence = await restored
        .selectFrom('evidence')
        .innerJoin('blob', 'blob.sha256', 'evidence.blobSha256')
        .select(['evidence.id', 'blob.sha256', 'blob.storageKey'])
        .execute();
      expect(evidence.length).toBeGreaterThan(0);
      for (const e of evidence) {
        const file = path.join(target.dataDir, 'blobs', e.storageKey);
        expect(sha256(file), e.id).toBe(e.sha256);
        expect(sha256(file)).toBe(sha256(path.join(srcData, 'blobs', e.storageKey)));
      }
      expect(filesUnder(path.join(target.dataDir, 'blobs'))).toEqual(filesUnder(path.join(srcData, 'blobs')));
      expect(filesUnder(path.join(target.dataDir, 'exports'))).toEqual(exportKeys);
      expect(sha256(path.join(target.dataDir, 'exports', exportKeys[0]!))).toBe(
        sha256(path.join(srcData, 'exports', exportKeys[0]!)),
      );
      // Nothing of the restore's own is left behind (staging folder, marker); -wal and -shm
      // belong to this test's own open connection.
      expect(
        fs
          .readdirSync(target.dataDir)
          .filter((n) => !/-(wal|shm)$/.test(n))
          .sort(),
      ).toEqual(dialect === 'sqlite' ? ['blobs', 'cchc.sqlite', 'exports'] : ['blobs', 'exports']);
      // A restored instance is no longer empty: a second restore is refused.
      const again = await refusal(restoreBackup(configOf(target.env), backupDir));
      expect(again).toMatch(/^Hệ thống đích không trống \(bảng \w+ có \d+ bản ghi\)/);
    } finally {
      if (!target.db) {
        await restored.destroy();
      }
    }
  });

  it('restores a backup made before the latest migration, and migrates it forward', async () => {
    const scratch = createDb({ kind: 'sqlite', file: ':memory:' }).db;
    const known = await migrateToLatest(scratch);
    await scratch.destroy();
    const previous = known.at(-2)!;
    // An instance still at the migration before the last one (an older version's database).
    const old = await emptyInstance('old');
    const oldDb = old.db ?? createDb({ kind: 'sqlite', file: path.join(old.dataDir, 'cchc.sqlite') }).db;
    await migrateTo(oldDb, previous);
    if (!old.db) {
      await oldDb.destroy();
    }
    const oldBackup = path.join(root, 'sao-luu', 'cu');
    const made = await createBackup(configOf(old.env), oldBackup);
    expect(made.manifest.migration).toBe(previous);

    const target = await emptyInstance('from-old');
    const restored = await restoreBackup(configOf(target.env), oldBackup);
    expect(restored.migration).toBe(known.at(-1));
    const db = target.db ?? createDb({ kind: 'sqlite', file: path.join(target.dataDir, 'cchc.sqlite') }).db;
    try {
      expect(await backupRepo(db, dialect).latestMigration()).toBe(known.at(-1));
    } finally {
      if (!target.db) {
        await db.destroy();
      }
    }
  });

  it('refuses bad inputs, each with its message, writing nothing', async () => {
    const target = refusalTarget;
    const targetConfig = configOf(target.env);
    const copyOfBackup = (name: string) => {
      const dir = path.join(root, name);
      fs.cpSync(backupDir, dir, { recursive: true });
      return dir;
    };

    // Backup into a folder that already holds something: refused, the folder untouched.
    const busy = path.join(root, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'ghi-chu.txt'), 'đừng xoá');
    expect(await refusal(createBackup(configOf(srcEnv), busy))).toBe(
      `Thư mục ${busy} đã có dữ liệu; hãy sao lưu vào một thư mục mới hoặc thư mục trống.`,
    );
    expect(filesUnder(busy)).toEqual(['ghi-chu.txt']);
    expect(fs.readdirSync(root).filter((n) => n.includes('partial'))).toEqual([]);

    // Restore into a non-empty instance (the source itself): refused, the source unchanged.
    const before = await backupRepo(t.db, dialect).rowCounts();
    const blobsBefore = filesUnder(path.join(srcData, 'blobs'));
    expect(await refusal(restoreBackup(configOf(srcEnv), backupDir))).toMatch(
      /^Hệ thống đích không trống \(bảng \w+ có \d+ bản ghi\); chỉ khôi phục vào một hệ thống mới/,
    );
    expect(await backupRepo(t.db, dialect).rowCounts()).toEqual(before);
    expect(filesUnder(path.join(srcData, 'blobs'))).toEqual(blobsBefore);

    // A non-empty DATA_DIR beside an empty database is refused as well.
    fs.mkdirSync(path.join(target.dataDir, 'blobs', 'ab', 'cd'), { recursive: true });
    fs.writeFileSync(path.join(target.dataDir, 'blobs', 'ab', 'cd', 'le'), 'x');
    expect(await refusal(restoreBackup(targetConfig, backupDir))).toBe(
      `Hệ thống đích không trống (${path.join(target.dataDir, 'blobs')} có tệp); chỉ khôi phục vào một hệ thống mới (DATA_DIR mới hoặc CSDL trống).`,
    );
    fs.rmSync(target.dataDir, { recursive: true });

    // Missing manifest, a missing file, an extra file.
    const noManifest = copyOfBackup('no-manifest');
    fs.rmSync(path.join(noManifest, 'manifest.json'));
    expect(await refusal(restoreBackup(targetConfig, noManifest))).toBe(
      `Thiếu manifest.json trong ${noManifest}: không phải bản sao lưu hoặc bản sao lưu chưa hoàn tất; không khôi phục gì.`,
    );
    const missing = copyOfBackup('missing-file');
    const exported = manifest.files.find((f) => f.path.startsWith('exports/'))!.path;
    fs.rmSync(path.join(missing, exported));
    expect(await refusal(readAndVerify(missing))).toBe(
      `Thiếu tệp ${exported} ghi trong manifest.json; không khôi phục gì.`,
    );
    const extra = copyOfBackup('extra-file');
    fs.writeFileSync(path.join(extra, 'blobs', 'la.txt'), 'lạ');
    expect(await refusal(restoreBackup(targetConfig, extra))).toBe(
      'Tệp blobs/la.txt không có trong manifest.json (bản sao lưu đã bị thêm tệp); không khôi phục gì.',
    );

    // A manifest whose row counts do not describe its database (edited by hand): the check runs
    // before the database step on SQLite, inside psql's transaction on PostgreSQL — either way
    // the files already moved in are taken out again.
    const miscounted = copyOfBackup('miscounted');
    fs.writeFileSync(
      path.join(miscounted, 'manifest.json'),
      JSON.stringify({
        ...manifest,
        tables: { ...manifest.tables, app_user: manifest.tables.app_user! + 1 },
      }),
    );
    expect(await refusal(restoreBackup(targetConfig, miscounted))).toMatch(
      /^CSDL trong bản sao lưu không khớp manifest\.json \(.*app_user.*\); không khôi phục gì\.$/,
    );
    expect(filesUnder(target.dataDir)).toEqual([]);
    fs.rmSync(target.dataDir, { recursive: true });

    // A backup of a migration this code does not know yet, and one of the other dialect.
    const newer = copyOfBackup('newer');
    const edited = { ...manifest, migration: '2999-01-01T0000_from_the_future' };
    fs.writeFileSync(path.join(newer, 'manifest.json'), JSON.stringify(edited));
    expect(await refusal(restoreBackup(targetConfig, newer))).toMatch(
      /^Bản sao lưu ở migration 2999-01-01T0000_from_the_future, mới hơn phần mềm này \(mới nhất: [^)]+\); hãy cập nhật phần mềm/,
    );
    const otherDialect: Record<string, string> =
      dialect === 'sqlite'
        ? { DATA_DIR: target.dataDir, DATABASE_URL: inject('pgUrl') ?? 'postgres://x@127.0.0.1/x' }
        : { DATA_DIR: target.dataDir };
    expect(await refusal(restoreBackup(configOf(otherDialect), backupDir))).toBe(
      dialect === 'sqlite'
        ? 'Bản sao lưu là của SQLite nhưng hệ thống đích dùng PostgreSQL; hãy khôi phục vào cùng loại CSDL (bỏ DATABASE_URL).'
        : 'Bản sao lưu là của PostgreSQL nhưng hệ thống đích dùng SQLite; hãy khôi phục vào cùng loại CSDL (đặt DATABASE_URL).',
    );

    // After all of it, the target is as empty as it was.
    expect(fs.existsSync(target.dataDir)).toBe(false);
    if (target.db) {
      expect(await holdsNothing(target.db, dialect)).toBe(true);
    }

    // A restore cut short (power cut after it moved files in, before the database step) leaves
    // its marker and those files beside a database still empty: the next restore removes them
    // and completes (here into a SQLite instance without a database file yet).
    fs.mkdirSync(path.join(target.dataDir, 'blobs', 'ab', 'cd'), { recursive: true });
    fs.writeFileSync(path.join(target.dataDir, 'blobs', 'ab', 'cd', 'le'), 'x');
    fs.writeFileSync(path.join(target.dataDir, '.restore-incomplete'), 'x');
    const resumed = await restoreBackup(targetConfig, backupDir);
    expect(resumed.rows).toBe(Object.values(manifest.tables).reduce((a, b) => a + b, 0));
    expect(resumed.warnings).toEqual([]);
    expect(filesUnder(target.dataDir).filter((f) => !f.startsWith('cchc.sqlite'))).toEqual(
      manifest.files
        .map((f) => f.path)
        .filter((f) => !f.startsWith('database.'))
        .sort(),
    );
  });
});
