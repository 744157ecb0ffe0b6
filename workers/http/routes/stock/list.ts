import { createRoute, type z } from '@hono/zod-openapi';
import { listStock } from '../../../retail/stock';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ListStockQuery, StockLevelPageSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/stock',
  tags: ['stock'],
  operationId: 'listStock',
  summary: 'Inventory per variant',
  description:
    'Every live variant with its units on hand, reserved and available (onHand − reserved), its low-stock threshold and whether it is low. Newest variant first; `low=true` keeps only low ones, `q` matches a SKU prefix or part of the product name.',
  middleware: [requireAuth, requireWorkspace, requirePermission('stock:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListStockQuery },
  responses: {
    200: { description: 'One page of stock levels', content: { 'application/json': { schema: StockLevelPageSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListStockResponse = z.infer<typeof StockLevelPageSchema>;

export const registerListStock = (app: App) =>
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listStock({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, ...query });
    return c.json(StockLevelPageSchema.parse(page), 200);
  });
