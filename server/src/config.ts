import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_EVIDENCE_MAX_BYTES } from '@cchc/domain/campaign/defaults';
import { z } from 'zod';

/**
 * The only reader of `process.env` (lint-enforced). Parsed once at boot into a frozen Config;
 * every variable is documented here and in `.env.example`.
 */
const boolFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const emptyAsUndefined = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

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
  /**
   * Uploads (evidence, guidance, explanation and appeal files, index-set and scorecard workbook
   * imports) per minute by one signed-in user, all upload routes together. Keyed by user, not by
   * IP: a whole agency behind one NAT or proxy shares an address.
   */
  UPLOAD_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(60),
  /** Set the Secure flag on cookies and send HSTS; turn on behind HTTPS. */
  COOKIE_SECURE: boolFromEnv.default(false),
  /**
   * Behind a reverse proxy (nginx, a load balancer): which peers may set X-Forwarded-For and
   * X-Forwarded-Proto. Off by default — the client IP is the socket's, so nobody can forge it.
   * A comma-separated list of proxy addresses or CIDRs (127.0.0.1, 10.0.0.0/8; also loopback,
   * linklocal, uniquelocal). No hop count: Fastify 5 refuses it (it cannot check the peer), and no
   * "trust everyone". See docs/deployment.md.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => parseTrustProxy(v ?? '', ctx)),
  /** A name for this process (app1, app2) sent as the X-Instance response header; unset = no header. */
  INSTANCE_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{0,64}$/, {
      error: 'chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới (tối đa 64)',
    })
    .optional()
    .transform((v) => (v ? v : null)),
  /** Seed the demo organisation and demo users when the database has no users at start. */
  SEED_DEMO: boolFromEnv.default(true),
  /** Serve the built web app from web/dist (off for API-only deployments). */
  SERVE_WEB: boolFromEnv.default(true),
  /** Run export jobs (reports, workbooks) in this process; false leaves them to other processes. */
  EXPORT_WORKER: boolFromEnv.default(true),
  /** Days a generated export file is kept before it is deleted. */
  EXPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** Largest evidence or guidance file in bytes (default 50 MB); larger uploads stop early with FILE_TOO_LARGE. */
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(64 * 1024 * 1024 * 1024)
    .default(DEFAULT_EVIDENCE_MAX_BYTES),
  /** The agency named at the top of generated documents (Decree 30/2020/NĐ-CP layout). */
  AGENCY_NAME: z.string().trim().min(1).max(200).default('THANH TRA CHÍNH PHỦ'),
  /** The place in "Hà Nội, ngày … tháng … năm …" of generated documents. */
  DOCUMENT_PLACE: z.string().trim().min(1).max(100).default('Hà Nội'),
  /** Public address of the product, for links in e-mails (reminders). No trailing slash needed. */
  APP_BASE_URL: z
    .string()
    .url({ error: 'phải là địa chỉ đầy đủ, ví dụ https://cchc.thanhtra.gov.vn' })
    .default('http://localhost:3000'),
  /** SMTP server for e-mail reminders; unset = e-mail off (in-app notifications still work). */
  SMTP_HOST: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  /** 587 (STARTTLS) by default; 465 with SMTP_SECURE=true; 25 inside a closed network. */
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (port 465). When false, STARTTLS is used if the server offers it. */
  SMTP_SECURE: boolFromEnv.default(false),
  /** SMTP account; leave unset for a relay that needs no authentication. */
  SMTP_USER: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  SMTP_PASSWORD: z.string().optional(),
  /** Sender of reminders, e.g. "Chỉ số CCHC" <cchc@thanhtra.gov.vn>. */
  MAIL_FROM: z.string().min(3).default('"Chỉ số CCHC" <no-reply@localhost>'),
  /**
   * Where evidence files live: `local` = DATA_DIR/blobs (one machine, or a shared folder mounted
   * as DATA_DIR), `s3` = an S3-compatible bucket shared by every app process (S3_* below).
   */
  STORAGE_DRIVER: z.enum(['local', 's3'], { error: 'phải là local hoặc s3' }).default('local'),
  /** MinIO, Ceph RGW… e.g. http://127.0.0.1:9000; unset = AWS S3 of S3_REGION. */
  S3_ENDPOINT: emptyAsUndefined.refine((v) => v === undefined || isHttpUrl(v), {
    message: 'phải là địa chỉ http(s)://máy_chủ[:cổng], ví dụ http://127.0.0.1:9000',
  }),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  /** Required when STORAGE_DRIVER=s3. */
  S3_BUCKET: emptyAsUndefined.refine((v) => v === undefined || /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(v), {
    message: 'tên bucket không hợp lệ (chữ, số, dấu chấm, gạch ngang)',
  }),
  /** Both or neither; neither = the AWS SDK's own chain (AWS_* variables, ~/.aws, instance role). */
  S3_ACCESS_KEY_ID: emptyAsUndefined,
  S3_SECRET_ACCESS_KEY: emptyAsUndefined,
  /** Path-style URLs (http://host/bucket/key); default true when S3_ENDPOINT is set, else false. */
  S3_FORCE_PATH_STYLE: boolFromEnv.optional(),
  /** Prefix of every object key, e.g. cchc/ to share a bucket with other data. */
  S3_PREFIX: z
    .string()
    .default('')
    .refine((v) => /^(?!\/)(?!.*\.\.)[A-Za-z0-9!_.*'()/-]*$/.test(v), {
      message: "chỉ gồm chữ, số và ! _ . * ' ( ) / -, không bắt đầu bằng / và không chứa ..",
    }),
});

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY → Fastify's trustProxy: false, or the proxies' addresses/CIDRs (never "trust all"). */
function parseTrustProxy(raw: string, ctx: z.RefinementCtx): false | string[] {
  const value = raw.trim();
  if (value === '' || value === 'false') {
    return false;
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!(PROXY_NAMES.has(entry) || (family !== 0 && validBits && extra === undefined))) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" không phải địa chỉ IP, dải CIDR (10.0.0.0/8) hay loopback/linklocal/uniquelocal của proxy`,
      });
      return z.NEVER;
    }
  }
  return entries;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** STORAGE_DRIVER and S3_* (modules/evidence/storage-s3.ts). */
export type StorageConfig =
  | { driver: 'local' }
  | {
      driver: 's3';
      bucket: string;
      region: string;
      endpoint: string | null;
      forcePathStyle: boolean;
      /** Normalised to end with `/` ('' = the bucket's root). */
      prefix: string;
      accessKeyId: string | null;
      /** Redacted from logs (platform/logger.ts); never printed. */
      secretAccessKey: string | null;
    };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean };
  /** TRUST_PROXY, as Fastify's trustProxy option (app.ts): false, or the proxies' addresses. */
  trustProxy: false | string[];
  /** INSTANCE_ID: the X-Instance response header, or null for none. */
  instanceId: string | null;
  login: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
  /** UPLOAD_RATE_PER_MINUTE (http/upload-rate-limit.ts). */
  uploads: { ratePerMinute: number };
  seedDemo: boolean;
  serveWeb: boolean;
  /** EXPORT_WORKER, EXPORT_RETENTION_DAYS (modules/reports). */
  exports: { worker: boolean; retentionDays: number };
  /** EVIDENCE_MAX_BYTES: upload limit of the evidence store (modules/evidence). */
  evidenceMaxBytes: number;
  repoRoot: string;
  appBaseUrl: string;
  /** Settings of generated documents (AGENCY_NAME, DOCUMENT_PLACE). */
  documents: { agencyName: string; place: string };
  /** null when SMTP_HOST is unset: e-mail is off (platform/mailer.ts). */
  smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null } | null;
  mailFrom: string;
  /** Where evidence files live (STORAGE_DRIVER, S3_*). */
  storage: StorageConfig;
}

/** Thrown with one human-readable line per invalid variable. */
export class ConfigError extends Error {}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * The directory the user ran the command from. `npm run cli` runs `npm -w server`, which moves
 * into server/ before starting the CLI; npm keeps the original directory in INIT_CWD. Relative
 * paths given on the command line start there, as the user expects.
 */
export function invocationDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.INIT_CWD || process.cwd());
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ — ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const storageIssues = [
    ...(e.STORAGE_DRIVER === 's3' && !e.S3_BUCKET
      ? ['S3_BUCKET: bắt buộc khi STORAGE_DRIVER=s3 (tên bucket chứa tệp minh chứng)']
      : []),
    ...((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined)
      ? ['S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: phải đặt cả hai hoặc bỏ cả hai']
      : []),
  ];
  if (storageIssues.length > 0) {
    throw new ConfigError(`Cấu hình không hợp lệ — ${storageIssues.join('; ')}`);
  }
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
    trustProxy: e.TRUST_PROXY,
    instanceId: e.INSTANCE_ID,
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
      ratePerMinute: e.LOGIN_RATE_PER_MINUTE,
    },
    uploads: { ratePerMinute: e.UPLOAD_RATE_PER_MINUTE },
    seedDemo: e.SEED_DEMO,
    serveWeb: e.SERVE_WEB,
    exports: { worker: e.EXPORT_WORKER, retentionDays: e.EXPORT_RETENTION_DAYS },
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    repoRoot,
    appBaseUrl: e.APP_BASE_URL.replace(/\/+$/, ''),
    documents: { agencyName: e.AGENCY_NAME.normalize('NFC'), place: e.DOCUMENT_PLACE.normalize('NFC') },
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          secure: e.SMTP_SECURE,
          user: e.SMTP_USER ?? null,
          password: e.SMTP_PASSWORD ?? null,
        }
      : null,
    mailFrom: e.MAIL_FROM,
    storage:
      e.STORAGE_DRIVER === 's3'
        ? {
            driver: 's3' as const,
            bucket: e.S3_BUCKET!,
            region: e.S3_REGION,
            endpoint: e.S3_ENDPOINT ?? null,
            forcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.S3_ENDPOINT !== undefined,
            prefix: e.S3_PREFIX === '' || e.S3_PREFIX.endsWith('/') ? e.S3_PREFIX : `${e.S3_PREFIX}/`,
            accessKeyId: e.S3_ACCESS_KEY_ID ?? null,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? null,
          }
        : { driver: 'local' as const },
  });
}
