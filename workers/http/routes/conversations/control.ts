import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Conversation } from '../../../../durable-objects/conversation';
import { conversationName } from '../../../agent/channel';
import type { ConversationView } from '../../../agent/conversation';
import { getConversation } from '../../../agent/inbox';
import type { App, AppEnv } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ConversationIdParams, ConversationStateSchema, HandoffBody } from './schema';

type Stub = DurableObjectStub<Conversation>;

interface ControlRoute {
  verb: 'handoff' | 'take' | 'return';
  operationId: string;
  summary: string;
  description: string;
  act(stub: Stub, input: { userId: string; reason: string | undefined }): Promise<ConversationView>;
}

/** The Conversation object of a session of this workspace; 404 for another workspace's. */
async function conversationOf(c: Context<AppEnv>, sessionId: string): Promise<Stub> {
  const { workspaceId } = c.var.tenant;
  const found = await getConversation({ db: c.var.db }, { workspaceId, sessionId });
  if (!found.ok) throw new ApiError('NOT_FOUND', 'Conversation not found');
  return c.env.CONVERSATION.getByName(
    conversationName({ workspaceId, channel: found.value.channel, contact: found.value.contact }),
  );
}

export type ConversationStateResponse = z.infer<typeof ConversationStateSchema>;

/** `handoff`, `take` and `return` differ only in what they ask the Conversation object. */
function registerControl(app: App, r: ControlRoute) {
  const route = createRoute({
    method: 'post',
    path: `/api/v1/conversations/{id}/${r.verb}`,
    tags: ['conversations'],
    operationId: r.operationId,
    summary: r.summary,
    description: r.description,
    middleware: [requireAuth, requireWorkspace, requirePermission('conversations:handoff')] as const,
    security: [{ bearerAuth: [] }],
    request: {
      params: ConversationIdParams,
      body: { required: false, content: { 'application/json': { schema: HandoffBody } } },
    },
    responses: {
      200: {
        description: 'The conversation’s live state',
        content: { 'application/json': { schema: ConversationStateSchema } },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  });
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const stub = await conversationOf(c, id);
    const view = await r.act(stub, { userId: c.var.tenant.userId, reason: body.reason });
    return c.json(ConversationStateSchema.parse(view), 200);
  });
}

export const registerConversationControls = (app: App) => {
  registerControl(app, {
    verb: 'handoff',
    operationId: 'handoffConversation',
    summary: 'Move a conversation to the human queue',
    description: 'HANDOFF, owned by humans, unassigned; the agent stops answering. Repeating it changes nothing.',
    act: (stub, { userId, reason }) => stub.requestHandoff(reason ?? 'Derivada por un operador', userId),
  });
  registerControl(app, {
    verb: 'take',
    operationId: 'takeConversation',
    summary: 'Take a conversation from the agent',
    description:
      'The caller becomes its operator (HANDOFF, owner human); the agent stops answering until it is returned.',
    act: (stub, { userId }) => stub.takeOver(userId),
  });
  registerControl(app, {
    verb: 'return',
    operationId: 'returnConversation',
    summary: 'Return a conversation to the agent',
    description:
      'RETURNED_TO_AGENT: the agent answers again, and the transcript records the hand-back so the agent knows the human stretch ended.',
    act: (stub, { userId }) => stub.handBack(userId),
  });
};
