import { createRoute, type z } from '@hono/zod-openapi';
import { addVariant } from '../../../retail/products';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { catalogError } from './errors';
import { CreateVariantBody, ProductIdParams, VariantSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/products/{id}/variants',
  tags: ['products'],
  operationId: 'createVariant',
  summary: 'Add a variant to a product',
  description:
    "The SKU is trimmed and upper-cased and must be new among the workspace's live variants (409 naming it). The variant gets a stock row; `initialStock` writes an INITIAL movement.",
  middleware: [requireAuth, requireWorkspace, requirePermission('products:create')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: ProductIdParams,
    body: { required: true, content: { 'application/json': { schema: CreateVariantBody } } },
  },
  responses: {
    201: { description: 'The new variant', content: { 'application/json': { schema: VariantSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type CreateVariantRequest = z.infer<typeof CreateVariantBody>;
export type CreateVariantResponse = z.infer<typeof VariantSchema>;

export const registerCreateVariant = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const variant = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await addVariant(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, productId: id, variant },
    );
    if (!result.ok) throw catalogError(result);
    return c.json(VariantSchema.parse(result.value), 201);
  });
