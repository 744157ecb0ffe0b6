/**
 * Notes on the `webhook_inbox` row an inbound message arrived in: what became of it when it did
 * not simply reach the agent (its file not stored, or the conversation set it aside). The
 * inbox, the media queue and the Conversation object write them; the operations view counts them.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { webhookInbox } from '../../db/schema';

/** An inbound WhatsApp message, as its `webhook_inbox` row is found. */
export interface InboundRef {
  workspaceId: string;
  connectionId: string;
  /** Infobip's message id. */
  messageId: string;
}

/** The `webhook_inbox` row an inbound message arrived in. */
export const inboundRow = (message: InboundRef) =>
  and(
    eq(webhookInbox.workspaceId, message.workspaceId),
    eq(webhookInbox.connectionId, message.connectionId),
    eq(webhookInbox.messageId, message.messageId),
    eq(webhookInbox.kind, 'INBOUND'),
  )!;

/** Writes `note` (cut to 1,000 characters) as the `error` of the rows `row` selects, or clears it. */
export async function noteInboxRow(db: Database, row: SQL, note: string | null): Promise<void> {
  await db
    .update(webhookInbox)
    .set({ error: note?.slice(0, 1000) ?? null })
    .where(row);
}

/** How a row reads when its message's conversation gave up on it; the operations view counts these. */
export const NOT_HANDLED_NOTE = 'not handled:';

/**
 * Records on an inbound message's row that its Conversation object set it aside after repeated
 * failures (`not handled: <reason>`). It is the message's outcome, so it replaces any earlier
 * note (a media one).
 */
export async function noteNotHandled(db: Database, message: InboundRef, reason: string): Promise<void> {
  await noteInboxRow(db, inboundRow(message), `${NOT_HANDLED_NOTE} ${reason}`);
}
