import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const serverDir = path.resolve(import.meta.dirname, '..');

/** Runs `tsx src/main.ts` with the given environment; returns exit code and output. */
function start(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-boot-'));
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: '0', SEED_DEMO: 'false', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
  return res;
}

describe('configuration and start-up', () => {
  it('parses defaults: SQLite under ./data, port 3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe('sqlite');
    expect(c.dataDir).toBe(path.resolve(serverDir, '..', 'data'));
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes PORT and DATA_DIR so two instances can run side by side', () => {
    const c = loadConfig({ PORT: '3001', DATA_DIR: '/tmp/cchc-b' });
    expect(c.port).toBe(3001);
    expect(c.database).toEqual({ kind: 'sqlite', file: '/tmp/cchc-b/cchc.sqlite' });
  });

  it('rejects a malformed DATABASE_URL and bad numbers with the variable names', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });

  it('exits with one clear line when DATABASE_URL is malformed', () => {
    const res = start({ DATABASE_URL: 'postgres//thieu-dau-hai-cham' });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^LỖI: Cấu hình không hợp lệ — DATABASE_URL/);
  });

  it('exits with one clear line when PostgreSQL is unreachable', () => {
    const res = start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/cchc' });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^LỖI: Không kết nối được cơ sở dữ liệu \(PostgreSQL 127\.0\.0\.1:1\/cchc\)/);
  });
});

describe('admin CLI', () => {
  function cli(dataDir: string, ...args: string[]) {
    return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  it('creates an administrator, seeds the demo once, and refuses bad input with one line', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-cli-'));
    try {
      const created = cli(dataDir, 'create-admin', '--username', 'qt.vien', '--password', 'matkhau-2024-qt');
      expect(created.status, created.stderr).toBe(0);
      expect(created.stdout).toContain('qt.vien');

      const dup = cli(dataDir, 'create-admin', '--username', 'qt.vien', '--password', 'matkhau-2024-qt');
      expect(dup.status).toBe(1);
      expect(dup.stderr.trim().split('\n')).toEqual([
        'LỖI: Không tạo được tài khoản: Tên đăng nhập "qt.vien" đã được dùng.',
      ]);

      const weak = cli(dataDir, 'create-admin', '--username', 'qt.hai', '--password', 'ngan');
      expect(weak.status).toBe(1);
      expect(weak.stderr).toContain('Mật khẩu phải có từ 10 đến');
      // The same policy as the API: a password containing the username is refused too.
      const own = cli(dataDir, 'create-admin', '--username', 'qt.hai', '--password', 'qt.hai-2024-x');
      expect(own.status).toBe(1);
      expect(own.stderr).toContain('chứa tên đăng nhập');

      const seeded = cli(dataDir, 'seed-demo');
      expect(seeded.status, seeded.stderr).toBe(0);
      expect(seeded.stdout).toMatch(/thêm 19 đơn vị, 8 tài khoản/);
      expect(seeded.stdout).toMatch(/daumoi\.vpc\s+\w{4}-\d{4}-\w{4}/);
      const again = cli(dataDir, 'seed-demo');
      expect(again.stdout).toMatch(/thêm 0 đơn vị, 0 tài khoản/);

      const unknown = cli(dataDir, 'xoa-het');
      expect(unknown.status).toBe(2);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
