import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { newApp } from '../../app';

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');
const ReadySchema = z
  .object({ status: z.enum(['ok', 'unavailable']), checks: z.object({ database: z.enum(['ok', 'unavailable']) }) })
  .openapi('Readiness');

const liveness = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Liveness: the Worker answers',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: HealthSchema } } } },
});

const readiness = createRoute({
  method: 'get',
  path: '/health/ready',
  tags: ['health'],
  summary: 'Readiness: the database answers `SELECT 1`',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ReadySchema } } },
    503: { description: 'A dependency is down', content: { 'application/json': { schema: ReadySchema } } },
  },
});

export const healthRoutes = newApp()
  .openapi(liveness, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readiness, async (c) => {
    try {
      await withTimeout(c.var.db.execute(sql`select 1`), 3_000);
      return c.json({ status: 'ok' as const, checks: { database: 'ok' as const } }, 200);
    } catch (error) {
      c.var.logger.warn('readiness check failed', { error });
      return c.json({ status: 'unavailable' as const, checks: { database: 'unavailable' as const } }, 503);
    }
  });

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}
