import { z } from '@hono/zod-openapi';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import {
  AdjustStockInputSchema,
  ReleaseReservationInputSchema,
  ReserveStockInputSchema,
  StockMovementReasonSchema,
} from '../../../retail/stock';
import { Timestamp } from '../workspaces/schema';

export { Timestamp };

const Id = (example: string) => z.string().openapi({ example });

export const StockCountsSchema = z
  .object({
    variantId: Id('var_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0'),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int().openapi({ description: 'onHand − reserved' }),
    lowStockThreshold: z.number().int(),
    low: z.boolean().openapi({ description: 'available ≤ lowStockThreshold' }),
  })
  .openapi('StockCounts');

export const StockLevelSchema = StockCountsSchema.extend({
  productId: Id('prd_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0'),
  productName: z.string().openapi({ example: 'Remera lisa' }),
  sku: z.string().openapi({ example: 'REM-M-NEG' }),
  attributes: z.record(z.string(), z.string()).openapi({ example: { talle: 'M', color: 'Negro' } }),
  updatedAt: Timestamp.nullable(),
}).openapi('StockLevel');

export const StockLevelPageSchema = PageSchema(StockLevelSchema).openapi('StockLevelPage');

const BooleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const ListStockQuery = PageQuerySchema.extend({
  low: BooleanQuery.openapi({ description: 'Only variants at or below their low-stock threshold', example: 'true' }),
  q: z.string().trim().max(100).optional().openapi({ description: 'SKU prefix or part of the product name' }),
});

export const StockMovementSchema = z
  .object({
    id: Id('mov_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0'),
    variantId: z.string(),
    delta: z.number().int(),
    onHandAfter: z.number().int(),
    reason: StockMovementReasonSchema.clone(),
    reference: z.object({ type: z.string(), id: z.string() }).nullable(),
    actor: z.object({ type: z.enum(['user', 'agent', 'system']), id: z.string().nullable().optional() }),
    note: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi('StockMovement');

export const StockMovementPageSchema = PageSchema(StockMovementSchema).openapi('StockMovementPage');

export const ListMovementsQuery = PageQuerySchema.extend({
  variantId: z.string().max(64).optional(),
  reason: StockMovementReasonSchema.clone().optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Inclusive lower bound on createdAt' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Inclusive upper bound on createdAt' }),
});

// Domain schemas come from plain zod and may be built before @hono/zod-openapi adds `.openapi`
// to zod (zod 4 copies prototype methods onto each instance when it is created): `.clone()`
// makes an instance that has it, whatever the module load order.
export const AdjustStockBody = AdjustStockInputSchema.clone().openapi('AdjustStock', {
  example: { variantId: 'var_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0', delta: 12, reason: 'RESTOCK', note: 'Llegó el proveedor' },
});

export const AdjustStockResultSchema = z
  .object({ stock: StockCountsSchema, movement: StockMovementSchema })
  .openapi('StockAdjustment');

export const ReserveStockBody = ReserveStockInputSchema.clone().openapi('ReserveStock', {
  example: { variantId: 'var_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0', quantity: 2, ttlSeconds: 900 },
});

export const ReleaseReservationBody = ReleaseReservationInputSchema.clone().openapi('ReleaseReservation');

export const ReservationSchema = z
  .object({
    id: Id('rsv_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0'),
    variantId: z.string(),
    quantity: z.number().int(),
    orderId: z.string().nullable(),
    status: z.enum(['ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED']),
    expiresAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('StockReservation');

export const ReservationResultSchema = z
  .object({ reservation: ReservationSchema, stock: StockCountsSchema })
  .openapi('StockReservationResult');
