import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverDir = path.resolve(import.meta.dirname, '..');
const demoFile = path.resolve(serverDir, '..', 'domain', 'data', 'demo-index-set.json');

describe('CLI: import-index-set, export-index-set, score', () => {
  let dir: string;
  /** Runs the CLI in server/, as `npm run cli` does; `initCwd` is where npm was run from. */
  const cliFrom = (initCwd: string | undefined, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: serverDir,
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: path.join(dir, 'data'),
        ...(initCwd === undefined ? {} : { INIT_CWD: initCwd }),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
  const cli = (...args: string[]) => cliFrom(undefined, ...args);
  const versionsOf = (code: string) => {
    const res = cliFrom(undefined, 'export-index-set', code, path.join(dir, 'probe.json'));
    return res.status === 0 ? res.stdout : res.stderr;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-cli-is-'));
    const admin = cli('create-admin', '--username', 'qt', '--password', 'matkhau-2024-qt');
    expect(admin.status, admin.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports JSON, exports JSON and XLSX, and re-imports the XLSX as the next version', () => {
    const imported = cli('import-index-set', demoFile);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`Đã nhập bộ chỉ số ${demo.code}, phiên bản 1`);
    const outJson = path.join(dir, 'out.json');
    expect(cli('export-index-set', demo.code, outJson).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(outJson, 'utf8'))).toEqual(demo);
    const outXlsx = path.join(dir, 'out.xlsx');
    expect(cli('export-index-set', `${demo.code}@1`, outXlsx).status).toBe(0);
    const again = cli('import-index-set', outXlsx);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('phiên bản 2');
  });

  it('exits non-zero with every error listed, and imports nothing', () => {
    const bad = structuredClone(demo) as unknown as {
      code: string;
      nodes: { children: { maxPoints?: number }[] }[];
    };
    bad.code = 'HONG';
    bad.nodes[0]!.children[1]!.maxPoints = 1.234;
    bad.nodes[2]!.children[0]!.maxPoints = -2;
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(bad));
    const res = cli('import-index-set', file);
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^LỖI: /);
    expect(lines.some((l) => l.includes('nodes[0].children[1].maxPoints'))).toBe(true);
    expect(lines.some((l) => l.includes('nodes[2].children[0].maxPoints'))).toBe(true);
    expect(cli('export-index-set', 'HONG', path.join(dir, 'x.json')).status).toBe(1);
  });

  it('scores an answers file without a database', () => {
    const answers = path.join(dir, 'answers.json');
    fs.writeFileSync(
      answers,
      JSON.stringify({ units: [{ code: 'VPC', group: 'THAM_MUU', answers: { '1.3': { value: true } } }] }),
    );
    const res = cli('score', demoFile, answers);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    const unit = out.units[0];
    expect(unit.code).toBe('VPC');
    expect(unit.points).toBe(2);
    expect(unit.leaves.find((l: { code: string }) => l.code === '1.3')).toMatchObject({ points: 2 });
    expect(unit.unanswered.length).toBeGreaterThan(10);
    expect(unit.rank).toBe(1);

    fs.writeFileSync(
      answers,
      JSON.stringify({ units: [{ code: 'VPC', group: 'THAM_MUU', answers: { '1.1.2': { percent: 130 } } }] }),
    );
    const bad = cli('score', demoFile, answers);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('1.1.2');
  });

  it('resolves relative paths against the directory npm was run from (INIT_CWD), not server/', () => {
    const here = fs.mkdtempSync(path.join(dir, 'from-'));
    const doc = { ...structuredClone(demo), code: 'TUONG-DOI' };
    fs.writeFileSync(path.join(here, 'bo-chi-so.json'), JSON.stringify(doc));
    const imported = cliFrom(here, 'import-index-set', 'bo-chi-so.json');
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Đã nhập bộ chỉ số TUONG-DOI, phiên bản 1');

    const exported = cliFrom(here, 'export-index-set', 'TUONG-DOI', path.join('ra', '..', 'ra.json'));
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`→ ${path.join(here, 'ra.json')}`);
    expect(JSON.parse(fs.readFileSync(path.join(here, 'ra.json'), 'utf8'))).toEqual(doc);
    expect(fs.existsSync(path.join(serverDir, 'ra.json'))).toBe(false);

    // A file that exists only relative to server/ is not found: the path starts at INIT_CWD.
    const missing = cliFrom(here, 'import-index-set', 'package.json');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      `LỖI: Không đọc được ${path.join(here, 'package.json')}: không có tệp này.\n`,
    );
  });

  it('refuses a malformed MÃ@phiên_bản clearly, before touching the database or the output file', () => {
    const out = path.join(dir, 'never.json');
    for (const ref of ['TTCP@abc', 'TTCP@0', 'TTCP@1@2']) {
      const res = cli('export-index-set', ref, out);
      expect(res.status, ref).toBe(1);
      expect(res.stderr).toBe(
        `LỖI: "${ref}" không phải MÃ hoặc MÃ@phiên_bản (phiên bản là số nguyên từ 1, ví dụ TTCP-CCHC-2024@2).\n`,
      );
    }
    expect(fs.existsSync(out)).toBe(false);
    expect(versionsOf(`${demo.code}@v1`)).toContain(`Đã xuất ${demo.code}-v1.json`);
  });

  it('explains broken JSON in Vietnamese with line and column, and imports nothing', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{\n  "formatVersion": 1\n  "code": "X"\n}');
    const res = cli('import-index-set', file);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      '$: Tệp JSON không đọc được: cần dấu phẩy (,) giữa hai trường hoặc dấu "}" đóng đối tượng (dòng 3, cột 3).',
    );
    expect(versionsOf('X')).toContain('Không có bộ chỉ số "X"');
  });
});
