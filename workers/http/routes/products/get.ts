import { createRoute, type z } from '@hono/zod-openapi';
import { getProduct } from '../../../retail/products';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { catalogError } from './errors';
import { ProductIdParams, ProductSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/products/{id}',
  tags: ['products'],
  operationId: 'getProduct',
  summary: 'A product with its variants, prices and stock',
  description: 'Deleted products and products of other workspaces answer 404.',
  middleware: [requireAuth, requireWorkspace, requirePermission('products:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: ProductIdParams },
  responses: {
    200: { description: 'The product', content: { 'application/json': { schema: ProductSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type GetProductResponse = z.infer<typeof ProductSchema>;

export const registerGetProduct = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const result = await getProduct({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, productId: id });
    if (!result.ok) throw catalogError(result);
    return c.json(ProductSchema.parse(result.value), 200);
  });
