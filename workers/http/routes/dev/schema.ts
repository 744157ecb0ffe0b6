import { z } from '@hono/zod-openapi';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import { MEDIA_TYPES } from '../../../whatsapp/infobip/schemas';
import { Timestamp } from '../workspaces/schema';

export const ListSandboxMessagesQuery = PageQuerySchema.extend({
  connectionId: z.string().max(64).optional(),
});

export const SandboxMessageSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    messageId: z.string().openapi({ description: 'Our id, as sent to Infobip' }),
    kind: z.string().openapi({ example: 'text' }),
    from: z.string(),
    to: z.string(),
    body: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'The request body exactly as Infobip would have received it' }),
    status: z.enum(['ACCEPTED', 'DELIVERED', 'SEEN']),
    createdAt: Timestamp,
  })
  .openapi('SandboxMessage');

export const SandboxMessagePageSchema = PageSchema(SandboxMessageSchema).openapi('SandboxMessagePage');

export const SimulateInboundBody = z
  .object({
    connectionId: z.string().min(1).max(64),
    from: z.string().trim().min(6).max(30).openapi({ example: '+5491155550001' }),
    name: z.string().trim().max(120).optional().openapi({ example: 'María García' }),
    userId: z
      .string()
      .trim()
      .max(120)
      .optional()
      .openapi({ description: 'Business-scoped WhatsApp user id (optional)' }),
    text: z.string().max(4096).optional(),
    media: z
      .object({
        type: z.enum(MEDIA_TYPES),
        base64: z
          .string()
          .max(1_000_000)
          .optional()
          .openapi({ description: 'The file; a placeholder image or PDF when omitted' }),
        contentType: z.string().max(100).optional(),
        filename: z.string().max(240).optional(),
        caption: z.string().max(3000).optional(),
      })
      .optional(),
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        name: z.string().max(200).optional(),
        address: z.string().max(500).optional(),
      })
      .optional(),
    buttonReplyId: z.string().max(256).optional(),
    buttonTitle: z.string().max(20).optional(),
    messageId: z.string().max(200).optional().openapi({ description: 'Reuse an id to simulate a redelivery' }),
    replyTo: z.string().max(200).optional(),
  })
  .strict()
  .refine(
    (b) => b.text !== undefined || b.media || b.location || b.buttonReplyId,
    'Send text, media, location or buttonReplyId',
  )
  .openapi('SimulateInbound');

export const SimulationResultSchema = z
  .object({
    messageId: z.string(),
    webhookStatus: z.number().int().openapi({ description: 'What the webhook answered (200 when accepted)' }),
    webhookResponse: z.unknown(),
    payload: z.record(z.string(), z.unknown()).openapi({ description: 'The Infobip-format body that was posted' }),
  })
  .openapi('SimulationResult');
