import { z } from '@hono/zod-openapi';
import { Timestamp } from '../workspaces/schema';

const pathParam = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name, in: 'path' }, example });

export const PaymentIdParams = z.object({ id: pathParam('id', 'pay_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0') });
export const OrderIdParams = z.object({ orderId: pathParam('orderId', 'ord_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0') });
export const AttachmentIdParams = z.object({ id: pathParam('id', 'att_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0') });

export const UploadForm = z
  .object({
    file: z
      .instanceof(File, { message: 'Send the file in a form field named file' })
      .openapi({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, HEIC or PDF, at most 10 MB' }),
  })
  .openapi('AttachmentUpload');

export const AttachmentSchema = z
  .object({
    id: z.string().openapi({ example: 'att_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    paymentId: z.string().nullable(),
    orderId: z.string().nullable(),
    filename: z.string().nullable().openapi({ example: 'comprobante.png' }),
    contentType: z
      .string()
      .openapi({ description: 'Detected from the bytes, not taken from the upload', example: 'image/png' }),
    size: z.number().int().openapi({ example: 48213 }),
    sha256: z.string().openapi({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }),
    createdByType: z.enum(['user', 'agent', 'system']),
    createdById: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi('Attachment');
