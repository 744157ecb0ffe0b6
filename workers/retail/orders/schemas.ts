import { z } from 'zod';
import { ORDER_SOURCES, ORDER_STATUSES } from '../../../db/schema';

/** Most units of one variant on one line. */
export const MAX_LINE_QUANTITY = 10_000;
/** How long a draft's items hold their stock after the last change to it. */
export const DEFAULT_HOLD_SECONDS = 900;

const Money = z.number().int().min(0).max(1e13);
const Text = (max: number) => z.string().trim().min(1).max(max);

export const DeliveryDetailsSchema = z
  .object({
    method: z.enum(['DELIVERY', 'PICKUP']),
    recipientName: Text(120).optional(),
    phone: Text(40).optional(),
    address: z
      .object({
        street: Text(200),
        number: Text(20).optional(),
        apartment: Text(40).optional(),
        city: Text(100),
        province: Text(100).optional(),
        postalCode: Text(20).optional(),
        notes: Text(500).optional(),
      })
      .strict()
      .optional(),
    schedule: Text(200).optional().describe('Free text such as "martes por la tarde"'),
    notes: Text(500).optional(),
    trackingNumber: Text(100).optional().describe("The carrier's tracking number (set when shipping)"),
  })
  .strict()
  .refine((d) => d.method !== 'DELIVERY' || d.address !== undefined, {
    message: 'A DELIVERY needs an address',
    path: ['address'],
  });
export type DeliveryDetailsInput = z.infer<typeof DeliveryDetailsSchema>;

export const OrderLineInputSchema = z
  .object({
    variantId: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  })
  .strict();
export type OrderLineInput = z.infer<typeof OrderLineInputSchema>;

const HoldSeconds = z.number().int().min(60).max(86_400);

const distinctVariants = (items: OrderLineInput[]) => new Set(items.map((i) => i.variantId)).size === items.length;
const Lines = z
  .array(OrderLineInputSchema)
  .max(100)
  .refine(distinctVariants, 'Each variant may appear once; put the total in its quantity');

/** A new order. Totals are computed by the server: sending subtotal/total is refused. */
export const CreateOrderInputSchema = z
  .object({
    customerId: z.string().min(1).max(64).optional(),
    items: Lines.optional(),
    delivery: DeliveryDetailsSchema.optional(),
    notes: z.string().trim().max(2000).optional(),
    shipping: Money.optional(),
    discount: Money.optional(),
    source: z.enum(ORDER_SOURCES).optional(),
    holdSeconds: HoldSeconds.optional(),
  })
  .strict();
export type CreateOrderFields = z.infer<typeof CreateOrderInputSchema>;

/** Changes to a DRAFT or PENDING order; `null` clears customer, delivery or notes. `items` replaces every line. */
export const UpdateOrderInputSchema = z
  .object({
    customerId: z.string().min(1).max(64).nullable().optional(),
    items: Lines.optional(),
    delivery: DeliveryDetailsSchema.nullable().optional(),
    notes: z.string().trim().max(2000).nullable().optional(),
    shipping: Money.optional(),
    discount: Money.optional(),
    holdSeconds: HoldSeconds.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'holdSeconds'), 'Send at least one field to change');
export type UpdateOrderFields = z.infer<typeof UpdateOrderInputSchema>;

/** Sets the line of a variant to `quantity` (creating it if missing); repeating it changes nothing. */
export const UpsertItemInputSchema = OrderLineInputSchema.extend({ holdSeconds: HoldSeconds.optional() }).strict();

export const SetItemQuantityInputSchema = z
  .object({
    quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY).describe('0 removes the line'),
    holdSeconds: HoldSeconds.optional(),
  })
  .strict();

export const ShipOrderInputSchema = z
  .object({ trackingNumber: Text(100).optional().describe("The carrier's tracking number, kept on the delivery") })
  .strict();

export const CancelOrderInputSchema = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();

export const OrderStatusSchema = z.enum(ORDER_STATUSES);
