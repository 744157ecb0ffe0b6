import { createRoute } from '@hono/zod-openapi';
import { getConversation } from '../../../agent/inbox';
import { markSessionRead } from '../../../agent/conversation/postgres-mirror';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ConversationIdParams, ConversationSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{id}/read',
  tags: ['conversations'],
  operationId: 'markConversationRead',
  summary: 'Mark a conversation as read',
  description:
    '`unreadCount` back to 0, announced to the workspace (`session:updated`). Marking a conversation with nothing unread changes nothing.',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: ConversationIdParams },
  responses: {
    200: { description: 'The conversation', content: { 'application/json': { schema: ConversationSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const registerMarkRead = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const scope = { workspaceId: c.var.tenant.workspaceId, sessionId: id };
    await markSessionRead(c.var.db, scope);
    const found = await getConversation({ db: c.var.db }, scope);
    if (!found.ok) throw new ApiError('NOT_FOUND', 'Conversation not found');
    return c.json(ConversationSchema.parse(found.value), 200);
  });
