/**
 * The customer simulator (development only): builds the webhook Infobip would send for a
 * customer's message — text, media, location or a reply-button press — in Infobip's exact
 * format, and posts it, authenticated, to the connection's real webhook through the Worker's own
 * `fetch`. Everything after that is the production path.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { connections } from '../../../db/schema';
import { fail, ok, type Result } from '../../core/result';
import type { Bindings } from '../../core/bindings';
import { e164 } from './adapter';
import { infobipTime, postToWebhook, putSandboxMedia, type SimulatedMedia } from './sandbox';

export interface SimulatedInbound {
  connectionId: string;
  /** The customer's phone, any common writing (`+54 9 11 5555-0001`, `5491155550001`). */
  from: string;
  name?: string;
  /** The business-scoped WhatsApp user id, when simulating a 2026 contact. */
  userId?: string;
  text?: string;
  media?: SimulatedMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  buttonReplyId?: string;
  buttonTitle?: string;
  /** A fixed id, to simulate Infobip redelivering the same message. */
  messageId?: string;
  /** The message being replied to (`message.context.id`). */
  replyTo?: string;
}

export interface SimulationResult {
  messageId: string;
  webhookStatus: number;
  webhookResponse: unknown;
  payload: Record<string, unknown>;
}

/** A WhatsApp-like message id (`wamid.…`). */
const newWamid = () => `wamid.SIM${crypto.randomUUID().replaceAll('-', '').toUpperCase()}`;

/** The `message` object of the inbound result for what the customer did. */
async function messageOf(
  env: Pick<Bindings, 'APP_URL' | 'FILES'>,
  connection: typeof connections.$inferSelect,
  input: SimulatedInbound,
): Promise<Record<string, unknown>> {
  const context = input.replyTo ? { context: { id: input.replyTo, from: connection.sender } } : {};
  if (input.buttonReplyId) {
    return {
      type: 'INTERACTIVE_BUTTON_REPLY',
      id: input.buttonReplyId,
      title: input.buttonTitle ?? input.text ?? input.buttonReplyId,
      ...context,
    };
  }
  if (input.location) {
    return {
      type: 'LOCATION',
      latitude: input.location.latitude,
      longitude: input.location.longitude,
      name: input.location.name ?? null,
      address: input.location.address ?? null,
      url: null,
      ...context,
    };
  }
  if (input.media) {
    const url = await putSandboxMedia(env, connection, input.media);
    return {
      type: input.media.type,
      url,
      ...((input.media.caption ?? input.text) ? { caption: input.media.caption ?? input.text } : {}),
      ...(input.media.filename ? { filename: input.media.filename } : {}),
      ...context,
    };
  }
  return { type: 'TEXT', text: input.text ?? '', ...context };
}

/** Posts a simulated customer message to the real webhook of one of the workspace's connections. */
export async function simulateInbound(
  { db, env }: { db: Database; env: Pick<Bindings, 'APP_URL' | 'FILES' | 'ENCRYPTION_KEY'> },
  input: SimulatedInbound & { workspaceId: string },
): Promise<Result<SimulationResult, 'NOT_FOUND' | 'INVALID_INPUT'>> {
  const [connection] = await db
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.workspaceId, input.workspaceId),
        eq(connections.id, input.connectionId),
        isNull(connections.deletedAt),
      ),
    );
  if (!connection) return fail('NOT_FOUND', 'Connection not found');
  const phone = e164(input.from);
  if (!phone) return fail('INVALID_INPUT', 'from must be a valid phone number');
  const from = phone.slice(1);
  const messageId = input.messageId ?? newWamid();
  const payload = {
    results: [
      {
        from,
        to: connection.sender,
        integrationType: 'WHATSAPP',
        receivedAt: infobipTime(),
        messageId,
        pairedMessageId: null,
        callbackData: null,
        message: await messageOf(env, connection, input),
        contact: {
          name: input.name ?? null,
          phoneNumber: from,
          userId: input.userId ?? null,
          parentUserId: null,
          username: null,
        },
        price: { pricePerMessage: 0, currency: 'USD' },
      },
    ],
    messageCount: 1,
    pendingMessageCount: 0,
  };
  const response = await postToWebhook(env, connection, payload);
  const text = await response.text();
  let webhookResponse: unknown = text;
  try {
    webhookResponse = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return ok({ messageId, webhookStatus: response.status, webhookResponse, payload });
}
