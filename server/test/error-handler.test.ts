import Fastify from 'fastify';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../src/http/error-handler';

/**
 * A database that cannot give a connection (every pooled PostgreSQL connection busy past the
 * pool's wait, as under a rush of readers; or refused) answers 503 SERVICE_UNAVAILABLE with
 * Retry-After, not 500: nothing was written and the request may be retried.
 */
describe('error handler: database unavailable', () => {
  it('maps a pool wait timeout and a refused connection to 503, anything else to 500', async () => {
    const app = Fastify({ logger: false });
    registerErrorHandling(app);
    // A real pool pointing at a closed port: the connection is refused.
    const pool = new pg.Pool({ host: '127.0.0.1', port: 1, max: 1, connectionTimeoutMillis: 50 });
    pool.on('error', () => {});
    app.get('/refused', async () => pool.query('select 1'));
    app.get('/timeout', async () => {
      throw new Error('timeout exceeded when trying to connect');
    });
    app.get('/bug', async () => {
      throw new TypeError('x is undefined');
    });
    const refused = await app.inject({ method: 'GET', url: '/refused' });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('SERVICE_UNAVAILABLE');
    const timeout = await app.inject({ method: 'GET', url: '/timeout' });
    expect(timeout.statusCode).toBe(503);
    expect(timeout.headers['retry-after']).toBe('5');
    const bug = await app.inject({ method: 'GET', url: '/bug' });
    expect(bug.statusCode).toBe(500);
    expect(bug.json().error.code).toBe('INTERNAL');
    await pool.end();
    await app.close();
  });
});
