/**
 * Inbound media (receipts): Infobip keeps a customer's file about 7 days behind a URL that needs
 * the API key, so every inbound file is copied into R2 and linked to its message. The webhook's
 * hand-off accepts the message into its Conversation object as waiting for its file and sends a
 * `MediaJob` to the media queue; the queue's consumer copies the file (`copyInboundMedia`) and
 * tells the object (`settleMedia`), which then runs the message's turn — with the file — and the
 * ones queued behind it. A copy that keeps failing is given up: the message goes on without the
 * file (Infobip's URL kept) and the `webhook_inbox` row says `media not stored: …`.
 */
import { and, eq, isNull, like, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { agentMessages, webhookInbox, type MessageMedia } from '../../db/schema';
import type { ConversationBinding, MediaOutcome } from '../agent/channel';
import { sha256Hex } from '../core/crypto/hash';
import type { Bindings } from '../core/bindings';
import { mediaUrlOf, parseWebhookResult, type NormalisedInbound } from './infobip/adapter';
import { findLiveConnection, isSandbox, type ConnectionRow } from './connections';
import { inboundRow, noteInboxRow, type InboundRef } from './inbox-notes';
import { clientFor, sandboxBaseUrl, type ClientOverrides } from './infobip/transport';

/**
 * Deliveries of a media job before the message goes on without its file (the consumer gives up
 * on this one; wrangler.toml's `max_retries` for `nexova-media` is the same, so the DLQ only sees
 * a job whose giving up itself failed).
 */
export const MEDIA_MAX_ATTEMPTS = 5;

/** The body of a `nexova-media` queue message: which stored inbound message's file to copy, and whose conversation waits for it. */
export const MediaJob = z.object({
  workspaceId: z.string().min(1),
  connectionId: z.string().min(1),
  /** The `webhook_inbox` row the message arrived in (its payload has the media URL; its `error` gets the outcome). */
  inboxId: z.string().min(1),
  /** Infobip's message id. */
  messageId: z.string().min(1),
  /** The Conversation object's name (`conversationName`) holding the message. */
  conversation: z.string().min(1),
});
export type MediaJob = z.infer<typeof MediaJob>;

export interface MediaDeps {
  db: Database;
  env: Pick<Bindings, 'FILES' | 'ENVIRONMENT' | 'APP_URL' | 'ENCRYPTION_KEY'> & ConversationBinding;
  /** Client options for downloads (tests shorten backoff). */
  client?: ClientOverrides;
}

/** R2 key of an inbound file: per workspace and connection, named by the message id's hash (idempotent). */
async function mediaKey(workspaceId: string, connectionId: string, messageId: string): Promise<string> {
  // The first 16 bytes of the digest.
  const hex = (await sha256Hex(messageId)).slice(0, 32);
  return `ws/${workspaceId}/whatsapp/${connectionId}/${hex}`;
}

/** Infobip's media links are on Infobip; we send the API key nowhere else. */
function mayCarryApiKey(url: string, connection: ConnectionRow): boolean {
  try {
    const host = new URL(url).hostname;
    const own = connection.baseUrl ? new URL(connection.baseUrl).hostname : null;
    return host === own || host === 'infobip.com' || host.endsWith('.infobip.com');
  } catch {
    return false;
  }
}

/**
 * Copies an inbound file from Infobip into R2 with the connection's API key and returns the
 * message's media with the file linked (`r2Key`, which the agent's `attach_receipt` reads).
 * Idempotent: a file already copied is not downloaded again.
 */
export async function storeInboundMedia(
  deps: Pick<MediaDeps, 'env' | 'client'>,
  connection: ConnectionRow,
  message: NormalisedInbound,
): Promise<MessageMedia> {
  const url = mediaUrlOf(message);
  const media: MessageMedia = { ...(message.media ?? {}) };
  if (!url) return media;
  const key = await mediaKey(connection.workspaceId, connection.id, message.id);
  const existing = await deps.env.FILES.head(key);
  if (existing) {
    return {
      ...media,
      r2Key: key,
      size: existing.size,
      ...(existing.httpMetadata?.contentType ? { contentType: existing.httpMetadata.contentType } : {}),
      ...(existing.customMetadata?.sha256 ? { sha256: existing.customMetadata.sha256 } : {}),
    };
  }
  const client = await clientFor(deps.env, connection, deps.client);
  if (!client) throw new Error('this connection has no Infobip credentials and the sandbox is off in production');
  if (isSandbox(connection)) {
    // The sandbox serves only the files the simulator stored; anything else cannot be fetched.
    if (!url.startsWith(`${sandboxBaseUrl(deps.env.APP_URL, connection.id)}/`)) {
      throw new Error('the sandbox has no such media (only simulator uploads can be downloaded)');
    }
  } else if (!mayCarryApiKey(url, connection)) {
    throw new Error(`media URL host is not Infobip: ${new URL(url).hostname}`);
  }
  const download = await client.downloadMedia(url);
  if (!download.ok) throw new Error(`media download failed: ${download.code} ${download.message}`);
  const sha256 = await sha256Hex(download.bytes as Uint8Array<ArrayBuffer>);
  const contentType = download.contentType?.split(';')[0]?.trim() || 'application/octet-stream';
  await deps.env.FILES.put(key, download.bytes, {
    httpMetadata: { contentType },
    customMetadata: { workspaceId: connection.workspaceId, messageId: message.id, sha256 },
  });
  return {
    ...media,
    r2Key: key,
    contentType,
    size: download.bytes.byteLength,
    sha256,
    ...(media.filename || !download.filename ? {} : { filename: download.filename }),
  };
}

/** A media job's work: the message read back from its `webhook_inbox` row, its file copied to R2. Throws what failed. */
export async function copyInboundMedia(deps: MediaDeps, job: MediaJob): Promise<MessageMedia> {
  const [row] = await deps.db
    .select()
    .from(webhookInbox)
    .where(and(eq(webhookInbox.id, job.inboxId), eq(webhookInbox.workspaceId, job.workspaceId)));
  if (!row) throw new Error('the webhook row of this message is gone');
  const parsed = parseWebhookResult((row.payload ?? {}) as Record<string, unknown>, row.connectionId);
  if (!parsed.ok || parsed.item.kind !== 'INBOUND' || parsed.item.message.id !== job.messageId) {
    throw new Error('the webhook row does not hold this inbound message');
  }
  const connection = await findLiveConnection(deps.db, row.connectionId);
  if (!connection || connection.workspaceId !== job.workspaceId) throw new Error('the connection was removed');
  return storeInboundMedia(deps, connection, parsed.item.message);
}

/**
 * Ends the message's wait in its conversation (the file linked, or going on without it) and
 * records the outcome on its `webhook_inbox` row: no note for a stored file, `media not stored: …`
 * otherwise. Idempotent: a message no longer waiting (an earlier delivery settled it) is left
 * as it is, row included; answers whether this call ended the wait.
 */
export async function settleMedia(
  deps: Pick<MediaDeps, 'db' | 'env'>,
  job: MediaJob,
  outcome: MediaOutcome,
): Promise<boolean> {
  const { attached } = await deps.env.CONVERSATION.getByName(job.conversation).attachMedia(job.messageId, outcome);
  if (attached) await noteInboxRow(deps.db, jobRow(job), 'failed' in outcome ? givenUpNote(outcome.failed) : null);
  else if ('media' in outcome && outcome.media.r2Key) await dropUnlinkedFile(deps, job, outcome.media.r2Key);
  return attached;
}

/**
 * Deletes a file stored for a message that had already gone on without it (the conversation's
 * 15-minute safety net): nothing links it. The file stays when the message's inbound transcript
 * row links it (an earlier delivery of this job attached it) or when that row is not written
 * yet (its turn may be running with the file), so a linked file is never deleted.
 */
async function dropUnlinkedFile(deps: Pick<MediaDeps, 'db' | 'env'>, job: MediaJob, r2Key: string): Promise<void> {
  const [row] = await deps.db
    .select({ media: agentMessages.media })
    .from(agentMessages)
    .where(
      and(
        eq(agentMessages.workspaceId, job.workspaceId),
        eq(agentMessages.externalMessageId, job.messageId),
        eq(agentMessages.direction, 'inbound'),
      ),
    )
    .limit(1);
  if (!row || row.media?.r2Key === r2Key) return;
  await deps.env.FILES.delete(r2Key);
}

/**
 * How a media job's outcome reads on its `webhook_inbox` row (`error`): a copy being retried, or
 * given up. The operations view counts rows by these prefixes.
 */
export const MEDIA_NOTES = { retrying: 'media not stored yet', givenUp: 'media not stored:' } as const;

/** `media not stored: <reason>`: the note of a message that went on without its file. */
const givenUpNote = (reason: string) => `${MEDIA_NOTES.givenUp} ${reason}`;

/** A row with no outcome written yet: no note, or only a retry's. */
const outcomeNotWritten = () => or(isNull(webhookInbox.error), like(webhookInbox.error, `${MEDIA_NOTES.retrying} %`));

/**
 * Records a failed copy that the queue will retry, so operators see why the message is waiting.
 * A row whose outcome is already written (a redelivered job failing after it) keeps it.
 */
export async function noteMediaRetry(db: Database, job: MediaJob, attempt: number, reason: string): Promise<void> {
  await noteInboxRow(
    db,
    and(jobRow(job), outcomeNotWritten())!,
    `${MEDIA_NOTES.retrying} (attempt ${attempt} of ${MEDIA_MAX_ATTEMPTS}): ${reason}`,
  );
}

/**
 * Records on an inbound message's `webhook_inbox` row that its conversation stopped waiting for
 * the file and went on without it (`media not stored: <reason>`), when the media queue never
 * answered — the Conversation object's safety net. A row whose outcome is already written keeps it.
 */
export async function noteMediaAbandoned(db: Database, message: InboundRef, reason: string): Promise<void> {
  await noteInboxRow(db, and(inboundRow(message), outcomeNotWritten())!, givenUpNote(reason));
}

/** The `webhook_inbox` row a media job's message arrived in. */
const jobRow = (job: MediaJob) => and(eq(webhookInbox.id, job.inboxId), eq(webhookInbox.workspaceId, job.workspaceId))!;
