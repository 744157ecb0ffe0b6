import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { agentMessages } from '../../../db/schema';
import { attachReceipt as attachRetailReceipt } from '../../retail/attachments/attachments';
import { listPayments } from '../../retail/payments/payments';
import { agentActor, findConversationOrder, fromFailure, TALKING_STATES, toolError } from './draft';
import type { AgentTool, ToolContext, ToolDeps } from './types';

const Input = z.strictObject({
  messageId: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('The customer message holding the file; the latest image or document when omitted'),
});
type Input = z.output<typeof Input>;

/** The conversation's latest inbound image or document with a stored file (or the one asked for). */
async function receiptMessage(deps: ToolDeps, ctx: ToolContext, messageId: string | undefined) {
  const [row] = await deps.db
    .select({ id: agentMessages.id, media: agentMessages.media })
    .from(agentMessages)
    .where(
      and(
        eq(agentMessages.workspaceId, ctx.workspaceId),
        eq(agentMessages.sessionId, ctx.sessionId),
        eq(agentMessages.direction, 'inbound'),
        inArray(agentMessages.type, ['image', 'document']),
        sql`${agentMessages.media}->>'r2Key' is not null`,
        messageId ? eq(agentMessages.id, messageId) : undefined,
      ),
    )
    .orderBy(desc(agentMessages.createdAt), desc(agentMessages.id))
    .limit(1);
  return row?.media?.r2Key ? { id: row.id, r2Key: row.media.r2Key, filename: row.media.filename ?? null } : null;
}

export const attachReceipt: AgentTool<Input> = {
  name: 'attach_receipt',
  description:
    'Attach the payment receipt the customer sent (their latest image or PDF in this chat) to their latest pending payment, or to their order when no payment is registered. ' +
    'Use it when the customer sends a comprobante. Fails with NO_RECEIPT when the customer has sent no image or document.',
  input: Input,
  allowedStates: TALKING_STATES,
  async run(deps, ctx, input) {
    const message = await receiptMessage(deps, ctx, input.messageId);
    if (!message)
      return toolError('NO_RECEIPT', 'The customer has not sent an image or document in this conversation.');
    const order = await findConversationOrder(deps, ctx, { orDraft: true });
    if (!order) return toolError('NO_ORDER', 'This customer has no order to attach a receipt to.');
    const payments = await listPayments({ db: deps.db }, { workspaceId: ctx.workspaceId, orderId: order.id });
    const pending = payments.ok ? payments.value.items.filter((p) => p.status === 'PENDING').at(-1) : undefined;
    const object = await deps.files.get(message.r2Key);
    if (!object) return toolError('FILE_MISSING', 'The file of that message is no longer stored.');
    const bytes = new Uint8Array(await object.arrayBuffer());
    const attached = await attachRetailReceipt(
      { db: deps.db, files: deps.files },
      {
        workspaceId: ctx.workspaceId,
        ...(pending ? { paymentId: pending.id } : { orderId: order.id }),
        bytes,
        filename: message.filename,
        actor: agentActor(ctx),
      },
    );
    if (!attached.ok) return fromFailure(attached);
    return {
      ok: true,
      data: {
        attachmentId: attached.value.attachment.id,
        attachedTo: pending ? 'payment' : 'order',
        ...(pending ? { paymentId: pending.id } : {}),
        orderNumber: order.number,
        created: attached.value.created,
      },
    };
  },
};
