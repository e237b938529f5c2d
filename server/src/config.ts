import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of `process.env` (lint-enforced). Parsed once at boot into a frozen Config;
 * every variable is documented here and in `.env.example`.
 */
const boolFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind; 0.0.0.0 serves the LAN, 127.0.0.1 only this machine. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Folder for the SQLite file and evidence files; relative paths start at the repository root. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** postgres://user:pass@host:5432/db — when set, PostgreSQL is used instead of embedded SQLite. */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || isPostgresUrl(v), {
      message: 'phải có dạng postgres://người_dùng:mật_khẩu@máy_chủ:5432/tên_csdl',
    }),
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Session lifetime without activity, in minutes; each request slides it forward. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(120),
  /** Hard limit on a session's life, in hours, whatever the activity. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Failed sign-ins in a row before the account is locked. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** First lock duration in minutes; each further lock doubles it (capped at 24 hours). */
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Sign-in attempts per minute from one IP address, whatever the account (rate limit). */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  /** Set the Secure flag on cookies; turn on behind HTTPS. */
  COOKIE_SECURE: boolFromEnv.default(false),
  /** Seed the demo organisation and demo users when the database has no users at start. */
  SEED_DEMO: boolFromEnv.default(true),
  /** Serve the built web app from web/dist (off for API-only deployments). */
  SERVE_WEB: boolFromEnv.default(true),
});

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean };
  login: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
  seedDemo: boolean;
  serveWeb: boolean;
  repoRoot: string;
}

/** Thrown with one human-readable line per invalid variable. */
export class ConfigError extends Error {}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ — ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(repoRoot, e.DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'sqlite' as const, file: path.join(dataDir, 'cchc.sqlite') },
    logLevel: e.LOG_LEVEL,
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      maxHours: e.SESSION_MAX_HOURS,
      cookieSecure: e.COOKIE_SECURE,
    },
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
      ratePerMinute: e.LOGIN_RATE_PER_MINUTE,
    },
    seedDemo: e.SEED_DEMO,
    serveWeb: e.SERVE_WEB,
    repoRoot,
  });
}
