/**
 * The channel contract: what a conversation receives and sends, independent of the transport,
 * and WhatsApp's 24 h window. Inbound messages come from the WhatsApp webhook or the simulator;
 * outbound replies are recorded (agent_messages, QUEUED) with their egress outbox row, and the
 * channel (workers/whatsapp) delivers them. The agent defines this; WhatsApp implements it.
 */
import { z } from 'zod';
import type { MessageMedia } from '../../db/schema';
import type { OutboundMessage } from './tools/types';

export type ConversationChannel = 'whatsapp' | 'simulator';

/** The address of one conversation: the Conversation object's name is `${workspaceId}:${channel}:${contact}`. */
export interface ConversationKey {
  workspaceId: string;
  channel: ConversationChannel;
  /** WhatsApp user id / E.164 phone of the customer. */
  contact: string;
}

export function conversationName(key: ConversationKey): string {
  return `${key.workspaceId}:${key.channel}:${key.contact}`;
}

/** The inverse of `conversationName`; `undefined` for a name that is not one. */
export function parseConversationName(name: string): ConversationKey | undefined {
  const match = /^([^:]+):(whatsapp|simulator):(.+)$/.exec(name);
  if (!match) return undefined;
  return { workspaceId: match[1]!, channel: match[2] as ConversationChannel, contact: match[3]! };
}

/** WhatsApp's customer service window: free-form messages only within 24 h of the customer's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether the customer wrote within the last 24 h (free-form messages allowed). */
export function windowOpen(lastCustomerMessageAt: Date | null, now: Date): boolean {
  return lastCustomerMessageAt !== null && now.getTime() - lastCustomerMessageAt.getTime() <= WINDOW_MS;
}

/** What the channel reports for an inbound message waiting for its file: the stored file, or why there is none. */
export type MediaOutcome = { media: MessageMedia } | { failed: string };

export const INBOUND_TYPES = ['text', 'button', 'image', 'document', 'audio', 'location', 'unsupported'] as const;
export type InboundType = (typeof INBOUND_TYPES)[number];

/** One customer message, normalised from the channel's payload. */
export interface InboundMessage {
  /** The channel's message id (Infobip `messageId`, or the simulator's): processed once. */
  id: string;
  type: InboundType;
  text?: string | null;
  /** The id of the reply button the customer pressed (e.g. `confirm_yes`). */
  buttonId?: string | null;
  /** Media or location payload; `r2Key` points at the stored file. */
  media?: MessageMedia | null;
  /** WhatsApp profile name, used to name a new customer. */
  profileName?: string | null;
  /** Sender phone as the channel gives it, when it differs from the contact id. */
  phone?: string | null;
  /** The customer, when the channel already identified them (the WhatsApp inbox does; the simulator does not). */
  customerId?: string | null;
  /** The WhatsApp connection it arrived on (null for the simulator). */
  connectionId?: string | null;
  /** ISO time the channel received it. */
  receivedAt: string;
}

/**
 * The Conversation object as the channel calls it (durable-objects/conversation.ts implements
 * it): `accept` stores a customer message and returns before the turn; `attachMedia` settles a
 * message waiting for its file. Typed here, structurally, so the channel never names the class.
 */
export interface ConversationObject {
  accept(message: InboundMessage, options?: { waitForMedia?: boolean }): Promise<{ duplicate: boolean }>;
  attachMedia(messageId: string, outcome: MediaOutcome): Promise<{ attached: boolean }>;
}

/** The `CONVERSATION` binding: one object per `conversationName(key)`. */
export interface ConversationBinding {
  CONVERSATION: { getByName(name: string): ConversationObject };
}

/** The text a customer sees for an outbound message (for previews and the transcript). */
export function outboundText(message: OutboundMessage): string {
  switch (message.type) {
    case 'text':
    case 'buttons':
    case 'list':
      return message.text;
    case 'image':
    case 'document':
      return message.caption ?? '';
  }
}

const Button = z.object({ id: z.string(), title: z.string() });

/** `OutboundMessage` as a schema, for the API answers that carry replies. */
export const OutboundMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), url: z.string(), caption: z.string().optional() }),
  z.object({ type: z.literal('document'), url: z.string(), filename: z.string(), caption: z.string().optional() }),
  z.object({ type: z.literal('buttons'), text: z.string(), buttons: z.array(Button) }),
  z.object({
    type: z.literal('list'),
    text: z.string(),
    button: z.string(),
    sections: z.array(
      z.object({
        title: z.string(),
        rows: z.array(z.object({ id: z.string(), title: z.string(), description: z.string().optional() })),
      }),
    ),
  }),
]) satisfies z.ZodType<OutboundMessage>;
