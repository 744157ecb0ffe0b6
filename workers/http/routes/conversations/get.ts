import { createRoute, type z } from '@hono/zod-openapi';
import { getConversation } from '../../../agent/inbox';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ConversationIdParams, ConversationSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{id}',
  tags: ['conversations'],
  operationId: 'getConversation',
  summary: 'One conversation',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: ConversationIdParams },
  responses: {
    200: { description: 'The conversation', content: { 'application/json': { schema: ConversationSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type GetConversationResponse = z.infer<typeof ConversationSchema>;

export const registerGetConversation = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const found = await getConversation({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, sessionId: id });
    if (!found.ok) throw new ApiError('NOT_FOUND', 'Conversation not found');
    return c.json(ConversationSchema.parse(found.value), 200);
  });
