import { z } from 'zod';
import { getCustomerContext as readCustomerContext } from '../../retail/customers/detail';
import { TALKING_STATES, toolError } from './draft';
import type { AgentTool } from './types';

const Input = z.strictObject({});
type Input = z.output<typeof Input>;

export const getCustomerContext: AgentTool<Input> = {
  name: 'get_customer_context',
  description:
    'What the shop knows about this customer: name and phone, saved addresses, the latest orders and an open draft. ' +
    'Use it to greet a returning customer by name and to offer a saved address instead of asking again.',
  input: Input,
  allowedStates: TALKING_STATES,
  async run(deps, ctx) {
    if (!ctx.customerId) return toolError('NO_CUSTOMER', 'The customer of this conversation is not identified yet.');
    const found = await readCustomerContext(
      { db: deps.db },
      { workspaceId: ctx.workspaceId, customerId: ctx.customerId },
    );
    if (!found.ok) return toolError('NO_CUSTOMER', 'The customer of this conversation no longer exists.');
    const { customer, addresses, lastOrders, openDraft, totals } = found.value;
    return {
      ok: true,
      data: {
        customer: { name: customer.name, phone: customer.phone, email: customer.email, notes: customer.notes },
        returning: totals.orderCount > 0,
        addresses: addresses.map((a) => ({
          label: a.label,
          street: a.street,
          number: a.number,
          apartment: a.apartment,
          city: a.city,
          province: a.province,
          postalCode: a.postalCode,
          notes: a.notes,
          isDefault: a.isDefault,
        })),
        recentOrders: lastOrders.map((o) => ({
          number: o.number,
          status: o.status,
          paymentStatus: o.paymentStatus,
          total: o.total,
          currency: o.currency,
          createdAt: o.createdAt,
        })),
        openDraft: openDraft ? { orderId: openDraft.id, number: openDraft.number, total: openDraft.total } : null,
        totals,
      },
    };
  },
};
