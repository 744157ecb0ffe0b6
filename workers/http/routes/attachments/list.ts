import { createRoute, z } from '@hono/zod-openapi';
import { listOrderAttachments } from '../../../retail/attachments/attachments';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { AttachmentSchema, OrderIdParams } from './schema';

export const AttachmentListSchema = z.object({ data: z.array(AttachmentSchema) }).openapi('AttachmentList');

const route = createRoute({
  method: 'get',
  path: '/api/v1/orders/{orderId}/attachments',
  tags: ['attachments'],
  operationId: 'listOrderAttachments',
  summary: "List an order's files",
  description: "The order's own files and its payments' receipts, oldest first (metadata only; download each by id).",
  middleware: [requireAuth, requireWorkspace, requirePermission('files:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: OrderIdParams },
  responses: {
    200: { description: 'The files', content: { 'application/json': { schema: AttachmentListSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListOrderAttachmentsResponse = z.infer<typeof AttachmentListSchema>;

export const registerListOrderAttachments = (app: App) =>
  app.openapi(route, async (c) => {
    const { orderId } = c.req.valid('param');
    const result = await listOrderAttachments({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, orderId });
    if (!result.ok) throw new ApiError('NOT_FOUND', 'Order not found');
    return c.json(AttachmentListSchema.parse({ data: result.value }), 200);
  });
