/**
 * The Infobip sandbox (development and tests only; the routes refuse production): Infobip's send
 * API at `/api/v1/dev/infobip/:connectionId/whatsapp/1/…`, answering in Infobip's wire format.
 * It records every outbound message (`sandbox_messages`; a repeated `messageId` is the same
 * message, as with Infobip) and then reports back like Infobip does — a delivery report and a
 * seen report posted to the connection's real webhook, authenticated like Infobip would. The
 * customer simulator builds inbound webhooks the same way.
 */
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../../db/client';
import { newId } from '../../../db/ids';
import { sandboxMessages } from '../../../db/schema';
import { decodeCursor, toPage, type Page } from '../../core/pagination';
import type { Bindings } from '../../core/bindings';
import { credentialsOf, webhookUrlOf, type ConnectionRow } from '../connections';
import { SendButtonsBody, SendListBody, SendMediaBody, SendTemplateBody, SendTextBody } from './schemas';
import { sandboxBaseUrl, selfFetch } from './transport';
import { basicAuthorization, hmacSha256Hex } from './webhook-auth';

export type SandboxRow = typeof sandboxMessages.$inferSelect;

/** The send endpoints the sandbox implements, by path after `/whatsapp/1/`. */
export const SANDBOX_SEND_ENDPOINTS: Record<string, { kind: string; schema: z.ZodType }> = {
  'message/text': { kind: 'text', schema: SendTextBody },
  'message/image': { kind: 'image', schema: SendMediaBody },
  'message/document': { kind: 'document', schema: SendMediaBody },
  'message/video': { kind: 'video', schema: SendMediaBody },
  'message/audio': { kind: 'audio', schema: SendMediaBody },
  'message/interactive/buttons': { kind: 'interactive/buttons', schema: SendButtonsBody },
  'message/interactive/list': { kind: 'interactive/list', schema: SendListBody },
  'message/template': { kind: 'template', schema: SendTemplateBody },
};

/** Infobip's error body. */
export function infobipError(messageId: string, text: string) {
  return { requestError: { serviceException: { messageId, text } } };
}

const PENDING = {
  groupId: 1,
  groupName: 'PENDING',
  id: 26,
  name: 'PENDING_ACCEPTED',
  description: 'Message sent to next instance',
};

/** Infobip's time format: `2026-11-20T14:03:11.000+0000`. */
export function infobipTime(date = new Date()): string {
  return date.toISOString().replace('Z', '+0000');
}

export type SandboxSendResult =
  | { ok: true; response: Record<string, unknown>; recorded: SandboxRow[] }
  | { ok: false; status: 400 | 404; response: ReturnType<typeof infobipError> };

/**
 * Accepts one send request like Infobip: validates the body, records each message (a repeated
 * `messageId` is recognised, not recorded twice) and answers with the message status. `recorded`
 * lists only the messages that are new, the ones to report on.
 */
export async function acceptSandboxSend(
  db: Database,
  connection: ConnectionRow,
  endpoint: string,
  body: unknown,
): Promise<SandboxSendResult> {
  const spec = SANDBOX_SEND_ENDPOINTS[endpoint];
  if (!spec)
    return { ok: false, status: 404, response: infobipError('NOT_FOUND', `Unknown endpoint /whatsapp/1/${endpoint}`) };
  const parsed = spec.schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'body';
    return {
      ok: false,
      status: 400,
      response: infobipError('BAD_REQUEST', `${where}: ${issue?.message ?? 'invalid'}`),
    };
  }
  const messages =
    spec.kind === 'template'
      ? (parsed.data as z.infer<typeof SendTemplateBody>).messages
      : [parsed.data as { from: string; to: string; messageId: string }];
  const wrongSender = messages.find((m) => m.from !== connection.sender);
  if (wrongSender) {
    return {
      ok: false,
      status: 400,
      response: infobipError('BAD_REQUEST', `Sender ${wrongSender.from} is not registered on this account`),
    };
  }
  const recorded = await db
    .insert(sandboxMessages)
    .values(
      messages.map((m) => ({
        id: newId('sbx'),
        workspaceId: connection.workspaceId,
        connectionId: connection.id,
        messageId: m.messageId,
        kind: spec.kind,
        from: m.from,
        to: m.to,
        body: m as unknown as Record<string, unknown>,
      })),
    )
    .onConflictDoNothing()
    .returning();
  const statuses = messages.map((m) => ({ to: m.to, messageCount: 1, messageId: m.messageId, status: PENDING }));
  const response = spec.kind === 'template' ? { messages: statuses, bulkId: null } : statuses[0]!;
  return { ok: true, response, recorded };
}

/** A delivery report as Infobip posts it, DELIVERED_TO_HANDSET for each message. */
export function deliveryReportBody(rows: SandboxRow[], now = new Date()) {
  return {
    results: rows.map((row) => ({
      bulkId: null,
      messageId: row.messageId,
      to: row.to,
      sentAt: infobipTime(row.createdAt),
      doneAt: infobipTime(now),
      messageCount: 1,
      callbackData: (row.body as { callbackData?: string }).callbackData ?? null,
      price: { pricePerMessage: 0, currency: 'USD' },
      status: {
        groupId: 3,
        groupName: 'DELIVERED',
        id: 5,
        name: 'DELIVERED_TO_HANDSET',
        description: 'Message delivered to handset',
      },
      error: { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false },
    })),
  };
}

/** A seen report as Infobip posts it. */
export function seenReportBody(rows: SandboxRow[], now = new Date()) {
  return {
    results: rows.map((row) => ({
      messageId: row.messageId,
      from: row.from,
      to: row.to,
      sentAt: infobipTime(row.createdAt),
      seenAt: infobipTime(now),
      applicationId: 'default',
      entityId: null,
    })),
  };
}

/**
 * Posts a body to the connection's webhook through the Worker's own `fetch`, authenticated the
 * way the connection expects (Basic credentials or the HMAC signature header; nothing for NONE).
 */
export async function postToWebhook(
  env: Pick<Bindings, 'APP_URL' | 'ENCRYPTION_KEY'>,
  connection: ConnectionRow,
  body: unknown,
): Promise<Response> {
  const raw = JSON.stringify(body);
  const headers = new Headers({ 'content-type': 'application/json', 'user-agent': 'nexova-infobip-sandbox' });
  const { webhookSecret } = await credentialsOf(env.ENCRYPTION_KEY, connection);
  if (connection.webhookAuth === 'BASIC')
    headers.set('authorization', basicAuthorization(connection.basicUsername, webhookSecret));
  if (connection.webhookAuth === 'HMAC')
    headers.set(connection.hmacHeader, `sha256=${await hmacSha256Hex(webhookSecret, raw)}`);
  return selfFetch(new Request(webhookUrlOf(env.APP_URL, connection.id), { method: 'POST', headers, body: raw }));
}

/** After a send: DELIVERED, then SEEN, posted to the webhook; the recorded rows follow along. */
export async function emitSandboxReports(
  { db, env }: { db: Database; env: Pick<Bindings, 'APP_URL' | 'ENCRYPTION_KEY'> },
  connection: ConnectionRow,
  rows: SandboxRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  const delivered = await postToWebhook(env, connection, deliveryReportBody(rows));
  if (!delivered.ok) throw new Error(`sandbox: the webhook refused the delivery report (${delivered.status})`);
  await db.update(sandboxMessages).set({ status: 'DELIVERED' }).where(inArray(sandboxMessages.id, ids));
  const seen = await postToWebhook(env, connection, seenReportBody(rows));
  if (!seen.ok) throw new Error(`sandbox: the webhook refused the seen report (${seen.status})`);
  await db.update(sandboxMessages).set({ status: 'SEEN' }).where(inArray(sandboxMessages.id, ids));
}

export async function listSandboxMessages(
  db: Database,
  {
    workspaceId,
    connectionId,
    limit,
    cursor,
  }: { workspaceId: string; connectionId?: string; limit: number; cursor?: string },
): Promise<Page<SandboxRow>> {
  const after = decodeCursor(cursor);
  const rows = await db
    .select()
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.workspaceId, workspaceId),
        connectionId ? eq(sandboxMessages.connectionId, connectionId) : undefined,
        after ? lt(sandboxMessages.id, after) : undefined,
      ),
    )
    .orderBy(desc(sandboxMessages.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}

// --- Inbound media the simulator "uploads" ---------------------------------------------------

const sandboxMediaKey = (connectionId: string, mediaId: string) => `sandbox/${connectionId}/media/${mediaId}`;

/** A 1×1 PNG and a one-page PDF, for simulated media sent without a file. */
const PLACEHOLDER_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PLACEHOLDER_PDF = btoa(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export interface SimulatedMedia {
  type: 'IMAGE' | 'DOCUMENT' | 'VIDEO' | 'AUDIO' | 'VOICE' | 'STICKER';
  base64?: string;
  contentType?: string;
  filename?: string;
  caption?: string;
}

/** Stores a simulated file where the sandbox serves it, and returns the Infobip-style URL to it. */
export async function putSandboxMedia(
  env: Pick<Bindings, 'APP_URL' | 'FILES'>,
  connection: ConnectionRow,
  media: SimulatedMedia,
): Promise<string> {
  const mediaId = crypto.randomUUID();
  const fallbackPdf = media.type === 'DOCUMENT';
  const base64 = media.base64 ?? (fallbackPdf ? PLACEHOLDER_PDF : PLACEHOLDER_PNG);
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  const contentType =
    media.contentType ?? (media.base64 ? 'application/octet-stream' : fallbackPdf ? 'application/pdf' : 'image/png');
  await env.FILES.put(sandboxMediaKey(connection.id, mediaId), bytes, {
    httpMetadata: { contentType },
    customMetadata: media.filename ? { filename: media.filename } : {},
  });
  return `${sandboxBaseUrl(env.APP_URL, connection.id)}/whatsapp/1/senders/${connection.sender}/media/${mediaId}`;
}

/** The stored file of a simulated media message, as Infobip's media endpoint serves it. */
export async function getSandboxMedia(
  files: R2Bucket,
  connectionId: string,
  mediaId: string,
): Promise<R2ObjectBody | null> {
  if (!/^[0-9a-f-]{36}$/.test(mediaId)) return null;
  return files.get(sandboxMediaKey(connectionId, mediaId));
}
