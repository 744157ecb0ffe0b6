import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './columns';
import { users } from './identity';
import { workspaces } from './tenancy';

export const WEBHOOK_AUTH_MODES = ['BASIC', 'HMAC', 'NONE'] as const;
export const DEFAULT_HMAC_HEADER = 'X-Hub-Signature-256';

/**
 * A workspace's WhatsApp sender on Infobip. The API key and the webhook secret are stored only
 * encrypted (AES-GCM, `ENCRYPTION_KEY`); their last 4 characters are kept in clear for display.
 * No base URL or no API key means the connection talks to the development sandbox.
 */
export const connections = pgTable(
  'connections',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    provider: text('provider', { enum: ['infobip'] })
      .notNull()
      .default('infobip'),
    /** `https://<subdomain>.api.infobip.com`; null → the development sandbox. */
    baseUrl: text('base_url'),
    /** Our WhatsApp number, digits only as Infobip writes it (`5491140000000`). */
    sender: text('sender').notNull(),
    apiKeyEncrypted: text('api_key_encrypted'),
    apiKeyLast4: text('api_key_last4'),
    webhookAuth: text('webhook_auth', { enum: WEBHOOK_AUTH_MODES }).notNull(),
    /** HMAC key, or the Basic password. */
    webhookSecretEncrypted: text('webhook_secret_encrypted').notNull(),
    webhookSecretLast4: text('webhook_secret_last4').notNull(),
    basicUsername: text('basic_username').notNull(),
    hmacHeader: text('hmac_header').notNull().default(DEFAULT_HMAC_HEADER),
    createdBy: text('created_by').references(() => users.id),
    ...timestamps,
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    uniqueIndex('connections_workspace_sender_key')
      .on(t.workspaceId, t.sender)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export const WEBHOOK_KINDS = ['INBOUND', 'DELIVERY', 'SEEN', 'INVALID'] as const;

/**
 * Every webhook result Infobip delivered, stored before it is acted on: the record of what
 * arrived, the dedupe key (`connection, message id, kind`) and the retry queue (rows without
 * `processed_at` are retried by the scheduled handler). Bodies that fail to parse are kept as
 * `INVALID` rows for inspection.
 */
export const webhookInbox = pgTable(
  'webhook_inbox',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: WEBHOOK_KINDS }).notNull(),
    /** Infobip `messageId` (null for INVALID rows). */
    messageId: text('message_id'),
    /** Inbound `message.type` as Infobip sent it (`TEXT`, `IMAGE`, …, or an unknown one). */
    messageType: text('message_type'),
    /** The one result, as received. */
    payload: jsonb('payload'),
    /**
     * The raw body of an INVALID delivery, or the result as received when its text had to be
     * cleaned for `payload` (JSON; cut to 64 KiB).
     */
    rawBody: text('raw_body'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    processedAt: tstz('processed_at'),
  },
  (t) => [
    uniqueIndex('webhook_inbox_dedupe_key').on(t.connectionId, t.messageId, t.kind),
    index('webhook_inbox_pending_idx')
      .on(t.receivedAt)
      .where(sql`${t.processedAt} is null and ${t.kind} <> 'INVALID'`),
    index('webhook_inbox_workspace_received_idx').on(t.workspaceId, t.receivedAt),
  ],
);

/** Queue consumers remember the outbox event ids they handled, so a redelivery does nothing. */
export const processedEvents = pgTable(
  'processed_events',
  {
    consumer: text('consumer').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: tstz('processed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] }), index('processed_events_processed_idx').on(t.processedAt)],
);

/** Queue messages that exhausted their retries, for operators to see and redrive. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: id(),
    queue: text('queue').notNull(),
    workspaceId: text('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The outbox event the queue message carried. */
    eventId: text('event_id'),
    /** The outbound transcript message it was about (egress). */
    agentMessageId: text('agent_message_id'),
    body: jsonb('body').notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: tstz('created_at').notNull().defaultNow(),
    redrivenAt: tstz('redriven_at'),
  },
  (t) => [
    index('dead_letters_workspace_created_idx').on(t.workspaceId, t.createdAt),
    uniqueIndex('dead_letters_queue_event_key').on(t.queue, t.eventId),
  ],
);

export const IDEMPOTENCY_STATES = ['IN_FLIGHT', 'COMPLETED'] as const;

/**
 * `Idempotency-Key` records (Stripe semantics): one per (workspace, route, key) with the
 * request's fingerprint and, once finished, the response to replay. Kept 24 hours.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Method and route template, e.g. `POST /api/v1/orders/:id/confirm`. */
    route: text('route').notNull(),
    key: text('key').notNull(),
    /** SHA-256 (hex) of method, concrete path and body. */
    fingerprint: text('fingerprint').notNull(),
    state: text('state', { enum: IDEMPOTENCY_STATES }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.route, t.key] }),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);

/**
 * What the development Infobip sandbox was asked to send (never used in production): the
 * request as Infobip would have received it, and the reports it emitted.
 */
export const sandboxMessages = pgTable(
  'sandbox_messages',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    /** Our `messageId` from the request. */
    messageId: text('message_id').notNull(),
    /** `text`, `image`, `document`, `video`, `audio`, `interactive/buttons`, `interactive/list`, `template`. */
    kind: text('kind').notNull(),
    from: text('from').notNull(),
    to: text('to').notNull(),
    body: jsonb('body').notNull(),
    status: text('status', { enum: ['ACCEPTED', 'DELIVERED', 'SEEN'] })
      .notNull()
      .default('ACCEPTED'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sandbox_messages_connection_message_key').on(t.connectionId, t.messageId),
    index('sandbox_messages_workspace_created_idx').on(t.workspaceId, t.createdAt),
  ],
);
