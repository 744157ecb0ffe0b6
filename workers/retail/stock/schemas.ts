import { z } from 'zod';
import { STOCK_MOVEMENT_REASONS } from '../../../db/schema';

/** Reasons an operator or the agent may give for a manual adjustment; SALE and CANCELLATION come from orders only. */
export const MANUAL_REASONS = ['ADJUSTMENT', 'RESTOCK', 'RETURN', 'DAMAGE', 'CORRECTION', 'INITIAL', 'IMPORT'] as const;
export type ManualReason = (typeof MANUAL_REASONS)[number];

export const MAX_UNITS = 1_000_000;
export const DEFAULT_RESERVATION_TTL_SECONDS = 900;

const VariantId = z.string().min(1).max(64);

/** `POST /stock/adjust` and the agent's adjust tool: exactly one of `delta` or `set`. */
export const AdjustStockInputSchema = z
  .object({
    variantId: VariantId,
    delta: z
      .number()
      .int()
      .min(-MAX_UNITS)
      .max(MAX_UNITS)
      .refine((d) => d !== 0, 'delta must not be 0')
      .optional(),
    set: z.number().int().min(0).max(MAX_UNITS).optional(),
    reason: z.enum(MANUAL_REASONS),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((b) => (b.delta === undefined) !== (b.set === undefined), {
    message: 'Send exactly one of delta or set',
    path: ['delta'],
  });
export type AdjustStockFields = z.infer<typeof AdjustStockInputSchema>;

export const ReserveStockInputSchema = z
  .object({
    variantId: VariantId,
    quantity: z.number().int().min(1).max(MAX_UNITS),
    orderId: z.string().min(1).max(64).optional(),
    ttlSeconds: z.number().int().min(60).max(86_400).default(DEFAULT_RESERVATION_TTL_SECONDS),
  })
  .strict();
export type ReserveStockFields = z.input<typeof ReserveStockInputSchema>;

export const ReleaseReservationInputSchema = z.object({ reservationId: z.string().min(1).max(64) }).strict();

export const StockMovementReasonSchema = z.enum(STOCK_MOVEMENT_REASONS);
