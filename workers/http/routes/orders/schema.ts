import { z } from '@hono/zod-openapi';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import {
  CancelOrderInputSchema,
  ShipOrderInputSchema,
  CreateOrderInputSchema,
  DeliveryDetailsSchema,
  OrderStatusSchema,
  SetItemQuantityInputSchema,
  UpdateOrderInputSchema,
  UpsertItemInputSchema,
} from '../../../retail/orders';
import { Timestamp } from '../workspaces/schema';

// Domain schemas are plain zod, possibly built before @hono/zod-openapi extends zod: `.clone()`
// gives instances with `.openapi` whatever the module load order (see ../stock/schema.ts).
const Status = OrderStatusSchema.clone();

export const OrderIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ord_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

export const OrderItemParams = OrderIdParams.extend({
  itemId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'itemId', in: 'path' }, example: 'itm_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

const Actor = z.object({ type: z.enum(['user', 'agent', 'system']), id: z.string().nullable().optional() });
const Money = z.number().int().openapi({ description: 'Minor units (centavos)', example: 1500000 });

export const OrderCustomerSchema = z
  .object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() })
  .openapi('OrderCustomer');

export const OrderSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'ord_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    number: z.number().int().openapi({ example: 42 }),
    status: Status,
    paymentStatus: z.enum(['UNPAID', 'PARTIAL', 'PAID']),
    customer: OrderCustomerSchema.nullable(),
    subtotal: Money,
    shipping: Money,
    discount: Money,
    total: Money,
    currency: z.string().openapi({ example: 'ARS' }),
    itemCount: z.number().int().openapi({ description: 'Units across all lines' }),
    source: z.enum(['DASHBOARD', 'AGENT', 'API']),
    confirmedAt: Timestamp.nullable(),
    cancelledAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('OrderSummary');

export const OrderItemSchema = z
  .object({
    id: z.string().openapi({ example: 'itm_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    variantId: z.string(),
    productId: z.string(),
    name: z.string(),
    sku: z.string(),
    attributes: z.record(z.string(), z.string()),
    unitPrice: Money,
    quantity: z.number().int(),
    lineTotal: Money,
    heldUntil: Timestamp.nullable().openapi({ description: 'Until when the line’s stock is reserved (DRAFT/PENDING)' }),
  })
  .openapi('OrderItem');

export const OrderSchema = OrderSummarySchema.extend({
  items: z.array(OrderItemSchema),
  delivery: DeliveryDetailsSchema.clone().nullable(),
  notes: z.string().nullable(),
  createdBy: Actor,
  payments: z.array(
    z.object({
      id: z.string(),
      method: z.string(),
      amount: Money,
      currency: z.string(),
      status: z.string(),
      reference: z.string().nullable(),
      paidAt: Timestamp.nullable(),
      createdAt: Timestamp,
    }),
  ),
  history: z.array(
    z.object({
      id: z.string(),
      from: Status.nullable(),
      to: Status,
      actor: Actor.extend({
        name: z.string().nullable().openapi({ description: "The member's full name when a person made the change" }),
      }),
      reason: z.string().nullable(),
      createdAt: Timestamp,
    }),
  ),
}).openapi('Order');

export const OrderPageSchema = PageSchema(OrderSummarySchema).openapi('OrderPage');

export const ListOrdersQuery = PageQuerySchema.extend({
  status: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const parsed = z.array(Status).safeParse(v.split(',').map((s) => s.trim()));
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `status must be one or more of ${Status.options.join(', ')}, comma-separated`,
        });
        return z.NEVER;
      }
      return parsed.data;
    })
    .openapi({ description: 'One status or several, comma-separated', example: 'CONFIRMED,SHIPPED' }),
  customerId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Inclusive lower bound on createdAt' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Inclusive upper bound on createdAt' }),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .openapi({ description: 'Order number (12 or #12), or part of the customer’s name or phone' }),
});

export const CreateOrderBody = CreateOrderInputSchema.clone().openapi('CreateOrder', {
  description: 'Totals are computed by the server; a body with subtotal or total is refused (400).',
  example: {
    customerId: 'cus_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0',
    items: [{ variantId: 'var_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0', quantity: 2 }],
    shipping: 250000,
  },
});
export const UpdateOrderBody = UpdateOrderInputSchema.clone().openapi('UpdateOrder');
export const UpsertItemBody = UpsertItemInputSchema.clone().openapi('UpsertOrderItem', {
  example: { variantId: 'var_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0', quantity: 2 },
});
export const SetItemQuantityBody = SetItemQuantityInputSchema.clone().openapi('SetOrderItemQuantity');
export const CancelOrderBody = CancelOrderInputSchema.clone().openapi('CancelOrder');
export const ShipOrderBody = ShipOrderInputSchema.clone().openapi('ShipOrder', {
  example: { trackingNumber: 'AR123456789' },
});
