/**
 * `Idempotency-Key` records with Stripe's semantics, in Postgres (strongly consistent): one row
 * per (workspace, route, key) holding the request's fingerprint and, once finished, the response.
 * The first request claims the key (IN_FLIGHT); a repeat with the same fingerprint gets the
 * stored response; a different fingerprint is a client error; a repeat while the first still
 * runs is told to wait. Keys live 24 hours.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../../db/client';
import { idempotencyKeys } from '../../../db/schema';
import { sha256Hex } from '../crypto/hash';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim older than this whose request never finished (the isolate died) may be taken over. */
export const IN_FLIGHT_TIMEOUT_MS = 60_000;

export interface IdempotencyScope {
  workspaceId: string;
  /** `POST /api/v1/orders/:id/confirm`. */
  route: string;
  key: string;
}

export interface StoredResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type Claim =
  { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' } | { kind: 'in_flight' };

const scopeIs = (s: IdempotencyScope) =>
  and(
    eq(idempotencyKeys.workspaceId, s.workspaceId),
    eq(idempotencyKeys.route, s.route),
    eq(idempotencyKeys.key, s.key),
  );

/** SHA-256 (hex) of what identifies a request: method, concrete path and raw body. */
export async function requestFingerprint(method: string, path: string, body: string): Promise<string> {
  return sha256Hex(`${method}\n${path}\n${body}`);
}

/** Claims the key for this request, or says what to answer instead. */
export async function claimIdempotencyKey(
  db: Database,
  scope: IdempotencyScope,
  fingerprint: string,
  now = new Date(),
): Promise<Claim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [inserted] = await db
      .insert(idempotencyKeys)
      .values({
        ...scope,
        fingerprint,
        state: 'IN_FLIGHT',
        createdAt: now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted) return { kind: 'claimed' };
    const [existing] = await db.select().from(idempotencyKeys).where(scopeIs(scope));
    if (!existing) continue; // deleted in between (expired or abandoned): claim again
    if (existing.expiresAt <= now) {
      await db.delete(idempotencyKeys).where(and(scopeIs(scope), lt(idempotencyKeys.expiresAt, now)));
      continue;
    }
    if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (existing.state === 'COMPLETED') {
      return {
        kind: 'replay',
        response: {
          status: existing.responseStatus ?? 200,
          body: existing.responseBody ?? '',
          headers: existing.responseHeaders ?? {},
        },
      };
    }
    if (now.getTime() - existing.createdAt.getTime() < IN_FLIGHT_TIMEOUT_MS) return { kind: 'in_flight' };
    // Abandoned claim: take it over, once, by moving its start to now.
    const [taken] = await db
      .update(idempotencyKeys)
      .set({ createdAt: now })
      .where(
        and(scopeIs(scope), eq(idempotencyKeys.state, 'IN_FLIGHT'), eq(idempotencyKeys.createdAt, existing.createdAt)),
      )
      .returning({ key: idempotencyKeys.key });
    return taken ? { kind: 'claimed' } : { kind: 'in_flight' };
  }
  return { kind: 'in_flight' };
}

/** Stores the response to replay for the rest of the key's life. */
export async function completeIdempotencyKey(
  db: Database,
  scope: IdempotencyScope,
  response: StoredResponse,
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({
      state: 'COMPLETED',
      responseStatus: response.status,
      responseBody: response.body,
      responseHeaders: response.headers,
    })
    .where(and(scopeIs(scope), eq(idempotencyKeys.state, 'IN_FLIGHT')));
}

/** Releases a claim whose request failed on our side (5xx): the client may try the key again. */
export async function releaseIdempotencyKey(db: Database, scope: IdempotencyScope): Promise<void> {
  await db.delete(idempotencyKeys).where(and(scopeIs(scope), eq(idempotencyKeys.state, 'IN_FLIGHT')));
}

/** Retention: expired keys. */
export async function purgeIdempotencyKeys(db: DbOrTx, now = new Date()): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now));
}
