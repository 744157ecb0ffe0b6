import { createRoute, type z } from '@hono/zod-openapi';
import { listProducts } from '../../../retail/products';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ListProductsQuery, ProductPageSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/products',
  tags: ['products'],
  operationId: 'listProducts',
  summary: 'Search and filter the catalogue',
  description:
    'Live products with their live variants, effective prices and stock. Newest first; with `q`, best full-text matches first (Spanish stemming over name, category and description) and products with a SKU starting with `q`. Cursor pagination: pass `nextCursor` back as `cursor`.',
  middleware: [requireAuth, requireWorkspace, requirePermission('products:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListProductsQuery },
  responses: {
    200: { description: 'One page of products', content: { 'application/json': { schema: ProductPageSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListProductsResponse = z.infer<typeof ProductPageSchema>;

export const registerListProducts = (app: App) =>
  app.openapi(route, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    const page = await listProducts(
      { db: c.var.db },
      { workspaceId: c.var.tenant.workspaceId, filters, page: { limit, cursor } },
    );
    return c.json(ProductPageSchema.parse(page), 200);
  });
