import { createRoute, type z } from '@hono/zod-openapi';
import { adjustStock } from '../../../retail/stock';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from './failures';
import { AdjustStockBody, AdjustStockResultSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/stock/adjust',
  tags: ['stock'],
  operationId: 'adjustStock',
  summary: 'Adjust units on hand',
  description:
    'Send exactly one of `delta` (signed change) or `set` (the counted quantity). Units on hand can never drop below the units reserved: such an adjustment answers 409 INSUFFICIENT_STOCK and changes nothing. Writes a stock movement.',
  middleware: [requireAuth, requireWorkspace, requirePermission('stock:adjust'), idempotent] as const,
  security: [{ bearerAuth: [] }],
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: AdjustStockBody } } },
  },
  responses: {
    200: {
      description: 'The stock after the adjustment and its movement',
      content: { 'application/json': { schema: AdjustStockResultSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type AdjustStockRequest = z.infer<typeof AdjustStockBody>;
export type AdjustStockResponse = z.infer<typeof AdjustStockResultSchema>;

export const registerAdjustStock = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await adjustStock({ db: c.var.db }, { workspaceId, actor: { type: 'user', id: userId }, ...body });
    if (!result.ok) throw failureToApiError(result);
    return c.json(AdjustStockResultSchema.parse(result.value), 200);
  });
