import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Database, type Dialect, isReachable } from '../../db/database';

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ dialect: z.enum(['sqlite', 'postgres']), reachable: z.boolean() }),
  version: z.string(),
});

export const healthRoutes =
  (db: Database, dialect: Dialect, version: string): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: 'Tình trạng hệ thống và CSDL',
          response: { 200: Health, 503: Health },
        },
      },
      async (_req, reply) => {
        const reachable = await isReachable(db);
        return reply
          .status(reachable ? 200 : 503)
          .send({ status: reachable ? 'ok' : 'degraded', database: { dialect, reachable }, version });
      },
    );
  };
