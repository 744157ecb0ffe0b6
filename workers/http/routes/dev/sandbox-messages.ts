import { createRoute, type z } from '@hono/zod-openapi';
import { listSandboxMessages } from '../../../whatsapp/infobip/sandbox';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { developmentOnly } from '../../middleware/development-only';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ListSandboxMessagesQuery, SandboxMessagePageSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/dev/sandbox/messages',
  tags: ['development'],
  operationId: 'listSandboxMessages',
  summary: 'What the Infobip sandbox was asked to send (development only)',
  description: 'Newest first. Absent in production (404).',
  middleware: [developmentOnly, requireAuth, requireWorkspace, requirePermission('conversations:simulate')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListSandboxMessagesQuery },
  responses: {
    200: {
      description: 'A page of sandbox messages',
      content: { 'application/json': { schema: SandboxMessagePageSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListSandboxMessagesResponse = z.infer<typeof SandboxMessagePageSchema>;

export const registerListSandboxMessages = (app: App) =>
  app.openapi(route, async (c) => {
    const { limit, cursor, connectionId } = c.req.valid('query');
    const page = await listSandboxMessages(c.var.db, {
      workspaceId: c.var.tenant.workspaceId,
      limit,
      ...(cursor ? { cursor } : {}),
      ...(connectionId ? { connectionId } : {}),
    });
    return c.json(SandboxMessagePageSchema.parse(page), 200);
  });
