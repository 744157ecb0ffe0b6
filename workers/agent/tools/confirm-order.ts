import { z } from 'zod';
import { confirmOrder as confirmRetailOrder } from '../../retail/orders';
import { isExplicitYes } from '../confirmation';
import { agentActor, draftFacts, findDraft, NO_DRAFT, toDraftView, toolError } from './draft';
import type { AgentTool } from './types';

const Input = z.strictObject({});
type Input = z.output<typeof Input>;

export const confirmOrder: AgentTool<
  Input,
  { orderId: string; number: number; status: string; total: number; currency: string }
> = {
  name: 'confirm_order',
  description:
    'Confirm the order after the customer explicitly said yes to the summary ("sí", "confirmo", "dale", the Sí button). ' +
    'The stock is sold and the order becomes CONFIRMED. Refused with NOT_CONFIRMED_BY_CUSTOMER unless the last customer message is an explicit yes: ' +
    'never call it on a maybe, a question or a yes with changes. INSUFFICIENT_STOCK means an item sold out meanwhile: tell the customer and offer changes.',
  input: Input,
  allowedStates: ['AWAITING_CONFIRMATION'],
  async run(deps, ctx) {
    if (!isExplicitYes(ctx.lastCustomerMessage)) {
      return toolError(
        'NOT_CONFIRMED_BY_CUSTOMER',
        'The customer has not explicitly confirmed: ask them to answer the summary with a clear yes.',
        { lastMessage: ctx.lastCustomerMessage.text },
      );
    }
    const draft = await findDraft(deps, ctx);
    if (!draft) return NO_DRAFT();
    if (draft.status !== 'PENDING') {
      // The order changed after the summary (editing a PENDING order reopens it): the yes was to another order.
      return toolError('SUMMARY_OUTDATED', 'The order changed after the summary; call request_confirmation again.');
    }
    // The guard of CUSTOMER_CONFIRMED reads the order as the customer accepted it (items, delivery).
    const facts = draftFacts(toDraftView(draft));
    const confirmed = await confirmRetailOrder(
      { db: deps.db },
      { workspaceId: ctx.workspaceId, actor: agentActor(ctx), orderId: draft.id },
    );
    if (!confirmed.ok) {
      return {
        ok: false,
        error: { code: confirmed.error, message: confirmed.message ?? confirmed.error, details: confirmed.details },
        event: 'CUSTOMER_CONFIRMED',
        events: ['EXECUTION_FAILED'],
        effects: { explicitYes: true, draftFacts: facts },
      };
    }
    const order = confirmed.value;
    return {
      ok: true,
      data: {
        orderId: order.id,
        number: order.number,
        status: order.status,
        total: order.total,
        currency: order.currency,
      },
      event: 'CUSTOMER_CONFIRMED',
      events: ['ORDER_CONFIRMED'],
      effects: { explicitYes: true, draftOrderId: order.id, draftFacts: facts },
    };
  },
};
