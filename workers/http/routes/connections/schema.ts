import { z } from '@hono/zod-openapi';
import { DEFAULT_HMAC_HEADER, WEBHOOK_AUTH_MODES } from '../../../../db/schema';
import { Timestamp } from '../workspaces/schema';

export const ConnectionIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'con_01JD3XAB7E5Q2W8N4K6R9T1Y3Z' }),
});

export const ConnectionSchema = z
  .object({
    id: z.string().openapi({ example: 'con_01JD3XAB7E5Q2W8N4K6R9T1Y3Z' }),
    name: z.string().openapi({ example: 'WhatsApp ventas' }),
    provider: z.literal('infobip'),
    baseUrl: z.string().nullable().openapi({
      description: 'Infobip base URL of the account; null means the development sandbox',
      example: 'https://xk2p9.api.infobip.com',
    }),
    sandbox: z.boolean().openapi({ description: 'True when messages go to the development sandbox, not Infobip' }),
    sender: z.string().openapi({ description: 'Our WhatsApp number, digits only', example: '5491140000000' }),
    webhookAuth: z.enum(WEBHOOK_AUTH_MODES),
    webhookUrl: z.string().openapi({
      description: 'Paste this into Infobip as the webhook URL for inbound messages and reports',
      example: 'https://app.nexova.example/api/v1/webhooks/infobip/con_01JD3XAB7E5Q2W8N4K6R9T1Y3Z',
    }),
    hmacHeader: z.string().openapi({ example: DEFAULT_HMAC_HEADER }),
    basicUsername: z.string().openapi({ example: 'nexova-q2kz8w' }),
    apiKeyLast4: z.string().nullable().openapi({ description: 'Last 4 characters of the API key', example: '9f3a' }),
    webhookSecretLast4: z.string().openapi({ example: 'Xk2P' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Connection');

export const ConnectionSecretsSchema = z
  .object({
    webhookSecret: z.string().openapi({ description: 'HMAC key, and the Basic password. Shown only now.' }),
    basicUsername: z.string(),
    basicPassword: z.string().openapi({ description: 'Same value as webhookSecret' }),
  })
  .openapi('ConnectionSecrets');

export const ConnectionWithSecretsSchema = ConnectionSchema.extend({ secrets: ConnectionSecretsSchema }).openapi(
  'ConnectionWithSecrets',
);

export const UpdatedConnectionSchema = ConnectionSchema.extend({
  secrets: ConnectionSecretsSchema.optional().openapi({ description: 'Present only when the secret was rotated' }),
}).openapi('UpdatedConnection');

export const ConnectionListSchema = z.object({ data: z.array(ConnectionSchema) }).openapi('ConnectionList');

const BaseUrl = z.string().trim().max(300).nullable().openapi({
  description:
    '`https://<subdomain>.api.infobip.com`. Omit, null or `sandbox`: the development sandbox (refused in production)',
  example: 'https://xk2p9.api.infobip.com',
});
const ApiKey = z.string().trim().min(8).max(500).nullable().openapi({
  description: 'Infobip API key (stored encrypted, never returned). Null: none (development sandbox)',
});
const Sender = z.string().trim().min(6).max(20).openapi({ example: '+5491140000000' });
const HmacHeader = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,64}$/)
  .openapi({ example: DEFAULT_HMAC_HEADER });

export const CreateConnectionBody = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    baseUrl: BaseUrl.optional(),
    apiKey: ApiKey.optional(),
    sender: Sender,
    webhookAuth: z.enum(WEBHOOK_AUTH_MODES).openapi({
      description: 'BASIC or HMAC; NONE (no authentication) is accepted only in development',
    }),
    hmacHeader: HmacHeader.optional(),
  })
  .strict()
  .openapi('CreateConnection');

export const UpdateConnectionBody = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    baseUrl: BaseUrl.optional(),
    apiKey: ApiKey.optional(),
    sender: Sender.optional(),
    webhookAuth: z.enum(WEBHOOK_AUTH_MODES).optional(),
    hmacHeader: HmacHeader.optional(),
    rotateWebhookSecret: z.boolean().optional().openapi({ description: 'Issue a new webhook secret (returned once)' }),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field')
  .openapi('UpdateConnection');
