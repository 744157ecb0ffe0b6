/**
 * `POST /api/v1/webhooks/infobip/:connectionId` — where Infobip posts inbound messages, delivery
 * reports and seen reports for one connection. In order: look the connection up (overlapped with
 * reading the caller IP's unauthenticated-failure bucket), size limit (1 MB, hono's `bodyLimit`:
 * by Content-Length, or while reading a chunked body), authenticate (Basic from the headers, HMAC
 * of the raw body) — every failure counts against the IP (30/min, then 429), never against the
 * shop — then the connection's bucket (1000/min, taken while the body is read and given back if
 * the signature fails), parse (bad JSON or shape → 400, kept in `webhook_inbox` for inspection),
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
import { peekRateLimit, refundRateLimit } from '../../../core/ratelimit/check';
import { WEBHOOK_FAILURE_RATE_LIMIT, WEBHOOK_RATE_LIMIT } from '../../../core/ratelimit/limits';
import {
  byIp,
  clientIp,
  enforceRateLimit,
  limitHeaders,
  rateLimited,
  type RateLimitOptions,
} from '../../middleware/rate-limit';
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

const CONNECTION_ID = /^con_[0-9A-Z]{26}$/;

/** Authenticated requests, per connection: only the shop's own Infobip traffic spends its quota. */
const connectionLimit = (connectionId: string): RateLimitOptions => ({
  name: 'webhook',
  rule: WEBHOOK_RATE_LIMIT,
  keys: [() => `connection:${connectionId}`],
});

/** Failed authentications (unknown connection, wrong credentials), per caller IP. */
const failureLimit: RateLimitOptions = { name: 'webhook-failures', rule: WEBHOOK_FAILURE_RATE_LIMIT, keys: [byIp] };

/**
 * Counts a failed authentication against the caller's IP: 401, or 429 once the IP has failed
 * 30 times in a minute.
 */
async function refuse(c: Context<AppEnv>): Promise<never> {
  await enforceRateLimit(c, failureLimit);
  throw new ApiError('UNAUTHORIZED', 'Unknown connection or invalid webhook credentials', undefined, {
    'WWW-Authenticate': 'Basic realm="nexova-webhooks"',
  });
}

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
  // The failure bucket's round trip and the connection lookup (which opens the request's
  // database connection) overlap: the acknowledgement waits for the slower one, not both in turn.
  const [failures, connection] = await Promise.all([
    peekRateLimit(c.env.RATE_LIMITER, `${failureLimit.name}:ip:${clientIp(c)}`, WEBHOOK_FAILURE_RATE_LIMIT).catch(
      () => null,
    ),
    CONNECTION_ID.test(connectionId) ? findLiveConnection(c.var.db, connectionId) : undefined,
  ]);
  // An IP that keeps failing is refused at once when it names no connection: probing ids costs
  // it nothing more than a lookup. A known connection is always authenticated, so a shop's
  // Infobip traffic is never refused for another's failures from the same Infobip address.
  if (!connection && failures && !failures.allowed) {
    throw rateLimited(limitHeaders(failures), failures.retryAfterSeconds);
  }
  if (!connection) return refuse(c);

  // 413 past 1 MB, before anything else is done for this sender (the body itself is drained by
  // the entry, so the connection stays usable); a chunked body is read here, within the limit.
  await jsonSizeLimit(c, async () => {});

  const config = await authConfig(c, connection);
  const open = allowsUnauthenticated(config);
  if (!open && config.mode === 'BASIC' && !verifyBasic(config, c.req.header('authorization'))) return refuse(c);
  // NONE in production is refused whatever the row says.
  if (config.mode === 'NONE' && !open) return refuse(c);

  // The connection's bucket is taken while the body is read; a bad signature gives the token back.
  const admitted = enforceRateLimit(c, connectionLimit(connection.id));
  admitted.catch(() => {});
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!open && config.mode === 'HMAC' && !(await verifyHmac(config, c.req.header(config.hmacHeader), raw))) {
    await admitted.then(
      () => refundRateLimit(c.env.RATE_LIMITER, `webhook:connection:${connection.id}`, WEBHOOK_RATE_LIMIT),
      () => {},
    );
    return refuse(c);
  }
  await admitted;

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
