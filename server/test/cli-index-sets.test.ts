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
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: path.join(dir, 'data') },
      encoding: 'utf8',
      timeout: 60_000,
    });

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
});
