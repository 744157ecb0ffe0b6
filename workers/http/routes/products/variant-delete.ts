import { createRoute } from '@hono/zod-openapi';
import { deleteVariant } from '../../../retail/products';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { catalogError } from './errors';
import { VariantParams } from './schema';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/products/{id}/variants/{variantId}',
  tags: ['products'],
  operationId: 'deleteVariant',
  summary: 'Soft-delete a variant',
  description: 'The variant disappears from the catalogue and its SKU may be reused; its stock rows are kept.',
  middleware: [requireAuth, requireWorkspace, requirePermission('products:delete')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: VariantParams },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const registerDeleteVariant = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, variantId } = c.req.valid('param');
    const { workspaceId, userId } = c.var.tenant;
    const result = await deleteVariant(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, productId: id, variantId },
    );
    if (!result.ok) throw catalogError(result);
    return c.body(null, 204);
  });
