import { createRoute, type z } from '@hono/zod-openapi';
import { listMessages } from '../../../agent/inbox';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ConversationIdParams, ListMessagesQuery, MessagePageSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{id}/messages',
  tags: ['conversations'],
  operationId: 'listConversationMessages',
  summary: 'A conversation’s transcript, newest first',
  description:
    'Customer, agent and operator messages and session events; `internal=true` adds the agent’s tool calls and results. The cursor pages back in time.',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: ConversationIdParams, query: ListMessagesQuery },
  responses: {
    200: { description: 'A page of messages', content: { 'application/json': { schema: MessagePageSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListMessagesResponse = z.infer<typeof MessagePageSchema>;

export const registerListMessages = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const page = await listMessages(
      { db: c.var.db },
      { workspaceId: c.var.tenant.workspaceId, sessionId: id, ...query },
    );
    if (!page.ok) throw new ApiError('NOT_FOUND', 'Conversation not found');
    return c.json(MessagePageSchema.parse(page.value), 200);
  });
