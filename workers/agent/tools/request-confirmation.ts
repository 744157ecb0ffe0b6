import { z } from 'zod';
import { markPending } from '../../retail/orders';
import { CONFIRM_NO_ID, CONFIRM_YES_ID } from '../confirmation';
import {
  agentActor,
  draftFacts,
  findDraft,
  fromFailure,
  NO_DRAFT,
  toDraftView,
  toolError,
  type DraftView,
} from './draft';
import { orderSummaryLines } from './summary';
import type { AgentTool, OutboundMessage } from './types';

const Input = z.strictObject({});
type Input = z.output<typeof Input>;

/** WhatsApp's limit for the body of a reply-buttons message. */
const BODY_CHARS = 1024;

/** The summary with "Sí, confirmo" / "Quiero cambiar algo" buttons. */
export function confirmationMessage(view: DraftView): Extract<OutboundMessage, { type: 'buttons' }> {
  const head = `Te paso el resumen de tu pedido #${view.number}:`;
  const ask = '¿Confirmás el pedido?';
  let body = [head, '', ...orderSummaryLines(view), '', ask].join('\n');
  if (body.length > BODY_CHARS) body = `${body.slice(0, BODY_CHARS - ask.length - 2)}…\n${ask}`;
  return {
    type: 'buttons',
    text: body,
    buttons: [
      { id: CONFIRM_YES_ID, title: 'Sí, confirmo' },
      { id: CONFIRM_NO_ID, title: 'Quiero cambiar algo' },
    ],
  };
}

export const requestConfirmation: AgentTool<Input, { draft: DraftView; summary: string }> = {
  name: 'request_confirmation',
  description:
    'Show the customer the order summary (items, totals, delivery) with "Sí, confirmo" / "Quiero cambiar algo" buttons and wait for their answer. ' +
    'Needs at least one item and complete delivery details (NOT_READY says what is missing). The summary is sent by the tool: do not repeat it. ' +
    'After this, only an explicit yes from the customer lets you call confirm_order.',
  input: Input,
  allowedStates: ['COLLECTING_ORDER', 'NEEDS_DETAILS', 'AWAITING_CONFIRMATION'],
  async run(deps, ctx) {
    const draft = await findDraft(deps, ctx);
    if (!draft) return NO_DRAFT();
    const current = toDraftView(draft);
    const missing = [...(current.itemCount === 0 ? ['items'] : []), ...(current.deliveryComplete ? [] : ['delivery'])];
    if (missing.length) {
      return toolError('NOT_READY', `The order cannot be put to the customer yet: missing ${missing.join(' and ')}.`, {
        missing,
      });
    }
    let order = draft;
    if (draft.status === 'DRAFT') {
      const pending = await markPending(
        { db: deps.db },
        { workspaceId: ctx.workspaceId, actor: agentActor(ctx), orderId: draft.id },
      );
      if (!pending.ok) return fromFailure(pending);
      order = pending.value;
    }
    const view = toDraftView(order);
    const message = confirmationMessage(view);
    return {
      ok: true,
      data: { draft: view, summary: message.text },
      // Asked again while already waiting: the summary goes out again, the state stays.
      ...(ctx.state === 'AWAITING_CONFIRMATION' ? {} : { event: 'CONFIRMATION_REQUESTED' as const }),
      effects: { draftOrderId: view.orderId, draftFacts: draftFacts(view) },
      outbound: [message],
    };
  },
};
