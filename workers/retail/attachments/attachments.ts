import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { attachments, orders, payments } from '../../../db/schema';
import { recordAudit, type Actor } from '../../core/audit/record';
import { fail, ok, type Result } from '../../core/result';
import { ACCEPTED_TYPES, sniffContentType, type AcceptedType } from './sniff';
import { sha256Hex } from '../../core/crypto/hash';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

type AttachmentRow = typeof attachments.$inferSelect;
export type Attachment = Omit<AttachmentRow, 'workspaceId' | 'r2Key'>;

export interface AttachmentDeps {
  db: Database;
  /** The FILES R2 bucket. */
  files: R2Bucket;
}

/** A file for a payment (a receipt; the payment's order is recorded too) or for an order itself. */
export type AttachmentTarget = { paymentId: string; orderId?: undefined } | { orderId: string; paymentId?: undefined };

export type AttachInput = AttachmentTarget & {
  workspaceId: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** As the uploader named it; the extension is corrected to the detected type. */
  filename?: string | null;
  actor: Actor;
};

export type AttachFailure = 'NOT_FOUND' | 'TOO_LARGE' | 'UNSUPPORTED_TYPE';

const toAttachment = ({ workspaceId: _ws, r2Key: _key, ...rest }: AttachmentRow): Attachment => rest;

/** A safe display name: no path, no control or quote characters, and the extension of its real type. */
export function cleanFilename(name: string | null | undefined, type: AcceptedType): string {
  const ext = ACCEPTED_TYPES[type];
  const printable = [...(name ?? '').split(/[\\/]/).pop()!].filter((ch) => ch >= ' ' && ch !== '\u007f' && ch !== '"');
  const base = printable.join('').trim().slice(0, 150);
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'archivo';
  return `${stem}.${ext}`;
}

/** The order and payment the file belongs to, if both are in the workspace. */
async function resolveTarget(db: DbOrTx, workspaceId: string, target: AttachmentTarget) {
  if (target.paymentId !== undefined) {
    const [p] = await db
      .select({ orderId: payments.orderId })
      .from(payments)
      .where(and(eq(payments.workspaceId, workspaceId), eq(payments.id, target.paymentId)));
    return p && { paymentId: target.paymentId, orderId: p.orderId };
  }
  const [o] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, target.orderId)));
  return o && { paymentId: null, orderId: o.id };
}

/**
 * Stores a receipt or order file in R2 (`ws/<workspaceId>/attachments/<id>`) and records it.
 * The type is decided by magic bytes (JPEG, PNG, WebP, HEIC/HEIF, PDF), never by what the
 * uploader declared; over 10 MB is TOO_LARGE. The same bytes uploaded again to the same payment
 * (or order) return the existing attachment with `created: false` and store nothing new.
 */
export async function attachFile(
  { db, files }: AttachmentDeps,
  input: AttachInput,
): Promise<Result<{ attachment: Attachment; created: boolean }, AttachFailure>> {
  const { workspaceId, bytes, actor } = input;
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES)
    return fail('TOO_LARGE', `Files are limited to ${MAX_ATTACHMENT_BYTES} bytes`);
  const contentType = sniffContentType(bytes);
  if (!contentType) return fail('UNSUPPORTED_TYPE', 'Only JPEG, PNG, WebP, HEIC images and PDF documents are accepted');
  const sha256 = await sha256Hex(bytes);
  const id = newId('att');
  const r2Key = `ws/${workspaceId}/attachments/${id}`;
  let stored = false;
  try {
    return await db.transaction(async (tx) => {
      const target = await resolveTarget(tx, workspaceId, input);
      if (!target) return fail('NOT_FOUND', input.paymentId !== undefined ? 'Payment not found' : 'Order not found');
      // One uploader per payment/order at a time, so a repeated upload always finds the first.
      const parent = target.paymentId ?? target.orderId;
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`attachments:${parent}`}, 0))`);
      const [existing] = await tx
        .select()
        .from(attachments)
        .where(
          and(
            eq(attachments.workspaceId, workspaceId),
            eq(attachments.sha256, sha256),
            target.paymentId
              ? eq(attachments.paymentId, target.paymentId)
              : and(eq(attachments.orderId, target.orderId), isNull(attachments.paymentId)),
          ),
        )
        .limit(1);
      if (existing) return ok({ attachment: toAttachment(existing), created: false });

      const filename = cleanFilename(input.filename, contentType);
      await files.put(r2Key, bytes, { httpMetadata: { contentType }, customMetadata: { workspaceId, sha256 } });
      stored = true;
      const [row] = await tx
        .insert(attachments)
        .values({
          id,
          workspaceId,
          paymentId: target.paymentId,
          orderId: target.orderId,
          r2Key,
          filename,
          contentType,
          size: bytes.byteLength,
          sha256,
          createdByType: actor.type,
          createdById: actor.id ?? null,
        })
        .returning();
      const attachment = toAttachment(row!);
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: 'attachment.create',
        entityType: 'attachment',
        entityId: id,
        after: attachment,
      });
      return ok({ attachment, created: true });
    });
  } catch (error) {
    // The row did not commit: do not leave its object behind.
    if (stored) await files.delete(r2Key).catch(() => {});
    throw error;
  }
}

/** What the agent's `attach_receipt` tool calls: `attachFile` for a payment's receipt (or an order's file). */
export const attachReceipt = attachFile;

/** An attachment of the workspace with its stored bytes, for download. */
export async function openAttachment(
  { db, files }: AttachmentDeps,
  { workspaceId, attachmentId }: { workspaceId: string; attachmentId: string },
): Promise<Result<{ attachment: Attachment; body: ReadableStream }, 'NOT_FOUND'>> {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.id, attachmentId)));
  const object = row && (await files.get(row.r2Key));
  if (!row || !object) return fail('NOT_FOUND', 'Attachment not found');
  return ok({ attachment: toAttachment(row), body: object.body });
}

/**
 * The files of an order of the workspace: its own and its payments' receipts, oldest first.
 * NOT_FOUND when the order is not the workspace's (or does not exist).
 */
export async function listOrderAttachments(
  { db }: { db: Database },
  { workspaceId, orderId }: { workspaceId: string; orderId: string },
): Promise<Result<Attachment[], 'NOT_FOUND'>> {
  const [order] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)));
  if (!order) return fail('NOT_FOUND', 'Order not found');
  const rows = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.orderId, orderId)))
    .orderBy(attachments.id);
  return ok(rows.map(toAttachment));
}
