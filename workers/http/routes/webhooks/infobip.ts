/**
 * `POST /api/v1/webhooks/infobip/:connectionId` — where Infobip posts inbound messages, delivery
 * reports and seen reports for one connection. In order: rate limit (1000/min per connection,
 * overlapped with looking the connection up), size limit (1 MB, hono's `bodyLimit`: by
 * Content-Length, or while reading a chunked body), authenticate (Basic from the headers, HMAC of
 * the raw body), parse (bad JSON or shape → 400, kept in `webhook_inbox` for inspection),
 * store every result with its dedupe key, answer 200 — and only then, after the response, hand
 * the new results on (`processInboxRows` in `waitUntil`). That hand-off lasts milliseconds, not
 * an agent turn: each Conversation object takes its messages with `accept` (stored in the object,
 * handled in the background), so the `waitUntil` limit after the response never cuts a turn. A
 * redelivered result is acknowledged and ignored.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { log } from '../../../core/observability/logger';
import { metricsFor } from '../../../core/observability/metrics-binding';
import { newApp, type AppEnv } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { enforceRateLimit, type RateLimitOptions } from '../../middleware/rate-limit';
import { jsonSizeLimit } from '../../middleware/json-body';
import { parseWebhook } from '../../../whatsapp/infobip/adapter';
import { credentialsOf, findLiveConnection, type ConnectionRow } from '../../../whatsapp/connections';
import { processInboxRows, storeInvalidWebhook, storeWebhookItems } from '../../../whatsapp/inbox';
import {
  allowsUnauthenticated,
  verifyBasic,
  verifyHmac,
  type WebhookAuthConfig,
} from '../../../whatsapp/infobip/webhook-auth';

/** 1000 requests a minute per connection. */
export const WEBHOOK_RATE_LIMIT = { capacity: 1000, refillMs: 60_000 };
const CONNECTION_ID = /^con_[0-9A-Z]{26}$/;

const webhookLimit: RateLimitOptions = {
  name: 'webhook',
  rule: WEBHOOK_RATE_LIMIT,
  // Only well-formed ids get a bucket: garbage ids answer 401 without creating limiter objects.
  keys: [
    (c) => (CONNECTION_ID.test(c.req.param('connectionId') ?? '') ? `connection:${c.req.param('connectionId')}` : null),
  ],
};

const unauthorized = () =>
  new ApiError('UNAUTHORIZED', 'Unknown connection or invalid webhook credentials', undefined, {
    'WWW-Authenticate': 'Basic realm="nexova-webhooks"',
  });

const route = createRoute({
  method: 'post',
  path: '/api/v1/webhooks/infobip/{connectionId}',
  tags: ['webhooks'],
  operationId: 'infobipWebhook',
  summary: 'Infobip WhatsApp webhook (inbound messages, delivery and seen reports)',
  description:
    'Authenticated per connection with HTTP Basic or an HMAC-SHA256 of the raw body (`X-Hub-Signature-256: sha256=<hex>` by default). Answers 200 as soon as every result is stored; duplicates are acknowledged and ignored.',
  request: { params: z.object({ connectionId: z.string().max(64) }) },
  responses: {
    200: {
      description: 'Stored (new results) or already known (duplicates)',
      content: {
        'application/json': {
          schema: z.object({ received: z.number().int(), duplicates: z.number().int() }).openapi('WebhookAck'),
        },
      },
    },
    ...errorResponses(400, 401, 413, 429, 503),
  },
});

export const infobipWebhookRoutes = newApp();

infobipWebhookRoutes.openapi(route, async (c) => {
  const { connectionId } = c.req.valid('param');
  // The limiter's round trip and the connection lookup (which opens the request's database
  // connection) overlap: the acknowledgement waits for the slower one, not for both in turn.
  const [, connection] = await Promise.all([
    enforceRateLimit(c, webhookLimit),
    CONNECTION_ID.test(connectionId) ? findLiveConnection(c.var.db, connectionId) : undefined,
  ]);
  if (!connection) throw unauthorized();

  // 413 past 1 MB, before anything else is done for this sender (the body itself is drained by
  // the entry, so the connection stays usable); a chunked body is read here, within the limit.
  await jsonSizeLimit(c, async () => {});

  const config = await authConfig(c, connection);
  const open = allowsUnauthenticated(config);
  if (!open && config.mode === 'BASIC' && !verifyBasic(config, c.req.header('authorization'))) throw unauthorized();
  // NONE in production is refused whatever the row says.
  if (config.mode === 'NONE' && !open) throw unauthorized();

  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!open && config.mode === 'HMAC' && !(await verifyHmac(config, c.req.header(config.hmacHeader), raw))) {
    throw unauthorized();
  }

  const text = new TextDecoder().decode(raw);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    await storeInvalidWebhook(c.var.db, connection, text, 'malformed JSON');
    metricsFor(c.env).increment('webhook_results_total', { kind: 'INVALID', outcome: 'refused' });
    throw new ApiError('BAD_REQUEST', 'Malformed JSON in request body');
  }
  const parsed = parseWebhook(body, connection.id);
  if (!parsed.ok) {
    await storeInvalidWebhook(c.var.db, connection, text, parsed.error);
    metricsFor(c.env).increment('webhook_results_total', { kind: 'INVALID', outcome: 'refused' });
    throw new ApiError('VALIDATION_FAILED', `Not an Infobip webhook: ${parsed.error}`);
  }

  const { stored, duplicates } = await storeWebhookItems(c.var.db, connection, parsed.items);
  const metrics = metricsFor(c.env);
  for (const row of stored) metrics.increment('webhook_results_total', { kind: row.kind, outcome: 'stored' });
  if (duplicates > 0) metrics.increment('webhook_results_total', { kind: 'ANY', outcome: 'duplicate' }, duplicates);
  if (stored.length > 0) {
    // After the response, on this request's connection. A failure leaves the rows unprocessed:
    // the scheduled handler retries them.
    c.var.afterResponse((db) =>
      processInboxRows({ db, env: c.env }, stored).catch((error: unknown) =>
        log.error('webhook: hand-off failed', { error }),
      ),
    );
  }
  return c.json({ received: stored.length, duplicates }, 200);
});

async function authConfig(c: Context<AppEnv>, connection: ConnectionRow): Promise<WebhookAuthConfig> {
  const { webhookSecret } = await credentialsOf(c.env.ENCRYPTION_KEY, connection);
  return {
    mode: connection.webhookAuth,
    basicUsername: connection.basicUsername,
    secret: webhookSecret,
    hmacHeader: connection.hmacHeader,
    environment: c.env.ENVIRONMENT,
  };
}
