import { z } from '@hono/zod-openapi';
import {
  MESSAGE_DIRECTIONS,
  MESSAGE_ROLES,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  SESSION_OWNERS,
  SESSION_STATES,
} from '../../../../db/schema';
import { OutboundMessageSchema as AgentOutboundMessageSchema } from '../../../agent/channel';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import { Timestamp } from '../workspaces/schema';

const State = z.enum(SESSION_STATES).openapi({ example: 'COLLECTING_ORDER' });
const Owner = z.enum(SESSION_OWNERS).openapi({ example: 'agent' });

export const ConversationIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ses_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

// --- what the agent sends ---------------------------------------------------------------------

// A domain schema, cloned so it has `.openapi` whatever the module load order (see ../stock/schema.ts).
export const OutboundMessageSchema = AgentOutboundMessageSchema.clone().openapi('OutboundMessage', {
  description: 'A reply as the customer receives it (text, buttons, list, media)',
});

export const ReplySchema = z.object({
  id: z.string().openapi({ description: 'The reply’s transcript id', example: 'msg_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
  message: OutboundMessageSchema,
});

// --- simulate ---------------------------------------------------------------------------------

/** Base64 of at most ~650 KB (JSON bodies stop at 1 MB): the simulator is for trying the agent, not for uploads. */
const MAX_SIMULATED_MEDIA_BASE64 = 900_000;

export const SimulateBody = z
  .object({
    customerPhone: z.string().trim().min(6).max(40).openapi({ example: '+5491155551234' }),
    text: z.string().trim().min(1).max(4096).optional().openapi({ example: 'Hola, ¿qué remeras tenés?' }),
    buttonId: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .openapi({ description: 'A reply button the customer pressed', example: 'confirm_yes' }),
    messageId: z.string().trim().min(1).max(128).optional().openapi({
      description:
        'The channel message id; a repeated id is ignored like a WhatsApp redelivery. Generated when absent.',
    }),
    profileName: z.string().trim().min(1).max(100).optional().openapi({ example: 'Lucía' }),
    media: z
      .object({
        type: z.enum(['image', 'document']),
        dataBase64: z.string().min(4).max(MAX_SIMULATED_MEDIA_BASE64),
        filename: z.string().max(200).optional(),
        caption: z.string().max(1024).optional(),
      })
      .strict()
      .optional()
      .openapi({ description: 'An image or PDF the customer sends (e.g. a payment receipt)' }),
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        name: z.string().max(200).optional(),
        address: z.string().max(500).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => b.text || b.buttonId || b.media || b.location, {
    message: 'Send text, buttonId, media or location',
  })
  .openapi('SimulateMessage');

export const SimulateResponseSchema = z
  .object({
    sessionId: z.string(),
    messageId: z.string(),
    duplicate: z.boolean().openapi({ description: 'The message id was already processed; nothing ran again' }),
    state: State,
    owner: Owner,
    replies: z.array(ReplySchema),
    turn: z
      .object({
        id: z.string(),
        status: z.enum(['COMPLETED', 'FAILED']),
        reason: z.string(),
      })
      .nullable()
      .openapi({ description: 'The agent turn the message started; null while a human owns the conversation' }),
    failed: z
      .boolean()
      .optional()
      .openapi({ description: 'The message could not be handled after repeated attempts and was set aside' }),
  })
  .openapi('SimulateResult');

// --- list, get, messages -----------------------------------------------------------------------

const Customer = z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() });

export const ConversationSchema = z
  .object({
    id: z.string().openapi({ example: 'ses_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    channel: z.enum(['whatsapp', 'simulator']),
    contact: z.string().openapi({ example: '+5491155551234' }),
    customer: Customer.nullable(),
    state: State,
    owner: Owner,
    assignedUserId: z.string().nullable(),
    handoffReason: z.string().nullable(),
    draftOrderId: z.string().nullable(),
    unreadCount: z.number().int(),
    lastMessageAt: Timestamp.nullable(),
    lastMessagePreview: z.string().nullable(),
    lastCustomerMessageAt: Timestamp.nullable().openapi({ description: 'Start of WhatsApp’s 24 h reply window' }),
    windowExpiresAt: Timestamp.nullable().openapi({
      description:
        'When the 24 h window closes (`lastCustomerMessageAt` + 24 h); after it only templates reach the customer. Null when the customer never wrote.',
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Conversation');

export const ConversationPageSchema = PageSchema(ConversationSchema).openapi('ConversationPage');

export const ListConversationsQuery = PageQuerySchema.extend({
  owner: Owner.optional(),
  state: State.optional(),
  assignedUserId: z.string().max(64).optional().openapi({ description: 'Assigned to this member' }),
  assigned: z
    .enum(['me'])
    .optional()
    .openapi({ description: '`me`: assigned to the caller (instead of `assignedUserId`)', example: 'me' }),
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: '`true`: only conversations with unread customer messages' }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'Part of the customer’s name or phone', example: 'gómez' }),
}).refine((q) => !(q.assigned && q.assignedUserId), {
  message: 'Use either assigned=me or assignedUserId',
  path: ['assigned'],
});

export const MessageSchema = z
  .object({
    id: z.string(),
    direction: z.enum(MESSAGE_DIRECTIONS),
    role: z.enum(MESSAGE_ROLES),
    type: z.enum(MESSAGE_TYPES),
    content: z.string().nullable(),
    media: z.record(z.string(), z.unknown()).nullable(),
    toolCalls: z.unknown().openapi({ description: 'Tool calls/results, or the interactive message sent' }),
    status: z.enum(MESSAGE_STATUSES),
    error: z.string().nullable(),
    externalMessageId: z.string().nullable(),
    authorUserId: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi('ConversationMessage');

export const MessagePageSchema = PageSchema(MessageSchema).openapi('ConversationMessagePage');

export const ListMessagesQuery = PageQuerySchema.extend({
  internal: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({
      description: 'Include tool calls and tool results (default: customer-visible messages and events only)',
    }),
});

// --- operator replies --------------------------------------------------------------------------

const OperatorText = z
  .object({
    type: z.literal('text').optional().openapi({ description: 'Optional for text' }),
    text: z.string().trim().min(1).max(4096).openapi({ example: 'Hola Lucía, soy Ana de la tienda. Ya te ayudo.' }),
  })
  .strict()
  .openapi('OperatorTextMessage');

const OperatorTemplate = z
  .object({
    type: z.literal('template'),
    templateName: z.string().trim().min(1).max(512).openapi({ example: 'seguimiento_pedido' }),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a WhatsApp template language such as es_AR')
      .openapi({ example: 'es_AR' }),
    placeholders: z
      .array(z.string().min(1).max(1024))
      .max(20)
      .openapi({ description: 'Values for the template’s {{1}}, {{2}}, … in order', example: ['Lucía'] }),
  })
  .strict()
  .openapi('OperatorTemplateMessage');

export const OperatorMessageBody = z
  .union([OperatorText, OperatorTemplate])
  .transform((m) => (m.type === 'template' ? m : { type: 'text' as const, text: m.text }))
  .openapi('OperatorMessage', {
    description:
      'Free text (only within 24 h of the customer’s last message) or an approved WhatsApp template (always).',
  });

// --- handoff history ----------------------------------------------------------------------------

export const HandoffSchema = z
  .object({
    id: z.string().openapi({ example: 'hof_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    reason: z.string().nullable(),
    requestedBy: z
      .string()
      .openapi({ description: '`agent`, `customer`, or the id of the operator who asked', example: 'customer' }),
    startedAt: Timestamp,
    assignedUserId: z.string().nullable(),
    assignedAt: Timestamp.nullable(),
    endedAt: Timestamp.nullable().openapi({ description: 'Null while a human still owns the conversation' }),
    endedBy: z
      .string()
      .nullable()
      .openapi({ description: 'The id of the operator who released it to the agent (or `agent`)' }),
  })
  .openapi('Handoff');

export const HandoffListSchema = z.object({ items: z.array(HandoffSchema) }).openapi('HandoffList');

// --- live state (handoff, assign, release) ------------------------------------------------------

export const ConversationStateSchema = z
  .object({
    sessionId: z.string(),
    workspaceId: z.string(),
    channel: z.enum(['whatsapp', 'simulator']),
    contact: z.string(),
    customerId: z.string().nullable(),
    state: State,
    owner: Owner,
    assignedUserId: z.string().nullable(),
    handoffReason: z.string().nullable(),
    draftOrderId: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    lastCustomerMessageAt: z.string().nullable(),
    pendingMessages: z.number().int(),
  })
  .openapi('ConversationState');

export const HandoffBody = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .strict()
  .openapi('HandoffRequest');
