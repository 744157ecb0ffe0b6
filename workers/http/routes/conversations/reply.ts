import { createRoute, type z } from '@hono/zod-openapi';
import { getMessage } from '../../../agent/inbox';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { conversationOf } from './control';
import { ConversationIdParams, MessageSchema, OperatorMessageBody } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{id}/messages',
  tags: ['conversations'],
  operationId: 'replyToConversation',
  summary: 'Reply to the customer as the assigned operator',
  description:
    'Recorded in the transcript (role `operator`, so the agent reads it when it resumes) and sent through egress; the answer is the stored message, QUEUED until Infobip takes it. Only the operator the conversation is assigned to may reply (409 CONFLICT otherwise: assign it first). Free text needs the 24 h window open (409 WINDOW_CLOSED otherwise: send a template); a template is always accepted.',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:reply'), idempotent] as const,
  security: [{ bearerAuth: [] }],
  request: {
    headers: IdempotencyHeaders,
    params: ConversationIdParams,
    body: { required: true, content: { 'application/json': { schema: OperatorMessageBody } } },
  },
  responses: {
    202: {
      description: 'Stored and on its way to the customer',
      content: { 'application/json': { schema: MessageSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 415, 422),
  },
});

export type ReplyRequest = z.input<typeof OperatorMessageBody>;
export type ReplyResponse = z.infer<typeof MessageSchema>;

export const registerReply = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const message = c.req.valid('json');
    const stub = await conversationOf(c, id);
    const sent = await stub.operatorReply(c.var.tenant.userId, message);
    if (!sent.ok) throw new ApiError(sent.error === 'WINDOW_CLOSED' ? 'WINDOW_CLOSED' : 'CONFLICT', sent.message);
    const stored = await getMessage(
      { db: c.var.db },
      { workspaceId: c.var.tenant.workspaceId, messageId: sent.value.messageId },
    );
    if (!stored.ok) throw new Error(`operator reply ${sent.value.messageId} is not in agent_messages`);
    return c.json(MessageSchema.parse(stored.value), 202);
  });
