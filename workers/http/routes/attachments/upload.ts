import { createRoute, type z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import {
  attachFile,
  MAX_ATTACHMENT_BYTES,
  type AttachmentDeps,
  type AttachmentTarget,
} from '../../../retail/attachments/attachments';
import type { App, AppEnv, TenantContext } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { AttachmentSchema, OrderIdParams, PaymentIdParams, UploadForm } from './schema';

/** The upload paths, which the app-wide JSON-body middleware must let through. */
export const isAttachmentUploadPath = (path: string) => /^\/api\/v1\/(payments|orders)\/[^/]+\/attachments$/.test(path);

/** Room for the multipart boundaries and part headers around a file of the maximum size. */
const MULTIPART_OVERHEAD = 64 * 1024;
const tooLarge = () => new ApiError('PAYLOAD_TOO_LARGE', `Files are limited to ${MAX_ATTACHMENT_BYTES} bytes (10 MB)`);

/** Multipart only, and refused by Content-Length (or by counting the stream) before anything is read. */
const uploadBody = createMiddleware<AppEnv>(async (c, next) => {
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a field named file');
  }
  return limit(c, next);
});
const limit = bodyLimit({
  maxSize: MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD,
  onError: () => {
    throw tooLarge();
  },
});

const created = { description: 'Stored', content: { 'application/json': { schema: AttachmentSchema } } };
const existing = {
  description: 'The same file was already attached here; nothing new stored',
  content: { 'application/json': { schema: AttachmentSchema } },
};
const description =
  'multipart/form-data with a `file` field, at most 10 MB (413). The type is detected from the bytes: JPEG, PNG, WebP, HEIC/HEIF or PDF, anything else 415 whatever was declared. Uploading the same bytes again returns the existing attachment with 200.';
const common = {
  tags: ['attachments'],
  middleware: [requireAuth, requireWorkspace, requirePermission('files:upload'), uploadBody],
  security: [{ bearerAuth: [] }],
  responses: { 201: created, 200: existing, ...errorResponses(400, 401, 403, 404, 413, 415) },
};
const form = { required: true, content: { 'multipart/form-data': { schema: UploadForm } } } as const;

const paymentRoute = createRoute({
  ...common,
  method: 'post' as const,
  path: '/api/v1/payments/{id}/attachments',
  operationId: 'uploadPaymentAttachment',
  summary: 'Attach a receipt to a payment',
  description,
  request: { params: PaymentIdParams, body: form },
});

const orderRoute = createRoute({
  ...common,
  method: 'post' as const,
  path: '/api/v1/orders/{orderId}/attachments',
  operationId: 'uploadOrderAttachment',
  summary: 'Attach a file to an order',
  description,
  request: { params: OrderIdParams, body: form },
});

export type UploadAttachmentResponse = z.infer<typeof AttachmentSchema>;

async function store(deps: AttachmentDeps, tenant: TenantContext, target: AttachmentTarget, file: File) {
  if (file.size > MAX_ATTACHMENT_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await attachFile(deps, {
    ...target,
    workspaceId: tenant.workspaceId,
    bytes,
    filename: file.name,
    actor: { type: 'user', id: tenant.userId },
  });
  if (!result.ok) {
    switch (result.error) {
      case 'NOT_FOUND':
        throw new ApiError('NOT_FOUND', result.message ?? 'Not found');
      case 'TOO_LARGE':
        throw tooLarge();
      case 'UNSUPPORTED_TYPE':
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', result.message ?? 'Unsupported file type');
    }
  }
  return result.value;
}

export const registerUploadAttachments = (app: App) => {
  app.openapi(paymentRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { attachment, created } = await store(
      { db: c.var.db, files: c.env.FILES },
      c.var.tenant,
      { paymentId: id },
      c.req.valid('form').file,
    );
    return created ? c.json(AttachmentSchema.parse(attachment), 201) : c.json(AttachmentSchema.parse(attachment), 200);
  });
  app.openapi(orderRoute, async (c) => {
    const { orderId } = c.req.valid('param');
    const { attachment, created } = await store(
      { db: c.var.db, files: c.env.FILES },
      c.var.tenant,
      { orderId },
      c.req.valid('form').file,
    );
    return created ? c.json(AttachmentSchema.parse(attachment), 201) : c.json(AttachmentSchema.parse(attachment), 200);
  });
};
