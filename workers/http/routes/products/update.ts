import { createRoute, type z } from '@hono/zod-openapi';
import { updateProduct } from '../../../retail/products';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { catalogError } from './errors';
import { ProductIdParams, ProductSchema, UpdateProductBody } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/products/{id}',
  tags: ['products'],
  operationId: 'updateProduct',
  summary: 'Change some fields of a product',
  description: 'Fields not sent keep their value; `null` clears description or category.',
  middleware: [requireAuth, requireWorkspace, requirePermission('products:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: ProductIdParams,
    body: { required: true, content: { 'application/json': { schema: UpdateProductBody } } },
  },
  responses: {
    200: { description: 'The updated product', content: { 'application/json': { schema: ProductSchema } } },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

export type UpdateProductRequest = z.infer<typeof UpdateProductBody>;
export type UpdateProductResponse = z.infer<typeof ProductSchema>;

export const registerUpdateProduct = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const changes = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await updateProduct(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, productId: id, changes },
    );
    if (!result.ok) throw catalogError(result);
    return c.json(ProductSchema.parse(result.value), 200);
  });
