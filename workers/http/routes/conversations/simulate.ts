import { createRoute, type z } from '@hono/zod-openapi';
import type { MessageMedia } from '../../../../db/schema';
import { newId } from '../../../../db/ids';
import { conversationName, type InboundMessage } from '../../../agent/channel';
import { sniffContentType } from '../../../retail/attachments/sniff';
import { normalisePhone } from '../../../retail/customers/phone';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { developmentOnly } from '../../middleware/development-only';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { SimulateBody, SimulateResponseSchema } from './schema';

export const SIMULATE_PATH = '/api/v1/conversations/simulate';

const route = createRoute({
  method: 'post',
  path: SIMULATE_PATH,
  tags: ['conversations'],
  operationId: 'simulateConversationMessage',
  summary: 'Send a message to the agent as a customer (development)',
  description:
    'Drives the real agent without WhatsApp: the message goes to the conversation of `customerPhone` (channel `simulator`) and the answer lists the agent’s replies and the session state. Media is stored as the customer’s file (JPEG, PNG, WebP, HEIC or PDF). Refused with 404 when ENVIRONMENT is production.',
  middleware: [developmentOnly, requireAuth, requireWorkspace, requirePermission('conversations:simulate')] as const,
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: SimulateBody } } } },
  responses: {
    200: { description: 'What the agent did', content: { 'application/json': { schema: SimulateResponseSchema } } },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

export type SimulateResponse = z.infer<typeof SimulateResponseSchema>;

function decodeBase64(data: string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
  } catch {
    throw new ApiError('VALIDATION_FAILED', 'Invalid body: media.dataBase64: not base64');
  }
}

export const registerSimulate = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { workspaceId } = c.var.tenant;
    const contact = normalisePhone(body.customerPhone);
    if (!contact) throw new ApiError('VALIDATION_FAILED', 'Invalid body: customerPhone: not a valid phone number');
    const messageId = body.messageId ?? newId('sim');

    let media: MessageMedia | null = null;
    let type: InboundMessage['type'] = body.buttonId ? 'button' : 'text';
    if (body.media) {
      const bytes = decodeBase64(body.media.dataBase64);
      const contentType = sniffContentType(bytes);
      if (!contentType)
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG, WebP, HEIC images and PDF documents');
      const r2Key = `ws/${workspaceId}/inbound/${messageId}`;
      await c.env.FILES.put(r2Key, bytes, { httpMetadata: { contentType } });
      media = {
        r2Key,
        contentType,
        size: bytes.byteLength,
        ...(body.media.filename ? { filename: body.media.filename } : {}),
        ...(body.media.caption ? { caption: body.media.caption } : {}),
      };
      type = contentType === 'application/pdf' ? 'document' : 'image';
    } else if (body.location) {
      media = body.location;
      type = 'location';
    }

    const stub = c.env.CONVERSATION.getByName(conversationName({ workspaceId, channel: 'simulator', contact }));
    const result = await stub.receive({
      id: messageId,
      type,
      text: body.text ?? null,
      buttonId: body.buttonId ?? null,
      media,
      profileName: body.profileName ?? null,
      phone: contact,
      connectionId: null,
      receivedAt: new Date().toISOString(),
    });
    return c.json(SimulateResponseSchema.parse(result), 200);
  });
