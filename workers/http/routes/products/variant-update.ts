import { createRoute, type z } from '@hono/zod-openapi';
import { updateVariant } from '../../../retail/products';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { catalogError } from './errors';
import { UpdateVariantBody, VariantParams, VariantSchema } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/products/{id}/variants/{variantId}',
  tags: ['products'],
  operationId: 'updateVariant',
  summary: 'Change some fields of a variant',
  description:
    'SKU, attributes (replaced as a whole), price override (`null` follows the base price), status and low-stock threshold. Units on hand change through the stock API.',
  middleware: [requireAuth, requireWorkspace, requirePermission('products:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: VariantParams,
    body: { required: true, content: { 'application/json': { schema: UpdateVariantBody } } },
  },
  responses: {
    200: { description: 'The updated variant', content: { 'application/json': { schema: VariantSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type UpdateVariantRequest = z.infer<typeof UpdateVariantBody>;
export type UpdateVariantResponse = z.infer<typeof VariantSchema>;

export const registerUpdateVariant = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, variantId } = c.req.valid('param');
    const changes = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await updateVariant(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, productId: id, variantId, changes },
    );
    if (!result.ok) throw catalogError(result);
    return c.json(VariantSchema.parse(result.value), 200);
  });
