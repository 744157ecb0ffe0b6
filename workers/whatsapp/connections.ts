/**
 * WhatsApp connections (one Infobip sender of a workspace): create, read, change, remove, and
 * the credentials the webhook and egress need. Secrets are encrypted at rest and leave this
 * module in clear only to the caller that needs them (the create/rotate answer, once; the
 * webhook verifier; the Infobip client).
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { newId } from '../../db/ids';
import { connections, DEFAULT_HMAC_HEADER, type WEBHOOK_AUTH_MODES } from '../../db/schema';
import { recordAudit, type Actor } from '../core/audit/record';
import { decryptSecret, encryptSecret, lastFour, newSecret } from '../core/crypto/secrets';
import { fail, ok, type Result } from '../core/result';
import type { Environment } from '../core/bindings';
import { e164 } from './infobip/adapter';

export type ConnectionRow = typeof connections.$inferSelect;
export type WebhookAuthMode = (typeof WEBHOOK_AUTH_MODES)[number];

export interface ConnectionDeps {
  db: Database;
  encryptionKey: string | undefined;
  environment: Environment;
  appUrl: string;
}

/** A connection as the API shows it: never a secret, only their last 4 characters. */
export interface ConnectionView {
  id: string;
  name: string;
  provider: 'infobip';
  /** Null: the development sandbox. */
  baseUrl: string | null;
  sandbox: boolean;
  sender: string;
  webhookAuth: WebhookAuthMode;
  webhookUrl: string;
  hmacHeader: string;
  basicUsername: string;
  apiKeyLast4: string | null;
  webhookSecretLast4: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The clear secrets, returned once: on create and when the webhook secret is rotated. */
export interface ConnectionSecrets {
  webhookSecret: string;
  basicUsername: string;
  /** The same value as `webhookSecret`: with BASIC it is the password Infobip sends. */
  basicPassword: string;
}

export interface ConnectionInput {
  name?: string;
  /** `https://<subdomain>.api.infobip.com`; omitted, null or `sandbox` → the development sandbox. */
  baseUrl?: string | null;
  apiKey?: string | null;
  sender: string;
  webhookAuth: WebhookAuthMode;
  hmacHeader?: string;
}

export interface ConnectionPatch {
  name?: string;
  baseUrl?: string | null;
  apiKey?: string | null;
  sender?: string;
  webhookAuth?: WebhookAuthMode;
  hmacHeader?: string;
  rotateWebhookSecret?: boolean;
}

export type ConnectionFailure = 'NOT_FOUND' | 'INVALID_INPUT' | 'DUPLICATE_SENDER';

/** The URL to paste into Infobip for this connection. */
export function webhookUrlOf(appUrl: string, connectionId: string): string {
  return `${appUrl.replace(/\/+$/, '')}/api/v1/webhooks/infobip/${connectionId}`;
}

/** Whether a connection talks to the development sandbox instead of Infobip. */
export function isSandbox(row: Pick<ConnectionRow, 'baseUrl' | 'apiKeyEncrypted'>): boolean {
  return !row.baseUrl || !row.apiKeyEncrypted;
}

export function toConnectionView(row: ConnectionRow, appUrl: string): ConnectionView {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    baseUrl: row.baseUrl,
    sandbox: isSandbox(row),
    sender: row.sender,
    webhookAuth: row.webhookAuth,
    webhookUrl: webhookUrlOf(appUrl, row.id),
    hmacHeader: row.hmacHeader,
    basicUsername: row.basicUsername,
    apiKeyLast4: row.apiKeyLast4,
    webhookSecretLast4: row.webhookSecretLast4,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Audit snapshots: the view without secrets (last 4 only). */
const auditView = (row: ConnectionRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = toConnectionView(row, '');
  return rest;
};

function normaliseBaseUrl(raw: string | null | undefined): Result<string | null, 'INVALID_INPUT'> {
  if (raw === undefined || raw === null || raw.trim() === '' || raw.trim().toLowerCase() === 'sandbox') return ok(null);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail('INVALID_INPUT', 'baseUrl must be an absolute URL such as https://xxxxx.api.infobip.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('INVALID_INPUT', 'baseUrl must be http(s)');
  return ok(url.origin);
}

/** Our sender as Infobip writes it: E.164 digits without `+`. */
function normaliseSender(raw: string): string | null {
  return e164(raw)?.slice(1) ?? null;
}

/**
 * Checks what production refuses: the sandbox (no base URL or no API key) and unauthenticated
 * webhooks (NONE). Development and tests accept both.
 */
function productionRules(
  environment: Environment,
  facts: { baseUrl: string | null; hasApiKey: boolean; webhookAuth: WebhookAuthMode },
): Result<true, 'INVALID_INPUT'> {
  if (environment !== 'production') return ok(true);
  if (facts.webhookAuth === 'NONE') {
    return fail('INVALID_INPUT', 'webhookAuth NONE is allowed only in development; choose BASIC or HMAC');
  }
  if (!facts.baseUrl || !facts.hasApiKey) {
    return fail('INVALID_INPUT', 'baseUrl and apiKey are required (the Infobip sandbox is development-only)');
  }
  return ok(true);
}

/** Creates a connection with a fresh webhook secret and Basic username; the secret is in the answer once. */
export async function createConnection(
  deps: ConnectionDeps,
  input: ConnectionInput & { workspaceId: string; actor: Actor },
): Promise<Result<{ connection: ConnectionView; secrets: ConnectionSecrets }, ConnectionFailure>> {
  const baseUrl = normaliseBaseUrl(input.baseUrl);
  if (!baseUrl.ok) return baseUrl;
  const sender = normaliseSender(input.sender);
  if (!sender) return fail('INVALID_INPUT', 'sender must be a valid phone number (e.g. +5491140000000)');
  const apiKey = input.apiKey?.trim() || null;
  const allowed = productionRules(deps.environment, {
    baseUrl: baseUrl.value,
    hasApiKey: Boolean(apiKey),
    webhookAuth: input.webhookAuth,
  });
  if (!allowed.ok) return allowed;

  const webhookSecret = newSecret();
  const basicUsername = `nexova-${newSecret(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const id = newId('con');
  try {
    const row = await deps.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(connections)
        .values({
          id,
          workspaceId: input.workspaceId,
          name: input.name?.trim() || 'WhatsApp',
          baseUrl: baseUrl.value,
          sender,
          apiKeyEncrypted: apiKey ? await encryptSecret(deps.encryptionKey, apiKey) : null,
          apiKeyLast4: apiKey ? lastFour(apiKey) : null,
          webhookAuth: input.webhookAuth,
          webhookSecretEncrypted: await encryptSecret(deps.encryptionKey, webhookSecret),
          webhookSecretLast4: lastFour(webhookSecret),
          basicUsername,
          hmacHeader: input.hmacHeader?.trim() || DEFAULT_HMAC_HEADER,
          createdBy: input.actor.type === 'user' ? (input.actor.id ?? null) : null,
        })
        .returning();
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        action: 'connection.create',
        entityType: 'connection',
        entityId: id,
        after: auditView(inserted!),
      });
      return inserted!;
    });
    return ok({
      connection: toConnectionView(row, deps.appUrl),
      secrets: { webhookSecret, basicUsername, basicPassword: webhookSecret },
    });
  } catch (error) {
    if (isUniqueViolation(error, 'connections_workspace_sender_key')) {
      return fail('DUPLICATE_SENDER', 'This workspace already has a connection for that sender number');
    }
    throw error;
  }
}

const live = (workspaceId: string, connectionId: string) =>
  and(eq(connections.workspaceId, workspaceId), eq(connections.id, connectionId), isNull(connections.deletedAt));

export async function listConnections(
  deps: Pick<ConnectionDeps, 'db' | 'appUrl'>,
  { workspaceId }: { workspaceId: string },
): Promise<ConnectionView[]> {
  const rows = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), isNull(connections.deletedAt)))
    .orderBy(desc(connections.id));
  return rows.map((row) => toConnectionView(row, deps.appUrl));
}

export async function getConnection(
  deps: Pick<ConnectionDeps, 'db' | 'appUrl'>,
  { workspaceId, connectionId }: { workspaceId: string; connectionId: string },
): Promise<Result<ConnectionView, 'NOT_FOUND'>> {
  const [row] = await deps.db.select().from(connections).where(live(workspaceId, connectionId));
  return row ? ok(toConnectionView(row, deps.appUrl)) : fail('NOT_FOUND', 'Connection not found');
}

/**
 * Changes a connection. A new `apiKey` replaces the stored one (null removes it: sandbox);
 * `rotateWebhookSecret` issues a new secret, returned in clear this once — Infobip must be
 * given it before webhooks authenticate again.
 */
export async function updateConnection(
  deps: ConnectionDeps,
  input: ConnectionPatch & { workspaceId: string; connectionId: string; actor: Actor },
): Promise<Result<{ connection: ConnectionView; secrets: ConnectionSecrets | null }, ConnectionFailure>> {
  const changes: Partial<typeof connections.$inferInsert> = {};
  if (input.name !== undefined) changes.name = input.name.trim() || 'WhatsApp';
  if (input.baseUrl !== undefined) {
    const baseUrl = normaliseBaseUrl(input.baseUrl);
    if (!baseUrl.ok) return baseUrl;
    changes.baseUrl = baseUrl.value;
  }
  if (input.sender !== undefined) {
    const sender = normaliseSender(input.sender);
    if (!sender) return fail('INVALID_INPUT', 'sender must be a valid phone number (e.g. +5491140000000)');
    changes.sender = sender;
  }
  if (input.apiKey !== undefined) {
    const apiKey = input.apiKey?.trim() || null;
    changes.apiKeyEncrypted = apiKey ? await encryptSecret(deps.encryptionKey, apiKey) : null;
    changes.apiKeyLast4 = apiKey ? lastFour(apiKey) : null;
  }
  if (input.webhookAuth !== undefined) changes.webhookAuth = input.webhookAuth;
  if (input.hmacHeader !== undefined) changes.hmacHeader = input.hmacHeader.trim() || DEFAULT_HMAC_HEADER;
  let secrets: ConnectionSecrets | null = null;

  try {
    return await deps.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(connections)
        .where(live(input.workspaceId, input.connectionId))
        .for('update');
      if (!before) return fail('NOT_FOUND', 'Connection not found');
      const allowed = productionRules(deps.environment, {
        baseUrl: changes.baseUrl !== undefined ? changes.baseUrl : before.baseUrl,
        hasApiKey: Boolean(changes.apiKeyEncrypted !== undefined ? changes.apiKeyEncrypted : before.apiKeyEncrypted),
        webhookAuth: changes.webhookAuth ?? before.webhookAuth,
      });
      if (!allowed.ok) return allowed;
      if (input.rotateWebhookSecret) {
        const webhookSecret = newSecret();
        changes.webhookSecretEncrypted = await encryptSecret(deps.encryptionKey, webhookSecret);
        changes.webhookSecretLast4 = lastFour(webhookSecret);
        secrets = { webhookSecret, basicUsername: before.basicUsername, basicPassword: webhookSecret };
      }
      const [after] = await tx
        .update(connections)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(connections.id, before.id))
        .returning();
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        // A new API key or webhook secret is a rotation: the trail lists it apart from edits.
        action: input.rotateWebhookSecret || input.apiKey !== undefined ? 'connection.rotate' : 'connection.update',
        entityType: 'connection',
        entityId: before.id,
        before: auditView(before),
        after: auditView(after!),
      });
      return ok({ connection: toConnectionView(after!, deps.appUrl), secrets });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'connections_workspace_sender_key')) {
      return fail('DUPLICATE_SENDER', 'This workspace already has a connection for that sender number');
    }
    throw error;
  }
}

/** Removes a connection (soft delete): its webhook answers 401 from now on; history stays. */
export async function deleteConnection(
  deps: Pick<ConnectionDeps, 'db'>,
  input: { workspaceId: string; connectionId: string; actor: Actor },
): Promise<Result<true, 'NOT_FOUND'>> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(connections)
      .set({ deletedAt: new Date(), updatedAt: new Date() })
      .where(live(input.workspaceId, input.connectionId))
      .returning();
    if (!row) return fail('NOT_FOUND', 'Connection not found');
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: 'connection.delete',
      entityType: 'connection',
      entityId: row.id,
      before: auditView(row),
    });
    return ok(true);
  });
}

/** A live connection by id alone (the webhook knows no workspace until it finds the connection). */
export async function findLiveConnection(db: DbOrTx, connectionId: string): Promise<ConnectionRow | undefined> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), isNull(connections.deletedAt)));
  return row;
}

/** The workspace's connection for a session: the one it ran on, else the workspace's newest live one. */
export async function connectionForWorkspace(
  db: DbOrTx,
  workspaceId: string,
  connectionId: string | null,
): Promise<ConnectionRow | undefined> {
  if (connectionId) {
    const [row] = await db.select().from(connections).where(live(workspaceId, connectionId));
    if (row) return row;
  }
  const [newest] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), isNull(connections.deletedAt)))
    .orderBy(desc(connections.id))
    .limit(1);
  return newest;
}

export interface ConnectionCredentials {
  apiKey: string | null;
  webhookSecret: string;
}

/** Decrypts a connection's API key and webhook secret (throws if `ENCRYPTION_KEY` does not open them). */
export async function credentialsOf(
  encryptionKey: string | undefined,
  row: ConnectionRow,
): Promise<ConnectionCredentials> {
  return {
    apiKey: row.apiKeyEncrypted ? await decryptSecret(encryptionKey, row.apiKeyEncrypted) : null,
    webhookSecret: await decryptSecret(encryptionKey, row.webhookSecretEncrypted),
  };
}
