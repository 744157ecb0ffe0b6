import { createRoute, type z } from '@hono/zod-openapi';
import { createProduct } from '../../../retail/products';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { catalogError } from './errors';
import { CreateProductBody, ProductSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/products',
  tags: ['products'],
  operationId: 'createProduct',
  summary: 'Create a product with optional variants and initial stock',
  description:
    "Prices are integer minor units (0 to 10^12). `currency` defaults to the workspace's. SKUs are trimmed and upper-cased and must be new among the workspace's live variants (409 naming the SKU). Each variant gets a stock row; `initialStock` writes an INITIAL movement.",
  middleware: [requireAuth, requireWorkspace, requirePermission('products:create')] as const,
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: CreateProductBody } } } },
  responses: {
    201: { description: 'The new product', content: { 'application/json': { schema: ProductSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type CreateProductRequest = z.infer<typeof CreateProductBody>;
export type CreateProductResponse = z.infer<typeof ProductSchema>;

export const registerCreateProduct = (app: App) =>
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await createProduct({ db: c.var.db }, { workspaceId, actor: { type: 'user', id: userId }, input });
    if (!result.ok) throw catalogError(result);
    return c.json(ProductSchema.parse(result.value), 201);
  });
