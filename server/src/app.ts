import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { Database, Dialect } from './db/database';
import { registerAuthentication } from './http/authenticate';
import { errorBody, registerErrorHandling } from './http/error-handler';
import { registerUploadRateLimit } from './http/upload-rate-limit';
import { appraisalRoutes } from './modules/appraisal/appraisal.routes';
import { createAppraisalService } from './modules/appraisal/appraisal.service';
import { createMinutesService } from './modules/appraisal/minutes';
import { auditRoutes } from './modules/audit/audit.routes';
import { createAuditService } from './modules/audit/audit.service';
import { authRoutes } from './modules/auth/auth.routes';
import { createAuthService } from './modules/auth/auth.service';
import { createSessionService } from './modules/auth/session.service';
import { campaignsRoutes } from './modules/campaigns/campaigns.routes';
import {
  type CampaignTransitionHook,
  combineTransitionHooks,
  createCampaignsService,
} from './modules/campaigns/campaigns.service';
import { createBlobStore } from './modules/evidence/blob-store';
import { evidenceRoutes } from './modules/evidence/evidence.routes';
import { createEvidenceService } from './modules/evidence/evidence.service';
import { storageFromConfig } from './modules/evidence/storage-s3';
import { healthRoutes } from './modules/health/health.routes';
import { indexSetsRoutes } from './modules/index-sets/index-sets.routes';
import { createIndexSetsService } from './modules/index-sets/index-sets.service';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { createNotificationsService } from './modules/notifications/notifications.service';
import { remindersRoutes } from './modules/reminders/reminders.routes';
import { createRemindersService } from './modules/reminders/reminders.service';
import { loadDocumentSettings } from './modules/reports/document-settings';
import { reportsRoutes } from './modules/reports/reports.routes';
import { createReportsService, type ReportsService } from './modules/reports/reports.service';
import { resultsRoutes } from './modules/results/results.routes';
import { createResultsService } from './modules/results/results.service';
import { createScorecardAccess } from './modules/scorecards/scorecard-access';
import { scorecardsRoutes } from './modules/scorecards/scorecards.routes';
import { createScorecardsService } from './modules/scorecards/scorecards.service';
import { unitsRoutes } from './modules/units/units.routes';
import { createUnitsService } from './modules/units/units.service';
import { usersRoutes } from './modules/users/users.routes';
import { createUsersService } from './modules/users/users.service';
import { type Clock, systemClock } from './platform/clock';
import { loggerOptions } from './platform/logger';
import { runInRequestScope } from './platform/request-scope';

export const VERSION = '0.1.0';

declare module 'fastify' {
  interface FastifyInstance {
    /** The export worker of this process (modules/reports); tests call runDue. */
    exportWorker: ReportsService['worker'];
  }
}

export interface AppDeps {
  config: Config;
  db: Database;
  dialect: Dialect;
  clock?: Clock;
  /** Tests pass false to keep output quiet. */
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them: no secrets in logs). */
  logStream?: NodeJS.WritableStream;
}

/** Builds the whole product without listening: main.ts listens, tests call `app.inject`. */
export async function buildApp({
  config,
  db,
  dialect,
  clock = systemClock,
  logger = true,
  logStream,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? loggerOptions(config.logLevel, logStream) : false,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    // TRUST_PROXY: X-Forwarded-For/-Proto count only from the listed proxies (docs/deployment.md).
    trustProxy: config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // First hook: the audit log reads the request id, client IP and actor from this scope.
  app.addHook('onRequest', (request, _reply, done) => {
    runInRequestScope(
      { requestId: request.id, ip: request.ip, actor: () => request.auth?.actor ?? null },
      done,
    );
  });
  // INSTANCE_ID: which of several app processes answered (set on every reply, errors included).
  const instanceId = config.instanceId;
  if (instanceId) {
    app.addHook('onRequest', (_request, reply, done) => {
      reply.header('x-instance', instanceId);
      done();
    });
  }

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design writes its styles at run time (CSS-in-JS).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Only our own files: helmet's default also allows fonts from any https: origin.
        fontSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Same answer as frame-ancestors 'none' for browsers that only know X-Frame-Options.
    frameguard: { action: 'deny' },
    // HSTS only when served over HTTPS (COOKIE_SECURE): over plain HTTP on the LAN it is meaningless.
    strictTransportSecurity: config.session.cookieSecure
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
  });
  await app.register(cookie);
  // Upload limits are set per route (each kind of file has its own); these are the outer bounds.
  await app.register(multipart, { limits: { files: 1, fields: 10, fileSize: 10 * 1024 * 1024 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (request, context) => ({
      statusCode: context.statusCode,
      ...errorBody('RATE_LIMITED', `Quá nhiều yêu cầu. Vui lòng thử lại sau ${context.after}.`, request.id),
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Chỉ số CCHC — API',
        version: VERSION,
        description: 'API của hệ thống chấm điểm Chỉ số CCHC.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cchc_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const deps = { db, clock };
  const sessions = createSessionService(deps, config.session);
  const users = createUsersService(deps, sessions);
  const units = createUnitsService(deps);
  const auth = createAuthService(deps, config, sessions, users);
  const indexSets = createIndexSetsService(deps);
  const reminders = createRemindersService(deps);
  const notifications = createNotificationsService(deps);
  // The appraisal module takes part in the campaign's phase changes (checks, snapshots).
  const campaignHooks: { onTransition?: CampaignTransitionHook } = {};
  const campaigns = createCampaignsService(deps, campaignHooks);
  const scorecards = createScorecardsService(deps, config.documents);
  // STORAGE_DRIVER: DATA_DIR/blobs or an S3 bucket (temp files stay in DATA_DIR/tmp either way).
  const blobs = createBlobStore({ db, clock, dataDir: config.dataDir, storage: storageFromConfig(config) });
  // Temp files of uploads cut short by a crash or a kill (blob-store.ts).
  await blobs.sweepTemp();
  const evidence = createEvidenceService({
    ...deps,
    blobs,
    access: createScorecardAccess(deps),
    maxBytes: config.evidenceMaxBytes,
  });
  const appraisal = createAppraisalService({
    ...deps,
    blobs,
    access: createScorecardAccess(deps),
    maxBytes: config.evidenceMaxBytes,
  });
  const results = createResultsService({ ...deps, access: createScorecardAccess(deps) }, config.documents);
  // Both modules take part in a phase change, in the same transaction (checks, snapshots, publication).
  campaignHooks.onTransition = combineTransitionHooks(
    appraisal.onCampaignTransition,
    results.onCampaignTransition,
  );
  const minutes = createMinutesService(
    appraisal,
    results.results,
    async () => (await loadDocumentSettings(db, config.documents)).settings,
    clock,
  );
  const reports = createReportsService({
    ...deps,
    dataDir: config.dataDir,
    documentEnv: config.documents,
    retentionDays: config.exports.retentionDays,
    results,
    minutes,
    scorecards,
    access: createScorecardAccess(deps),
    loadActor: (userId) => users.loadActor(userId),
    log: app.log,
  });
  const audit = createAuditService(deps, createScorecardAccess(deps));
  // Tests drive the export worker themselves (runDue) when EXPORT_WORKER=false.
  app.decorate('exportWorker', reports.worker);
  // Exports run in the background of every app process (several may share one database).
  if (config.exports.worker) {
    let stopWorker: (() => Promise<void>) | null = null;
    app.addHook('onReady', async () => {
      stopWorker = reports.worker.start();
    });
    app.addHook('onClose', async () => {
      await stopWorker?.();
    });
  }
  registerAuthentication(app, sessions, users);
  registerUploadRateLimit(app, config.uploads);

  await app.register(
    async (api) => {
      await api.register(healthRoutes(db, dialect, VERSION));
      await api.register(authRoutes(auth, config), { prefix: '/auth' });
      await api.register(unitsRoutes(units));
      await api.register(usersRoutes(users));
      await api.register(indexSetsRoutes(indexSets));
      await api.register(remindersRoutes(reminders));
      await api.register(notificationsRoutes(notifications));
      await api.register(campaignsRoutes(campaigns));
      await api.register(scorecardsRoutes(scorecards, { clock }));
      await api.register(appraisalRoutes(appraisal, minutes, { maxBytes: config.evidenceMaxBytes }));
      await api.register(resultsRoutes(results));
      await api.register(reportsRoutes(reports));
      await api.register(auditRoutes(audit));
      await api.register(
        evidenceRoutes(evidence, {
          maxBytes: config.evidenceMaxBytes,
          campaignDetail: (ctx, id) => campaigns.get(ctx, id),
        }),
      );
    },
    { prefix: '/api' },
  );

  const webDist = path.join(config.repoRoot, 'web', 'dist');
  if (config.serveWeb && fs.existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
    app.decorate('serveSpa', true);
  }
  return app;
}
