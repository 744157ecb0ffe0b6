import { createRoute, type z } from '@hono/zod-openapi';
import { listUndeliveredMessages } from '../../../whatsapp/failed-messages';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ListFailedMessagesQuery, UndeliveredMessagePageSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/messages/failed',
  tags: ['messages'],
  operationId: 'listFailedMessages',
  summary: 'Outbound messages that did not reach the customer',
  description:
    'FAILED: Infobip refused them or their retries ran out (dead-lettered). HELD: outside the 24 h window, where only templates may be sent. Newest first; each can be retried.',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListFailedMessagesQuery },
  responses: {
    200: {
      description: 'A page of undelivered messages',
      content: { 'application/json': { schema: UndeliveredMessagePageSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListFailedMessagesResponse = z.infer<typeof UndeliveredMessagePageSchema>;

export const registerListFailedMessages = (app: App) =>
  app.openapi(route, async (c) => {
    const { status, limit, cursor } = c.req.valid('query');
    const page = await listUndeliveredMessages(
      { db: c.var.db },
      {
        workspaceId: c.var.tenant.workspaceId,
        statuses: status === 'ALL' ? ['FAILED', 'HELD'] : [status],
        limit,
        ...(cursor ? { cursor } : {}),
      },
    );
    return c.json(UndeliveredMessagePageSchema.parse(page), 200);
  });
