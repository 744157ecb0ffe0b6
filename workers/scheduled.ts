import { and, lt, isNotNull, or } from 'drizzle-orm';
import { createDb } from '../db/client';
import { passwordResets, refreshTokens } from '../db/schema';
import type { Env } from './env';
import { log } from './core/observability/logger';
import { expireReservations } from './retail/stock/expiry';
import { purgeWebhookInbox, retryPendingWebhooks } from './whatsapp/inbox';
import { purgeIdempotencyKeys } from './core/idempotency/keys';
import { pokeOutboxPublisher } from './core/outbox/poke';
import { purgePublishedEvents } from './core/outbox/publish';
import { purgeAuditLog } from './core/audit/retention';

const DAY = 24 * 60 * 60 * 1000;

/** The cron safety net. Each job is idempotent; a failing job is logged and does not stop the others. */
export async function runScheduledJobs(env: Env, now: Date) {
  const { db, close } = createDb(env.HYPERDRIVE.connectionString);
  try {
    const jobs: Record<string, () => Promise<unknown>> = {
      // Refresh tokens are kept a day past expiry/revocation so reuse detection still answers.
      purgeRefreshTokens: () =>
        db
          .delete(refreshTokens)
          .where(
            or(
              lt(refreshTokens.expiresAt, new Date(now.getTime() - DAY)),
              and(isNotNull(refreshTokens.revokedAt), lt(refreshTokens.revokedAt, new Date(now.getTime() - 8 * DAY))),
            ),
          ),
      purgePasswordResets: () =>
        db.delete(passwordResets).where(lt(passwordResets.expiresAt, new Date(now.getTime() - DAY))),
      // Stock held by reservations past their expiry goes back on sale.
      expireReservations: () => expireReservations({ db, now: () => now }),
      // Webhook results not handed on a minute after they arrived (DO or database was down).
      retryWebhooks: () => retryPendingWebhooks({ db, env }, { now }),
      // The outbox loop is poked after writes; this catches rows written without a poke.
      publishOutbox: () => pokeOutboxPublisher(env),
      purgeOutbox: () => purgePublishedEvents(db, now),
      purgeWebhookInbox: () => purgeWebhookInbox(db, now),
      purgeIdempotencyKeys: () => purgeIdempotencyKeys(db, now),
      // The audit trail past each workspace's retention (1 year by default), in batches.
      purgeAuditLog: () => purgeAuditLog(db, now),
    };
    for (const [name, job] of Object.entries(jobs)) {
      try {
        await job();
      } catch (error) {
        log.error('scheduled job failed', { job: name, error });
      }
    }
  } finally {
    await close();
  }
}
