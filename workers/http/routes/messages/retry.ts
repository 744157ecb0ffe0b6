import { createRoute, type z } from '@hono/zod-openapi';
import { retryUndeliveredMessage } from '../../../whatsapp/failed-messages';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { MessageIdParams, UndeliveredMessageSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/messages/{id}/retry',
  tags: ['messages'],
  operationId: 'retryMessage',
  summary: 'Send a failed or held message again',
  description:
    'Puts the message back on the egress queue (status QUEUED) with the same id, so Infobip never delivers it twice. A held message is held again while the 24 h window stays closed. 409 when it is not FAILED or HELD.',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:reply')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: MessageIdParams },
  responses: {
    202: { description: 'Queued again', content: { 'application/json': { schema: UndeliveredMessageSchema } } },
    ...errorResponses(401, 403, 404, 409),
  },
});

export type RetryMessageResponse = z.infer<typeof UndeliveredMessageSchema>;

export const registerRetryMessage = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { workspaceId, userId } = c.var.tenant;
    const result = await retryUndeliveredMessage(
      { db: c.var.db },
      { workspaceId, messageId: id, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) {
      throw new ApiError(result.error === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT', result.message ?? result.error);
    }
    return c.json(UndeliveredMessageSchema.parse(result.value), 202);
  });
