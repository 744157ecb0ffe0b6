import { z } from 'zod';
import { PAYMENT_METHODS } from '../../../db/schema';
import { registerPayment as registerRetailPayment } from '../../retail/payments/payments';
import { agentActor, findConversationOrder, fromFailure, TALKING_STATES, toolError } from './draft';
import type { AgentTool } from './types';

const Input = z.strictObject({
  method: z
    .enum(PAYMENT_METHODS)
    .describe('TRANSFER (transferencia), CASH (efectivo), CARD (tarjeta), MERCADOPAGO, OTHER'),
  amount: z
    .number()
    .int('amount must be an integer in centavos')
    .positive('amount must be greater than 0')
    .max(Number.MAX_SAFE_INTEGER)
    .describe('Amount the customer says they paid, in centavos ($ 25.000 → 2500000)'),
  reference: z.string().trim().min(1).max(200).optional().describe('Transfer or operation number, if given'),
});
type Input = z.output<typeof Input>;

export const registerPayment: AgentTool<Input> = {
  name: 'register_payment',
  description:
    'Record a payment the customer says they made for their confirmed order. It is registered as PENDING until an operator checks it: ' +
    'never tell the customer the payment is approved. Fails with NO_CONFIRMED_ORDER when the customer has no confirmed order.',
  input: Input,
  allowedStates: TALKING_STATES,
  async run(deps, ctx, input) {
    const order = await findConversationOrder(deps, ctx);
    if (!order) return toolError('NO_CONFIRMED_ORDER', 'This customer has no confirmed order to pay.');
    const paid = await registerRetailPayment(
      { db: deps.db },
      {
        workspaceId: ctx.workspaceId,
        orderId: order.id,
        actor: agentActor(ctx),
        method: input.method,
        amount: input.amount,
        status: 'PENDING',
        ...(input.reference ? { reference: input.reference } : {}),
      },
    );
    if (!paid.ok) return fromFailure(paid);
    const payment = paid.value;
    return {
      ok: true,
      data: {
        paymentId: payment.id,
        status: payment.status,
        method: payment.method,
        amount: payment.amount,
        currency: payment.currency,
        order: {
          number: order.number,
          total: payment.order.total,
          paid: payment.order.paid,
          pending: payment.order.pending,
          paymentStatus: payment.order.paymentStatus,
        },
      },
    };
  },
};
