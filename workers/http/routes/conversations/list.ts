import { createRoute, type z } from '@hono/zod-openapi';
import { listConversations } from '../../../agent/inbox';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ConversationPageSchema, ListConversationsQuery } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations',
  tags: ['conversations'],
  operationId: 'listConversations',
  summary: 'Conversations, newest first',
  description:
    'The inbox: filter by owner (`agent` or `human`), FSM state, assigned operator (`assignedUserId`, or `assigned=me` for the caller) and unread (`unread=true`); `q` searches the customer’s name or phone.',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListConversationsQuery },
  responses: {
    200: {
      description: 'A page of conversations',
      content: { 'application/json': { schema: ConversationPageSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListConversationsResponse = z.infer<typeof ConversationPageSchema>;

export const registerListConversations = (app: App) =>
  app.openapi(route, async (c) => {
    const { assigned, ...query } = c.req.valid('query');
    const { workspaceId, userId } = c.var.tenant;
    const page = await listConversations(
      { db: c.var.db },
      { workspaceId, ...query, ...(assigned === 'me' ? { assignedUserId: userId } : {}) },
    );
    return c.json(ConversationPageSchema.parse(page), 200);
  });
