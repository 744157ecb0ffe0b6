import { createRoute, type z } from '@hono/zod-openapi';
import { listMovements } from '../../../retail/stock';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ListMovementsQuery, StockMovementPageSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/stock/movements',
  tags: ['stock'],
  operationId: 'listStockMovements',
  summary: 'The stock ledger',
  description:
    'Every change of units on hand with its delta, the quantity after it, the reason, what caused it (e.g. an order) and who. Newest first; filter by variant, reason and a date range.',
  middleware: [requireAuth, requireWorkspace, requirePermission('stock:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListMovementsQuery },
  responses: {
    200: { description: 'One page of movements', content: { 'application/json': { schema: StockMovementPageSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListStockMovementsResponse = z.infer<typeof StockMovementPageSchema>;

export const registerListStockMovements = (app: App) =>
  app.openapi(route, async (c) => {
    const { from, to, ...query } = c.req.valid('query');
    const page = await listMovements(
      { db: c.var.db },
      {
        workspaceId: c.var.tenant.workspaceId,
        ...query,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      },
    );
    return c.json(StockMovementPageSchema.parse(page), 200);
  });
