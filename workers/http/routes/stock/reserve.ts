import { createRoute, type z } from '@hono/zod-openapi';
import { reserveStock } from '../../../retail/stock';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from './failures';
import { ReservationResultSchema, ReserveStockBody } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/stock/reserve',
  tags: ['stock'],
  operationId: 'reserveStock',
  summary: 'Hold units for a while',
  description:
    'Holds `quantity` units for `ttlSeconds` (60–86400, default 900). Never oversells, whatever the concurrency: when fewer units are available the answer is 409 INSUFFICIENT_STOCK with `details.requested` and `details.available`. Expired reservations give their units back within a minute.',
  middleware: [requireAuth, requireWorkspace, requirePermission('stock:reserve'), idempotent] as const,
  security: [{ bearerAuth: [] }],
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: ReserveStockBody } } },
  },
  responses: {
    201: {
      description: 'The reservation and the stock after it',
      content: { 'application/json': { schema: ReservationResultSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type ReserveStockRequest = z.infer<typeof ReserveStockBody>;
export type ReserveStockResponse = z.infer<typeof ReservationResultSchema>;

export const registerReserveStock = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await reserveStock({ db: c.var.db }, { workspaceId, actor: { type: 'user', id: userId }, ...body });
    if (!result.ok) throw failureToApiError(result);
    return c.json(ReservationResultSchema.parse(result.value), 201);
  });
