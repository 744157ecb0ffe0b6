import { createRoute, type z } from '@hono/zod-openapi';
import { listHandoffs } from '../../../agent/inbox';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ConversationIdParams, HandoffListSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{id}/handoffs',
  tags: ['conversations'],
  operationId: 'listConversationHandoffs',
  summary: 'A conversation’s handoff history, newest first',
  description:
    'Each time the conversation went to a person: why, who asked (`agent`, `customer` or an operator), who took it and when, and when it went back to the agent (open while `endedAt` is null).',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: ConversationIdParams },
  responses: {
    200: { description: 'The handoffs', content: { 'application/json': { schema: HandoffListSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListHandoffsResponse = z.infer<typeof HandoffListSchema>;

export const registerListHandoffs = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const found = await listHandoffs({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, sessionId: id });
    if (!found.ok) throw new ApiError('NOT_FOUND', 'Conversation not found');
    return c.json(HandoffListSchema.parse({ items: found.value }), 200);
  });
