import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './columns';
import { customers, orders } from './sales';
import { workspaces } from './tenancy';
import { users } from './identity';

export const SESSION_STATES = [
  'IDLE',
  'COLLECTING_ORDER',
  'NEEDS_DETAILS',
  'AWAITING_CONFIRMATION',
  'EXECUTING',
  'DONE',
  'HANDOFF',
] as const;
export const SESSION_OWNERS = ['agent', 'human'] as const;
export const SESSION_CHANNELS = ['whatsapp', 'simulator'] as const;

/**
 * One conversation with one customer contact, mirrored from its Conversation Durable Object
 * (which owns the live state) so the dashboard can list, filter and search conversations.
 */
export const agentSessions = pgTable(
  'agent_sessions',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').references(() => customers.id),
    channel: text('channel', { enum: SESSION_CHANNELS }).notNull(),
    /** The contact within the channel: WhatsApp user id / E.164 phone. */
    contact: text('contact').notNull(),
    /** The WhatsApp connection the conversation runs on (null for the simulator). */
    connectionId: text('connection_id'),
    state: text('state', { enum: SESSION_STATES }).notNull().default('IDLE'),
    owner: text('owner', { enum: SESSION_OWNERS }).notNull().default('agent'),
    assignedUserId: text('assigned_user_id').references(() => users.id),
    handoffReason: text('handoff_reason'),
    draftOrderId: text('draft_order_id').references(() => orders.id),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    unreadCount: integer('unread_count').notNull().default(0),
    /** Running summary of turns that fell out of the LLM's context window. */
    summary: text('summary'),
    lastCustomerMessageAt: tstz('last_customer_message_at'),
    lastMessageAt: tstz('last_message_at'),
    lastMessagePreview: text('last_message_preview'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('agent_sessions_workspace_contact_key').on(t.workspaceId, t.channel, t.contact),
    index('agent_sessions_workspace_last_message_idx').on(t.workspaceId, t.lastMessageAt),
    index('agent_sessions_workspace_owner_idx').on(t.workspaceId, t.owner, t.lastMessageAt),
    index('agent_sessions_customer_idx').on(t.customerId),
    index('agent_sessions_assigned_idx').on(t.assignedUserId),
  ],
);

/**
 * One human stretch of a conversation: from the moment it went to a person (`requested_by`:
 * `agent` — the agent's tool or its repeated failures —, `customer` — they asked for a person —,
 * or the operator's user id) until it was released back to the agent (`ended_by`, a user id or
 * `agent`). Written in the same transaction as the session change; at most one open row (no
 * `ended_at`) per session.
 */
export const agentHandoffs = pgTable(
  'agent_handoffs',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sessionId: text('session_id')
      .notNull()
      .references(() => agentSessions.id, { onDelete: 'cascade' }),
    reason: text('reason'),
    requestedBy: text('requested_by').notNull(),
    startedAt: tstz('started_at').notNull().defaultNow(),
    assignedUserId: text('assigned_user_id').references(() => users.id),
    assignedAt: tstz('assigned_at'),
    endedAt: tstz('ended_at'),
    endedBy: text('ended_by'),
  },
  (t) => [
    index('agent_handoffs_session_started_idx').on(t.workspaceId, t.sessionId, t.startedAt),
    uniqueIndex('agent_handoffs_one_open_key')
      .on(t.sessionId)
      .where(sql`${t.endedAt} is null`),
  ],
);

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export const MESSAGE_ROLES = ['customer', 'agent', 'operator', 'system', 'tool'] as const;
export const MESSAGE_TYPES = [
  'text',
  'image',
  'document',
  'audio',
  'video',
  'sticker',
  'location',
  'contact',
  'button',
  'interactive',
  'template',
  'tool_call',
  'tool_result',
  'event',
  'unsupported',
] as const;
export const MESSAGE_STATUSES = ['RECEIVED', 'QUEUED', 'HELD', 'SENT', 'DELIVERED', 'READ', 'FAILED'] as const;

export interface MessageMedia {
  url?: string;
  r2Key?: string;
  contentType?: string;
  filename?: string;
  caption?: string;
  size?: number;
  sha256?: string;
  latitude?: number;
  longitude?: number;
  name?: string;
  address?: string;
}

/** The transcript: customer, agent and operator messages, plus tool calls/results and events. */
export const agentMessages = pgTable(
  'agent_messages',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sessionId: text('session_id')
      .notNull()
      .references(() => agentSessions.id, { onDelete: 'cascade' }),
    direction: text('direction', { enum: MESSAGE_DIRECTIONS }).notNull(),
    role: text('role', { enum: MESSAGE_ROLES }).notNull(),
    type: text('type', { enum: MESSAGE_TYPES }).notNull(),
    content: text('content'),
    media: jsonb('media').$type<MessageMedia>(),
    /** Tool calls (assistant) or the tool result payload. */
    toolCalls: jsonb('tool_calls'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    error: text('error'),
    /** Infobip's message id (inbound) or the id we sent with (outbound). */
    externalMessageId: text('external_message_id'),
    authorUserId: text('author_user_id').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('agent_messages_session_created_idx').on(t.sessionId, t.createdAt),
    uniqueIndex('agent_messages_external_id_key')
      .on(t.workspaceId, t.direction, t.externalMessageId)
      .where(sql`${t.externalMessageId} is not null`),
    index('agent_messages_workspace_status_idx').on(t.workspaceId, t.status),
  ],
);

export const TURN_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED'] as const;

/** One agent turn (customer message → reply): provider, steps and token use, for cost reporting. */
export const agentTurns = pgTable(
  'agent_turns',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sessionId: text('session_id')
      .notNull()
      .references(() => agentSessions.id, { onDelete: 'cascade' }),
    triggerMessageId: text('trigger_message_id'),
    status: text('status', { enum: TURN_STATUSES }).notNull().default('RUNNING'),
    provider: text('provider').notNull(),
    model: text('model'),
    steps: integer('steps').notNull().default(0),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cacheReadTokens: integer('cache_read_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    error: text('error'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
  },
  (t) => [
    index('agent_turns_session_idx').on(t.sessionId, t.startedAt),
    index('agent_turns_workspace_idx').on(t.workspaceId, t.startedAt),
  ],
);

export const TOOL_EXECUTION_STATUSES = [
  'OK',
  'ERROR',
  'INVALID_INPUT',
  'NOT_ALLOWED',
  'PENDING_APPROVAL',
  'TIMEOUT',
] as const;

/** Every tool call the agent made: input, output or error, duration. */
export const toolExecutions = pgTable(
  'tool_executions',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sessionId: text('session_id')
      .notNull()
      .references(() => agentSessions.id, { onDelete: 'cascade' }),
    turnId: text('turn_id').references(() => agentTurns.id, { onDelete: 'cascade' }),
    /** The LLM's `tool_use` id: a replayed step finds its recorded result instead of re-running. */
    toolUseId: text('tool_use_id').notNull(),
    tool: text('tool').notNull(),
    input: jsonb('input'),
    output: jsonb('output'),
    error: jsonb('error'),
    status: text('status', { enum: TOOL_EXECUTION_STATUSES }).notNull(),
    durationMs: integer('duration_ms').notNull().default(0),
    llmRequestId: text('llm_request_id'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tool_executions_session_tool_use_key').on(t.sessionId, t.toolUseId),
    index('tool_executions_workspace_created_idx').on(t.workspaceId, t.createdAt),
  ],
);

export const APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;

/** Agent actions that wait for an operator (e.g. `adjust_stock`). */
export const approvals = pgTable(
  'approvals',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').references(() => agentSessions.id, { onDelete: 'set null' }),
    tool: text('tool').notNull(),
    input: jsonb('input').notNull(),
    reason: text('reason'),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('PENDING'),
    result: jsonb('result'),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: tstz('decided_at'),
    ...timestamps,
  },
  (t) => [index('approvals_workspace_status_idx').on(t.workspaceId, t.status, t.createdAt)],
);
