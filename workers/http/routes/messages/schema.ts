import { z } from '@hono/zod-openapi';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import { Timestamp } from '../workspaces/schema';

export const MessageIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'msg_01JD3XAB7E5Q2W8N4K6R9T1Y3Z' }),
});

export const ListFailedMessagesQuery = PageQuerySchema.extend({
  status: z
    .enum(['FAILED', 'HELD', 'ALL'])
    .default('FAILED')
    .openapi({ description: 'FAILED (default), HELD (outside the 24 h window) or ALL of both' }),
});

export const UndeliveredMessageSchema = z
  .object({
    id: z.string().openapi({ example: 'msg_01JD3XAB7E5Q2W8N4K6R9T1Y3Z' }),
    sessionId: z.string(),
    contact: z.string().openapi({ description: 'The customer (WhatsApp user id or phone)' }),
    role: z.string().openapi({ example: 'agent' }),
    type: z.string().openapi({ example: 'text' }),
    content: z.string().nullable(),
    status: z.enum(['FAILED', 'HELD', 'QUEUED']),
    error: z.string().nullable().openapi({ example: 'HTTP_400: Invalid destination address' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('UndeliveredMessage');

export const UndeliveredMessagePageSchema = PageSchema(UndeliveredMessageSchema).openapi('UndeliveredMessagePage');
