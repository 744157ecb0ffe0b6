import { createRoute, type z } from '@hono/zod-openapi';
import { queueOverview } from '../../../whatsapp/operations';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { QueueOverviewSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/ops/queues',
  tags: ['ops'],
  operationId: 'getQueueOverview',
  summary: "The workspace's queues at a glance",
  description:
    'Outbox backlog and the age of its oldest row, outbound messages queued/held/failed, dead letters not redriven, webhook results not yet processed, inbound files not stored, and customer messages set aside after repeated failures.',
  middleware: [requireAuth, requireWorkspace, requirePermission('ops:read')] as const,
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: 'Queue figures', content: { 'application/json': { schema: QueueOverviewSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

export type QueueOverviewResponse = z.infer<typeof QueueOverviewSchema>;

export const registerQueueOverview = (app: App) =>
  app.openapi(route, async (c) => {
    const overview = await queueOverview(c.var.db, { workspaceId: c.var.tenant.workspaceId });
    return c.json(QueueOverviewSchema.parse(overview), 200);
  });
