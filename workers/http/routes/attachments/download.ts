import { createRoute, z } from '@hono/zod-openapi';
import { openAttachment } from '../../../retail/attachments/attachments';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { AttachmentIdParams } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/attachments/{id}',
  tags: ['attachments'],
  operationId: 'downloadAttachment',
  summary: 'Download an attachment',
  description: 'The stored bytes with their detected content type and a Content-Disposition naming the file.',
  middleware: [requireAuth, requireWorkspace, requirePermission('files:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: AttachmentIdParams },
  responses: {
    200: {
      description: 'The file',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** `inline; filename="ascii"; filename*=UTF-8''…` so every browser gets a usable, safe name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const registerDownloadAttachment = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const result = await openAttachment(
      { db: c.var.db, files: c.env.FILES },
      { workspaceId: c.var.tenant.workspaceId, attachmentId: id },
    );
    if (!result.ok) throw new ApiError('NOT_FOUND', 'Attachment not found');
    const { attachment, body } = result.value;
    return c.body(body, 200, {
      'content-type': attachment.contentType,
      'content-length': String(attachment.size),
      'content-disposition': contentDisposition(attachment.filename ?? attachment.id),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=0, must-revalidate',
    });
  });
