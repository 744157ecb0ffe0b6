import { createRoute } from '@hono/zod-openapi';
import { deleteProduct } from '../../../retail/products';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { catalogError } from './errors';
import { ProductIdParams } from './schema';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/products/{id}',
  tags: ['products'],
  operationId: 'deleteProduct',
  summary: 'Soft-delete a product and its variants',
  description:
    'The product and its variants disappear from the catalogue (404 afterwards) and their SKUs may be reused. Stock rows, movements, reservations and orders are kept as they are.',
  middleware: [requireAuth, requireWorkspace, requirePermission('products:delete')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: ProductIdParams },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const registerDeleteProduct = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { workspaceId, userId } = c.var.tenant;
    const result = await deleteProduct(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, productId: id },
    );
    if (!result.ok) throw catalogError(result);
    return c.body(null, 204);
  });
