import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Conversation } from '../../../../durable-objects/conversation';
import { conversationName } from '../../../agent/channel';
import type { ConversationView } from '../../../agent/conversation/index';
import { getConversation } from '../../../agent/inbox';
import type { Permission } from '../../../core/rbac/catalogue';
import type { App, AppEnv } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ConversationIdParams, ConversationStateSchema, HandoffBody } from './schema';

type Stub = DurableObjectStub<Conversation>;

/** The Conversation object of a session of this workspace; 404 for another workspace's. */
export async function conversationOf(c: Context<AppEnv>, sessionId: string): Promise<Stub> {
  const { workspaceId } = c.var.tenant;
  const found = await getConversation({ db: c.var.db }, { workspaceId, sessionId });
  if (!found.ok) throw new ApiError('NOT_FOUND', 'Conversation not found');
  return c.env.CONVERSATION.getByName(
    conversationName({ workspaceId, channel: found.value.channel, contact: found.value.contact }),
  );
}

export type ConversationStateResponse = z.infer<typeof ConversationStateSchema>;

interface ControlRoute {
  verb: 'assign' | 'release';
  permission: Permission;
  operationId: string;
  summary: string;
  description: string;
  conflict?: boolean;
  act(stub: Stub, userId: string): Promise<ConversationView>;
}

const StateResponse = {
  description: 'The conversation’s live state',
  content: { 'application/json': { schema: ConversationStateSchema } },
};

/** `assign` and `release` differ only in their permission and what they ask the object. */
function registerControl(app: App, r: ControlRoute) {
  const route = createRoute({
    method: 'post',
    path: `/api/v1/conversations/{id}/${r.verb}`,
    tags: ['conversations'],
    operationId: r.operationId,
    summary: r.summary,
    description: r.description,
    middleware: [requireAuth, requireWorkspace, requirePermission(r.permission)] as const,
    security: [{ bearerAuth: [] }],
    request: { params: ConversationIdParams },
    responses: {
      200: StateResponse,
      ...(r.conflict ? errorResponses(400, 401, 403, 404, 409) : errorResponses(400, 401, 403, 404)),
    },
  });
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const view = await r.act(await conversationOf(c, id), c.var.tenant.userId);
    return c.json(ConversationStateSchema.parse(view), 200);
  });
}

const handoffRoute = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{id}/handoff',
  tags: ['conversations'],
  operationId: 'handoffConversation',
  summary: 'Move a conversation to the human queue',
  description:
    'HANDOFF, owned by humans, unassigned; the agent stops answering and operators are notified (`handoff:requested`). Repeating it changes nothing.',
  middleware: [requireAuth, requireWorkspace, requirePermission('conversations:handoff')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: ConversationIdParams,
    body: { required: false, content: { 'application/json': { schema: HandoffBody } } },
  },
  responses: { 200: StateResponse, ...errorResponses(400, 401, 403, 404) },
});

export const registerConversationControls = (app: App) => {
  app.openapi(handoffRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json') ?? {};
    const stub = await conversationOf(c, id);
    const view = await stub.requestHandoff(reason ?? 'Derivada por un operador', c.var.tenant.userId);
    return c.json(ConversationStateSchema.parse(view), 200);
  });
  registerControl(app, {
    verb: 'assign',
    permission: 'conversations:assign',
    operationId: 'assignConversation',
    summary: 'Take a conversation: assign it to yourself',
    description:
      'The caller becomes its operator (HANDOFF, owner human, assigned to the caller); the agent stops answering until it is released. Assigning it again to yourself changes nothing; a conversation another operator holds answers 409 CONFLICT.',
    conflict: true,
    act: async (stub, userId) => {
      const assigned = await stub.assign(userId);
      if (!assigned.ok) throw new ApiError('CONFLICT', assigned.message, assigned.details);
      return assigned.value;
    },
  });
  registerControl(app, {
    verb: 'release',
    permission: 'conversations:handoff',
    operationId: 'releaseConversation',
    summary: 'Release a conversation to the agent',
    description:
      'RETURNED_TO_AGENT: owner agent, unassigned; the agent answers again, and the transcript records the hand-back so it knows the human stretch ended. Repeating it changes nothing.',
    act: (stub, userId) => stub.release(userId),
  });
};
